"""Keyboard entry like a spreadsheet: typing replaces the cell, Enter goes down, Tab goes
right, Ctrl+V pastes a block copied from a spreadsheet, Ctrl+C copies, Suppr clears."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from chantier_app.ui.hours.grid_model import HoursGridModel
from chantier_app.ui.widgets.header import CompactHeader

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _EnterDelegate(QStyledItemDelegate):
    """Enter in an open editor commits and asks the view to go one row down."""

    enter_pressed = Signal()

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in ENTER_KEYS
        ):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.enter_pressed.emit()
            return True
        return super().eventFilter(editor, event)


class HoursTableView(QTableView):
    pasted = Signal(int, int)  # cells pasted, cells skipped

    def __init__(self, model: HoursGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeader(CompactHeader(self))
        self.setModel(model)
        delegate = _EnterDelegate(self)
        delegate.enter_pressed.connect(self.move_down)
        self.setItemDelegate(delegate)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setTabKeyNavigation(True)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)

    def grid(self) -> HoursGridModel:
        model = self.model()
        assert isinstance(model, HoursGridModel)
        return model

    def move_down(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        below = self.grid().index(current.row() + 1, current.column())
        if below.isValid():
            self.setCurrentIndex(below)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing:
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_clipboard()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                cells = [(i.row(), i.column()) for i in self.selectedIndexes()]
                self.grid().clear(
                    cells or [(self.currentIndex().row(), self.currentIndex().column())]
                )
                return
            if event.key() in ENTER_KEYS:
                self.move_down()
                return
        super().keyPressEvent(event)

    def paste_clipboard(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        text = QGuiApplication.clipboard().text()
        pasted, skipped = self.grid().paste(current.row(), current.column(), text)
        rows = [line for line in text.replace("\r\n", "\n").split("\n") if line != ""]
        width = max((len(line.split("\t")) for line in rows), default=1)
        bottom_right = self.grid().index(
            min(current.row() + len(rows), self.grid().rowCount()) - 1,
            min(current.column() + width, self.grid().columnCount()) - 1,
        )
        if bottom_right.isValid():
            self.selectionModel().select(
                QItemSelection(current, bottom_right),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )
        self.pasted.emit(pasted, skipped)

    def copy_selection(self) -> None:
        indexes = self.selectedIndexes() or [self.currentIndex()]
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        model: Any = self.grid()
        lines = ["\t".join(str(model.index(r, c).data() or "") for c in columns) for r in rows]
        QGuiApplication.clipboard().setText("\n".join(lines))
