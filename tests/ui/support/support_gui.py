"""Helpers of the support GUI tests: a navigator that records, modal dialogs, clicking rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QTableView

TODAY = dt.date(2026, 4, 1)


@dataclass
class RecordingNav:
    """Stands for the main window: remembers where the user was sent."""

    opened: list[tuple[int, str | None]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def show_page(self, key: str) -> None:
        self.pages.append(key)

    def open_person(self, person_id: int, tab: str | None = None) -> None:
        self.opened.append((person_id, tab))


def on_next_dialog(handler: Callable[[QDialog], None]) -> None:
    """Run ``handler`` on the modal dialog about to open (as the user would act in it).

    Whatever happens in the handler, the dialog does not stay open: a failed assertion
    closes it and is reported by pytest-qt instead of hanging the test.
    """

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog), "no dialog opened"
        try:
            handler(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, act)


def click_row(qtbot, view: QTableView, row: int, *, double: bool = False) -> None:
    rect = view.visualRect(view.model().index(row, 0))
    # A double click on an item view is a press first: QTest's double click alone is ignored.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def row_of(view, text: str) -> int:
    """The position of the first shown row whose cells contain ``text``."""
    model = view.model()
    for row in range(model.rowCount()):
        cells = [str(model.index(row, c).data()) for c in range(model.columnCount())]
        if any(text in cell for cell in cells):
            return row
    raise AssertionError(
        f"{text!r} not in the list: {[model.index(r, 2).data() for r in range(model.rowCount())]}"
    )
