"""« Bilan d'accompagnement »: the CIP reviews each proposed section, edits its text, ticks
what is shared, saves; then prints the PDF and records its handover (to whom, when, how)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.codes.platform_codes import HandoverMeans, PathReportRecipient
from chantier_app.domain.errors import AppError, ValidationError
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.documents import files
from chantier_app.services.documents import path_report_print as printing
from chantier_app.services.support import path_reports
from chantier_app.services.support.path_reports import (
    HandoverInput,
    PathReportInput,
    PathReportView,
    ReportSection,
)
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.forms import DateField, FieldErrors


class _SectionBox(QGroupBox):
    """One section: « À transmettre » and its text, as the CIP edits it."""

    def __init__(self, section: ReportSection, editable: bool) -> None:
        super().__init__(section.title)
        self.key = section.key
        self.setObjectName(f"section_{section.key}")
        layout = QVBoxLayout(self)
        self.shared = QCheckBox(tr("À transmettre"))
        self.shared.setObjectName(f"shared_{section.key}")
        self.shared.setChecked(section.shared)
        self.text = QPlainTextEdit(section.text)
        self.text.setObjectName(f"text_{section.key}")
        self.text.setTabChangesFocus(True)
        lines = max(2, min(8, section.text.count("\n") + 2))
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)
        for widget in (self.shared, self.text):
            widget.setEnabled(editable)
        layout.addWidget(self.shared)
        layout.addWidget(self.text)

    def value(self) -> ReportSection:
        return ReportSection(
            self.key, self.title(), self.text.toPlainText(), self.shared.isChecked()
        )


class PathReportDialog(QDialog):
    """A new bilan (``report_id`` None: the application's proposal), or a saved one."""

    def __init__(
        self,
        ctx: AppContext,
        person_id: int,
        report_id: int | None = None,
        *,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.person_id, self.report_id = ctx, person_id, report_id
        self.today = today or dt.date.today()
        self.view: PathReportView | None = None
        if report_id is None:
            draft = ctx.read(path_reports.draft_path_report, person_id, today=self.today)
            data, editable, name = draft.data, True, draft.person_name
        else:
            self.view = ctx.read(path_reports.get_path_report, report_id)
            view = self.view
            data = PathReportInput(view.recipient_kind, view.recipient_name,
                                   view.recipient_organisation, view.written_on, view.sections)  # fmt: skip
            editable, name = view.editable, ""
        self.editable = editable
        self.setWindowTitle(tr("Bilan d'accompagnement {name}").format(name=name).strip())
        self.resize(900, 680)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "Relisez chaque section, corrigez-la et cochez ce qui est transmis. Les notes de "
                "santé et de justice, et tout fait de santé, de handicap ou de justice, ne sont "
                "jamais proposés."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.general = QLabel()
        self.errors = FieldErrors(self.general)
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("recipient_kind")
        for kind in PathReportRecipient:
            self.kind.addItem(kind.label, kind.value)
        current = data.recipient_kind.value if data.recipient_kind else None
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.recipient_name = QLineEdit(data.recipient_name or "")
        self.recipient_name.setObjectName("recipient_name")
        self.organisation = QLineEdit(data.recipient_organisation or "")
        self.organisation.setObjectName("recipient_organisation")
        self.written_on = DateField(data.written_on)
        self.written_on.setObjectName("written_on")
        self.errors.add_row(form, "recipient_kind", tr("Destinataire"), self.kind)
        self.errors.add_row(form, "recipient_name", tr("Nom du destinataire"), self.recipient_name)
        form.addRow(tr("Organisme"), self.organisation)
        self.errors.add_row(form, "written_on", tr("Date du bilan"), self.written_on)
        for widget in (self.kind, self.recipient_name, self.organisation, self.written_on):
            widget.setEnabled(editable)
        layout.addLayout(form)
        if self.view is not None:
            state = QLabel(tr("État : {state}").format(state=self.view.state))
            state.setObjectName("report_state")
            layout.addWidget(state)
        body = QWidget()
        sections = QVBoxLayout(body)
        self.sections = [_SectionBox(s, editable) for s in data.sections]
        for box in self.sections:
            sections.addWidget(box)
        sections.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.addButton(
            tr("Enregistrer"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setObjectName("save_report")
        self.save_button.setEnabled(editable)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.pdf_button = self.buttons.addButton(tr("PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.setObjectName("report_pdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        self.handover_button = self.buttons.addButton(
            tr("Remis au destinataire…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.handover_button.setObjectName("report_handover")
        self.handover_button.clicked.connect(self.handover)
        self._sync_buttons()
        layout.addWidget(self.buttons)

    def _sync_buttons(self) -> None:
        saved = self.report_id is not None
        self.pdf_button.setEnabled(saved)
        self.handover_button.setEnabled(saved and self.editable)

    def value(self) -> PathReportInput:
        kind = self.kind.currentData()  # Qt hands the code back as a plain string
        return PathReportInput(
            PathReportRecipient.from_code(kind) if kind else None,
            self.recipient_name.text(),
            self.organisation.text(),
            self.written_on.checked_date("written_on", tr("Date du bilan")),
            tuple(box.value() for box in self.sections),
        )

    def save(self) -> bool:
        self.errors.clear()
        try:
            self.report_id = self.ctx.run(
                path_reports.save_path_report, self.person_id, self.value(),
                report_id=self.report_id, today=self.today,
            )  # fmt: skip
        except ValidationError as error:
            self.errors.show(error)
            return False
        except AppError as error:
            show_error(self, error)
            return False
        self._sync_buttons()
        self.general.setText(tr("Bilan enregistré."))
        return True

    def export_pdf(self) -> None:
        if self.report_id is None or (self.editable and not self.save()):
            return
        assert self.report_id is not None
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Enregistrer le bilan en PDF"), "bilan-accompagnement.pdf", tr("PDF (*.pdf)")
        )
        if path:
            self.write_pdf(Path(path))

    def write_pdf(self, path: Path) -> Path | None:
        assert self.report_id is not None
        try:
            document = self.ctx.run(printing.print_path_report, self.report_id, today=self.today)
            return files.write_pdf(path, document.pdf)
        except AppError as error:
            show_error(self, error)
            return None

    def handover(self) -> None:
        if self.report_id is None or not self.save():
            return
        dialog = HandoverDialog(self.ctx, self.report_id, self._default_to(), parent=self,
                                today=self.today)  # fmt: skip
        if dialog.exec():
            self.editable = False
            for widget in self.findChildren(QWidget):
                if isinstance(
                    widget, QCheckBox | QPlainTextEdit | QLineEdit | QComboBox | DateField
                ):
                    widget.setEnabled(False)
            self.save_button.setEnabled(False)
            self._sync_buttons()
            self.general.setText(tr("Remise enregistrée dans l'historique du salarié."))

    def _default_to(self) -> str:
        return " — ".join(v for v in (self.recipient_name.text(), self.organisation.text()) if v)


class HandoverDialog(QDialog):
    """To whom, when, how the bilan was handed over."""

    def __init__(
        self,
        ctx: AppContext,
        report_id: int,
        default_to: str,
        *,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.report_id, self.today = ctx, report_id, today or dt.date.today()
        self.setWindowTitle(tr("Remise du bilan d'accompagnement"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.general = QLabel()
        self.errors = FieldErrors(self.general)
        self.to = QLineEdit(default_to)
        self.to.setObjectName("handed_over_to")
        self.on = DateField(self.today)
        self.on.setObjectName("handed_over_on")
        self.means = QComboBox()
        self.means.setObjectName("handover_means")
        for means in HandoverMeans:
            self.means.addItem(means.label, means.value)
        self.errors.add_row(form, "handed_over_to", tr("Remis à"), self.to)
        self.errors.add_row(form, "handed_over_on", tr("Le"), self.on)
        form.addRow(tr("Comment"), self.means)
        layout.addLayout(form)
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Enregistrer la remise"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def submit(self) -> None:
        self.errors.clear()
        answer = QMessageBox.question(
            self,
            tr("Remise du bilan"),
            tr("Une fois remis, le bilan n'est plus modifiable. Enregistrer la remise ?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            data = HandoverInput(self.to.text(), self.on.checked_date("handed_over_on", tr("Le")),
                                 HandoverMeans.from_code(self.means.currentData()))  # fmt: skip
            self.ctx.run(path_reports.record_handover, self.report_id, data, today=self.today)
        except ValidationError as error:
            self.errors.show(error)
            return
        except AppError as error:
            show_error(self, error)
            return
        self.accept()
