"""Lists of plain rows (dataclasses) shown in a QTableView: one model, one proxy, everywhere.

``RowTableModel`` shows rows described by ``Column``s; ``RowFilterProxy`` filters them by
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
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from chantier_app.domain.fr_format import fold

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column(Generic[T]):
    title: str
    display: Callable[[T], object]
    sort_key: Callable[[T], object] | None = None  # defaults to the display value
    align_right: bool = False
    tooltip: Callable[[T], str | None] | None = None
    searchable: bool = True  # part of the text the search box looks into
    foreground: Callable[[T], Any] | None = None  # a QColor/QBrush, e.g. red for an alert


class RowTableModel(QAbstractTableModel, Generic[T]):
    """Read-only table over a list of rows. ``set_rows`` replaces them all."""

    def __init__(self, columns: Sequence[Column[T]], rows: Sequence[T] = (), parent: Any = None):
        super().__init__(parent)
        self.columns = list(columns)
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None
        self._rows: list[T] = []
        self._search_texts: list[str] = []
        self.set_rows(rows)

    # Data ----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._search_texts = [self._search_text(row) for row in self._rows]
        if self._sorted_by is not None:
            self._apply_sort(*self._sorted_by)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by ``column`` (keys computed once per row, in Python)."""
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._apply_sort(column, order)
        self.layoutChanged.emit()

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
        self._search_texts = [self._search_texts[i] for i in ordering]

    def rows(self) -> list[T]:
        return list(self._rows)

    def row(self, source_row: int) -> T:
        return self._rows[source_row]

    def search_texts(self) -> list[str]:
        return self._search_texts

    def _search_text(self, row: T) -> str:
        parts = (str(c.display(row) or "") for c in self.columns if c.searchable)
        return fold(" ".join(parts))

    # Qt interface -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.display(row)
            return "" if value is None else str(value)
        if role == SORT_ROLE:
            key = column.sort_key(row) if column.sort_key else column.display(row)
            return _sortable(key)
        if role == ROW_ROLE:
            return index.row()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            return column.foreground(row)
        return None

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


class RowFilterProxy(QSortFilterProxyModel):
    """Filtering by search words and predicates; sorting delegated to the source model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)
        self._words: list[str] = []
        self._predicates: dict[str, Callable[[Any], bool]] = {}
        self._accepted: list[bool] | None = None

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._recompute)
        model.layoutChanged.connect(self._recompute)
        self._recompute()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header asks the proxy; the model sorts itself (see the module's docstring)."""
        model = self.sourceModel()
        if isinstance(model, RowTableModel):
            model.sort(column, order)

    def set_search(self, text: str) -> None:
        words = fold(text).split()
        if words != self._words:
            self._words = words
            self._recompute()

    def set_predicate(self, name: str, predicate: Callable[[Any], bool] | None) -> None:
        """A named filter (e.g. « équipe »); None removes it."""
        if predicate is None:
            self._predicates.pop(name, None)
        else:
            self._predicates[name] = predicate
        self._recompute()

    def _recompute(self) -> None:
        model = self.sourceModel()
        if not isinstance(model, RowTableModel):
            return
        self._begin_filter_change()
        texts = model.search_texts()
        words = self._words
        predicates = list(self._predicates.values())
        if not words and not predicates:
            self._accepted = None
        else:
            rows = model.rows()
            self._accepted = [
                all(w in text for w in words) and all(p(row) for p in predicates)
                for text, row in zip(texts, rows, strict=True)
            ]
        self._end_filter_change()

    # Qt 6.9 replaced invalidateRowsFilter() by a begin/end pair.
    def _begin_filter_change(self) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()

    def _end_filter_change(self) -> None:
        if hasattr(self, "endFilterChange"):
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, _parent: Index) -> bool:
        # Qt asks during a model reset, before _recompute has seen the new rows.
        accepted = self._accepted
        return accepted is None or (source_row < len(accepted) and accepted[source_row])

    def source_row(self, proxy_index: QModelIndex) -> int:
        return self.mapToSource(proxy_index).row()
