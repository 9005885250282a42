"""The window started on a shared database from an encrypted data folder asks the folder's
log-in first (« Connexion », its key file), then reaches the server and logs in to its
accounts with what was typed (asked once); the copies of the server it writes are then
encrypted. A real cluster, the application in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chantier_app.cli import main
from chantier_app.db import server_config
from chantier_app.db.server_url import parse_server_url
from chantier_app.paths import AppPaths
from tests import postgres
from tests.cli_login import feed_password, login_args
from tests.commands.test_encrypted_folder_on_server import NAME, _cli
from tests.commands.test_encrypted_folder_on_server import encrypted as encrypted  # a fixture
from tests.services.accounts_factory import DIRECTOR_PASSWORD

pytestmark = pytest.mark.postgres_only
ROOT = Path(__file__).resolve().parents[3]

STARTED = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from chantier_app.ui.app import create_application
app = create_application()
seen = []
def answer():
    from chantier_app.ui.login.unlock_dialog import EncryptedLoginDialog
    from chantier_app.ui.login.dialogs import LoginDialog
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LoginDialog) and widget.isVisible():
            seen.append(type(widget).__name__)
            widget.login.setText(sys.argv[3])
            widget.password.setText(sys.argv[4])
            widget.try_login()
            break
    QTimer.singleShot(50, answer)
QTimer.singleShot(0, answer)
from chantier_app.ui import main_window
shown = main_window.MainWindow._first_screen_shown
def spy(self):
    from chantier_app.services.safety import backups, keys
    seen.append("unlocked" if keys.is_unlocked(self.ctx.paths) else "locked")
    seen.append(self.ctx.actor.name)
    seen.append(str(backups.backup_now(self.ctx, reason="essai")))
    shown(self)
main_window.MainWindow._first_screen_shown = spy
from chantier_app.cli import main
code = main(["--data-dir", sys.argv[1], "--serveur", sys.argv[2]])
for line in seen:
    print("seen:", line)
sys.exit(code)
"""


def test_an_encrypted_folder_on_a_server_asks_its_log_in_once_and_encrypts_its_copies(
    encrypted: AppPaths, postgres_server: postgres.Server, monkeypatch, capsys
) -> None:
    with postgres_server.empty_database() as url:
        assert main(["serveur", "init", url]) == 0
        feed_password(monkeypatch, DIRECTOR_PASSWORD)
        moved = _cli(encrypted, "serveur", "copier-depuis", str(encrypted.data_dir), url,
                     *login_args("i.moreau"))  # fmt: skip
        assert moved == 0, capsys.readouterr().err
        target = parse_server_url(url)[0]
        server_config.write_config(encrypted.data_dir / server_config.CONFIG_NAME, target)
        result = subprocess.run(
            [sys.executable, "-c", STARTED, str(encrypted.data_dir), url, "i.moreau",
             DIRECTOR_PASSWORD],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
                 "CHANTIER_QUIT_WHEN_READY": "1"},
            timeout=240,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    seen = [line.removeprefix("seen: ") for line in result.stdout.splitlines() if "seen: " in line]
    # The folder's log-in only: the server's accounts took what was typed there.
    assert seen[:3] == ["EncryptedLoginDialog", "unlocked", "Isabelle Moreau"]
    snapshot = Path(seen[3])
    assert snapshot.parent.parent == encrypted.backups_dir
    assert snapshot.parent.name.startswith("serveur-local-")
    raw = snapshot.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and NAME.encode() not in raw
