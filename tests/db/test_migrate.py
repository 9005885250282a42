"""Start-up creates, migrates, backs up, and refuses what it must not touch."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from chantier_app.db import migrate, revisions
from chantier_app.db.engine import Database
from chantier_app.paths import AppPaths
from chantier_app.services.safety.bootstrap import open_data


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_first_start_creates_and_migrates(app_paths: AppPaths) -> None:
    assert not app_paths.data_dir.exists()
    opened = open_data(app_paths)
    opened.database.dispose()
    assert opened.migration.from_revision is None
    assert opened.migration.to_revision == revisions.HEAD_REVISION
    assert {"person", "contract", "monthly_hours", "audit_entry"} <= _tables(app_paths.db_path)
    assert opened.migration.backup is None  # nothing to back up in a new file


def test_second_start_does_not_migrate(app_paths: AppPaths) -> None:
    open_data(app_paths).database.dispose()
    again = open_data(app_paths)
    again.database.dispose()
    assert not again.migration.migrated
    assert list(app_paths.backups_dir.iterdir()) == []


@pytest.mark.sqlite_only(
    reason="SQLite's journal mode and per-connection foreign_keys pragma; a PostgreSQL "
    "server always enforces foreign keys"
)
def test_wal_and_foreign_keys_are_on(database: Database) -> None:
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_database_from_a_newer_version_is_refused(app_paths: AppPaths) -> None:
    open_data(app_paths).database.dispose()
    with sqlite3.connect(app_paths.db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = app_paths.db_path.read_bytes()
    with pytest.raises(migrate.NewerDatabaseError, match="version plus récente"):
        open_data(app_paths)
    assert app_paths.db_path.read_bytes() == before


def test_foreign_sqlite_file_is_not_touched(app_paths: AppPaths) -> None:
    app_paths.ensure()
    with sqlite3.connect(app_paths.db_path) as conn:
        conn.execute("CREATE TABLE recettes (nom TEXT)")
    with pytest.raises(migrate.ForeignDatabaseError):
        open_data(app_paths)
    assert _tables(app_paths.db_path) == {"recettes"}


def test_migration_from_first_schema_backs_up_and_keeps_rows(app_paths: AppPaths) -> None:
    app_paths.ensure()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database, "0001")
    with database.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO structure (name, annual_fulltime_minutes, retention_support_years, "
            "retention_hr_years, idle_lock_minutes, cip_sees_all_sensitive, is_demo, created_at, "
            "updated_at) VALUES ('Les Ateliers', 96420, 2, 5, 15, 0, 0, '2026-01-01', '2026-01-01')"
        )
    database.dispose()

    opened = open_data(app_paths)
    opened.database.dispose()
    assert opened.migration.from_revision == "0001"
    assert opened.migration.backup is not None and opened.migration.backup.exists()
    assert opened.migration.backup.parent == app_paths.backups_dir
    with sqlite3.connect(opened.migration.backup) as conn:  # the backup holds the old schema
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    with sqlite3.connect(app_paths.db_path) as conn:
        assert conn.execute("SELECT name FROM structure").fetchall() == [("Les Ateliers",)]


def test_failed_migration_rolls_back_completely(
    app_paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app_paths.ensure()
    database = Database.open_file(app_paths.db_path)
    migrate.upgrade(database, "0001")
    # A copy of the migrations whose second step fails after creating a table.
    broken = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, broken)
    step = next((broken / "versions").glob("0002_*.py"))
    step.write_text(
        step.read_text().replace(
            "def upgrade() -> None:\n",
            "def upgrade() -> None:\n"
            "    import sqlalchemy as sa\n"
            "    op.create_table('half_done', sa.Column('id', sa.Integer))\n"
            "    raise RuntimeError('migration cassée')\n",
        )
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", broken)
    with pytest.raises(RuntimeError, match="migration cassée"):
        migrate.upgrade(database)
    database.dispose()
    tables = _tables(app_paths.db_path)
    assert "half_done" not in tables
    assert not any(name.startswith("_alembic_tmp") for name in tables)
    with sqlite3.connect(app_paths.db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_known_revisions_match_the_migration_scripts() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    ordered = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(ordered) == revisions.KNOWN_REVISIONS
    assert script.get_heads() == [revisions.HEAD_REVISION]


def test_models_and_migrations_do_not_drift(database: Database) -> None:
    with database.engine.begin() as conn:
        command.check(migrate.alembic_config(conn))  # raises AutogenerateDiffsDetected on drift
