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
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from chantier_app.db import backup as files
from chantier_app.db.engine import Database, libpq_url
from chantier_app.db.server_copy import backup_server_database, snapshot_key
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


def write_pg_dump(
    database: Database, program: str, destination: Path, *, key: bytes | None = None
) -> Path | None:
    """``pg_dump -Fc`` of ``database`` into ``destination`` (atomically); None, with a log
    line, when it fails: the snapshot beside it is the backup that counts.

    ``key``: the encrypted folder's data key; the dump is then sealed as it streams out of
    pg_dump (``server_dump_cipher``), never written in clear. Without it (a clear folder)
    the dump is clear, as the folder's own files are, and the settings page says so."""
    partial = destination.with_name(destination.name + ".part")
    environment = dict(os.environ)
    if database.password is not None:
        environment["PGPASSWORD"] = database.password  # never on the command line (ps)
    command = [
        program,
        "--format=custom",
        "--no-password",  # never waits on a prompt nobody sees
        f"--dbname={libpq_url(database.url)}",
    ]
    try:
        private_file(partial)  # born 0600: the dump holds every NIR and note
        if key is not None:
            _sealed_pg_dump(command, environment, partial, key)
        else:
            done = subprocess.run(
                [*command, f"--file={partial}"],
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


def _sealed_pg_dump(
    command: list[str], environment: dict[str, str], partial: Path, key: bytes
) -> None:
    """pg_dump's standard output sealed chunk by chunk into ``partial`` (its errors read
    from a temporary file: a pipe for both could fill up and stall pg_dump)."""
    import tempfile

    from chantier_app.db.server_dump_cipher import CHUNK, seal_stream

    with tempfile.TemporaryFile() as errors, partial.open("wb") as out:  # 0600 kept
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=environment)
        assert process.stdout is not None
        try:
            seal_stream(iter(lambda: process.stdout.read(CHUNK), b""), out, key)  # type: ignore[union-attr]
        finally:
            process.stdout.close()
            code = process.wait()
        if code != 0:
            errors.seek(0)
            raise OSError(errors.read().decode("utf-8", "replace").strip() or f"code {code}")
        out.flush()
        os.fsync(out.fileno())


def read_pg_dump(path: Path, key: bytes | None) -> Iterator[bytes]:
    """The bytes of pg_dump's copy ``path`` (for ``pg_restore``'s standard input), in
    chunks: decrypted and checked when sealed (``key`` needed), else as they are."""
    from chantier_app.db.server_dump_cipher import CHUNK, is_sealed, read_chunks

    if is_sealed(path):
        if key is None:
            raise StorageError(
                tr(
                    "La copie pg_dump {name} est chiffrée : connectez-vous au dossier de "
                    "données (un compte du fichier de clés, ou la clé de secours) pour la lire."
                ).format(name=path.name)
            )
        yield from read_chunks(path, key)
        return
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(CHUNK), b"")


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
        key = snapshot_key(backups_dir)  # the snapshot's own: an encrypted folder's
        write_pg_dump(database, program, files.pg_dump_of(snapshot), key=key)
    return snapshot
