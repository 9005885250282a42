"""« Paramètres »: the structure, workshops and teams, conventions, accounts, one's own account.

Everyone may read the structure and change their own password; the direction edits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.hours import fte
from chantier_app.services.hours.fte import ConventionView
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.services.structure import accounts
from chantier_app.ui.hours.conventions_dialog import COLUMNS as CONVENTION_COLUMNS
from chantier_app.ui.login.dialogs import ChangePasswordDialog
from chantier_app.ui.pages import Navigator
from chantier_app.ui.settings.accounts_tab import AccountsTab
from chantier_app.ui.settings.structure_tab import StructureTab
from chantier_app.ui.settings.workshops_tab import WorkshopsTab
from chantier_app.ui.widgets.parts import Page
from chantier_app.ui.widgets.table import RowTableModel, table_view

if TYPE_CHECKING:
    from chantier_app.ui.settings.encryption_tab import EncryptionTab
    from chantier_app.ui.settings.server_tab import ServerTab


class ConventionsTab(QWidget):
    """The yearly conventions; changed in the hours area's dialog (direction)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model: RowTableModel[ConventionView] = RowTableModel(CONVENTION_COLUMNS, [], self)
        self.view = table_view("conventions", self.model)
        self.edit_button = QPushButton(tr("Modifier les conventions…"))
        self.edit_button.setVisible(allowed(ctx.actor, Permission.SETTINGS_EDIT))
        self.edit_button.clicked.connect(self.edit)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("ETP conventionnés et aide au poste fixés chaque année avec l'État."))
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.edit_button)
        layout.addLayout(row)

    def refresh(self) -> None:
        self.model.set_rows(self.ctx.read(fte.list_conventions))

    def edit(self) -> None:
        from chantier_app.ui.hours.conventions_dialog import ConventionsDialog

        ConventionsDialog(self.ctx, self).exec()
        self.refresh()


class MyAccountTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        box = QGroupBox(tr("Mon compte"))
        form = QFormLayout(box)
        self.login = QLabel()
        self.login.setObjectName("myLogin")
        self.last_login = QLabel()
        form.addRow(tr("Nom :"), QLabel(ctx.actor.name))
        form.addRow(tr("Rôle :"), QLabel(ctx.actor.role_title))
        form.addRow(tr("Identifiant :"), self.login)
        form.addRow(tr("Connexion en cours depuis :"), self.last_login)
        self.change_button = QPushButton(tr("Changer mon mot de passe…"))
        self.change_button.setObjectName("changePassword")
        self.change_button.clicked.connect(self.change_password)
        form.addRow(self.change_button)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)

    def refresh(self) -> None:
        mine = self.ctx.read(accounts.own_account)
        self.login.setText((mine.login or "") if mine else tr("aucun (compte système)"))
        when = mine.last_login_at if mine else None
        self.last_login.setText(when.strftime("%d/%m/%Y %H:%M") if when else "")
        self.change_button.setEnabled(mine is not None and mine.has_password)
        if mine is not None and not mine.has_password:
            self.change_button.setToolTip(tr("Compte de démonstration : pas de mot de passe."))

    def change_password(self) -> None:
        ChangePasswordDialog(self.ctx, parent=self).exec()


class SettingsPage(Page):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("<h2>Paramètres</h2>")))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.structure = StructureTab(ctx)
        self.workshops = WorkshopsTab(ctx)
        self.tabs.addTab(self.structure, tr("Structure"))
        self.tabs.addTab(self.workshops, tr("Ateliers et équipes"))
        self.conventions: ConventionsTab | None = None
        self.accounts: AccountsTab | None = None
        if allowed(ctx.actor, Permission.FIGURES_VIEW):
            self.conventions = ConventionsTab(ctx)
            self.tabs.addTab(self.conventions, tr("Conventions"))
        if allowed(ctx.actor, Permission.ACCOUNTS_MANAGE):
            self.accounts = AccountsTab(ctx)
            self.tabs.addTab(self.accounts, tr("Comptes"))
        self.encryption: EncryptionTab | None = None
        if allowed(ctx.actor, Permission.SETTINGS_EDIT) and ctx.paths is not None:
            from chantier_app.ui.settings.encryption_tab import EncryptionTab

            self.encryption = EncryptionTab(ctx)
            self.tabs.addTab(self.encryption, tr("Chiffrement"))
        self.server: ServerTab | None = None
        if allowed(ctx.actor, Permission.SETTINGS_EDIT) and ctx.paths is not None:
            from chantier_app.ui.settings.server_tab import ServerTab

            self.server = ServerTab(ctx)
            self.tabs.addTab(self.server, tr("Base de données partagée"))
        self.mine = MyAccountTab(ctx)
        self.tabs.addTab(self.mine, tr("Mon compte"))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self.on_shown())

    def on_shown(self) -> None:
        refresh = getattr(self.tabs.currentWidget(), "refresh", None)
        if refresh is not None:
            refresh()

    def show_tab(self, key: str) -> None:
        """« structure », « workshops », « conventions », « accounts » or « server » (when the
        role has it)."""
        tabs = {
            "structure": self.structure,
            "workshops": self.workshops,
            "conventions": self.conventions,
            "accounts": self.accounts,
            "server": self.server,
        }
        widget = tabs.get(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]
