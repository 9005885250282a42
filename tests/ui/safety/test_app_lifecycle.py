"""The whole GUI life: start (lock, checks), work, close: a checked backup at every close,
the lock released; and a light start-up (no Alembic, ReportLab or openpyxl imported)."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from chantier_app.db.backup import list_backups
from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext
from chantier_app.ui import app as gui
from chantier_app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def isolated_app(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """run_gui installs an excepthook and a log file: both undone after the test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    handlers = list(logging.getLogger().handlers)
    yield
    for handler in logging.getLogger().handlers[:]:
        if handler not in handlers:
            logging.getLogger().removeHandler(handler)
            handler.close()


def _close_main_window_soon(seen: list[MainWindow]) -> None:
    def close() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if not windows or not windows[0].isVisible():
            QTimer.singleShot(20, close)
            return
        seen.append(windows[0])
        windows[0].close()  # the user closes the window: the event loop ends
        QApplication.quit()

    QTimer.singleShot(50, close)


def test_every_close_makes_a_checked_backup_and_frees_the_folder(
    qtbot, isolated_app, demo_ctx: AppContext
) -> None:
    demo_ctx.database.dispose()
    paths: AppPaths = demo_ctx.paths  # type: ignore[assignment]
    seen: list[MainWindow] = []
    _close_main_window_soon(seen)
    assert gui.run_gui(paths) == 0
    assert seen and not seen[0].ctx.database.readonly
    [made] = list_backups(paths.backups_dir)
    assert made.reason == "fermeture"
    with sqlite3.connect(made.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM person").fetchone()[0] > 0
    with sqlite3.connect(paths.db_path) as conn:
        assert conn.execute(
            "SELECT count(*) FROM audit_entry WHERE action = 'backup'"
        ).fetchone() == (1,)
    assert not paths.lock_path.exists()
    for window in seen:
        window.deleteLater()


def test_consultation_closes_without_writing(qtbot, isolated_app, demo_ctx: AppContext) -> None:
    demo_ctx.database.dispose()
    paths: AppPaths = demo_ctx.paths  # type: ignore[assignment]
    before = paths.db_path.read_bytes()
    seen: list[MainWindow] = []
    _close_main_window_soon(seen)
    assert gui.run_gui(paths, readonly=True) == 0
    assert seen and seen[0].ctx.database.readonly
    assert list_backups(paths.backups_dir) == []
    assert paths.db_path.read_bytes() == before
    for window in seen:
        window.deleteLater()


START = """
import sys
from PySide6.QtWidgets import QApplication
from chantier_app.paths import resolve_paths
from chantier_app.ui.app import create_application
from chantier_app.ui.safety.startup import start_session
from chantier_app.services.accounts import startup_actor
from chantier_app.services.context import AppContext
from chantier_app.ui.main_window import MainWindow
app = create_application()
started = start_session(resolve_paths(sys.argv[1]))
ctx = AppContext(started.opened.database, startup_actor(started.opened.database), started.opened.paths)
window = MainWindow(ctx)
window.show()
app.processEvents()
heavy = sorted(m for m in ("alembic", "reportlab", "openpyxl") if m in sys.modules)
print("heavy:", ",".join(heavy) or "none")
started.opened.database.dispose()
started.lock.release()
"""


def test_start_up_stays_light(demo_ctx: AppContext) -> None:
    demo_ctx.database.dispose()
    result = subprocess.run(
        [sys.executable, "-c", START, str(demo_ctx.paths.data_dir)],  # type: ignore[union-attr]
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "heavy: none" in result.stdout
