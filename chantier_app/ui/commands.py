"""The menu commands with a shortcut: search (Ctrl+F), new person (Ctrl+N), save (Ctrl+S),
preview and print (Ctrl+P), the manual (F1, at the page shown). Each goes to the page shown (``Page.command``);
where the page has nothing for it, the usual thing is done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from chantier_app.i18n import tr
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.widgets.parts import Command

if TYPE_CHECKING:
    from chantier_app.ui.main_window import MainWindow
    from chantier_app.ui.manual.dialog import ManualDialog

SHORTCUTS = (
    (Command.FIND, tr("&Rechercher"), QKeySequence.StandardKey.Find),
    (Command.NEW, tr("&Nouveau salarié…"), QKeySequence.StandardKey.New),
    (Command.SAVE, tr("&Enregistrer"), QKeySequence.StandardKey.Save),
    (Command.PRINT, tr("&Aperçu et impression…"), QKeySequence.StandardKey.Print),
)


class PageCommands(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[Command, QAction] = {}
        for command, text, keys in SHORTCUTS:
            action = QAction(text, window)
            action.setObjectName(f"command_{command.value}")
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _=False, c=command: self.run(c))
            window.addAction(action)  # also with the menu bar hidden or a page's focus deep
            self.actions[command] = action
        self.manual_action = QAction(tr("&Manuel"), window)
        self.manual_action.setObjectName("command_manual")
        self.manual_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.manual_action.triggered.connect(self.show_manual)
        window.addAction(self.manual_action)
        self.manual: ManualDialog | None = None
        self.help_action = QAction(tr("&Raccourcis clavier…"), window)
        self.help_action.setObjectName("command_help")
        self.help_action.triggered.connect(self.show_help)
        self.update_rights()

    def add_to(self, menu: QMenu) -> None:
        for action in self.actions.values():
            menu.addAction(action)

    def update_rights(self) -> None:
        """A new person needs the right to edit people (after a change of user too)."""
        window = self.window
        can_create = allowed(window.ctx.actor, Permission.PEOPLE_EDIT)
        self.actions[Command.NEW].setEnabled(can_create and not window.ctx.database.readonly)
        keys = {spec.key for spec in window.specs}
        self.actions[Command.PRINT].setEnabled("documents" in keys)

    def run(self, command: Command) -> None:
        window = self.window
        if window.page(window.current_key()).command(command):
            return
        keys = {spec.key for spec in window.specs}
        if command in (Command.FIND, Command.NEW) and "people" in keys:
            window.show_page("people")
            window.page("people").command(command)
        elif command is Command.PRINT and "documents" in keys:
            window.show_page("documents")
            window.statusBar().showMessage(
                tr("Choisissez un document puis « Aperçu » (Ctrl+P imprime celui affiché)."),
                8000,
            )
        elif command is Command.SAVE:
            window.statusBar().showMessage(tr("Rien à enregistrer sur cette page."), 5000)

    def show_manual(self) -> None:
        """The manual, open at the section of the page shown (built on first use)."""
        if self.manual is None:
            from chantier_app.ui.manual.dialog import ManualDialog

            self.manual = ManualDialog(self.window)
        self.manual.show()
        self.manual.raise_()
        self.manual.show_section(self.window.current_key())

    def show_help(self) -> None:
        lines = "".join(
            f"<tr><td><b>{QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)}"
            f"</b></td><td>{text.replace('&', '').rstrip('…')}</td></tr>"
            for _command, text, keys in SHORTCUTS
        )
        box = QMessageBox(self.window)
        box.setObjectName("helpBox")
        box.setWindowTitle(tr("Aide"))
        box.setText(
            tr(
                "<p>Raccourcis clavier :</p><table cellspacing='6'>{lines}"
                "<tr><td><b>Ctrl+1 à Ctrl+9</b></td><td>les pages, dans l'ordre de la "
                "navigation</td></tr>"
                "<tr><td><b>Alt+←</b></td><td>d'un dossier à la liste des salariés</td></tr>"
                "<tr><td><b>F1</b></td><td>le manuel, à la page affichée</td></tr></table>"
                "<p>Dans la liste des salariés, ↓ depuis la recherche va aux résultats et "
                "Entrée ouvre le dossier choisi.</p>"
            ).format(lines=lines)
        )
        box.open()
