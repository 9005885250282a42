"""The person's « Documents » tab: their contracts, amendments, follow-up sheets, attestation."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.documents import catalog
from chantier_app.services.documents.printing import GeneratedDocument
from chantier_app.ui.documents import generation
from chantier_app.ui.documents.common import say, say_failure
from chantier_app.ui.documents.preview import PdfPreview
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.jobs import Job
from chantier_app.ui.widgets.parts import PersonTab
from chantier_app.ui.widgets.table import Column, RowTableModel


class PersonDocumentsTab(PersonTab):
    loads_when_built = True  # the person's file does not read it twice on first show

    def __init__(self, ctx: AppContext, nav: Navigator, person_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.person_id = person_id
        self.job: Job[list[GeneratedDocument]] | None = None
        self.model: RowTableModel[catalog.PersonDocument] = RowTableModel(
            [Column(tr("Document"), lambda d: d.label)], parent=self
        )
        self.table = QTableView()
        self.table.setObjectName("personDocuments")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.preview_button = QPushButton(tr("Aperçu"))
        self.preview_button.setObjectName("personPreviewButton")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.preview = PdfPreview()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.message)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 860])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.preview_button.clicked.connect(self.generate)
        self.table.doubleClicked.connect(lambda _index: self.generate())
        self.table.activated.connect(lambda _index: self.generate())
        self.refresh()

    def refresh(self) -> None:
        try:
            found = self.ctx.read(catalog.person_documents, self.person_id)
        except AppError as error:
            say(self.message, error.message, error=True)
            found = ()
        self.model.set_rows(found)
        if found and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.preview_button.setEnabled(bool(found))

    def show_person(self, person_id: int) -> bool:
        """The person's file shows another person: their documents, no preview left over."""
        self.person_id = person_id
        self.preview.clear()
        say(self.message, "")
        self.model.set_rows([])
        self.refresh()
        return True

    def selected(self) -> catalog.PersonDocument | None:
        rows = self.table.selectionModel().selectedRows()
        index: QModelIndex = rows[0] if rows else self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def generate(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        say(self.message, tr("Préparation du document…"))
        self.preview_button.setEnabled(False)
        self.job = generation.generate(
            self.ctx,
            [chosen.request],
            lambda made, person_id=self.person_id: self._made(person_id, made[0]),
            parent=self,
            title=tr("Préparation du document…"),
            on_error=self._failed,
        )
        self.job.finished.connect(lambda: self.preview_button.setEnabled(True))

    def _made(self, person_id: int, document: GeneratedDocument) -> None:
        if person_id != self.person_id:  # another person's file is shown now
            return
        say(self.message, "")
        self.preview.show_document(document)

    def _failed(self, error: BaseException) -> None:
        say_failure(self, self.message, error)
