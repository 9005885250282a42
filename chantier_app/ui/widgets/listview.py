"""A sortable, searchable list of view rows: the shared RowTableModel and RowFilterProxy in a view."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from chantier_app.ui.widgets.table import Column, RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy

T = TypeVar("T")


def _identity(row: object) -> object:
    """What stays the same when a row is reloaded with new values: its kind and id."""
    ident = getattr(row, "ref_id", getattr(row, "id", None))
    return row if ident is None else (type(row).__name__, getattr(row, "kind", None), ident)


class ListView(QTableView, Generic[T]):
    """Rows chosen with the mouse or the keyboard; Enter or a double click « opens » one."""

    row_activated = Signal(object)
    max_column_width = 240
    # Columns fit the first rows shown, not Qt's 1,000: it asks every cell of them for eight
    # roles, through Python, before the window shows. The dashboard's to-do list (483 rows
    # on 5,000 people) spent 30 ms of the start-up there, 1,000 rows at ten times the data
    # (issue 22). A longer text further down is elided, as one wider than 240 px already is.
    fit_rows = 100

    def __init__(
        self, columns: Sequence[Column[T]], name: str, widths: Sequence[int] | None = None
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.widths = list(widths or [])  # fixed widths of the first columns, else by content
        # Most of these lists have no search box: their texts are folded on the first search.
        self.model_: RowTableModel[T] = RowTableModel(columns, parent=self, search_when_asked=True)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model_)
        self.setModel(self.proxy)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt starts descending
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(self.fit_rows)
        self.doubleClicked.connect(self._activate)

    def set_rows(self, rows: Sequence[T]) -> None:
        kept = self.selected()
        self.model_.set_rows(rows)
        if self.widths:
            for column, width in enumerate(self.widths):
                self.setColumnWidth(column, width)
        else:
            self.resizeColumnsToContents()
            for column in range(self.model_.columnCount() - 1):
                self.setColumnWidth(column, min(self.columnWidth(column), self.max_column_width))
            self._fit_last_column()
        if kept is not None:
            same = next((r for r in rows if _identity(r) == _identity(kept)), None)
            if same is not None:
                self.select_row(same)

    def _fit_last_column(self) -> None:
        """The stretched last column gets what is left, else Qt's 100 px: at 1280×720 that
        cut « Certification visée ». Its own width first, then stretched over any room left
        (a horizontal scroll bar where there is none). The last one shown: Qt stretches it
        when the model's last is hidden (the trainings' « Annulation » until asked for)."""
        last = next(
            (c for c in reversed(range(self.model_.columnCount())) if not self.isColumnHidden(c)),
            -1,
        )
        if last < 0:
            return
        header = self.horizontalHeader()
        width = max(self.sizeHintForColumn(last), header.sectionSizeHint(last))
        header.setStretchLastSection(False)
        self.setColumnWidth(last, min(width, self.max_column_width))
        header.setStretchLastSection(True)

    def rows(self) -> list[T]:
        """The rows shown, in the order shown (after filters and sorting)."""
        return [
            self.model_.row(self.proxy.source_row(self.proxy.index(i, 0)))
            for i in range(self.proxy.rowCount())
        ]

    def selected(self) -> T | None:
        indexes = self.selectionModel().selectedRows() if self.selectionModel() else []
        if not indexes:
            return None
        return self.model_.row(self.proxy.source_row(indexes[0]))

    def select_row(self, row: Any) -> None:
        for position, shown in enumerate(self.rows()):
            if shown == row:
                self.selectRow(position)
                return

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.row_activated.emit(self.model_.row(self.proxy.source_row(index)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
            return
        super().keyPressEvent(event)
