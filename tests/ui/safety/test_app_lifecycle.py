"""The whole GUI life: start (lock, checks), work, close: a checked backup at every close,
the lock released; and a light start-up (no Alembic, ReportLab or openpyxl imported)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from chantier_app.db.backup import list_backups
from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext

pytestmark = pytest.mark.sqlite_only(
    reason="the folder's SQLite file started by run_gui: its lock, its checked backup at each "
    "close, a start without Alembic (a server's start: test_server_start.py)"
)

ROOT = Path(__file__).resolve().parents[3]


RUN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from chantier_app.paths import resolve_paths
from chantier_app.ui.app import create_application, run_gui
from chantier_app.ui.main_window import MainWindow

app = create_application()
seen = []

def close():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if not windows or not windows[0].isVisible():
        QTimer.singleShot(20, close)
        return
    seen.append("lecture seule" if windows[0].ctx.database.readonly else "modification")
    windows[0].close()  # the user closes the window: the application ends

QTimer.singleShot(50, close)
code = run_gui(resolve_paths(sys.argv[1]), readonly=sys.argv[2] == "ro")
print("window:", *seen)
sys.exit(code)
"""


def _run_gui(paths: AppPaths, mode: str) -> subprocess.CompletedProcess[str]:
    """The real application in its own process (its event loop ends when it closes)."""
    return subprocess.run(
        [sys.executable, "-c", RUN, str(paths.data_dir), mode],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )


def test_every_close_makes_a_checked_backup_and_frees_the_folder(demo_ctx: AppContext) -> None:
    demo_ctx.database.dispose()
    paths: AppPaths = demo_ctx.paths  # type: ignore[assignment]
    result = _run_gui(paths, "rw")
    assert result.returncode == 0, result.stderr
    assert "window: modification" in result.stdout
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


def test_consultation_closes_without_writing(demo_ctx: AppContext) -> None:
    demo_ctx.database.dispose()
    paths: AppPaths = demo_ctx.paths  # type: ignore[assignment]
    before = paths.db_path.read_bytes()
    result = _run_gui(paths, "ro")
    assert result.returncode == 0, result.stderr
    assert "window: lecture seule" in result.stdout
    assert list_backups(paths.backups_dir) == []
    assert paths.db_path.read_bytes() == before
    assert not paths.lock_path.exists()


START = """
import sys
from PySide6.QtWidgets import QApplication
from chantier_app.paths import resolve_paths
from chantier_app.ui.app import create_application
from chantier_app.ui.safety.startup import start_session
from chantier_app.services.structure.accounts import startup_actor
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
