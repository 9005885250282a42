"""What the screens remember between sessions (column widths…), in the data folder's
``interface.ini`` beside the window's geometry: per installation, not business data."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QHeaderView, QTableView

from chantier_app.services.context import AppContext


def interface_settings(ctx: AppContext) -> QSettings:
    """The installation's interface settings (the user's profile when there is no folder)."""
    if ctx.paths is None:
        return QSettings()
    return QSettings(str(ctx.paths.settings_path), QSettings.Format.IniFormat)


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
                fitted = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
                self.view.setColumnWidth(column, saved.get(name, fitted))
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
