"""Dashboard panel: this year's FTE consumed against the convention, with the projection."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from chantier_app.i18n import tr
from chantier_app.services.roles_matrix import Permission, allowed

if TYPE_CHECKING:
    from chantier_app.services.context import AppContext
    from chantier_app.services.dashboard.figures import FteReport
    from chantier_app.ui.pages import Navigator


class FtePanel(QGroupBox):
    def __init__(self, ctx: AppContext, nav: Navigator, year: int | None = None) -> None:
        from chantier_app.ui.hours.fte_chart import FteChart

        super().__init__(tr("ETP conventionnés et consommés"))
        self.setObjectName("ftePanel")
        self.ctx = ctx
        self.year = year or dt.date.today().year
        self.chart = FteChart()
        self.chart.setMinimumHeight(300)
        self.summary = QLabel()
        self.summary.setObjectName("fteSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.summary)

    def refresh(self) -> None:
        from chantier_app.services.hours import fte

        if not allowed(self.ctx.actor, Permission.FIGURES_VIEW):  # an encadrant
            self.hide()
            return
        self._display(self.ctx.read(fte.fte_report, self.year))

    def show_first_screen(self, first) -> None:  # type: ignore[no-untyped-def]
        if first.fte is None or self.year != first.today.year:
            self.refresh()
        else:
            self._display(first.fte)

    def _display(self, report: FteReport) -> None:
        from chantier_app.ui.hours.fte_chart import summary_text

        self.chart.set_report(report)
        self.summary.setText(summary_text(report.fte))


def fte_panel(ctx: AppContext, nav: Navigator) -> QWidget:
    return FtePanel(ctx, nav)
