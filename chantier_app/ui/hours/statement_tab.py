"""« Relevé mensuel »: what the State's monthly statement (EMI) asks, on screen and exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.fr_format import format_date, format_month
from chantier_app.domain.pass_iae import format_number as format_pass
from chantier_app.i18n import tr
from chantier_app.services import roles_matrix
from chantier_app.services.context import AppContext
from chantier_app.services.hours import statement as monthly_statement
from chantier_app.services.hours.statement import StatementLine
from chantier_app.services.roles_matrix import Permission
from chantier_app.ui.hours.cells import minutes_text
from chantier_app.ui.widgets.jobs import Progress, run_job
from chantier_app.ui.widgets.table import Column, RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy

COLUMNS: list[Column[StatementLine]] = [
    Column(tr("Salarié"), lambda r: r.person_name),
    Column(tr("N° PASS IAE"), lambda r: format_pass(r.pass_number)),
    Column(tr("Contrat"), lambda r: r.contract_kind),
    Column(
        tr("Début"), lambda r: format_date(r.contract_start), sort_key=lambda r: r.contract_start
    ),
    Column(
        tr("Fin prévue"), lambda r: format_date(r.planned_end), sort_key=lambda r: r.planned_end
    ),
    Column(
        tr("Heures travaillées"),
        lambda r: minutes_text(r.worked_minutes),
        sort_key=lambda r: r.worked_minutes,
        align_right=True,
        searchable=False,
    ),
    Column(
        tr("Absences"),
        lambda r: minutes_text(r.absence_minutes),
        sort_key=lambda r: r.absence_minutes,
        align_right=True,
        searchable=False,
    ),
    Column(
        tr("Fin réelle"),
        lambda r: format_date(r.actual_end_date),
        sort_key=lambda r: r.actual_end_date,
    ),
    Column(
        tr("Motif de sortie"),
        lambda r: f"{r.exit_reason_code} — {r.exit_reason}" if r.exit_reason_code else "",
    ),
]


class StatementTab(QWidget):
    def __init__(self, ctx: AppContext, month: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.month = month
        self.heading = QLabel()
        self.heading.setObjectName("statementHeading")
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Rechercher un salarié, un n° PASS IAE…"))
        self.search.setClearButtonEnabled(True)
        self.model: RowTableModel[StatementLine] = RowTableModel(COLUMNS, [], self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("statementTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.xlsx = QPushButton(tr("Exporter en XLSX…"))
        self.csv = QPushButton(tr("Exporter en CSV…"))
        self.status = QLabel()
        self.status.setObjectName("statementStatus")
        self.status.setWordWrap(True)
        can_export = roles_matrix.allowed(ctx.actor, Permission.EXPORT_PERSONAL)
        self.xlsx.setEnabled(can_export)
        self.csv.setEnabled(can_export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.xlsx)
        buttons.addWidget(self.csv)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.search.textChanged.connect(self.proxy.set_search)
        self.xlsx.clicked.connect(lambda: self.ask_export(".xlsx"))
        self.csv.clicked.connect(lambda: self.ask_export(".csv"))

    def load(self, month: dt.date) -> None:
        self.month = month
        statement = self.ctx.read(monthly_statement.monthly_statement, month)
        self.model.set_rows(list(statement.lines))
        self.table.resizeColumnsToContents()
        text = tr("<b>Relevé mensuel de {month}</b> : {n} contrat(s), {hours} travaillées.").format(
            month=format_month(month),
            n=len(statement.lines),
            hours=minutes_text(statement.worked_minutes) + " h",
        )
        if statement.missing_hours:
            text += " " + tr("{n} contrat(s) sans aucune heure saisie.").format(
                n=statement.missing_hours
            )
        text += " " + (tr("Mois déclaré.") if statement.declared else tr("Mois non déclaré."))
        self.heading.setText(text)

    def ask_export(self, suffix: str) -> None:
        default = f"releve-mensuel-{self.month:%Y-%m}{suffix}"
        name, _filter = QFileDialog.getSaveFileName(
            self, tr("Exporter le relevé mensuel"), default, f"*{suffix}"
        )
        if name:
            path = Path(name)
            self.export_to(path if path.suffix.lower() == suffix else path.with_suffix(suffix))

    def export_to(self, path: Path) -> None:
        """Write the file off the GUI thread; the status line says where it went."""
        month = self.month
        self.status.setText(tr("Export en cours…"))

        def work(_progress: Progress) -> Path:
            return self.ctx.run(monthly_statement.export_statement, month, path)

        def done(written: Path) -> None:
            self.status.setText(tr("Relevé exporté : {path}").format(path=written))

        def failed(error: BaseException) -> None:
            from chantier_app.ui.errors import show_error

            self.status.setText(tr("L'export a échoué."))
            show_error(self, error)

        run_job(work, done, parent=self, title=tr("Export du relevé mensuel"), on_error=failed)
