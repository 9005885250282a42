"""The quick start: the file opens at once and is checked beside the start-up; nothing goes
through the database's sessions before the check has passed, and a damaged file still gets
its choices (restore the newest good backup, or quit), after the window has shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from dialog_helpers import Answers, run_with
from PySide6.QtWidgets import QMessageBox

from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext
from chantier_app.services.safety import backups
from chantier_app.ui.safety.startup import resolve_check, start_session

pytestmark = pytest.mark.sqlite_only(
    reason="the folder's SQLite file checked beside the start-up: damaged pages, the first "
    "screen read with the sqlite3 module (a server's start: test_server_start.py)"
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def saved(demo_ctx: AppContext) -> AppPaths:
    demo_ctx.database.dispose()
    assert demo_ctx.paths is not None
    return demo_ctx.paths


def _scribble(path: Path) -> None:
    """Damage pages in the middle of the file (its header and schema stay readable)."""
    data = bytearray(path.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 40_000, 97):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))


def _close(started) -> None:  # type: ignore[no-untyped-def]
    started.opened.database.dispose()
    if started.lock is not None:
        started.lock.release()


def test_sessions_wait_for_the_check_then_open_freely(qtbot, saved: AppPaths) -> None:
    started = start_session(saved, check_later=True)
    assert started is not None and started.opened.check is not None
    database = started.opened.database
    assert database.gate is not None
    with database.reading() as session:  # waits for the check, which passes
        assert session.connection().exec_driver_sql("SELECT count(*) FROM person").scalar() == 40
    assert database.gate is None and resolve_check(started)
    _close(started)


def test_damage_found_beside_the_start_up_restores_the_backup(qtbot, saved: AppPaths) -> None:
    good = backups.backup_now(saved, reason="fermeture")
    people = backups.preview(good).people
    saved.db_path.unlink(missing_ok=False)
    for extra in saved.data_dir.glob("chantier.sqlite3-*"):
        extra.unlink()
    saved.db_path.write_bytes(good.read_bytes())
    _scribble(saved.db_path)
    started = start_session(saved, check_later=True)
    assert started is not None and started.opened.check is not None  # opened at once
    from chantier_app.services.safety.bootstrap import DamagedDataError

    with pytest.raises(DamagedDataError), started.opened.database.reading():
        pass  # a session refuses the damaged file
    answers = Answers("restore", QMessageBox.StandardButton.Ok)
    assert run_with(answers, lambda: resolve_check(started))
    assert answers.seen[0][0] == "Fichier de données endommagé"
    _close(started)
    assert backups.preview(saved.db_path).people == people
    assert list(saved.data_dir.glob("chantier-endommage-*.sqlite3"))


def test_damage_found_and_quit_touches_nothing(qtbot, saved: AppPaths) -> None:
    _scribble(saved.db_path)
    before = saved.db_path.read_bytes()
    started = start_session(saved, check_later=True)
    assert started is not None
    assert not run_with(Answers("quit"), lambda: resolve_check(started))
    _close(started)
    assert saved.db_path.read_bytes() == before


FIRST = """
import sys
from chantier_app.ui import main_window
seen = []
shown = main_window.MainWindow._first_screen_shown
def spy(self):
    from PySide6.QtWidgets import QLabel
    seen.append("sqlalchemy" in sys.modules)
    seen.append("chantier_app.ui.login.unlock_dialog" in sys.modules)
    seen.append(" ".join(label.text() for label in self.findChildren(QLabel)))
    shown(self)
main_window.MainWindow._first_screen_shown = spy
if sys.argv[2] == "cli":  # as a user starts it: every command's module imported first
    from chantier_app.cli import main
    code = main(["--data-dir", sys.argv[1]])
else:
    from chantier_app.paths import resolve_paths
    from chantier_app.ui.app import run_gui
    code = run_gui(resolve_paths(sys.argv[1]))
print("sqlalchemy before the first screen:", seen[0])
print("encrypted log-in's dialogs before the first screen:", seen[1])
print("labels:", seen[2])
sys.exit(code)
"""


@pytest.mark.parametrize("launch", ["run_gui", "cli"])
def test_the_first_screen_shows_its_figures_before_sqlalchemy_loads(
    saved: AppPaths, launch: str
) -> None:
    """Also through the command line (``chantier --data-dir``), which imports every
    command's module to build its parser: one of them loaded SQLAlchemy and the models
    before the window (issue 22: 0.4 s of the start-up's 1.1 s)."""
    result = subprocess.run(
        [sys.executable, "-c", FIRST, str(saved.data_dir), launch],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen",
            "CHANTIER_QUIT_WHEN_READY": "1",
        },
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["READY", "CHECKED"]
    assert "sqlalchemy before the first screen: False" in lines
    assert "encrypted log-in's dialogs before the first screen: False" in lines  # clear data
    labels = next(line for line in lines if line.startswith("labels:"))
    assert "Les Ateliers du Canal — données de démonstration" in labels
    assert "Taux de sorties dynamiques" in labels and "Conventionnés : 14,25 ETP" in labels


def test_the_demo_shown_at_once_still_records_its_automatic_login(demo_ctx: AppContext) -> None:
    """The quick start shows the demo before its login is written: the warm-up writes it."""
    from sqlalchemy import select

    from chantier_app.db import models as m
    from chantier_app.ui.app import warm_up

    warm_up(demo_login=demo_ctx).join(timeout=120)
    with demo_ctx.database.reading() as session:
        logins = session.execute(
            select(m.AuditEntry.staff_name, m.AuditEntry.summary).where(
                m.AuditEntry.action == "login"
            )
        ).all()
    assert logins == [("Isabelle Moreau", "connexion automatique (données de démonstration)")]


def test_other_data_are_not_shown_before_the_login(database) -> None:
    """Only the demo logs in directly: other data ask who logs in, then the services read."""
    from chantier_app.services.dashboard.first_screen import read_first_screen
    from tests.conftest import TODAY

    assert read_first_screen(database.path, TODAY, demo_only=True) is None
