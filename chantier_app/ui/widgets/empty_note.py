"""What an empty list says: what to do for it to fill, with buttons that go and do it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton


class EmptyNote(QFrame):
    """Shown above a list while it holds nothing at all (a filter that hides every row is
    not « empty »: its count says so)."""

    def __init__(self, text: str, actions: Sequence[tuple[str, Callable[[], None]]]) -> None:
        super().__init__()
        self.setObjectName("emptyNote")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.buttons: list[QPushButton] = []
        for title, slot in actions:
            button = QPushButton(title)
            button.clicked.connect(lambda _=False, s=slot: s())
            layout.addWidget(button)
            self.buttons.append(button)
        self.hide()
