"""While a log-in window waits for the password, the main window's and the dashboard's modules
are imported on the GUI thread once the warm-up's imports are over (issue 17: the dashboard
after the password within 1 s), and the window still answers; encrypted and clear folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chantier_app.db import cipher
from chantier_app.paths import AppPaths
from chantier_app.services.safety import keys
from chantier_app.services.safety.bootstrap import open_data
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up

ROOT = Path(__file__).resolve().parents[3]
START = """
import sys, threading, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from chantier_app.paths import resolve_paths
from chantier_app.ui import app as app_module
from chantier_app.ui.app import create_application, run_gui

paths = resolve_paths(sys.argv[1])
create_application()
began = time.monotonic()
SCREENS = app_module.SCREEN_MODULES
before = None

def warming():
    return any(t.name == "warm-up" and t.is_alive() for t in threading.enumerate())

def drive():
    dialog = QApplication.activeModalWidget()
    if dialog is None or not dialog.isVisible():
        QTimer.singleShot(20, drive)
        return
    loaded = [name for name in SCREENS if name in sys.modules]
    global before
    if before is None:  # what the start itself imported before the window showed
        before = set(loaded)
    if len(loaded) < len(SCREENS) and time.monotonic() - began < 150:
        if set(loaded) - before and warming():
            print("imported beside the warm-up:", sorted(set(loaded) - before), flush=True)
        QTimer.singleShot(20, drive)
        return
    print("dialog:", dialog.objectName(), flush=True)
    print("screens imported while it waits:", len(loaded) == len(SCREENS), flush=True)
    dialog.login.setText("i.moreau")
    dialog.password.setText(sys.argv[2])
    dialog.try_login()
QTimer.singleShot(0, drive)
sys.exit(run_gui(paths))
"""


@pytest.fixture(params=["encrypted", "clear"])
def folder(request: pytest.FixtureRequest, app_paths: AppPaths) -> tuple[str, AppPaths]:
    """A folder with its structure and director, closed, no key in memory."""
    cipher.forget_keys()
    if request.param == "encrypted":
        keys.create_keys(app_paths)
    database = open_data(app_paths).database
    set_up(database)
    database.dispose()
    cipher.forget_keys()
    return request.param, app_paths


def test_the_screens_modules_load_while_the_log_in_waits(folder: tuple[str, AppPaths]) -> None:
    kind, paths = folder
    result = subprocess.run(
        [sys.executable, "-c", START, str(paths.data_dir), DIRECTOR_PASSWORD],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen",
            "CHANTIER_QUIT_WHEN_READY": "1",
        },
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    dialog = "encryptedLoginDialog" if kind == "encrypted" else "loginDialog"
    assert f"dialog: {dialog}" in lines
    assert "screens imported while it waits: True" in lines
    assert not [line for line in lines if line.startswith("imported beside")], lines
    assert "READY" in lines
