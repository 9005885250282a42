"""A server's snapshot says which server and database it was taken from (a table of the
backup file only), read back by the previews; restored into a folder's file, it is no
longer a snapshot: the file's later backups say nothing of that server."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from chantier_app.db.backup import ORIGIN_TABLE, inspect_backup, server_folder
from chantier_app.db.engine import Database
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import backups
from chantier_app.services.safety.server_backups import server_backups

pytestmark = pytest.mark.postgres_only


def test_a_snapshot_names_its_server_and_a_restored_file_does_not(
    demo_database: Database, app_paths: AppPaths, tmp_path
) -> None:
    ctx = AppContext(demo_database, Actor.system(), app_paths)
    snapshot = backups.backup_now(ctx)
    name = demo_database.url.split("?")[0].rsplit("/", 1)[1]
    origin = inspect_backup(snapshot).origin
    assert origin is not None
    assert (origin.host, origin.port, origin.database) == ("local", 5432, name)
    assert origin.folder == server_folder(app_paths.backups_dir, demo_database.url).name
    [listed] = server_backups(app_paths, demo_database.url)
    assert listed.path == snapshot and listed.this_server and listed.origin == origin
    assert server_backups(app_paths, None)[0].this_server is False  # the PC on its file
    # Restored into another PC's folder (its file): the rows, not the snapshot's origin.
    office = resolve_paths(tmp_path / "autre-poste")
    backups.restore(office, snapshot, Actor.system())
    with closing(sqlite3.connect(office.db_path)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert ORIGIN_TABLE not in tables and "person" in tables
    assert inspect_backup(backups.backup_now(office)).origin is None
