"""Start-up of an encrypted folder, the whole GUI path: the log-in comes first with nothing of
the data read, a wrong password is refused in French, the right one opens the dashboard."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from chantier_app.db import cipher, keyfile
from chantier_app.paths import AppPaths
from chantier_app.services.safety import keys
from chantier_app.services.safety.bootstrap import open_data
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up

ROOT = Path(__file__).resolve().parents[3]
START = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from chantier_app.paths import resolve_paths
from chantier_app.ui import main_window
from chantier_app.ui.app import create_application, run_gui

paths = resolve_paths(sys.argv[1])
create_application()
shown = main_window.MainWindow._first_screen_shown
def spy(self):
    print("dashboard:", " ".join(label.text() for label in self.findChildren(QLabel)), flush=True)
    shown(self)
main_window.MainWindow._first_screen_shown = spy

def drive():
    dialog = QApplication.activeModalWidget()
    if dialog is None:
        QTimer.singleShot(20, drive)
        return
    print("dialog:", dialog.objectName(), flush=True)
    print("title:", dialog.findChild(QLabel, "structureName").text(), flush=True)
    print("sqlalchemy loaded:", "sqlalchemy" in sys.modules, flush=True)
    dialog.login.setText("i.moreau")
    dialog.password.setText("pas-le-bon-1")
    dialog.try_login()
    print("refused:", dialog.error.text(), "| still shown:", dialog.isVisible(), flush=True)
    dialog.password.setText(sys.argv[2])
    dialog.try_login()
QTimer.singleShot(0, drive)
sys.exit(run_gui(paths))
"""


@pytest.fixture
def encrypted(app_paths: AppPaths) -> AppPaths:
    """An encrypted folder with its structure and director, closed, no key in memory."""
    cipher.forget_keys()
    keys.create_keys(app_paths)
    database = open_data(app_paths).database
    set_up(database)
    database.dispose()
    cipher.forget_keys()
    return app_paths


def test_an_encrypted_folder_asks_the_log_in_first_then_opens_the_dashboard(
    encrypted: AppPaths,
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", START, str(encrypted.data_dir), DIRECTOR_PASSWORD],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "QT_QPA_PLATFORM": "offscreen",
            "CHANTIER_QUIT_WHEN_READY": "1",
        },
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "dialog: encryptedLoginDialog" in lines
    # Nothing of the data before the log-in: not the structure's name, not even SQLAlchemy.
    assert "title: <h2>Données chiffrées</h2>" in lines
    assert "sqlalchemy loaded: False" in lines
    assert "refused: Identifiant ou mot de passe incorrect. | still shown: True" in lines
    dashboard = next(line for line in lines if line.startswith("dashboard:"))
    assert "Les Ateliers du Canal" in dashboard
    assert "READY" in lines
    # The log-in was decided while the file's check ran and written once it passed: the
    # wrong password typed first (carried from the side file), then the log-in, once.
    keys.unlock_with_password(encrypted, "i.moreau", DIRECTOR_PASSWORD)
    with closing(cipher.connect(encrypted.db_path)) as conn:
        trail = conn.execute(
            "SELECT action FROM audit_entry WHERE action LIKE 'login%' ORDER BY id"
        ).fetchall()
        last_login = conn.execute("SELECT last_login_at FROM staff WHERE login = 'i.moreau'")
        assert last_login.fetchone()[0] is not None
    assert [action for (action,) in trail][-2:] == ["login_failed", "login"]
    keyfile.forget_log_in()
    cipher.forget_keys()


def test_the_log_in_says_when_the_key_file_is_missing_and_takes_the_recovery_key(
    qtbot, app_paths: AppPaths
) -> None:
    from chantier_app.ui.login.unlock_dialog import EncryptedLoginDialog

    cipher.forget_keys()
    recovery = keys.create_keys(app_paths)
    open_data(app_paths).database.dispose()
    cipher.forget_keys()
    key_file = keys.key_file_path(app_paths)
    saved = key_file.read_bytes()
    key_file.unlink()
    dialog = EncryptedLoginDialog(app_paths)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.login, "i.moreau")
    qtbot.keyClicks(dialog.password, DIRECTOR_PASSWORD)
    dialog.try_login()
    assert dialog.isVisible() and dialog.error.text().startswith("Fichier de clés absent")
    key_file.write_bytes(saved)
    other = "0000" if not recovery.startswith("0000") else "1111"
    dialog.unlock_with_recovery_key(other + recovery[4:])
    assert dialog.isVisible() and dialog.error.text().startswith("Clé de secours incorrecte")
    dialog.unlock_with_recovery_key(recovery.lower())
    assert not dialog.isVisible() and dialog.typed is None  # the account still logs in
    assert keys.is_unlocked(app_paths)
    cipher.forget_keys()
