"""A database made by the first released schema (0001), filled with the demo data, upgrades
to the newest schema with every row kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from chantier_app.db import migrate, revisions
from chantier_app.db.engine import Database
from chantier_app.paths import AppPaths, resolve_paths
from chantier_app.services.safety.bootstrap import open_data


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]


def _tables(conn: sqlite3.Connection, schema: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type='table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
        )
    ]


def test_first_schema_with_demo_data_upgrades_keeping_every_row(
    demo_database: Database, tmp_path: Path
) -> None:
    # The demo is written by today's code; the columns the first schema has are copied
    # into a database built by migration 0001, as that version would have held them.
    head = demo_database.path
    assert head is not None
    demo_database.dispose()
    old_paths: AppPaths = resolve_paths(tmp_path / "ancienne")
    old_paths.ensure()
    old = Database.open_file(old_paths.db_path)
    migrate.upgrade(old, "0001")
    old.dispose()
    copied: dict[str, list[str]] = {}
    with sqlite3.connect(old_paths.db_path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("ATTACH DATABASE ? AS head", (str(head),))
        for table in _tables(conn, "main"):
            shared = [
                c for c in _columns(conn, "main", table) if c in _columns(conn, "head", table)
            ]
            names = ", ".join(f'"{c}"' for c in shared)
            conn.execute(f'INSERT INTO main."{table}" ({names}) SELECT {names} FROM head."{table}"')
            copied[table] = shared
        conn.commit()
        conn.execute("DETACH DATABASE head")
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] >= 30

    opened = open_data(old_paths)  # what the next start of the application does
    opened.database.dispose()
    assert opened.migration.from_revision == "0001"
    assert opened.migration.to_revision == revisions.HEAD_REVISION
    assert opened.migration.backup is not None  # the 0001 file was backed up first

    with sqlite3.connect(old_paths.db_path) as conn:
        conn.execute("ATTACH DATABASE ? AS head", (str(head),))
        for table, columns in copied.items():
            names = ", ".join(f'"{c}"' for c in columns)
            upgraded = conn.execute(f'SELECT {names} FROM main."{table}" ORDER BY rowid').fetchall()
            original = conn.execute(f'SELECT {names} FROM head."{table}" ORDER BY rowid').fetchall()
            assert upgraded == original, table
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert (
            sum(1 for t in copied if conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()) >= 15
        )
