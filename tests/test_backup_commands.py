"""`chantier backup` and `chantier restore` as a scheduled task or a script runs them."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from chantier_app.cli import main
from chantier_app.db.backup import list_backups
from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext

ROOT = Path(__file__).resolve().parents[1]


def _people(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM person").fetchone()[0]


def _cli(paths: AppPaths, *args: str) -> int:
    return main(["--data-dir", str(paths.data_dir), *args])


def test_backup_into_the_backups_folder(demo_ctx: AppContext, app_paths: AppPaths, capsys) -> None:
    demo_ctx.database.dispose()
    assert _cli(app_paths, "backup") == 0
    [made] = list_backups(app_paths.backups_dir)
    assert made.reason == "commande"
    assert f"Sauvegarde vérifiée : {made.path}" in capsys.readouterr().out
    assert _people(made.path) == _people(app_paths.db_path)


def test_backup_to_a_folder(demo_ctx: AppContext, app_paths: AppPaths, tmp_path: Path) -> None:
    demo_ctx.database.dispose()
    usb = tmp_path / "usb"
    usb.mkdir()
    assert _cli(app_paths, "backup", "--to", str(usb)) == 0
    [made] = list_backups(usb)
    assert _people(made.path) == _people(app_paths.db_path)


def test_backup_failures_exit_with_1(app_paths: AppPaths, tmp_path: Path, capsys) -> None:
    assert _cli(app_paths, "backup") == 1
    assert "Aucune donnée à sauvegarder" in capsys.readouterr().err
    app_paths.ensure()
    app_paths.db_path.write_bytes(b"abime" * 1000)
    assert _cli(app_paths, "backup") == 1
    assert "La sauvegarde a échoué" in capsys.readouterr().err
    # A copy elsewhere needs a log-in, which a damaged file cannot check: refused too.
    assert _cli(app_paths, "backup", "--to", str(tmp_path)) == 1
    assert "est endommagé" in capsys.readouterr().err
    assert not list_backups(tmp_path)


def test_restore_replaces_the_data_after_a_safety_copy(
    demo_ctx: AppContext, app_paths: AppPaths, capsys
) -> None:
    demo_ctx.database.dispose()
    assert _cli(app_paths, "backup") == 0
    [made] = list_backups(app_paths.backups_dir)
    with sqlite3.connect(app_paths.db_path) as conn:
        # Foreign keys on, as the application runs: barrier scores keep their rows, unlinked.
        conn.execute("PRAGMA foreign_keys=ON")
        milestones = conn.execute("SELECT count(*) FROM milestone").fetchone()[0]
        conn.execute("DELETE FROM milestone")
    capsys.readouterr()
    assert _cli(app_paths, "restore", "--oui", str(made.path)) == 0
    out = capsys.readouterr().out
    assert "salariés" in out and "Données précédentes copiées dans" in out
    with sqlite3.connect(app_paths.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM milestone").fetchone()[0] == milestones > 0
    assert any(b.reason == "avant-restauration" for b in list_backups(app_paths.backups_dir))


def test_restore_asks_unless_told(demo_ctx: AppContext, app_paths: AppPaths) -> None:
    demo_ctx.database.dispose()
    _cli(app_paths, "backup")
    [made] = list_backups(app_paths.backups_dir)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "chantier_app",
            "--data-dir",
            str(app_paths.data_dir),
            "restore",
            str(made.path),
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode == 2
    assert "--oui" in result.stderr
    assert len(list_backups(app_paths.backups_dir)) == 1  # nothing done


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda p: p.write_bytes(b"abime" * 1000), "ne peut pas être restaurée"),
        (
            lambda p: (
                sqlite3.connect(p)
                .execute("UPDATE alembic_version SET version_num='9999'")
                .connection.commit()
            ),
            "version plus récente",
        ),
    ],
    ids=["damaged", "newer"],
)
def test_restore_refusals_exit_with_1(
    demo_ctx: AppContext, app_paths: AppPaths, tmp_path: Path, capsys, prepare, message
) -> None:
    demo_ctx.database.dispose()
    _cli(app_paths, "backup", "--to", str(tmp_path))
    [made] = list_backups(tmp_path)
    prepare(made.path)
    before = app_paths.db_path.read_bytes()
    assert _cli(app_paths, "restore", "--oui", str(made.path)) == 1
    assert message in capsys.readouterr().err
    assert app_paths.db_path.read_bytes() == before


def test_restore_while_the_application_is_open_exits_with_1(
    demo_ctx: AppContext, app_paths: AppPaths, capsys
) -> None:
    from chantier_app.services.safety.bootstrap import take_writer_lock

    demo_ctx.database.dispose()
    _cli(app_paths, "backup")
    [made] = list_backups(app_paths.backups_dir)
    with take_writer_lock(app_paths):
        assert _cli(app_paths, "restore", "--oui", str(made.path)) == 1
    assert "déjà ouvertes en modification" in capsys.readouterr().err


def test_restore_of_a_missing_file(app_paths: AppPaths, capsys) -> None:
    assert _cli(app_paths, "restore", "--oui", "/nulle/part.sqlite3") == 1
    assert "Fichier introuvable" in capsys.readouterr().err


def test_restore_without_a_file_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["restore"])
    assert exited.value.code == 2
