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
    from collections.abc import Callable

    from chantier_app.db.engine import Database
    from chantier_app.paths import AppPaths
    from chantier_app.ui.login.unlock_dialog import Typed


def ask_actor(
    database: Database,
    typed: Typed | None = None,
    paths: AppPaths | None = None,
    after_check: list[Callable[[Database], None]] | None = None,
) -> Actor | None:
    """The staff member using the application; None when they gave up (quit).

    ``typed``: the log-in already typed to unlock encrypted data, not asked twice. While
    the file's check runs (``database.reads_before_check``) it is decided by reading only,
    and what it writes is appended to ``after_check``, to run once the check passed
    (given the database then open: a backup may have been restored meanwhile).
    """
    state = accounts.read_start_state(database)
    if state.needs_setup:
        if database.readonly:
            QMessageBox.warning(
                None,
                tr("Aucune structure"),
                tr("Ces données sont vides et ouvertes en lecture seule : rien à consulter."),
            )
            return None
        setup = SetupDialog(database, paths=paths)
        return setup.actor if setup.exec() else None
    if state.is_demo:
        return accounts.log_in_demo(database)
    refusal = None
    if typed is not None:
        from chantier_app.services.safety import keys

        try:
            result = _typed_log_in(database, typed, after_check)
        finally:
            keys.forget_log_in()  # the slot's derivation served this log-in only
        if result.actor is not None:
            return _changed_if_needed(database, result, typed.password)
        refusal = result.message  # e.g. the account is blocked: the dialog says so
    login = LoginDialog(database, state.structure_name)
    if refusal is not None:
        login.show_refusal(refusal)
    if not login.exec() or login.actor is None:
        return None
    result = accounts.LoginResult(login.actor, must_change_password=login.must_change_password)
    return _changed_if_needed(database, result, login.typed_password())


def _typed_log_in(
    database: Database, typed: Typed, after_check: list[Callable[[Database], None]] | None
) -> accounts.LoginResult:
    if after_check is None or not database.reads_before_check:
        return accounts.log_in(database, typed.login, typed.password)
    from chantier_app.services.structure import before_check

    pending = before_check.log_in(database, typed.login, typed.password)
    if pending.result.must_change_password:
        before_check.record(database, pending)  # before the change it leads to, in order
    else:
        after_check.append(lambda current: before_check.record(current, pending))
    return pending.result


def _changed_if_needed(
    database: Database, result: accounts.LoginResult, typed: str
) -> Actor | None:
    """A temporary password is changed before anything else (None: the user quit)."""
    assert result.actor is not None
    if result.must_change_password:
        change = ChangePasswordDialog(AppContext(database, result.actor), current=typed)
        if not change.exec():
            return None
    return result.actor


def start_session(
    database: Database,
    paths: AppPaths | None = None,
    typed: Typed | None = None,
    after_check: list[Callable[[Database], None]] | None = None,
) -> AppContext | None:
    """Log in, then watch for inactivity (not for the demo's fictitious data)."""
    actor = ask_actor(database, typed, paths, after_check)
    if actor is None:
        return None
    ctx = AppContext(database, actor, paths)
    state = accounts.read_start_state(database)
    if not state.is_demo and actor.staff_id is not None:
        _running.append(IdleLock(ctx, parent=QApplication.instance()))
    return ctx


_running: list[IdleLock] = []  # kept alive for the application's lifetime
