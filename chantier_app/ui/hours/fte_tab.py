"""« ETP »: consumed vs funded FTE month by month for a year, the projection, the conventions."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.fr_format import format_month, format_number
from chantier_app.domain.fte import FteMonth, FteYear, rounded
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.hours import fte
from chantier_app.ui.hours.cells import minutes_text
from chantier_app.ui.hours.fte_chart import FteChart, summary_text
from chantier_app.ui.widgets.table import Column, RowTableModel


def _columns(year: FteYear) -> list[Column[FteMonth]]:
    def funded(month: FteMonth) -> str:
        value = year.funded_to_date(month.month)
        return "" if value is None else format_number(rounded(value), 2)

    return [
        Column(tr("Mois"), lambda m: format_month(m.month), sort_key=lambda m: m.month),
        Column(
            tr("Heures payées"),
            lambda m: minutes_text(m.minutes),
            sort_key=lambda m: m.minutes,
            align_right=True,
        ),
        Column(
            tr("ETP du mois"),
            lambda m: format_number(rounded(year.month_fte(m)), 2),
            sort_key=lambda m: m.minutes,
            align_right=True,
        ),
        Column(
            tr("ETP cumulés"),
            lambda m: format_number(rounded(year.cumulative_fte(m)), 2),
            sort_key=lambda m: m.cumulative_minutes,
            align_right=True,
        ),
        Column(tr("Conventionnés (prorata)"), funded, align_right=True),
        Column(tr("Source"), lambda m: tr("projection") if m.projected else tr("heures saisies")),
    ]


class FteTab(QWidget):
    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = QSpinBox()
        self.year.setObjectName("fteYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.workshop = QComboBox()
        self.workshop.setObjectName("fteWorkshop")
        self.workshop.addItem(tr("Toute la structure"), None)
        self.conventions = QPushButton(tr("Conventions…"))
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Année :")))
        top.addWidget(self.year)
        top.addWidget(QLabel(tr("Atelier :")))
        top.addWidget(self.workshop)
        top.addStretch(1)
        top.addWidget(self.conventions)
        self.chart = FteChart()
        self.summary = QLabel()
        self.summary.setObjectName("fteSummary")
        self.summary.setWordWrap(True)
        self.model: RowTableModel[FteMonth] = RowTableModel([], [], self)
        self.table = QTableView()
        self.table.setObjectName("fteMonths")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 2)
        self._workshops_loaded = False
        self.year.valueChanged.connect(self.reload)
        self.workshop.currentIndexChanged.connect(self.reload)
        self.conventions.clicked.connect(self.open_conventions)

    def reload(self) -> None:
        report = self.ctx.read(fte.fte_report, self.year.value(), self.workshop.currentData())
        if not self._workshops_loaded:
            self.workshop.blockSignals(True)
            for choice in report.workshops:
                self.workshop.addItem(choice.name, choice.id)
            self.workshop.blockSignals(False)
            self._workshops_loaded = True
        self.chart.set_report(report)
        self.summary.setText(summary_text(report.fte))
        self.model = RowTableModel(_columns(report.fte), list(report.fte.months), self)
        self.table.setModel(self.model)
        self.table.resizeColumnsToContents()

    def open_conventions(self) -> None:
        from chantier_app.ui.hours.conventions_dialog import ConventionsDialog

        dialog = ConventionsDialog(self.ctx, self)
        dialog.exec()
        if dialog.changed:
            self.reload()
