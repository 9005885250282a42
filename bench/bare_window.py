"""The floor of the start-up benchmark: a bare PySide6 window, started and shown like the app.

Prints READY once the window is shown, painted and the event loop idle, then quits.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Bonjour"))
window.resize(1200, 760)
window.show()


def ready() -> None:
    window.repaint()
    print("READY", flush=True)
    app.quit()


QTimer.singleShot(0, ready)
sys.exit(app.exec())
