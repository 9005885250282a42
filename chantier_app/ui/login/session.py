"""Who uses the application: first start's set-up, or the login (direct for the demo), then
the idle lock. Called once by ``ui.app.run_gui`` before the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from chantier_app.i18n import tr
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.structure import accounts
from chantier_app.ui.login.dialogs import ChangePasswordDialog, LoginDialog
from chantier_app.ui.login.idle import IdleLock
from chantier_app.ui.login.setup_dialog import SetupDialog

if TYPE_CHECKING:
    from chantier_app.db.engine import Database
    from chantier_app.paths import AppPaths


def ask_actor(database: Database) -> Actor | None:
    """The staff member using the application; None when they gave up (quit)."""
    state = accounts.read_start_state(database)
    if state.needs_setup:
        if database.readonly:
            QMessageBox.warning(
                None,
                tr("Aucune structure"),
                tr("Ces données sont vides et ouvertes en lecture seule : rien à consulter."),
            )
            return None
        setup = SetupDialog(database)
        return setup.actor if setup.exec() else None
    if state.is_demo:
        return accounts.log_in_demo(database)
    login = LoginDialog(database, state.structure_name)
    if not login.exec() or login.actor is None:
        return None
    if login.must_change_password:
        change = ChangePasswordDialog(
            AppContext(database, login.actor), current=login.typed_password()
        )
        if not change.exec():
            return None
    return login.actor


def start_session(database: Database, paths: AppPaths | None = None) -> AppContext | None:
    """Log in, then watch for inactivity (not for the demo's fictitious data)."""
    actor = ask_actor(database)
    if actor is None:
        return None
    ctx = AppContext(database, actor, paths)
    state = accounts.read_start_state(database)
    if not state.is_demo and actor.staff_id is not None:
        _running.append(IdleLock(ctx, parent=QApplication.instance()))
    return ctx


_running: list[IdleLock] = []  # kept alive for the application's lifetime
