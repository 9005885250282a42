"""The person's « Heures » tab: their hours month by month, all contracts (read-only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout

from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.fr_format import format_month
from chantier_app.i18n import tr
from chantier_app.services.hours import person as hours_person
from chantier_app.services.hours.person import PersonMonth
from chantier_app.ui.hours.cells import minutes_text
from chantier_app.ui.widgets.parts import PersonTab
from chantier_app.ui.widgets.remembered import fit_columns
from chantier_app.ui.widgets.table import Column, RowTableModel

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext
    from chantier_app.ui.pages import Navigator


def _category(category: HoursCategory) -> Column[PersonMonth]:
    return Column(
        category.label,
        lambda r: minutes_text(r.values.get(category), blank_zero=True),
        sort_key=lambda r: r.values.get(category),
        align_right=True,
        searchable=False,
    )


COLUMNS: list[Column[PersonMonth]] = [
    Column(tr("Mois"), lambda r: format_month(r.month), sort_key=lambda r: r.month),
    Column(tr("Contrat"), lambda r: r.contract_kind),
    *[_category(c) for c in HoursCategory],
    Column(
        tr("Total"),
        lambda r: minutes_text(r.values.total),
        sort_key=lambda r: r.values.total,
        align_right=True,
    ),
    Column(tr("Saisie"), hours_person.source_label),
    Column(tr("Déclaré"), lambda r: tr("oui") if r.declared else ""),
]


class PersonHoursTab(PersonTab):
    loads_when_built = True  # the person's file does not read it twice on first show

    def __init__(self, ctx: AppContext, nav: Navigator, person_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.person_id = person_id
        self.summary = QLabel()
        self.summary.setObjectName("personHoursSummary")
        self.model: RowTableModel[PersonMonth] = RowTableModel(COLUMNS, [], self)
        self.table = QTableView()
        self.table.setObjectName("personHours")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        months = self.ctx.read(hours_person.person_hours, self.person_id)
        self.model.set_rows(months)
        fit_columns(self.table)
        paid = sum(m.values.paid for m in months)
        self.summary.setText(
            tr("{n} mois saisi(s), {hours} h de travail payées au total.").format(
                n=len(months), hours=minutes_text(paid)
            )
            if months
            else tr("Aucune heure saisie pour cette personne.")
        )

    def show_person(self, person_id: int) -> bool:
        """The person's file shows another person: this tab, their data (read now)."""
        self.person_id = person_id
        self.refresh()
        return True
