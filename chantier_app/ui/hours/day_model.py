"""A sign-in sheet: one row per day of the month, each day and week checked, the month summed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.fr_format import SHORT_WEEKDAYS
from chantier_app.domain.hours_rules import HoursValues, check_days
from chantier_app.i18n import tr
from chantier_app.services.hours.daily import DaySheet
from chantier_app.ui.hours.grid_model import EditRow, HoursGridModel, Lead


class DaySheetModel(HoursGridModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([Lead(tr("Jour"), "label")], parent)
        self.name_rows = False
        self.sheet: DaySheet | None = None

    def load(self, sheet: DaySheet) -> None:
        self.sheet = sheet
        rows = []
        for day in sheet.days:
            terms = sheet.terms
            editable = frozenset(HoursCategory)
            notes = []
            if not terms.active_on(day.day):
                editable, notes = frozenset(), [tr("Hors des dates du contrat.")]
            elif (suspension := terms.suspension_on(day.day)) is not None:
                editable = frozenset({HoursCategory.PMSMP}) if suspension.pmsmp else frozenset()
                notes = [tr("Contrat suspendu ce jour-là.")]
            if day.training_from_attendance:
                editable = editable - {HoursCategory.TRAINING}
                notes.append(tr("Formation : heures issues des présences en formation."))
            label = f"{SHORT_WEEKDAYS[day.day.weekday()]} {day.day:%d/%m}"
            if day.holiday:
                label += tr(" (férié)")
            rows.append(EditRow(day.day, label, day.values, editable, " ".join(notes)))
        self.set_rows(rows, read_only=sheet.locked)

    def check_rows(self, indexes: Sequence[int] | range) -> None:
        if self.sheet is None:
            return
        values: dict[Any, HoursValues] = {row.key: row.values for row in self.rows}
        found = check_days(self.sheet.terms, self.sheet.month, values, self.sheet.holidays)
        for row in self.rows:
            row.violations = list(found.get(row.key, []))
        self.footer_violations = list(found.get(None, []))

    def days(self) -> dict[Any, dict[HoursCategory, str | int | None]]:
        """Every day, as the service takes them (minutes, or the text of a bad cell)."""
        result: dict[Any, dict[HoursCategory, str | int | None]] = {}
        for row in self.rows:
            values: dict[HoursCategory, str | int | None] = dict(row.values.as_dict())
            for category, (text, _message) in row.invalid.items():
                values[category] = text
            result[row.key] = values
        return result
