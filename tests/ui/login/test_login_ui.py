"""The first start, the login dialog, the forced password change and the idle lock, as a user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import AppContext
from chantier_app.services.structure import accounts, staff
from chantier_app.services.structure.staff import AccountInput
from chantier_app.ui.login.dialogs import ChangePasswordDialog, LoginDialog
from chantier_app.ui.login.idle import Cover, IdleLock
from chantier_app.ui.login.setup_dialog import SetupDialog
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up


def _click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)


def test_first_start_checks_the_siret_then_creates_the_structure(qtbot, database) -> None:
    dialog = SetupDialog(database)
    qtbot.addWidget(dialog)
    dialog.name.setText("Les Ateliers du Canal")
    qtbot.keyClicks(dialog.siret, "73282932000075")
    qtbot.keyClicks(dialog.last_name, "Moreau")
    qtbot.keyClicks(dialog.first_name, "Isabelle")
    qtbot.keyClicks(dialog.login, "i.moreau")
    qtbot.keyClicks(dialog.password, DIRECTOR_PASSWORD)
    qtbot.keyClicks(dialog.confirmation, DIRECTOR_PASSWORD)
    dialog.region.setCurrentIndex(dialog.region.findData("57"))
    dialog.save()
    assert dialog.errors.message_for("siret").startswith("SIRET : la clé de contrôle")
    assert dialog.actor is None and accounts.read_start_state(database).needs_setup
    dialog.siret.setText("732 829 320 00074")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.role is Role.DIRECTION
    assert dialog.password.text() == ""
    with database.reading() as session:
        structure = session.scalars(select(m.Structure)).one()
        assert (structure.siret, structure.holiday_region) == ("73282932000074", "57")


def test_login_refuses_a_wrong_password_then_lets_the_right_one_in(qtbot, database) -> None:
    set_up(database)
    dialog = LoginDialog(database, "Les Ateliers du Canal")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Connexion — Chantier d'insertion"
    assert dialog.buttons.buttons()[0].text() == "Se connecter"
    qtbot.keyClicks(dialog.login, "i.moreau")
    qtbot.keyClicks(dialog.password, "pas-le-bon-1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.actor is None
    assert dialog.error.text() == "Identifiant ou mot de passe incorrect."
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, DIRECTOR_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.actor is not None
    assert dialog.actor.name == "Isabelle Moreau" and not dialog.must_change_password


def test_a_reset_password_must_be_changed_at_the_next_login(qtbot, database) -> None:
    director = set_up(database)
    created = director.run(staff.create_account, AccountInput("Lacroix", "Sophie", Role.CIP, "sl"))
    login = LoginDialog(database, None)
    qtbot.addWidget(login)
    qtbot.keyClicks(login.login, "sl")
    qtbot.keyClicks(login.password, created.temporary_password)
    login.try_login()
    assert login.actor is not None and login.must_change_password
    change = ChangePasswordDialog(AppContext(database, login.actor), current=login.typed_password())
    qtbot.addWidget(change)
    assert change.current is None  # the temporary password is not asked twice
    qtbot.keyClicks(change.new, "court1")
    qtbot.keyClicks(change.confirmation, "court1")
    change.save()
    assert change.errors.message_for("new") == "Mot de passe : 12 caractères au moins."
    change.new.setText("Les-péniches-du-canal-7")
    change.confirmation.setText("Les-péniches-du-canal-7")
    change.save()
    assert change.result() == change.DialogCode.Accepted
    again = accounts.log_in(database, "sl", "Les-péniches-du-canal-7")
    assert again.actor is not None and not again.must_change_password


def test_idle_session_locks_hides_the_data_and_asks_the_password(qtbot, database) -> None:
    ctx = set_up(database)
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(QLabel("LEFÈVRE Élodie — note du 3 mars"))
    window.resize(400, 200)
    window.show()
    idle = IdleLock(ctx, check_ms=10, limit_seconds=0.05)
    try:
        qtbot.waitUntil(lambda: idle.locked and idle.dialog is not None, timeout=5000)
        dialog = idle.dialog
        assert dialog.isVisible() and dialog.isModal()
        covers = window.findChildren(Cover)
        assert len(covers) == 1 and covers[0].isVisible()
        picture = window.grab().toImage()
        colours = {
            picture.pixel(x, y)
            for x in range(0, picture.width(), 7)
            for y in range(0, picture.height(), 7)
        }
        assert len(colours) == 1  # a plain sheet: no text of the window shows through
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible() and idle.locked  # Échap does not unlock
        qtbot.keyClicks(dialog.password, "pas-le-bon-1")
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
        assert idle.locked and dialog.error.text() == "Identifiant ou mot de passe incorrect."
        qtbot.keyClicks(dialog.password, DIRECTOR_PASSWORD)
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
        assert not idle.locked
        qtbot.waitUntil(lambda: not window.findChildren(Cover))
    finally:
        idle.stop()
    with database.reading() as session:
        trail = session.scalars(
            select(m.AuditEntry.action).where(
                m.AuditEntry.action.in_(["lock", "unlock", "login_failed"])
            )
        ).all()
    assert trail == ["lock", "login_failed", "unlock"]


def test_a_window_opened_while_locked_is_covered_too(qtbot, database) -> None:
    """A batch finishing under the lock opens its message: covered, and the password dialog
    still takes the keyboard; after unlocking, the message is there to read."""
    from PySide6.QtWidgets import QMessageBox

    ctx = set_up(database)
    idle = IdleLock(ctx, check_ms=10, limit_seconds=0.05)
    try:
        qtbot.waitUntil(lambda: idle.locked and idle.dialog is not None, timeout=5000)
        message = QMessageBox(QMessageBox.Icon.Information, "Lot terminé", "LEFÈVRE Élodie")
        qtbot.addWidget(message)
        message.open()
        qtbot.waitUntil(lambda: bool(message.findChildren(Cover)), timeout=2000)
        assert message.findChildren(Cover)[0].isVisible()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is idle.dialog, timeout=2000)
        qtbot.keyClicks(idle.dialog.password, DIRECTOR_PASSWORD)
        qtbot.keyClick(idle.dialog.password, Qt.Key.Key_Return)
        assert not idle.locked
        qtbot.waitUntil(lambda: not message.findChildren(Cover))
        assert message.isVisible()
    finally:
        idle.stop()


def test_quitting_from_the_lock_lets_each_window_ask_first(qtbot, database, monkeypatch) -> None:
    """« Quitter l'application » closes the windows as a click on their close box would: one
    with hours typed and not saved asks, « Annuler » brings the lock back."""
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMainWindow

    class Unsaved(QMainWindow):
        keep_open = True

        def closeEvent(self, event: QCloseEvent) -> None:  # the user answered « Annuler »
            if self.keep_open:
                event.ignore()

    quits: list[int] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(1))
    window = Unsaved()
    qtbot.addWidget(window)
    window.show()
    ctx = set_up(database)
    idle = IdleLock(ctx, check_ms=10, limit_seconds=0.05)
    try:
        qtbot.waitUntil(lambda: idle.locked and idle.dialog is not None, timeout=5000)
        qtbot.mouseClick(idle.dialog.quit_button, Qt.MouseButton.LeftButton)
        assert quits == [] and window.isVisible()
        assert idle.locked and idle.dialog.isVisible()  # still locked, nothing shown
        window.keep_open = False
        qtbot.mouseClick(idle.dialog.quit_button, Qt.MouseButton.LeftButton)
        assert quits == [1] and not window.isVisible()
    finally:
        idle.stop()


def test_the_demo_starts_without_a_login_nor_an_idle_lock(qapp, demo_database) -> None:
    from chantier_app.ui.login import session

    ctx = session.start_session(demo_database)
    assert ctx is not None and ctx.actor.name == "Isabelle Moreau"
    assert session._running == []


def test_start_asks_the_login_then_the_new_password(qtbot, database, monkeypatch) -> None:
    """The start as a user goes through it: login, forced change, then the idle lock."""
    from chantier_app.ui.login import session

    director = set_up(database)
    created = director.run(staff.create_account, AccountInput("Lacroix", "Sophie", Role.CIP, "sl"))

    def log_in(dialog) -> int:
        dialog.login.setText("sl")
        dialog.password.setText(created.temporary_password)
        dialog.try_login()
        return int(dialog.result())

    def change(dialog) -> int:
        dialog.new.setText("Une-phrase-bien-longue-1")
        dialog.confirmation.setText("Une-phrase-bien-longue-1")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(LoginDialog, "exec", log_in)
    monkeypatch.setattr(ChangePasswordDialog, "exec", change)
    ctx = session.start_session(database)
    try:
        assert ctx is not None and ctx.actor.name == "Sophie Lacroix"
        assert len(session._running) == 1 and session._running[0].minutes == 15
        assert accounts.log_in(database, "sl", "Une-phrase-bien-longue-1").actor is not None
    finally:
        while session._running:
            session._running.pop().stop()
