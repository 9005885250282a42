"""Dashboard panel: the year's exits by category and the sorties dynamiques rate."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox

from chantier_app.domain.codes.exit_reasons import ExitCategory
from chantier_app.domain.fr_format import format_date, format_number
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.dashboard.figures import ExitsSummary
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.pages import Navigator


class ExitsPanel(QGroupBox):
    def __init__(self, ctx: AppContext, nav: Navigator, today: dt.date | None = None) -> None:
        super().__init__(tr("Sorties de l'année"))
        self.ctx = ctx
        self._today = today
        form = QFormLayout(self)
        self.year = QSpinBox()
        self.year.setObjectName("exits_year")
        self.year.setRange(2000, 2100)
        self.year.setValue((today or dt.date.today()).year)
        self.year.valueChanged.connect(self.refresh)
        form.addRow(tr("Année :"), self.year)
        self.period = QLabel()
        form.addRow(tr("Période :"), self.period)
        self.rate = QLabel()
        self.rate.setObjectName("dynamic_rate")
        form.addRow(tr("<b>Taux de sorties dynamiques :</b>"), self.rate)
        self.categories: dict[ExitCategory, QLabel] = {}
        for category in ExitCategory:
            label = QLabel()
            label.setObjectName(f"exits_{category.value}")
            self.categories[category] = label
            form.addRow(category.label + tr(" :"), label)
        self.total = QLabel()
        form.addRow(tr("Total des sorties :"), self.total)
        note = QLabel(
            tr(
                "Sorties dynamiques = emploi durable + emploi de transition + sorties positives, "
                "rapportées aux sorties hors retraits."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)

    def refresh(self) -> None:
        from chantier_app.services.contracts import exits

        if not allowed(self.ctx.actor, Permission.FIGURES_VIEW):  # an encadrant
            self.hide()
            return
        today = self._today or dt.date.today()
        year = self.year.value()
        start = dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 31), today) if year == today.year else dt.date(year, 12, 31)
        self._display(self.ctx.read(exits.exits_summary, start, max(start, end)))

    def show_first_screen(self, first) -> None:  # type: ignore[no-untyped-def]
        if first.exits is None or self.year.value() != first.today.year:
            self.refresh()
        else:
            self._display(first.exits)

    def _display(self, summary: ExitsSummary) -> None:
        start = summary.start
        self.period.setText(
            tr("du {start} au {end}").format(start=format_date(start), end=format_date(summary.end))
        )
        for category, label in self.categories.items():
            label.setText(str(summary.count(category)))
        self.total.setText(
            tr("{total} (dont {excluded} retirée(s) du calcul)").format(
                total=summary.total, excluded=summary.excluded
            )
        )
        rate = summary.dynamic_rate
        self.rate.setText(
            tr("—  (aucune sortie comptée)")
            if rate is None
            else tr("<b>{rate} %</b> ({dynamic} sur {counted})").format(
                rate=format_number(rate * 100, 1), dynamic=summary.dynamic, counted=summary.counted
            )
        )
