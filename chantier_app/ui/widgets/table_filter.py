"""The filter over a ``RowTableModel``: search words and named predicates, one frame a key.

A proxy written for the shared list model rather than Qt's QSortFilterProxyModel, which
calls Python once per source row at every change (5,000 calls a keystroke on the people
list) and announces each removed range separately. Here the rows shown are one list of
source rows computed in Python, narrowed as the user types (and remembered for Backspace),
and a change is one ``layoutChanged`` that keeps the selection on the same rows. A view
asks the cells' texts straight from the model's cache, without source indexes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from chantier_app.domain.fr_format import fold
from chantier_app.ui.widgets.signals import emit
from chantier_app.ui.widgets.table import ROLES, RowTableModel

Index = QModelIndex | QPersistentModelIndex
_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
_CACHED_SEARCHES = 64


class RowFilterProxy(QAbstractProxyModel):
    """Filtering by search words and predicates; sorting delegated to the source model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._predicates: dict[str, Callable[[Any], bool]] = {}
        self._shown: list[int] | None = None  # source rows shown, ascending; None: all
        # Asked thousands of times a paint: kept as plain attributes, not asked of Qt.
        self._source: RowTableModel[Any] | None = None
        self._rows = 0
        self._columns = 0
        # Caches of the current rows (emptied when the rows change): the predicates' verdict
        # per row, and the rows matching each recent search (typing narrows the last one).
        self._predicate_ok: list[bool] | None = None
        self._matches: dict[tuple[str, ...], list[int]] = {}
        self._saved: list[tuple[QPersistentModelIndex, Any]] = []
        self._connections: list[tuple[Any, Callable[..., Any]]] = []

    # Source ------------------------------------------------------------------------------
    def setSourceModel(self, model: Any) -> None:
        self.beginResetModel()
        for signal, slot in self._connections:
            signal.disconnect(slot)
        super().setSourceModel(model)
        self._source = model
        self._connections = [
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._source_reset),
            (model.layoutAboutToBeChanged, self._source_layout_about_to_change),
            (model.layoutChanged, self._source_layout_changed),
            (model.dataChanged, self._source_data_changed),
            (model.headerDataChanged, self.headerDataChanged),
        ]
        for about, done in (
            (model.rowsAboutToBeInserted, model.rowsInserted),
            (model.rowsAboutToBeRemoved, model.rowsRemoved),
            (model.columnsAboutToBeInserted, model.columnsInserted),
            (model.columnsAboutToBeRemoved, model.columnsRemoved),
        ):
            self._connections += [(about, self.beginResetModel), (done, self._source_reset)]
        for signal, slot in self._connections:
            signal.connect(slot)
        self._forget_rows()
        self._show(self._compute())
        self.endResetModel()

    def _model(self) -> RowTableModel[Any]:
        assert self._source is not None
        return self._source

    def _show(self, shown: list[int] | None) -> None:
        self._shown = shown
        model = self._model()
        self._rows = model.rowCount() if shown is None else len(shown)
        self._columns = model.columnCount()

    def _forget_rows(self) -> None:
        self._predicate_ok = None
        self._matches.clear()

    def _source_reset(self) -> None:
        self._forget_rows()
        self._show(self._compute())
        self.endResetModel()

    def _source_layout_about_to_change(self) -> None:
        """The model reorders its rows (a sort): remember which row each selection holds."""
        emit(self, "layoutAboutToBeChanged")
        model = self._model()
        self._saved = [
            (QPersistentModelIndex(p), model.row(self._source_of(p.row())))
            for p in self.persistentIndexList()
            if p.isValid()
        ]

    def _source_layout_changed(self) -> None:
        self._forget_rows()
        self._show(self._compute())
        position = {id(row): index for index, row in enumerate(self._model().rows())}
        old = [p for p, _ in self._saved]
        new = []
        for persistent, row in self._saved:
            source = position.get(id(row))
            proxy_row = -1 if source is None else self._proxy_of(source)
            new.append(
                self.index(proxy_row, persistent.column()) if proxy_row >= 0 else QModelIndex()
            )
        self.changePersistentIndexList([QModelIndex(p) for p in old], new)
        self._saved = []
        emit(self, "layoutChanged")

    def _source_data_changed(self) -> None:
        """The rows' contents changed in place (the shared model never does it): read anew."""
        self.beginResetModel()
        self._source_reset()

    # Filtering -------------------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        words = fold(text).split()
        if words != self._words:
            self._words = words
            self._refilter()

    def set_predicate(self, name: str, predicate: Callable[[Any], bool] | None) -> None:
        """A named filter (e.g. « équipe »); None removes it."""
        if predicate is None:
            self._predicates.pop(name, None)
        else:
            self._predicates[name] = predicate
        self._predicate_ok = None
        self._refilter()

    def _refilter(self) -> None:
        if self._source is None:
            return
        shown = self._compute()
        if shown == self._shown:
            return
        emit(self, "layoutAboutToBeChanged")
        persistent = self.persistentIndexList()
        sources = [self._source_of(p.row()) if p.isValid() else -1 for p in persistent]
        self._show(shown)
        moved = []
        for p, source in zip(persistent, sources, strict=True):
            proxy_row = self._proxy_of(source) if source >= 0 else -1
            moved.append(self.index(proxy_row, p.column()) if proxy_row >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        emit(self, "layoutChanged")

    def _compute(self) -> list[int] | None:
        model = self._model()
        predicates = list(self._predicates.values())
        if predicates and self._predicate_ok is None:
            self._predicate_ok = [all(p(row) for p in predicates) for row in model.rows()]
        allowed = self._predicate_ok if predicates else None
        if not self._words:
            if allowed is None:
                return None
            return [i for i, ok in enumerate(allowed) if ok]
        matching = self._matching(model.search_texts())
        if allowed is None:
            return matching
        return [i for i in matching if allowed[i]]

    def _matching(self, texts: list[str]) -> list[int]:
        """Rows whose text holds every word. A search that only adds letters to a recent one
        looks among that one's matches, and going back (Backspace) finds it in the cache."""
        key = tuple(self._words)
        found = self._matches.get(key)
        if found is not None:
            return found
        candidates: Sequence[int] = range(len(texts))
        for earlier, matches in self._matches.items():
            narrower = all(any(old in new for new in key) for old in earlier)
            if narrower and len(matches) < len(candidates):
                candidates = matches
        for word in key:
            candidates = [i for i in candidates if word in texts[i]]
        if len(self._matches) >= _CACHED_SEARCHES:
            self._matches.clear()
        self._matches[key] = list(candidates)
        return self._matches[key]

    # Mapping -------------------------------------------------------------------------------
    def _source_of(self, proxy_row: int) -> int:
        return proxy_row if self._shown is None else self._shown[proxy_row]

    def _proxy_of(self, source_row: int) -> int:
        if self._shown is None:
            return source_row
        position = bisect_left(self._shown, source_row)
        found = position < len(self._shown) and self._shown[position] == source_row
        return position if found else -1

    def source_row(self, proxy_index: QModelIndex) -> int:
        return self.mapToSource(proxy_index).row()

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if self._source is None or not proxy_index.isValid():
            return QModelIndex()
        return self._source.index(self._source_of(proxy_index.row()), proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        proxy_row = self._proxy_of(source_index.row())
        return self.index(proxy_row, source_index.column()) if proxy_row >= 0 else QModelIndex()

    # Qt interface ------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not (0 <= row < self._rows and 0 <= column < self._columns) or parent.isValid():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, _index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, _index: Index) -> QModelIndex:
        return self.index(row, column)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else self._columns

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or self._source is None:
            return None
        row = index.row()
        if not 0 <= row < self._rows:
            return None
        source_row = row if self._shown is None else self._shown[row]
        return self._source.cell(source_row, index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        model = self._source
        if model is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        return model.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The header asks the proxy; the model sorts itself (see ``table``'s docstring)."""
        if self._source is not None:
            self._source.sort(column, order)
