"""Answer the modal message boxes the application opens, as a user would click them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget


class Answers:
    """Clicks, in order, the button named in each answer of the next modal boxes.

    An answer is a button object name ("consult", "restore"...) or a standard button.
    ``seen`` keeps (title, text) of every box answered, for the assertions.
    """

    def __init__(self, *answers: str | QMessageBox.StandardButton) -> None:
        self.pending = list(answers)
        self.seen: list[tuple[str, str]] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible() or not self.pending:
            return
        answer = self.pending.pop(0)
        self.seen.append((box.windowTitle(), box.text()))
        if isinstance(answer, str):
            button: QWidget | None = box.findChild(QPushButton, answer)
        else:
            button = box.button(answer)
        assert button is not None, (answer, box.text())
        button.click()  # type: ignore[union-attr]
        if not self.pending:
            self.timer.stop()

    def done(self) -> bool:
        return not self.pending


def run_with(answers: Answers, action: Callable[[], object]) -> object:
    result = action()
    answers.timer.stop()
    return result
