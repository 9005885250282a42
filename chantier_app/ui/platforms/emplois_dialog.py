"""« Import les emplois »: the preview of the platform's export, row by row, then the import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import emplois_import as emplois
from chantier_app.services.people.emplois_import import Action, EmploisPreview, PreviewRow
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.forms import ERROR_STYLE
from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.table import Column

_COLOURS = {
    Action.CREATE: QBrush(QColor("#1b5e20")),
    Action.UPDATE: QBrush(QColor("#0d47a1")),
    Action.CONFLICT: QBrush(QColor("#b00020")),
    Action.UNCHANGED: QBrush(QColor("#5f6b78")),
    Action.NOT_IMPORTED: QBrush(QColor("#5f6b78")),
}
COLUMNS: list[Column[PreviewRow]] = [
    Column(tr("Ligne"), lambda r: r.line, align_right=True),
    Column(tr("Candidat"), lambda r: r.name),
    Column(tr("Naissance"), lambda r: format_date(r.birth_date), sort_key=lambda r: r.birth_date),
    Column(tr("Statut sur la plateforme"), lambda r: r.status),
    Column(
        tr("Embauche"), lambda r: format_date(r.hiring_start), sort_key=lambda r: r.hiring_start
    ),
    Column(tr("Résultat"), lambda r: r.action.label, foreground=lambda r: _COLOURS[r.action]),
    Column(tr("Détail"), lambda r: " ; ".join(r.details), tooltip=lambda r: "\n".join(r.details)),
]


def choose_and_import(ctx: AppContext, *, parent: QWidget | None = None) -> bool:
    """Ask for the export file, show its preview; True when something was imported."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        tr("Importer l'export des candidatures des emplois de l'inclusion"),
        "",
        tr("Export des emplois (*.xlsx);;Tous (*)"),
    )
    if not path:
        return False
    dialog = EmploisImportDialog(ctx, Path(path), parent=parent)
    return bool(dialog.exec())


class EmploisImportDialog(QDialog):
    def __init__(self, ctx: AppContext, path: Path, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.path = ctx, path
        self.preview: EmploisPreview | None = None
        self.setWindowTitle(tr("Import des emplois de l'inclusion — {file}").format(file=path.name))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("emploisSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("emploisSearch")
        self.search.setPlaceholderText(tr("Rechercher un nom, un statut, un détail…"))
        self.search.setClearButtonEnabled(True)
        self.action_filter = QComboBox()
        self.action_filter.setObjectName("emploisFilter")
        self.action_filter.addItem(tr("Toutes les lignes"), None)
        for action in Action:
            self.action_filter.addItem(action.label, action)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.action_filter)
        layout.addLayout(filters)
        self.list: ListView[PreviewRow] = ListView(
            COLUMNS, "emploisPreview", widths=[50, 170, 85, 170, 85, 95]
        )
        layout.addWidget(self.list, 1)
        self.detail = QLabel()
        self.detail.setObjectName("emploisDetail")
        self.detail.setWordWrap(True)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 3)
        layout.addWidget(self.detail)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.search.textChanged.connect(self.list.proxy.set_search)
        self.action_filter.currentIndexChanged.connect(self._filter)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            tr("Importer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("emploisImportButton")
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(1180, 560)
        self.load()

    def load(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.preview = self.ctx.read(emplois.preview_emplois_import, self.path)
        except AppError as error:
            self.preview = None
            self.summary.setText(error.message)
            self.summary.setStyleSheet(ERROR_STYLE)
            self.import_button.setEnabled(False)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        preview = self.preview
        self.list.set_rows(preview.rows)
        if preview.rows:
            self.list.selectRow(0)
        c = preview.count
        text = tr(
            "{create} ligne(s) créent un dossier, {update} complètent un dossier existant, "
            "{same} sont déjà à jour, {conflict} en conflit (laissées de côté), {skipped} non "
            "importée(s) (masquées, déclinées ou autres statuts)."
        ).format(create=c(Action.CREATE), update=c(Action.UPDATE), same=c(Action.UNCHANGED),
                 conflict=c(Action.CONFLICT), skipped=c(Action.NOT_IMPORTED))  # fmt: skip
        if not preview.to_apply:
            text += " " + tr("Rien à importer : ce fichier est déjà entièrement enregistré.")
        self.summary.setText(text)
        self.import_button.setText(tr("Importer {n} ligne(s)").format(n=preview.to_apply))
        self.import_button.setEnabled(preview.to_apply > 0)

    def _show_detail(self) -> None:
        row = self.list.selected()
        self.detail.setText(
            tr("Ligne {line} — {name} : {details}").format(
                line=row.line, name=row.name, details=" ; ".join(row.details)
            )
            if row
            else ""
        )

    def _filter(self) -> None:
        action = self.action_filter.currentData()
        self.list.proxy.set_predicate(
            "action", (lambda r: r.action is action) if action is not None else None
        )

    def run_import(self) -> None:
        if self.preview is None or not self.preview.to_apply:
            return
        try:
            result = emplois.import_after_backup(self.ctx, self.path)
        except AppError as error:
            show_error(self, error)
            self.load()
            return
        QMessageBox.information(
            self,
            tr("Import terminé"),
            tr(
                "{created} dossier(s) créé(s), {updated} complété(s), {hires} embauche(s) "
                "enregistrée(s) (contrats à compléter), {passes} PASS IAE ajouté(s). "
                "{conflicts} personne(s) en conflit laissée(s) de côté."
            ).format(
                created=result.people_created,
                updated=result.people_updated,
                hires=result.hires_recorded,
                passes=result.passes_added,
                conflicts=result.conflicts,
            ),
        )
        self.accept()
