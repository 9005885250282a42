"""Child process of the start-failure tests: the real ``run_gui`` on a data folder.

Run as ``python start_child.py DATA_DIR [ANSWER...]``: every message box that opens is
printed (« BOX » and its title and text, as JSON) and answered with the next button name
given (else its escape button); the main window, once shown, is printed (« WINDOW » and the lock file) and closed as a
user would.
``--bug-at-close`` makes the end of the GUI raise a bug after the real one ran (a bug
escaping after the main window existed). The exit code is run_gui's.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from chantier_app.paths import resolve_paths
from chantier_app.ui import app as gui
from chantier_app.ui.main_window import MainWindow


def main() -> int:
    args = sys.argv[1:]
    bug = "--bug-at-close" in args
    folder, *answers = [a for a in args if a != "--bug-at-close"]
    application = gui.create_application()
    if bug:
        real = gui.shutdown

        def shutdown(*a: object, **kw: object) -> None:
            real(*a, **kw)  # type: ignore[arg-type]
            raise RuntimeError("bogue injecté à la fermeture")

        gui.shutdown = shutdown  # type: ignore[assignment]

    def tick() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            print("BOX", json.dumps([box.windowTitle(), box.text()]), flush=True)
            name = answers.pop(0) if answers else None
            button = box.findChild(QPushButton, name) if name else None
            (button or box.escapeButton() or box.button(QMessageBox.StandardButton.Ok)).click()
        elif box is None:
            for window in application.topLevelWidgets():
                if isinstance(window, MainWindow) and window.isVisible():
                    lock = resolve_paths(folder).lock_path
                    print("WINDOW", lock.read_text("utf-8") if lock.exists() else "", flush=True)
                    window.close()
        QTimer.singleShot(50, tick)

    QTimer.singleShot(50, tick)
    return gui.run_gui(resolve_paths(folder))


if __name__ == "__main__":
    sys.exit(main())
