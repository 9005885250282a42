"""Printing by batch: every follow-up sheet of a team, every sign-in sheet of a month."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError
from chantier_app.domain.fr_format import format_month
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.documents import catalog
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest, filename_for
from chantier_app.ui.documents import generation
from chantier_app.ui.documents.common import ask_destination, fill_combo, say, say_failure
from chantier_app.ui.widgets.jobs import Job

if TYPE_CHECKING:
    from chantier_app.ui.documents.page import DocumentsPage


class BatchKind(enum.Enum):
    FOLLOW_UPS = (DocumentKind.FOLLOW_UP, tr("Fiches de suivi d'une équipe"))
    SUPERVISOR_FOLLOW_UPS = (
        DocumentKind.FOLLOW_UP_SUPERVISOR,
        tr("Fiches de suivi (version encadrant) d'une équipe"),
    )
    SIGN_INS = (DocumentKind.SIGN_IN, tr("Feuilles d'émargement du mois (toutes les équipes)"))

    @property
    def kind(self) -> DocumentKind:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]


class BatchBox(QGroupBox):
    """The « Impression par lot » box of the Documents page."""

    def __init__(self, ctx: AppContext, page: DocumentsPage) -> None:
        super().__init__(tr("Impression par lot"))
        self.ctx = ctx
        self.page = page
        self.job: Job[generation.BatchResult] | None = None
        self.today = dt.date.today()  # who is « under contract » for a team's sheets
        self.what = QComboBox()
        self.what.setObjectName("batchKind")
        self.team = QComboBox()
        self.team.setObjectName("batchTeam")
        self.month = QDateEdit(QDate(self.today.year, self.today.month, 1))
        self.month.setDisplayFormat("MMMM yyyy")
        self.one_file = QRadioButton(tr("Un seul PDF"))
        self.folder = QRadioButton(tr("Un PDF par document, dans un dossier"))
        self.one_file.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.one_file)
        group.addButton(self.folder)
        self.start_button = QPushButton(tr("Générer le lot…"))
        self.start_button.setObjectName("batchButton")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("batchStatus")

        self.form = QFormLayout()
        self.form.addRow(tr("Lot"), self.what)
        self.form.addRow(tr("Équipe"), self.team)
        self.form.addRow(tr("Mois"), self.month)
        output = QWidget()
        output_layout = QVBoxLayout(output)
        output_layout.setContentsMargins(0, 0, 0, 0)
        output_layout.addWidget(self.one_file)
        output_layout.addWidget(self.folder)
        self.form.addRow(tr("Sortie"), output)
        self.form.addRow("", self.start_button)
        self.form.addRow(self.status)
        self.setLayout(self.form)
        self.what.currentIndexChanged.connect(self._update_fields)
        self.start_button.clicked.connect(lambda: self.start())

    def set_options(self, options: catalog.DocumentOptions) -> None:
        fill_combo(self.what, [(b.label, b) for b in BatchKind if b.kind in options.kinds])
        fill_combo(self.team, [(c.label, c.id) for c in options.teams])
        self.setVisible(self.what.count() > 0)
        self._update_fields()

    def _update_fields(self) -> None:
        batch = self.what.currentData()
        self.form.setRowVisible(self.team, batch is not BatchKind.SIGN_INS)
        self.form.setRowVisible(self.month, batch is BatchKind.SIGN_INS)

    def requests(self) -> tuple[list[DocumentRequest], str]:
        """The documents of the batch, and a name for it."""
        batch = self.what.currentData()
        if batch is BatchKind.SIGN_INS:
            month = self.month.date().toPython().replace(day=1)
            found = self.ctx.read(catalog.month_sign_in_requests, month)
            return found, tr("Feuilles d'émargement — {month}").format(month=format_month(month))
        team_id = self.team.currentData()
        found = self.ctx.read(
            catalog.team_follow_up_requests,
            team_id,
            encadrant=batch is BatchKind.SUPERVISOR_FOLLOW_UPS,
            today=self.today,
        )
        return found, tr("{what} — {team}").format(what=batch.label, team=self.team.currentText())

    def start(self, destination: Path | None = None) -> Job[generation.BatchResult] | None:
        """Ask where to write (unless given), then make the documents in the background."""
        try:
            requests, label = self.requests()
        except AppError as error:
            self._say(error.message, error=True)
            return None
        if not requests:
            self._say(tr("Aucun document à générer pour ce choix."), error=True)
            return None
        one_file = self.one_file.isChecked()
        if destination is None:
            destination = ask_destination(self, one_file, filename_for(label))
            if destination is None:
                return None
        self._say(tr("Génération de {n} documents…").format(n=len(requests)))
        self.start_button.setEnabled(False)
        self.job = generation.run_batch(
            self.ctx,
            requests,
            destination,
            one_file=one_file,
            label=label,
            on_success=self._done,
            on_cancel=lambda: self._say(tr("Lot annulé : aucun fichier n'a été écrit.")),
            on_error=self._failed,
            parent=self,
            pool=self.page.drawing,
        )
        self.job.finished.connect(lambda: self.start_button.setEnabled(True))
        return self.job

    def _done(self, result: generation.BatchResult) -> None:
        where = result.paths[0] if result.merged else result.paths[0].parent
        count = len(result.paths) if result.merged is None else None
        if count is None:
            self._say(tr("Lot écrit dans {path}.").format(path=where))
        else:
            self._say(tr("{n} fichiers écrits dans {path}.").format(n=count, path=where))
        if result.merged is not None:
            self.page.preview.show_document(result.merged)

    def _failed(self, error: BaseException) -> None:
        say_failure(self, self.status, error)

    def _say(self, text: str, *, error: bool = False) -> None:
        say(self.status, text, error=error)
