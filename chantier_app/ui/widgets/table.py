"""Lists of plain rows (dataclasses) shown in a QTableView: one model, one proxy, everywhere.

``RowTableModel`` shows rows described by ``Column``s; ``table_filter.RowFilterProxy`` filters them by
accent-insensitive search words plus optional predicates. Qt's proxy would call Python
for every comparison when sorting (100,000 calls for 5,000 rows) and for every row when
filtering, so both are computed in one Python pass over precomputed keys and texts: the
proxy forwards ``sort`` to the model, which reorders its rows, and filtering reads a
precomputed list. A keystroke in the search box stays well under a frame on 5,000 rows.
The sort role (numbers and dates sort as such) stays available for other views.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QTableView

from chantier_app.domain.fr_format import fold
from chantier_app.ui.widgets.signals import emit

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
# A view asks each visible cell for a dozen roles at every paint: answered from plain ints.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
ROLES = frozenset({_DISPLAY, _ALIGNMENT, _TOOLTIP, _FOREGROUND, int(SORT_ROLE), int(ROW_ROLE)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    display: Callable[[T], object]
    sort_key: Callable[[T], object] | None = None  # defaults to the display value
    align_right: bool = False
    tooltip: Callable[[T], str | None] | None = None
    searchable: bool = True  # part of the text the search box looks into
    foreground: Callable[[T], Any] | None = None  # a QColor/QBrush, e.g. red for an alert
    # More text the search box finds the row by (« 999992612345 » for « 99999 26 12345 »).
    search: Callable[[T], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Read-only table over a list of rows. ``set_rows`` replaces them all."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        rows: Sequence[T] = (),
        parent: Any = None,
        *,
        search_when_asked: bool = False,
    ):
        """``search_when_asked``: the rows' search texts are made at the first search rather
        than with the rows (lists seldom searched, such as those of a person's file, whose
        folded texts were 7 % of the file's opening in a profile)."""
        super().__init__(parent)
        self.columns = list(columns)
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._rows: list[T] = []
        self._search_when_asked = search_when_asked
        self._search_texts: list[str] | None = []
        self._texts: list[tuple[str, ...] | None] = []  # displayed texts, made on first paint
        self.set_rows(rows)

    # Data ----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search_texts = None if self._search_when_asked else self._make_search_texts()
        self._texts = [None] * len(self._rows)
        if self._sorted_by is not None:
            self._apply_sort(*self._sorted_by)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by ``column`` (keys computed once per row, in Python)."""
        if not 0 <= column < len(self.columns):
            return
        emit(self, "layoutAboutToBeChanged")
        self._apply_sort(column, order)
        emit(self, "layoutChanged")

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        self._sorted_by = (column, order)
        key_of = self.columns[column].sort_key or self.columns[column].display
        keys = [_sort_tuple(key_of(row)) for row in self._rows]
        ordering = sorted(
            range(len(self._rows)),
            key=keys.__getitem__,
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [self._rows[i] for i in ordering]
        if self._search_texts is not None:
            self._search_texts = [self._search_texts[i] for i in ordering]
        self._texts = [self._texts[i] for i in ordering]

    def rows(self) -> list[T]:
        return list(self._rows)

    def row(self, source_row: int) -> T:
        return self._rows[source_row]

    def search_texts(self) -> list[str]:
        if self._search_texts is None:
            self._search_texts = self._make_search_texts()
        return self._search_texts

    def _make_search_texts(self) -> list[str]:
        return [self._search_text(row) for row in self._rows]

    def _search_text(self, row: T) -> str:
        parts = [str(c.display(row) or "") for c in self.columns if c.searchable]
        parts += [c.search(row) for c in self.columns if c.search is not None]
        return fold(" ".join(parts))

    # Qt interface -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES:
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, number: int, column_number: int, role: int) -> Any:
        """What ``data`` answers, by row and column numbers (the filter asks this directly)."""
        if not (0 <= number < len(self._rows) and 0 <= column_number < len(self.columns)):
            return None
        if role == _DISPLAY:
            texts = self._texts[number]
            if texts is None:
                texts = self._texts[number] = self._display_texts(self._rows[number])
            return texts[column_number]
        row = self._rows[number]
        column = self.columns[column_number]
        if role == SORT_ROLE:
            key = column.sort_key(row) if column.sort_key else column.display(row)
            return _sortable(key)
        if role == ROW_ROLE:
            return number
        if role == _ALIGNMENT and column.align_right:
            return _RIGHT
        if role == _TOOLTIP and column.tooltip:
            return column.tooltip(row)
        if role == _FOREGROUND and column.foreground:
            return column.foreground(row)
        return None

    def column_texts(self, column: int) -> list[tuple[str, bool]]:
        """Each row's text in ``column``, as ``data`` shows it (never bold): the column is
        fitted to them without Qt asking every cell for every role (``fit_columns``)."""
        texts = self._texts
        for number, row in enumerate(self._rows):
            if texts[number] is None:
                texts[number] = self._display_texts(row)
        return [(cells[column], False) for cells in texts]  # type: ignore[index]

    def _display_texts(self, row: T) -> tuple[str, ...]:
        values = (column.display(row) for column in self.columns)
        return tuple("" if value is None else str(value) for value in values)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None


def _sort_tuple(key: object) -> tuple[int, Any]:
    """A key Python can compare whatever the column holds; empty values first."""
    if key is None or key == "":
        return (0, "")
    if isinstance(key, bool | int | float):
        return (1, key)
    if hasattr(key, "isoformat"):
        return (2, key.isoformat())  # type: ignore[attr-defined]
    return (3, fold(str(key)))


def _sortable(key: object) -> Any:
    """Qt compares ints, floats and strings natively; dates as ISO text, None first."""
    if key is None:
        return ""
    if isinstance(key, bool):
        return int(key)
    if isinstance(key, int | float):
        return key
    if hasattr(key, "isoformat"):
        return key.isoformat()  # type: ignore[no-any-return]
    if isinstance(key, str):
        return fold(key)
    return str(key)


def table_view(name: str, model: QAbstractItemModel) -> QTableView:
    """A plain list: whole rows selected one at a time, sorted by a click on a header (by
    the first column, ascending, to start)."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    # Columns as wide as their title and cells once the rows are in (the 100 px Qt gives
    # them cut « Contrat habituel », « ETP conventionnés »); the user may resize them after.
    model.modelReset.connect(view.resizeColumnsToContents)
    view.resizeColumnsToContents()
    return view
