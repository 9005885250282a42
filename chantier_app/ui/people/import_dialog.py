"""Import people: the columns matched to the fields when the headers do not all match, a
preview of every row with its errors, then the valid rows all at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.person_record import FIELD_LABELS
from chantier_app.i18n import tr
from chantier_app.services import tabular
from chantier_app.services.context import AppContext
from chantier_app.services.people import import_mapping
from chantier_app.services.people import imports as people_io
from chantier_app.services.people.import_mapping import ColumnMapping
from chantier_app.services.people.imports import ImportPreview, ImportRow
from chantier_app.ui.errors import show_error
from chantier_app.ui.people.import_columns import ColumnsStep
from chantier_app.ui.widgets.forms import ERROR_STYLE
from chantier_app.ui.widgets.table import Column, RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy

RED = QBrush(QColor("#b00020"))
GREEN = QBrush(QColor("#1b5e20"))

IMPORT_COLUMNS: list[Column[ImportRow]] = [
    Column(tr("Ligne"), lambda r: r.line, align_right=True),
    Column(tr("Nom et prénom"), lambda r: r.name),
    Column(
        tr("Date de naissance"),
        lambda r: format_date(r.birth_date),
        sort_key=lambda r: r.birth_date,
    ),
    Column(
        tr("Résultat"),
        lambda r: tr("à importer") if r.valid else " ; ".join(r.errors),
        foreground=lambda r: GREEN if r.valid else RED,
        tooltip=lambda r: "\n".join(r.errors) or None,
    ),
]


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, path: Path, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.preview: ImportPreview | None = None
        self.mapping: ColumnMapping | None = None  # None: the headers' automatic matching
        self.columns_step: ColumnsStep | None = None
        self.setWindowTitle(tr("Importer des salariés — {file}").format(file=path.name))
        outer = QVBoxLayout(self)
        # A workbook of several sheets: the user chooses the one to read (the first at first).
        sheets = tabular.sheet_names(path)
        self.sheet: str | None = sheets[0] if len(sheets) > 1 else None
        self.sheet_choice = QComboBox()
        self.sheet_choice.setObjectName("importSheet")
        self.sheet_choice.addItems(sheets)
        self.sheet_choice.setToolTip(tr("La feuille du classeur dont les lignes sont importées"))
        sheet_row = QHBoxLayout()
        sheet_label = QLabel(tr("&Feuille du classeur :"))
        sheet_label.setBuddy(self.sheet_choice)
        sheet_row.addWidget(sheet_label)
        sheet_row.addWidget(self.sheet_choice, 1)
        self.sheet_row = QWidget()
        self.sheet_row.setLayout(sheet_row)
        sheet_row.setContentsMargins(0, 0, 0, 0)
        self.sheet_row.setVisible(self.sheet is not None)
        outer.addWidget(self.sheet_row)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        rows_page = QWidget()
        layout = QVBoxLayout(rows_page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pages.addWidget(rows_page)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.only_errors = QCheckBox(tr("Afficher seulement les lignes en erreur"))
        self.only_errors.toggled.connect(self._filter)
        layout.addWidget(self.only_errors)
        self.model: RowTableModel[ImportRow] = RowTableModel(IMPORT_COLUMNS)
        self.proxy = RowFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("importPreview")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.columns_button = self.buttons.addButton(
            tr("Colonnes…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.columns_button.clicked.connect(self.show_columns)
        self.continue_button = self.buttons.addButton(
            tr("Continuer"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.continue_button.clicked.connect(self.apply_columns)
        self.import_button = self.buttons.addButton(
            tr("Importer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.resize(820, 560)
        self._start()
        self.sheet_choice.currentTextChanged.connect(self.choose_sheet)

    def choose_sheet(self, name: str) -> None:
        """Another sheet: its own headers, so the matching starts again from them."""
        self.sheet = name
        self.mapping = None
        self.preview = None
        if self.columns_step is not None:
            self.pages.removeWidget(self.columns_step)
            self.columns_step.deleteLater()
            self.columns_step = None
        self._start()

    def _start(self) -> None:
        """The matching step first when the headers do not all match, else the preview."""
        try:
            sample = import_mapping.read_sample(self.path, sheet=self.sheet)
        except AppError:
            sample = None  # the preview says why
        if sample is not None:
            self.columns_step = ColumnsStep(self.ctx, sample)
            self.pages.addWidget(self.columns_step)
        self.columns_button.setEnabled(sample is not None)
        if sample is not None and not import_mapping.is_complete(sample.headers):
            self.show_columns()
        else:
            self._show_rows()
            self.load()

    def show_columns(self) -> None:
        if self.columns_step is None:
            return
        self.pages.setCurrentWidget(self.columns_step)
        self.continue_button.show()
        self.continue_button.setDefault(True)
        self.columns_button.hide()
        self.import_button.hide()

    def _show_rows(self) -> None:
        self.pages.setCurrentIndex(0)
        self.continue_button.hide()
        self.columns_button.show()
        self.import_button.show()
        self.import_button.setDefault(True)

    def apply_columns(self) -> None:
        """The user's matching and default values, checked on every row in the preview."""
        assert self.columns_step is not None
        self.mapping = self.columns_step.mapping()
        self.columns_step.remember()
        self._show_rows()
        self.load()

    def load(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.preview = self.ctx.read(
                people_io.preview_import, self.path, mapping=self.mapping, sheet=self.sheet
            )
        except AppError as error:
            self.preview = None
            self.summary.setText(error.message)
            self.summary.setStyleSheet(ERROR_STYLE)
            self.import_button.setEnabled(False)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        preview = self.preview
        self.model.set_rows(preview.rows)
        parts = [
            tr(
                "{valid} ligne(s) prête(s) à importer, {errors} ligne(s) en erreur (ignorées)."
            ).format(valid=preview.valid_count, errors=preview.error_count),
            tr("Colonnes reconnues : {names}.").format(
                names=", ".join(label for _, label in preview.columns)
            ),
        ]
        if preview.ignored_headers:
            parts.append(
                tr("Colonnes ignorées : {names}.").format(names=", ".join(preview.ignored_headers))
            )
        parts += [
            tr("Valeur par défaut sur chaque ligne : {field} = « {value} ».").format(
                field=FIELD_LABELS[name], value=value
            )
            for name, value in self._defaults().items()
        ]
        if preview.sheet_note:
            parts.append(preview.sheet_note)
        self.summary.setText("\n".join(parts))
        self.import_button.setText(tr("Importer {n} salarié(s)").format(n=preview.valid_count))
        self.import_button.setEnabled(preview.valid_count > 0)
        self.only_errors.setEnabled(preview.error_count > 0)

    def _defaults(self) -> dict[str, str]:
        return dict(self.mapping.defaults) if self.mapping else {}

    def _filter(self, only_errors: bool) -> None:
        self.proxy.set_predicate("errors", (lambda r: not r.valid) if only_errors else None)

    def run_import(self) -> None:
        if self.preview is None:
            return
        if self._defaults():
            given = "\n".join(
                tr("{field} = « {value} »").format(field=FIELD_LABELS[n], value=v)
                for n, v in self._defaults().items()
            )
            answer = QMessageBox.question(
                self,
                tr("Valeurs par défaut"),
                tr("Chaque salarié importé aura, faute de colonne dans le fichier :\n{given}\n"
                   "Confirmer ?").format(given=given),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return
        if self.preview.error_count:
            answer = QMessageBox.question(
                self,
                tr("Lignes en erreur"),
                tr(
                    "{errors} ligne(s) en erreur ne seront pas importées. Importer les "
                    "{valid} autres ?"
                ).format(errors=self.preview.error_count, valid=self.preview.valid_count),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            result = people_io.import_people_after_backup(
                self.ctx,
                self.path,
                skip_invalid=True,
                preview=self.preview,
                mapping=self.mapping,
                sheet=self.sheet,
            )
        except AppError as error:
            show_error(self, error)
            self.load()  # the file or the database changed: show why
            return
        self.result = result
        QMessageBox.information(
            self,
            tr("Import terminé"),
            tr("{n} salarié(s) importé(s).").format(n=result.created),
        )
        self.accept()
