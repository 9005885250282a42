"""« Contrôle et dialogue de gestion »: the control file of a period (PDF, XLSX, one file
drawn at random) and the yearly reports frozen as presented to the State."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError, ValidationError
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.documents import control_export, files, frozen_reports
from chantier_app.services.documents.frozen_reports import FrozenReportView
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.forms import DateField, FieldErrors
from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.table import Column

FROZEN_COLUMNS: list[Column[FrozenReportView]] = [
    Column(tr("Année"), lambda r: r.year, align_right=True),
    Column(
        tr("Figé le"), lambda r: format_date(r.frozen_at.date()), sort_key=lambda r: r.frozen_at
    ),
    Column(tr("Par"), lambda r: r.frozen_by),
    Column(tr("Version"), lambda r: r.label),
    Column(
        tr("État"),
        lambda r: (
            tr("retirée : {why}").format(why=r.withdrawn_reason) if r.withdrawn else tr("présentée")
        ),
    ),
]


class ControlDialog(QDialog):
    def __init__(
        self, ctx: AppContext, *, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.today = ctx, today or dt.date.today()
        self.setWindowTitle(tr("Contrôle et dialogue de gestion"))
        self.resize(880, 520)
        tabs = QTabWidget()
        tabs.addTab(self._control_tab(), tr("Dossier de contrôle"))
        tabs.addTab(self._frozen_tab(), tr("Bilans annuels figés"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh_frozen()

    # The control file -------------------------------------------------------------------------
    def _control_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(tr(
            "Ce qu'un contrôle sur place de la DDETS demande, pour la période choisie : les "
            "salariés, entrées, sorties, contrats et ETP ; pour chaque dossier le diagnostic et "
            "son délai après l'embauche (30 jours visés), le PASS IAE et ses critères, les "
            "entretiens datés, chaque renouvellement et son bilan, les parcours au-delà de 24 "
            "mois ; le registre des PMSMP ; les taux de sortie face aux objectifs de la "
            "convention ; les ETP réalisés face aux ETP conventionnés."))  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.general = QLabel()
        self.general.setObjectName("control_message")
        self.general.setWordWrap(True)
        self.errors = FieldErrors(self.general)
        self.start = DateField(dt.date(self.today.year, 1, 1))
        self.start.setObjectName("control_start")
        self.end = DateField(self.today)
        self.end.setObjectName("control_end")
        self.errors.add_row(form, "start", tr("Du"), self.start)
        self.errors.add_row(form, "end", tr("Au"), self.end)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.pdf_button = QPushButton(tr("Dossier en PDF…"))
        self.pdf_button.setObjectName("control_pdf")
        self.xlsx_button = QPushButton(tr("Dossier en XLSX…"))
        self.xlsx_button.setObjectName("control_xlsx")
        self.draw_button = QPushButton(tr("Tirer un dossier au hasard…"))
        self.draw_button.setObjectName("control_draw")
        for button in (self.pdf_button, self.xlsx_button, self.draw_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.general)
        layout.addStretch(1)
        self.pdf_button.clicked.connect(lambda: self._save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self._save("xlsx"))
        self.draw_button.clicked.connect(self._draw)
        return page

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        return (self.start.checked_date("start", tr("Du")), self.end.checked_date("end", tr("Au")))

    def _ask_path(self, suffix: str, name: str) -> Path | None:
        filters = tr("PDF (*.pdf)") if suffix == "pdf" else tr("Classeur Excel (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, tr("Enregistrer"), name, filters)
        if not path:
            return None
        target = Path(path)
        return target if target.suffix.lower() == f".{suffix}" else target.with_suffix(f".{suffix}")

    def _save(self, kind: str) -> None:
        self.errors.clear()
        try:
            start, end = self.period()
        except ValidationError as error:
            self.errors.show(error)
            return
        target = self._ask_path(kind, f"dossier-de-controle.{kind}")
        if target is not None:
            self.save_to(kind, start, end, target)

    def save_to(
        self, kind: str, start: dt.date | None, end: dt.date | None, target: Path
    ) -> Path | None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if kind == "pdf":
                pdf = self.ctx.run(control_export.control_pdf, start, end, today=self.today)
                files.write_pdf(target, pdf)
            else:
                self.ctx.run(control_export.control_xlsx, start, end, target, today=self.today)
        except ValidationError as error:
            self.errors.show(error)
            return None
        except AppError as error:
            show_error(self, error)
            return None
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.general.setText(tr("Dossier de contrôle enregistré : {file}").format(file=target))
        return target

    def _draw(self) -> None:
        self.errors.clear()
        try:
            start, end = self.period()
            drawn = self.ctx.run(control_export.draw_file, start, end, today=self.today)
        except ValidationError as error:
            self.errors.show(error)
            return
        except AppError as error:
            show_error(self, error)
            return
        QMessageBox.information(
            self, tr("Dossier tiré au hasard"),
            tr("Dossier tiré parmi {n} : {name}. Choisissez où enregistrer son PDF.").format(
                n=drawn.drawn_among, name=drawn.person.name),
        )  # fmt: skip
        target = self._ask_path("pdf", "dossier-tire-au-hasard.pdf")
        if target is not None:
            files.write_pdf(target, control_export.person_file_pdf(drawn))
            self.general.setText(tr("Dossier de {name} enregistré : {file}").format(
                name=drawn.person.name, file=target))  # fmt: skip

    # Frozen yearly reports -------------------------------------------------------------------------
    def _frozen_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(tr(
            "Le bilan annuel tel qu'il a été présenté à l'État : une version datée, dont les "
            "chiffres ne changent plus, même si des heures ou des sorties sont corrigées ensuite."))  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(self.today.year - 1 if self.today.month < 4 else self.today.year)
        self.label = QLineEdit()
        self.label.setObjectName("frozen_label")
        self.label.setPlaceholderText(tr("ex. Dialogue de gestion avec la DDETS du 12 mars"))
        self.freeze_button = QPushButton(tr("Figer le bilan de l'année"))
        self.freeze_button.setObjectName("freeze")
        self.freeze_button.setEnabled(allowed(self.ctx.actor, Permission.HOURS_DECLARE))
        row.addWidget(QLabel(tr("Année")))
        row.addWidget(self.year)
        row.addWidget(self.label, 1)
        row.addWidget(self.freeze_button)
        layout.addLayout(row)
        self.frozen: ListView[FrozenReportView] = ListView(FROZEN_COLUMNS, "frozen_reports",
                                                           widths=[60, 90, 130, 320])  # fmt: skip
        self.frozen.row_activated.connect(lambda _r: self._reprint())
        layout.addWidget(self.frozen, 1)
        buttons = QHBoxLayout()
        self.reprint_button = QPushButton(tr("Réimprimer cette version…"))
        self.reprint_button.setObjectName("reprint")
        self.withdraw_button = QPushButton(tr("Retirer…"))
        self.withdraw_button.setObjectName("withdraw")
        self.withdraw_button.setEnabled(allowed(self.ctx.actor, Permission.HOURS_DECLARE))
        buttons.addStretch(1)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.reprint_button)
        layout.addLayout(buttons)
        self.freeze_button.clicked.connect(self.freeze)
        self.reprint_button.clicked.connect(self._reprint)
        self.withdraw_button.clicked.connect(self._withdraw)
        return page

    def refresh_frozen(self) -> None:
        self.frozen.set_rows(self.ctx.read(frozen_reports.list_frozen_reports))

    def freeze(self) -> None:
        try:
            self.ctx.run(frozen_reports.freeze_yearly_report, self.year.value(),
                         self.label.text(), today=self.today)  # fmt: skip
        except AppError as error:
            show_error(self, error)
            return
        self.label.clear()
        self.refresh_frozen()

    def _reprint(self) -> None:
        row = self.frozen.selected()
        if row is None:
            return
        target = self._ask_path("pdf", f"bilan-annuel-{row.year}-fige.pdf")
        if target is None:
            return
        try:
            files.write_pdf(target, self.ctx.read(frozen_reports.print_frozen_report, row.id))
        except AppError as error:
            show_error(self, error)

    def _withdraw(self) -> None:
        row = self.frozen.selected()
        if row is None or row.withdrawn:
            return
        reason, ok = QInputDialog.getText(self, tr("Retirer la version"),
                                          tr("Motif du retrait (la version est conservée) :"))  # fmt: skip
        if not ok:
            return
        try:
            self.ctx.run(frozen_reports.withdraw_frozen_report, row.id, reason)
        except AppError as error:
            show_error(self, error)
            return
        self.refresh_frozen()
