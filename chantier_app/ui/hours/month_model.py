"""The month's grid: one row per contract running that month, checked as it is typed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from PySide6.QtCore import Qt

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.fr_format import format_minutes
from chantier_app.i18n import tr
from chantier_app.services.hours.grid import GridRow, MonthEntry, MonthGrid, checked_month
from chantier_app.ui.hours.grid_model import EditRow, HoursGridModel, Lead

SHORT_KIND = {
    ContractKind.FIRST_HOURS: tr("Premières Heures"),
    ContractKind.CDDI_REMOBILISING: tr("CDDI remobilisant"),
    ContractKind.CDDI_QUALIFYING: tr("CDDI qualifiant"),
}


NAME = Lead(tr("Salarié"), "label")
TEAM = Lead(tr("Équipe"), "team")
CONTRACT = Lead(tr("Contrat"), "contract")
EXPECTED = Lead(tr("Prévu"), "expected", align_right=True)


class MonthGridModel(HoursGridModel):
    """Rows in French order of the names (« ÇELIK » with the C), sortable by any column;
    when several teams are shown, an « Équipe » column and the rows grouped by team."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([NAME, CONTRACT, EXPECTED], parent)
        self.grid: MonthGrid | None = None
        self._source: dict[int, GridRow] = {}
        self._versions: dict[int, int] = {}
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def load(self, grid: MonthGrid) -> None:
        self.grid = grid
        self._source = {row.contract_id: row for row in grid.rows}
        # Each row's version as last loaded or saved (``saved``), sent back with its entry.
        self._versions = {row.contract_id: row.version for row in grid.rows}
        grouped = len({row.team_name for row in grid.rows}) > 1
        self.set_rows(
            [_edit_row(row) for row in grid.rows],
            read_only=grid.locked or not grid.can_edit,
            leads=[NAME, TEAM, CONTRACT, EXPECTED] if grouped else [NAME, CONTRACT, EXPECTED],
        )

    def grouped(self) -> bool:
        return TEAM in self.leads

    def group_column(self) -> int | None:
        return self.leads.index(TEAM) if self.grouped() else None

    def sort_key(self, row: EditRow, column: int) -> Any:
        if column < len(self.leads) and self.leads[column] is EXPECTED:
            return self._source[row.key].expected_minutes
        if column < len(self.leads) and self.leads[column] is TEAM:
            team = self._source[row.key].team_name
            return self.folded(team) if team else "\uffff"  # « Sans équipe » last
        return super().sort_key(row, column)

    def check_rows(self, indexes: Sequence[int] | range) -> None:
        if self.grid is None:
            return
        for index in indexes:
            row = self.rows[index]
            source = self._source[row.key]
            row.violations = checked_month(
                source.terms,
                self.grid.month,
                row.values,
                self.grid.holidays,
                month_over=self.grid.month_over,
                frame=source.frame,
            )

    def entries(self) -> list[MonthEntry]:
        """The changed rows, as the service takes them (minutes, or the text of a bad cell)."""
        entries = []
        for row in self.changed_rows():
            values: dict[HoursCategory, str | int | None] = dict(row.values.as_dict())
            for category, (text, _message) in row.invalid.items():
                values[category] = text
            entries.append(MonthEntry(row.key, values, self._versions[row.key]))
        return entries

    def saved(self, versions: Mapping[int, int]) -> None:
        """The rows just saved are at these versions: the next save compares with them."""
        self._versions.update((key, v) for key, v in versions.items() if key in self._source)
        self.accept_as_saved()

    def source(self, row: int) -> GridRow | None:
        return self._source.get(self.rows[row].key) if 0 <= row < len(self.rows) else None


ALL_CATEGORIES = frozenset(HoursCategory)  # iterating the enum for each row is slow


def _edit_row(row: GridRow) -> EditRow:
    editable = ALL_CATEGORIES
    note = ""
    if row.from_daily:
        editable = frozenset()
        note = tr("Saisi par feuille d'émargement : ouvrez la feuille du mois pour modifier.")
    elif row.training_from_attendance:
        editable = editable - {HoursCategory.TRAINING}
        note = tr("Heures de formation issues des présences enregistrées en formation.")
    return EditRow(
        key=row.contract_id,
        label=row.person_name,
        values=row.values,
        original=row.values,  # as __post_init__ would: no empty HoursValues made per row
        editable=editable,
        note=note,
        extra={
            "team": row.team_name or tr("Sans équipe"),
            "contract": SHORT_KIND[row.kind],
            "expected": _expected_text(row.expected_minutes),
        },
    )


@lru_cache(maxsize=4096)  # a month's rows share a few dozen expected hours
def _expected_text(minutes: int) -> str:
    return format_minutes(minutes, unit=False) if minutes else ""
