"""The application started on a data folder, its log-in typed as soon as the window shows.

Run as ``python bench/encrypted_start.py DATA_DIR`` with BENCH_LOGIN, BENCH_PASSWORD and
CHANTIER_QUIT_WHEN_READY set (BENCH_TYPING_SECONDS: the typing time, 3 s). Prints LOGIN_SHOWN once the log-in window is shown and painted
(the encrypted folder's, before anything is read; or the usual one), TYPED when the password
is entered, then the application's own READY once the dashboard shows with its data.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from chantier_app.paths import resolve_paths
from chantier_app.ui.app import create_application, run_gui

LOGIN_DIALOGS = {"encryptedLoginDialog", "loginDialog"}


# A person takes seconds to type a log-in and a password; the application loads its
# modules meanwhile (imports only). Typed at once, the figure would count that loading.
TYPING_SECONDS = float(os.environ.get("BENCH_TYPING_SECONDS", "3"))


def type_password() -> None:
    dialog = QApplication.activeModalWidget()
    if dialog is None or dialog.objectName() not in LOGIN_DIALOGS or not dialog.isVisible():
        QTimer.singleShot(2, type_password)
        return
    dialog.repaint()
    print("LOGIN_SHOWN", flush=True)
    QTimer.singleShot(int(TYPING_SECONDS * 1000), lambda: enter(dialog))


def enter(dialog: QWidget) -> None:
    dialog.login.setText(os.environ["BENCH_LOGIN"])  # type: ignore[attr-defined]
    dialog.password.setText(os.environ["BENCH_PASSWORD"])  # type: ignore[attr-defined]
    print("TYPED", flush=True)
    dialog.try_login()  # type: ignore[attr-defined]
    # The usual log-in follows the encrypted one with what was typed: nothing more to do.


create_application()
QTimer.singleShot(0, type_password)
sys.stdout.flush()
os._exit(run_gui(resolve_paths(sys.argv[1])))
