"""What the screens remember between sessions (column widths…), in the data folder's
``interface.ini`` beside the window's geometry: per installation, not business data."""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from chantier_app.services.context import AppContext


def interface_settings(ctx: AppContext) -> QSettings:
    """The installation's interface settings (the user's profile when there is no folder)."""
    if ctx.paths is None:
        return QSettings()
    return QSettings(str(ctx.paths.settings_path), QSettings.Format.IniFormat)


@runtime_checkable
class ColumnTexts(Protocol):
    """A model that hands a column's texts at once: its widths are fitted without Qt asking
    every cell for every role (``sizeHintForColumn``: 31,000 calls of ``data`` for a month's
    grid of 329 contracts, 0.36 s of CPU under load, nine tenths of the grid's load)."""

    def column_texts(self, column: int) -> Sequence[tuple[str, bool]]:
        """Each row's display text in ``column`` and whether its font is bold."""
        ...


# Candidates kept within this many pixels of the widest text (measured with the view's font
# metrics): the delegate's own measure (a text layout, rounded) may order them otherwise.
SLACK = 4
# Per view, what ``fitted_width`` measured of a text in a font, bold or not: the advance and
# the delegate's width hint. A grid reloaded or saved shows mostly the texts it showed
# (329 names and a few hundred hours: 1.2 ms of advances and 56 size hints a load). Keyed by
# the font, so a view given another font measures again; emptied when it grows large.
_MEASURED: weakref.WeakKeyDictionary[QTableView, dict[tuple[str, str, bool], list[int]]] = (
    weakref.WeakKeyDictionary()
)
_MEASURED_MAX = 20_000


def fitted_width(view: QTableView, column: int) -> int:
    """What ``view.sizeHintForColumn(column)`` answers, asking the delegate's size hint only
    for the texts that can be the widest (a cell's width hint depends on its text and font
    alone here: no icon, no check box, no span, no persistent editor).

    Every row counts, where Qt stops after ``resizeContentsPrecision`` rows (1,000): the
    names of a grid of more contracts still show whole."""
    model = view.model()
    if (
        not isinstance(model, ColumnTexts)
        or view.state() == QAbstractItemView.State.EditingState
        or view.verticalHeader().hiddenSectionCount()
    ):
        return view.sizeHintForColumn(column)
    first_row: dict[tuple[str, bool], int] = {}
    for row, cell in enumerate(model.column_texts(column)):
        first_row.setdefault(cell, row)
    measured = _MEASURED.setdefault(view, {})
    if len(measured) > _MEASURED_MAX:
        measured.clear()
    font = view.font().key()
    known = {cell: measured.get((font, *cell)) for cell in first_row}  # [advance, hint]
    unknown = [cell for cell, found in known.items() if found is None]
    if unknown:
        plain = view.fontMetrics()
        bold_font = QFont(view.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        for cell in unknown:
            known[cell] = measured[(font, *cell)] = [
                (bold if cell[1] else plain).horizontalAdvance(cell[0]),
                -1,  # the hint: asked when the text can be the widest
            ]
    hint = 0
    for is_bold in (False, True):
        group = [found for cell, found in known.items() if cell[1] is is_bold]
        if not group:
            continue
        widest = max(found[0] for found in group)
        for cell, found in known.items():
            if cell[1] is is_bold and found[0] >= widest - SLACK:
                if found[1] < 0:
                    index = model.index(first_row[cell], column)
                    found[1] = view.sizeHintForIndex(index).width()
                hint = max(hint, found[1])
    return hint + 1 if view.showGrid() else hint  # as Qt: the grid line's pixel


def fit_columns(view: QTableView) -> None:
    """What ``view.resizeColumnsToContents()`` does, each column's cells measured by
    ``fitted_width``: the hours of a person's file (15 columns, a row a month) took 2.7 ms
    of CPU a file with Qt asking every cell for every role. A model that cannot hand its
    texts (``ColumnTexts``) is left to Qt."""
    header = view.horizontalHeader()
    model = view.model()
    if not isinstance(model, ColumnTexts) or header.stretchLastSection():
        view.resizeColumnsToContents()  # Qt stretches the last section its own way
        return
    for column in range(model.columnCount()):  # type: ignore[attr-defined]
        if header.isSectionHidden(column):
            continue
        width = fitted_width(view, column)
        if not header.isHidden():
            width = max(width, header.sectionSizeHint(column))
        header.resizeSection(
            column, max(header.minimumSectionSize(), min(width, header.maximumSectionSize()))
        )


class RememberedWidths:
    """A table's column widths: fitted to their content (headers and cells, so names show
    whole), then as the user last left them. Columns are remembered by name, so a column
    shown only sometimes (« Équipe ») does not shift the others' widths."""

    def __init__(
        self,
        view: QTableView,
        settings: QSettings,
        key: str,
        names: Callable[[], Sequence[str]],
    ) -> None:
        self.view = view
        self.settings = settings
        self.key = key
        self.names = names
        self._applying = False
        view.horizontalHeader().sectionResized.connect(self._resized)
        # The sorted column asks room for its arrow (CompactHeader): fitted widths move.
        view.horizontalHeader().sortIndicatorChanged.connect(lambda *_: self.apply())

    def saved(self) -> dict[str, int]:
        raw = self.settings.value(self.key, "", type=str)
        try:
            found = json.loads(raw) if raw else {}
        except ValueError:  # a hand-edited file: fitted widths again
            return {}
        if not isinstance(found, dict):
            return {}
        return {str(k): int(v) for k, v in found.items() if isinstance(v, int) and v > 0}

    def apply(self) -> None:
        """Each column at its remembered width, or fitted to its content."""
        header = self.view.horizontalHeader()
        saved = self.saved()
        self._applying = True
        try:
            for column, name in enumerate(self.names()):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                if name in saved:
                    self.view.setColumnWidth(column, saved[name])
                    continue
                fitted = max(fitted_width(self.view, column), header.sectionSizeHint(column))
                self.view.setColumnWidth(column, fitted)
        finally:
            self._applying = False

    def _resized(self, column: int, _old: int, new: int) -> None:
        if self._applying:
            return
        names = self.names()
        if not 0 <= column < len(names) or new <= 0:
            return
        widths = self.saved()
        widths[names[column]] = new
        self.settings.setValue(self.key, json.dumps(widths, sort_keys=True))
