"""« Démonstration → Se connecter en tant que » : each of the demo's accounts, to try the
screens of the direction, a CIP or an encadrant (the demo's accounts have no password)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.ui.errors import show_error

if TYPE_CHECKING:
    from chantier_app.services.structure.demo_users import DemoAccount
    from chantier_app.ui.main_window import MainWindow


class DemoUserMenu(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.menu = window.menuBar().addMenu(tr("&Démonstration"))
        self.menu.setObjectName("demo_menu")
        self.accounts_menu = self.menu.addMenu(tr("Se connecter en tant que"))
        self.accounts_menu.setObjectName("demo_accounts")
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        # Read when opened: the demo's first screen shows before the services are loaded.
        self.accounts_menu.aboutToShow.connect(self.refresh)

    def refresh(self) -> None:
        from chantier_app.services.structure import demo_accounts  # loads SQLAlchemy

        for action in self.group.actions():
            self.group.removeAction(action)
            self.accounts_menu.removeAction(action)
            action.deleteLater()
        try:
            accounts = self.window.ctx.read(demo_accounts)
        except AppError as error:
            show_error(self.window, error)
            return
        previous = None
        for account in accounts:
            if previous is not None and account.role is not previous:
                self.accounts_menu.addSeparator()
            previous = account.role
            action = QAction(account.label, self.accounts_menu)
            action.setCheckable(True)
            action.setChecked(account.staff_id == self.window.ctx.actor.staff_id)
            action.triggered.connect(lambda _=False, a=account: self.switch_to(a))
            self.group.addAction(action)
            self.accounts_menu.addAction(action)

    def actions(self) -> list[QAction]:
        return self.group.actions()

    def switch_to(self, account: DemoAccount) -> None:
        from chantier_app.services.structure import switch_demo_user

        window = self.window
        if account.staff_id == window.ctx.actor.staff_id:
            return
        if not window.keep_or_drop_all_changes():
            self.refresh()  # the tick goes back to who still uses the window
            return
        try:
            actor = window.ctx.run(switch_demo_user, account.staff_id)
        except AppError as error:
            show_error(window, error)
            return
        window.switch_actor(actor)
        window.statusBar().showMessage(
            tr("Vous utilisez maintenant le compte de {name} — {role}.").format(
                name=actor.name, role=actor.role_title
            ),
            8000,
        )
