"""Importing hours from a payroll or time-clock file: a preview of every row, then all or none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError, ValidationError
from chantier_app.domain.fr_format import format_month
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.hours import imports as hours_import
from chantier_app.services.hours.grid import SaveResult
from chantier_app.services.hours.imports import ImportLine, ImportPreview
from chantier_app.ui.errors import show_error
from chantier_app.ui.hours import cells
from chantier_app.ui.hours.cells import minutes_text
from chantier_app.ui.widgets.forms import ERROR_STYLE
from chantier_app.ui.widgets.table import Column, RowTableModel

RED = QColor("#b00020")
ORANGE = QColor("#8a5300")


def _remark(line: ImportLine) -> str:
    return " ; ".join(line.errors or line.warnings) or tr("OK")


def _colour(line: ImportLine) -> QColor | None:
    return RED if line.errors else ORANGE if line.warnings else None


COLUMNS: list[Column[ImportLine]] = [
    Column(tr("Ligne"), lambda r: r.line, align_right=True),
    Column(tr("Salarié"), lambda r: r.person_name),
    Column(
        tr("Mois"), lambda r: format_month(r.month) if r.month else "", sort_key=lambda r: r.month
    ),
    Column(tr("Contrat"), lambda r: r.contract_label),
    Column(
        tr("Heures"),
        lambda r: minutes_text(r.values.total),
        sort_key=lambda r: r.values.total,
        align_right=True,
    ),
    Column(tr("Observations"), _remark, tooltip=_remark, foreground=_colour),
]


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, month: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.month = month
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.setWindowTitle(tr("Importer des heures"))
        help_text = QLabel(
            tr(
                "Un fichier CSV ou XLSX exporté de la paie ou de la badgeuse, une ligne par "
                "salarié et par mois. Colonnes reconnues : « Nom » et « Prénom » (ou « NIR », "
                "ou « N° PASS IAE »), « Mois » (sinon {month}), « Heures travaillées », "
                "« Formation », « PMSMP », « Absence rémunérée », « Maladie », « Absence "
                "injustifiée ». Tout est importé, ou rien."
            ).format(month=format_month(month))
        )
        help_text.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        choose = QPushButton(tr("Choisir un fichier…"))
        choose.clicked.connect(self.choose)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        self.model: RowTableModel[ImportLine] = RowTableModel(COLUMNS, [], self)
        self.table = QTableView()
        self.table.setObjectName("importPreview")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            tr("Importer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        cancel = buttons.addButton(tr("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(help_text)
        layout.addLayout(file_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(900, 520)

    def choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, tr("Choisir un fichier d'heures"), "", tr("Tableurs (*.csv *.xlsx)")
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        self.path = path
        self.file.setText(str(path))
        self.preview = None
        self.model.set_rows([])
        self.import_button.setEnabled(False)
        try:
            self.preview = self.ctx.read(hours_import.preview_import, path, self.month)
        except AppError as error:
            self.summary.setText(error.message)
            self.summary.setStyleSheet(ERROR_STYLE)
            return
        self.model.set_rows(list(self.preview.lines))
        self.table.resizeColumnsToContents()
        lines = len(self.preview.lines)
        if self.preview.ok:
            self.summary.setStyleSheet("")
            self.summary.setText(
                tr("{n} ligne(s) prête(s) à importer.").format(n=lines) + self._ignored()
            )
            self.import_button.setEnabled(True)
            self.import_button.setDefault(True)
        else:
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText(
                tr(
                    "{bad} ligne(s) sur {n} en erreur : corrigez le fichier, rien ne sera importé."
                ).format(bad=self.preview.errors, n=lines)
                + self._ignored()
            )

    def _ignored(self) -> str:
        """The ignored columns, and which sheet of a workbook of several was read."""
        if not self.preview:
            return ""
        text = ""
        if self.preview.ignored:
            text += " " + tr("Colonnes ignorées : {names}.").format(
                names=", ".join(self.preview.ignored)
            )
        if self.preview.sheet_note:
            text += "\n" + self.preview.sheet_note
        return text

    def apply(self) -> None:
        if self.path is None or not self.preview or not self.preview.ok:
            return
        path = self.path

        def save(acknowledged: bool) -> SaveResult:
            # The backup is taken once the import is accepted: after the warnings' question.
            return hours_import.apply_import_after_backup(
                self.ctx, path, self.month, acknowledge_warnings=acknowledged
            )

        try:
            saved = cells.save_after_warnings(self, save, tr("Importer quand même ?"))
        except AppError as error:
            self._refused(error)
            return
        if saved is not None:
            self.accept()

    def _refused(self, error: AppError) -> None:
        if isinstance(error, ValidationError):
            self.summary.setText(error.message)
        else:
            show_error(self, error)
