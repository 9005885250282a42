"""The figures of the moment: people, contracts, hours and FTE since January."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.dashboard.figures import Overview
from chantier_app.ui.format import format_minutes, format_number
from chantier_app.ui.pages import Navigator


class OverviewPanel(QGroupBox):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__(tr("En ce moment"))
        self.ctx = ctx
        form = QFormLayout(self)
        self.people = QLabel()
        self.contracts = QLabel()
        self.hours = QLabel()
        self.fte = QLabel()
        form.addRow(tr("Salariés en contrat :"), self.people)
        form.addRow(tr("Contrats en cours :"), self.contracts)
        form.addRow(tr("Heures de travail enregistrées depuis le 1er janvier :"), self.hours)
        # Everything recorded so far, the month under way's training days included; the FTE
        # chart stops at the last month whose hours were typed.
        form.addRow(tr("Soit, en ETP :"), self.fte)

    def refresh(self) -> None:
        from chantier_app.services.dashboard import home as dashboard

        self.show(self.ctx.read(dashboard.overview))

    def show_first_screen(self, first) -> None:  # type: ignore[no-untyped-def]
        self.show(first.overview)

    def show(self, data: Overview) -> None:
        self.people.setText(str(data.people_active))
        self.contracts.setText(str(data.contracts_in_force))
        self.hours.setText(format_minutes(data.paid_minutes_this_year))
        self.fte.setText(format_number(data.fte_this_year, 2))
