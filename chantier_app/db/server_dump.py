"""The backup a server's migration waits for: the application's snapshot, and pg_dump's.

Before Alembic changes a shared database's schema, its rows are copied into a SQLite file
of the backups folder (``server_copy``: needs no client tools, restorable by the
application into an empty database, read by the previews). When ``pg_dump`` is on PATH at
a major version able to read this server (pg_dump refuses a newer server than itself), its
custom format (``-Fc``, for ``pg_restore``) is written beside it under the same name with
``.dump``: the copy a server's administrator restores with PostgreSQL's own tools. The
snapshot is the one that must succeed; pg_dump missing, too old or failing is a log line.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from contextlib import suppress
from pathlib import Path

from chantier_app.db import backup as files
from chantier_app.db.engine import Database, libpq_url
from chantier_app.db.server_copy import backup_server_database
from chantier_app.domain.errors import StorageError
from chantier_app.file_modes import private_file
from chantier_app.i18n import tr

log = logging.getLogger(__name__)

_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)")


def server_major(database: Database) -> int:
    with database.engine.connect() as conn:
        number = conn.exec_driver_sql("SHOW server_version_num").scalar()
    return int(str(number)) // 10000


def compatible_pg_dump(major: int) -> str | None:
    """``pg_dump`` on PATH when its major version reads a server of ``major``, else None."""
    program = shutil.which("pg_dump")
    if program is None:
        log.info("pg_dump absent : la sauvegarde du serveur est la copie de l'application seule")
        return None
    try:
        shown = subprocess.run(
            [program, "--version"], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        log.info("pg_dump illisible (%s) : copie de l'application seule", exc)
        return None
    found = _VERSION.search(shown)
    if found is None or int(found.group(1)) < major:
        log.info(
            "%s (%s) ne lit pas un serveur PostgreSQL %d : copie de l'application seule",
            program,
            shown.strip(),
            major,
        )
        return None
    return program


def write_pg_dump(database: Database, program: str, destination: Path) -> Path | None:
    """``pg_dump -Fc`` of ``database`` into ``destination`` (atomically); None, with a log
    line, when it fails: the snapshot beside it is the backup that counts."""
    partial = destination.with_name(destination.name + ".part")
    environment = dict(os.environ)
    if database.password is not None:
        environment["PGPASSWORD"] = database.password  # never on the command line (ps)
    try:
        private_file(partial)  # born 0600: the dump holds every NIR and note
        done = subprocess.run(
            [
                program,
                "--format=custom",
                "--no-password",  # never waits on a prompt nobody sees
                f"--file={partial}",
                f"--dbname={libpq_url(database.url)}",
            ],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
        if done.returncode != 0:
            raise OSError(done.stderr.strip() or f"code {done.returncode}")
        os.replace(partial, destination)
        files.sync_folder(destination.parent)
    except OSError as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        log.warning("pg_dump a échoué (%s) : la copie de l'application reste la sauvegarde", exc)
        return None
    return destination


def backup_before_migration(database: Database, backups_dir: Path, revision: str) -> Path:
    """The snapshot of the server at ``revision`` (and pg_dump's beside it when it can);
    StorageError, in French, when the snapshot cannot be made: then nothing is migrated."""
    try:
        snapshot = backup_server_database(
            database, backups_dir, reason=f"avant-migration-{revision}"
        )
    except StorageError as failed:
        raise StorageError(
            tr(
                "La mise à jour du schéma de la base du serveur ({found}) est refusée : la "
                "sauvegarde qui doit la précéder a échoué ({error}). La base du serveur n'a "
                "pas été modifiée ; libérez ou rendez accessible le dossier des sauvegardes "
                "({folder}), puis rouvrez l'application."
            ).format(found=revision, error=failed.message, folder=backups_dir)
        ) from failed
    program = compatible_pg_dump(server_major(database))
    if program is not None and not files.pg_dump_of(snapshot).exists():
        write_pg_dump(database, program, files.pg_dump_of(snapshot))
    return snapshot
