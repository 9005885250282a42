"""Documents page: choose a document and its parameters, preview, print or save; batches."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.documents import catalog
from chantier_app.services.documents.batch import DrawingPool
from chantier_app.services.documents.printing import (
    DocumentKind,
    DocumentRequest,
    GeneratedDocument,
)
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.documents import generation
from chantier_app.ui.documents.batch import BatchBox
from chantier_app.ui.documents.common import fill_combo, say, say_failure
from chantier_app.ui.documents.preview import PdfPreview
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.jobs import Job
from chantier_app.ui.widgets.parts import Command, Page


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DocumentsPage(Page):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.job: Job[list[GeneratedDocument]] | None = None
        # The batches' drawing processes, kept for the session's next batch; stopped with
        # the page (the window closed, or the pages rebuilt after a restore).
        self.drawing = DrawingPool()
        self.destroyed.connect(self.drawing.close)
        today = dt.date.today()

        self.kind = QComboBox()
        self.kind.setObjectName("documentKind")
        self.person = QComboBox()
        self.person.setObjectName("documentPerson")
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.person.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.team = QComboBox()
        self.team.setObjectName("documentTeam")
        self.by_month = QRadioButton(tr("Mois"))
        self.by_week = QRadioButton(tr("Semaine"))
        self.by_month.setChecked(True)
        period = QButtonGroup(self)
        period.addButton(self.by_month)
        period.addButton(self.by_week)
        self.month = QDateEdit(_qdate(today.replace(day=1)))
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.setObjectName("documentMonth")
        self.week = QDateEdit(_qdate(today))
        self.week.setDisplayFormat("dd/MM/yyyy")
        self.week.setCalendarPopup(True)
        self.week.setToolTip(tr("Un jour de la semaine à émarger"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.preview_button = QPushButton(tr("Aperçu"))
        self.preview_button.setObjectName("previewButton")
        self.preview_button.setDefault(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("documentMessage")

        choice = QGroupBox(tr("Un document"))
        self.form = QFormLayout(choice)
        self.form.addRow(tr("Document"), self.kind)
        self.form.addRow(tr("Salarié"), self.person)
        self.form.addRow(tr("Équipe"), self.team)
        period_row = QHBoxLayout()
        period_row.addWidget(self.by_month)
        period_row.addWidget(self.by_week)
        period_row.addStretch(1)
        self.period = QWidget()
        self.period.setLayout(period_row)
        self.form.addRow(tr("Période"), self.period)
        self.form.addRow(tr("Mois"), self.month)
        self.form.addRow(tr("Semaine du"), self.week)
        self.form.addRow(tr("Année"), self.year)
        self.form.addRow("", self.preview_button)
        self.form.addRow(self.message)

        self.batch = BatchBox(ctx, self)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(choice)
        left_layout.addWidget(self.batch)
        self.control_button = QPushButton(tr("Contrôle et dialogue de gestion…"))
        self.control_button.setObjectName("controlButton")
        self.control_button.setToolTip(
            tr("Dossier de contrôle, dossier tiré au hasard, bilans annuels figés")
        )
        self.control_button.setVisible(allowed(ctx.actor, Permission.FIGURES_VIEW))
        self.control_button.clicked.connect(self.open_control)
        left_layout.addWidget(self.control_button)
        left_layout.addStretch(1)
        self.preview = PdfPreview()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 840])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{tr('Documents')}</h2>"))
        layout.addWidget(splitter, 1)

        self.kind.currentIndexChanged.connect(self._update_fields)
        self.by_week.toggled.connect(self._update_fields)
        self.preview_button.clicked.connect(self.generate)
        self.refresh()

    def command(self, command: Command) -> bool:
        """Ctrl+P previews the chosen document, then prints the one shown; Ctrl+S saves it."""
        if command is Command.PRINT:
            if self.preview.has_document():
                self.preview.print_document()
            elif self.preview_button.isEnabled():
                self.generate()
            return True
        if command is Command.SAVE and self.preview.has_document():
            self.preview.save_document()
            return True
        return False

    # Data -------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        try:
            options = self.ctx.read(catalog.document_options)
        except AppError as error:
            self._say(error.message, error=True)
            self.setEnabled(False)
            return
        fill_combo(self.kind, [(kind.label, kind.value) for kind in options.kinds])
        fill_combo(self.person, [(c.label, c.id) for c in options.people])
        fill_combo(self.team, [(c.label, c.id) for c in options.teams])
        self.batch.set_options(options)
        self._update_fields()

    def chosen_kind(self) -> DocumentKind | None:
        """Qt hands the item's data back as a plain string."""
        data = self.kind.currentData()
        return DocumentKind(data) if data else None

    def _update_fields(self) -> None:
        kind = self.chosen_kind()
        sign_in = kind is DocumentKind.SIGN_IN
        visible = {
            self.person: kind is not None and kind.for_person,
            self.team: sign_in,
            self.period: sign_in,
            self.month: kind is DocumentKind.MONTHLY_STATEMENT
            or (sign_in and not self.by_week.isChecked()),
            self.week: sign_in and self.by_week.isChecked(),
            self.year: kind is DocumentKind.YEARLY_REPORT,
        }
        for widget, shown in visible.items():
            self.form.setRowVisible(widget, shown)

    def request(self) -> DocumentRequest | None:
        """The request the form describes; says what is missing otherwise."""
        kind = self.chosen_kind()
        if kind is None:
            return None
        person_id = None
        if kind.for_person:
            index = self.person.findText(self.person.currentText())
            if index < 0:
                self._say(tr("Choisissez un salarié dans la liste."), error=True)
                return None
            person_id = self.person.itemData(index)
        month = self.month.date().toPython().replace(day=1)
        weekly = kind is DocumentKind.SIGN_IN and self.by_week.isChecked()
        return DocumentRequest(
            kind,
            person_id=person_id,
            team_id=self.team.currentData() if kind is DocumentKind.SIGN_IN else None,
            month=None if weekly else month,
            week=self.week.date().toPython() if weekly else None,
            year=self.year.value(),
        )

    def show_request(self, request: DocumentRequest) -> None:
        """The form set to ``request`` (from another page: a sign-in sheet of the
        dashboard…), then its preview."""
        for combo, value in (
            (self.kind, request.kind.value),
            (self.person, request.person_id),
            (self.team, request.team_id),
        ):
            index = combo.findData(value)
            if value is not None and index >= 0:
                combo.setCurrentIndex(index)
        if request.week is not None:
            self.by_week.setChecked(True)
            self.week.setDate(_qdate(request.week))
        elif request.month is not None:
            self.by_month.setChecked(True)
            self.month.setDate(_qdate(request.month))
        if request.year is not None:
            self.year.setValue(request.year)
        self._update_fields()
        self.generate()

    # Actions ----------------------------------------------------------------------------
    def open_control(self) -> None:
        from chantier_app.ui.platforms.control_dialog import ControlDialog

        ControlDialog(self.ctx, parent=self).exec()

    def generate(self) -> None:
        request = self.request()
        if request is None:
            return
        self._say(tr("Préparation du document…"))
        self.preview_button.setEnabled(False)
        self.job = generation.generate(
            self.ctx,
            [request],
            self._show,
            parent=self,
            title=tr("Préparation du document…"),
            on_error=self._failed,
        )
        self.job.finished.connect(lambda: self.preview_button.setEnabled(True))

    def _show(self, made: list[GeneratedDocument]) -> None:
        self._say("")
        self.preview.show_document(made[0])

    def _failed(self, error: BaseException) -> None:
        say_failure(self, self.message, error)

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.message, text, error=error)
