"""The « Salariés » page: the list, and a person's file in its place (« ← Liste des salariés »).

The file opens inside the page rather than in a separate window: one window on a small
office screen, and the navigation on the left stays where users expect it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStackedWidget, QVBoxLayout

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import export as people_export
from chantier_app.ui.errors import show_error
from chantier_app.ui.pages import Navigator
from chantier_app.ui.people.list_view import PeopleList
from chantier_app.ui.people.person_dialog import PersonDialog
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.widgets.parts import Command, Page


class PeoplePage(Page):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.list = PeopleList(ctx)
        self.file = PersonFile(ctx, nav)
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.file)
        self.list.open_requested.connect(lambda pid: self.open_person(pid))
        self.list.new_requested.connect(self.new_person)
        self.list.edit_requested.connect(self.edit_person)
        self.list.import_requested.connect(self.import_people)
        self.list.export_requested.connect(self.export_people)
        self.list.emplois_requested.connect(self.import_from_emplois)
        self.list.asp_requested.connect(self.show_incomplete_records)
        self.file.back_requested.connect(self.show_list)
        back = QShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), self)
        back.activated.connect(self.show_list)
        self._loaded = False

    def on_shown(self) -> None:
        if self.stack.currentWidget() is self.list or not self._loaded:
            self.list.refresh()
            self._loaded = True
        else:
            self.file.refresh()

    # Navigation -------------------------------------------------------------------------------
    def open_person(self, person_id: int, tab_key: str | None = None) -> None:
        try:
            self.file.load(person_id, tab_key)
        except AppError as error:
            show_error(self, error)
            return
        self.stack.setCurrentWidget(self.file)

    def show_list(self) -> None:
        current = self.file.person_id
        self.list.refresh()
        self._loaded = True
        self.stack.setCurrentWidget(self.list)
        if current is not None:
            self.list.select(current)
        self.list.table.setFocus()

    def command(self, command: Command) -> bool:
        """Ctrl+F: the list's search (from a file too); Ctrl+N: a new person; Ctrl+P and
        Ctrl+S: the document previewed in the file's Documents tab."""
        if command is Command.FIND:
            if self.stack.currentWidget() is not self.list:
                self.show_list()
            self.list.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.list.search.selectAll()
            return True
        if command is Command.NEW:
            if self.list.new_button.isEnabled():
                self.new_person()
            return True
        if self.stack.currentWidget() is self.file and command in (Command.PRINT, Command.SAVE):
            from chantier_app.ui.documents.preview import PdfPreview  # QtPdf, when needed

            shown = [p for p in self.file.findChildren(PdfPreview) if p.isVisible()]
            if shown and shown[0].has_document():
                if command is Command.PRINT:
                    shown[0].print_document()
                else:
                    shown[0].save_document()
                return True
        return False

    # Actions ---------------------------------------------------------------------------------
    def new_person(self) -> None:
        dialog = PersonDialog(self.ctx, parent=self, open_existing=self.open_person)
        if dialog.exec() and dialog.saved_id is not None:
            self.list.refresh()
            self.open_person(dialog.saved_id, "identity")

    def edit_person(self, person_id: int) -> None:
        dialog = PersonDialog(self.ctx, person_id, parent=self, open_existing=self.open_person)
        if dialog.exec():
            self.list.refresh()
            self.list.select(person_id)

    def import_people(self) -> None:
        from chantier_app.ui.people.import_dialog import ImportDialog

        path, _ = QFileDialog.getOpenFileName(
            self, tr("Importer des salariés"), "", tr("Tableaux (*.xlsx *.csv);;Tous (*)")
        )
        if not path:
            return
        dialog = ImportDialog(self.ctx, Path(path), parent=self)
        if dialog.exec():
            self.list.refresh()

    def import_from_emplois(self) -> None:
        from chantier_app.ui.platforms.emplois_dialog import choose_and_import

        if choose_and_import(self.ctx, parent=self):
            self.list.refresh()

    def show_incomplete_records(self) -> None:
        from chantier_app.ui.platforms.asp_list import IncompleteRecordsDialog

        IncompleteRecordsDialog(
            self.ctx, lambda pid: self.open_person(pid, "asp"), parent=self
        ).exec()

    def export_people(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self,
            tr("Exporter la liste affichée"),
            tr("salaries.xlsx"),
            tr("Classeur Excel (*.xlsx);;CSV pour Excel (*.csv)"),
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".xlsx", ".csv"):
            target = target.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
        self.export_to(target)

    def export_to(self, target: Path) -> people_export.ExportResult | None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = self.ctx.run(people_export.export_people, target, self.list.visible_ids())
        except (AppError, OSError) as error:
            QGuiApplication.restoreOverrideCursor()
            show_error(self, error if isinstance(error, AppError) else AppError(str(error)))
            return None
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.information(
            self,
            tr("Export terminé"),
            tr("{n} salarié(s) exporté(s) dans {file}.").format(n=result.count, file=target),
        )
        return result
