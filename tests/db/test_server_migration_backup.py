"""A shared database at an older schema is backed up before the start migrates it (issue
21: « migrations (a backup first) »), through the start's own path (``open_server_data``);
no backup, no migration: refused in French, the server left at its revision."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing

import pytest
import sqlalchemy as sa

from chantier_app.db import migrate, revisions
from chantier_app.db.backup import list_backups, pg_dump_of, server_folder
from chantier_app.db.engine import Database
from chantier_app.db.server_url import parse_server_url
from chantier_app.domain.errors import StorageError
from chantier_app.paths import AppPaths
from chantier_app.services.safety.server_open import open_server_data

OLDER = revisions.KNOWN_REVISIONS[-2]  # the revision just before this version's head


def _at_older_revision(database: Database) -> int:
    """The demo brought back to ``OLDER`` by Alembic's downgrade; its people."""
    from alembic import command

    with database.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), OLDER)
    database.dispose()
    assert migrate.current_revision(database) == OLDER
    with database.engine.connect() as conn:
        people = conn.execute(sa.text("SELECT count(*) FROM person")).scalar_one()
    assert people > 0
    return int(people)


@pytest.mark.postgres_only
def test_an_older_server_is_backed_up_then_migrated(
    demo_database: Database, app_paths: AppPaths
) -> None:
    people = _at_older_revision(demo_database)
    target, _ = parse_server_url(demo_database.url)
    opened = open_server_data(app_paths, target, None)
    try:
        assert opened.migration.from_revision == OLDER
        assert migrate.current_revision(opened.database) == revisions.HEAD_REVISION
    finally:
        opened.database.dispose()
    snapshot = opened.migration.backup
    # In the server's own sub-folder, apart from the folder's file's backups.
    folder = server_folder(app_paths.backups_dir, demo_database.url)
    assert snapshot is not None and [b.path for b in list_backups(folder)] == [snapshot]
    assert list_backups(app_paths.backups_dir) == []
    assert snapshot.name.endswith(f"-avant-migration-{OLDER}.sqlite3")
    assert migrate.file_revision(snapshot) == OLDER  # the old schema's rows, as they were
    with closing(sqlite3.connect(snapshot)) as copy:
        assert copy.execute("SELECT count(*) FROM person").fetchone()[0] == people
    # pg_dump 15 is on PATH here (Debian's postgresql-client), as is the server's version:
    # its custom format is beside the snapshot, an archive pg_restore reads.
    dump = pg_dump_of(snapshot)
    assert dump.is_file() and dump.stat().st_mode & 0o077 == 0
    restore = shutil.which("pg_restore")
    assert restore is not None
    listed = subprocess.run([restore, "--list", str(dump)], capture_output=True, text=True)
    assert listed.returncode == 0 and " TABLE DATA public person " in listed.stdout
    version = subprocess.run(
        [restore, "--file=-", "--data-only", "--table=alembic_version", str(dump)],
        capture_output=True,
        text=True,
    )
    assert f"{OLDER}\n" in version.stdout  # the revision before the migration


@pytest.mark.postgres_only
def test_no_backup_no_migration(demo_database: Database, app_paths: AppPaths) -> None:
    _at_older_revision(demo_database)
    shutil.rmtree(app_paths.backups_dir)
    app_paths.backups_dir.write_text("un fichier à la place du dossier des sauvegardes\n")
    target, _ = parse_server_url(demo_database.url)
    with pytest.raises(StorageError) as refused:
        open_server_data(app_paths, target, None)
    assert refused.value.message.startswith(
        f"La mise à jour du schéma de la base du serveur ({OLDER}) est refusée : la sauvegarde "
        "qui doit la précéder a échoué"
    )
    assert "La base du serveur n'a pas été modifiée" in refused.value.message
    assert migrate.current_revision(demo_database) == OLDER
    assert app_paths.backups_dir.is_file()  # nothing written in its place
