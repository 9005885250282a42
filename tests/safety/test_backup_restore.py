"""Backups from the services, and restore: exactly the same data back, older schemas migrated,
newer ones refused, the current data copied first, every step in the audit trail."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from safety_helpers import dump, hire

from chantier_app.db import backup as files
from chantier_app.db import migrate, revisions
from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import AppError, PermissionDeniedError, StorageError
from chantier_app.paths import AppPaths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import backups
from chantier_app.services.safety.bootstrap import open_data


def _audit(path: Path, action: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [
            r[0]
            for r in conn.execute(
                "SELECT summary FROM audit_entry WHERE action = ? ORDER BY id", (action,)
            )
        ]


def test_backup_before_a_risky_action(ctx: AppContext, app_paths: AppPaths) -> None:
    ctx.run(hire, 1)
    path = backups.backup_before(ctx, "avant-import")
    assert path.parent == app_paths.backups_dir and "avant-import" in path.name
    assert files.inspect_backup(path).people == 1
    assert _audit(app_paths.db_path, "backup") == [f"sauvegarde (avant-import) : {path}"]
    # Other areas may hand the paths or the database instead of the context.
    assert backups.backup_before(app_paths, "avant-purge").exists()
    assert backups.backup_before(ctx.database, "avant-purge").parent == app_paths.backups_dir


def test_save_to_a_folder_that_does_not_exist(ctx: AppContext, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="n'existe pas"):
        backups.save_to(ctx, tmp_path / "cle-absente")


def test_backup_then_restore_gives_back_exactly_the_same_data(
    demo_ctx: AppContext, app_paths: AppPaths
) -> None:
    demo_ctx.database.dispose()
    live = dump(app_paths.db_path)
    saved_backup = backups.backup_now(demo_ctx)
    before = dump(saved_backup)
    assert before == live  # the backup holds every row (its own audit line comes after)
    # Life goes on: a hire, a deletion, a change.
    demo_ctx.run(hire, 1)
    with demo_ctx.database.transaction() as session:
        from sqlalchemy import text

        session.execute(
            text("DELETE FROM milestone WHERE id IN (SELECT id FROM milestone LIMIT 3)")
        )
        session.execute(text("UPDATE structure SET name = 'Autre nom'"))
    demo_ctx.database.dispose()
    changed = dump(app_paths.db_path)
    assert changed != before

    result = backups.restore(app_paths, saved_backup, demo_ctx.actor)
    after = dump(app_paths.db_path)
    for table, rows in before.items():
        if table == "audit_entry":
            # The same trail, plus the line saying the restore happened.
            assert after[table][: len(rows)] == rows
            assert [r[4] for r in after[table][len(rows) :]] == ["restore"]
        else:
            assert after[table] == rows, table
    assert set(after) == set(before)
    # The data as they were just before the restore are in the safety copy.
    assert result.safety_copy is not None and "avant-restauration" in result.safety_copy.name
    assert dump(result.safety_copy) == changed
    assert _audit(app_paths.db_path, "restore")[0].startswith(
        f"restauration de {saved_backup.name}"
    )
    opened = open_data(app_paths)  # the restored file opens normally, in WAL mode
    with opened.database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    opened.database.dispose()


def _first_schema_backup(folder: Path) -> Path:
    """A backup made by the first released version (schema 0001) holding one person."""
    path = folder / files.backup_name("ancienne-version")
    folder.mkdir(parents=True, exist_ok=True)
    database = Database.open_file(path)
    migrate.upgrade(database, "0001")
    with database.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO person (civility, usage_name, first_names, ft_registered, rsa, ass, aah,"
            " rqth, lone_parent, refugee, released_from_detention, qpv, zrr, created_at,"
            " updated_at) VALUES ('MME', 'ANCIENNE', 'Élodie', 0, 'NON', 0, 0, 0, 0, 0, 0, 0, 0,"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
    database.dispose()
    return path


def test_restore_of_an_older_schema_migrates_it(
    ctx: AppContext, app_paths: AppPaths, tmp_path: Path
) -> None:
    old = _first_schema_backup(tmp_path / "usb")
    preview = backups.preview(old)
    assert preview.status is files.BackupStatus.OLDER and preview.revision == "0001"
    ctx.database.dispose()
    backups.restore(app_paths, old, ctx.actor)
    with sqlite3.connect(app_paths.db_path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            revisions.HEAD_REVISION,
        )
        assert conn.execute("SELECT usage_name, first_names FROM person").fetchall() == [
            ("ANCIENNE", "Élodie")
        ]
    with sqlite3.connect(old) as conn:  # the backup itself is untouched
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_restore_of_a_newer_version_is_refused(
    ctx: AppContext, app_paths: AppPaths, tmp_path: Path
) -> None:
    ctx.run(hire, 1)
    newer = backups.save_to(ctx, tmp_path)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    ctx.database.dispose()
    before = dump(app_paths.db_path)
    with pytest.raises(AppError, match="version plus récente"):
        backups.restore(app_paths, newer, ctx.actor)
    assert dump(app_paths.db_path) == before
    assert not any("avant-restauration" in p.name for p in app_paths.backups_dir.iterdir())


def test_restore_refuses_the_live_file_and_non_backups(
    ctx: AppContext, app_paths: AppPaths, tmp_path: Path
) -> None:
    ctx.database.dispose()
    with pytest.raises(AppError, match="données en cours"):
        backups.restore(app_paths, app_paths.db_path, ctx.actor)
    other = tmp_path / "recettes.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recettes (x)")
    with pytest.raises(AppError, match="pas une sauvegarde de l'application"):
        backups.restore(app_paths, other, ctx.actor)


def test_only_the_direction_restores(ctx: AppContext, app_paths: AppPaths) -> None:
    path = backups.backup_now(ctx)
    cip = Actor(None, "Camille CIP", Role.CIP)
    with pytest.raises(PermissionDeniedError, match="restaurer une sauvegarde"):
        backups.restore(app_paths, path, cip)
    with sqlite3.connect(app_paths.db_path) as conn:  # the refusal is in the journal
        refused = conn.execute("SELECT staff_name FROM audit_entry WHERE action = 'refused'")
        assert refused.fetchall() == [("Camille CIP",)]


@pytest.mark.parametrize("role", [Role.CIP, Role.SUPERVISOR])
def test_only_the_direction_copies_the_data_out(
    ctx: AppContext, tmp_path: Path, role: Role
) -> None:
    """« Sauvegarder vers… » puts every NIR and note on a USB key: refused, and traced."""
    ctx.run(hire, 1)
    other = AppContext(ctx.database, Actor(None, "Camille", role), ctx.paths)
    key = tmp_path / "usb"
    key.mkdir()
    with pytest.raises(PermissionDeniedError, match="copier les données hors"):
        backups.save_to(other, key)
    assert list(key.iterdir()) == []
    with sqlite3.connect(ctx.paths.db_path) as conn:  # type: ignore[union-attr]
        refused = conn.execute(
            "SELECT summary FROM audit_entry WHERE action = 'refused'"
        ).fetchall()
    assert len(refused) == 1 and "copier les données hors" in refused[0][0]
    assert backups.save_to(ctx, key).parent == key  # the direction can


def test_newest_good_backup_skips_damaged_ones(ctx: AppContext, app_paths: AppPaths) -> None:
    ctx.run(hire, 1)
    good = backups.backup_now(ctx)
    ctx.run(hire, 2)
    damaged = backups.backup_now(ctx)
    damaged.write_bytes(b"abime" * 2000)
    found = backups.newest_good_backup(app_paths.backups_dir)
    assert found is not None and found.path == good and found.people == 1
