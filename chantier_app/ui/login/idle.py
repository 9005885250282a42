"""The idle lock: after some minutes without a key or a click, every window is covered and
the password is asked again. Dialogs left open keep what was typed in them; a window that
opens while locked (a batch of documents finishing, a message) is covered as it shows."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.structure import accounts
from chantier_app.ui.login.dialogs import password_field
from chantier_app.ui.widgets.forms import ERROR_STYLE

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class Cover(QWidget):
    """An opaque sheet over a window while the session is locked: nothing of it shows."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Mid))
        self.setPalette(palette)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()


class LockDialog(QDialog):
    """The password again, or quit; Échap and the close box do nothing."""

    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, ctx: AppContext, minutes: int) -> None:
        super().__init__(None, Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint)
        self.ctx = ctx
        self.setObjectName("lockDialog")
        self.setWindowTitle(tr("Session verrouillée"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        layout = QVBoxLayout(self)
        text = QLabel(
            tr(
                "<h3>Session verrouillée</h3>La session de <b>{name}</b> a été verrouillée après "
                "{n} minutes sans activité. Tapez votre mot de passe pour reprendre là où vous "
                "en étiez."
            ).format(name=ctx.actor.name, n=minutes)
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.password = password_field("password")
        layout.addWidget(self.password)
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(
            tr("Déverrouiller"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setDefault(True)
        self.quit_button = buttons.addButton(
            tr("Quitter l'application"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.unlock_button.clicked.connect(self.try_unlock)
        self.quit_button.clicked.connect(self.quit_requested)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def try_unlock(self) -> None:
        # Counted and traced in consultation too (read-only data): see services' consultation.
        result = accounts.unlock_session(self.ctx.database, self.ctx.actor, self.password.text())
        self.password.clear()
        if result.actor is None:
            self.error.setText(result.message)
            self.error.show()
            self.password.setFocus()
            return
        self.unlocked.emit()
        self.accept()

    def reject(self) -> None:  # Échap: the session stays locked
        pass

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.result() != QDialog.DialogCode.Accepted:
            event.ignore()


class IdleLock(QObject):
    """Watches the user's input across the application; locks after ``minutes`` idle.

    The limit is read again from the settings at each check, so a change applies at once.
    """

    locked_changed = Signal(bool)

    def __init__(
        self,
        ctx: AppContext,
        *,
        check_ms: int = 15_000,
        limit_seconds: float | None = None,  # tests: a fraction of a second
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._limit_override = limit_seconds
        self.minutes = accounts.read_start_state(ctx.database).idle_lock_minutes
        self.last_input = time.monotonic()
        self.locked = False
        self._quitting = False
        self.covers: list[Cover] = []
        self.dialog: LockDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.locked:
            self.last_input = time.monotonic()
        elif event.type() == QEvent.Type.Resize and self.locked:
            for cover in self.covers:
                if cover.parentWidget() is watched:
                    cover.setGeometry(cover.parentWidget().rect())
        elif event.type() == QEvent.Type.Show and self.locked:
            self._cover_new_window(watched)
        return False

    def _cover_new_window(self, watched: QObject) -> None:
        if (
            self._quitting  # the windows' own questions (« Enregistrer ? ») must be seen
            or not isinstance(watched, QWidget)
            or not watched.isWindow()
            or isinstance(watched, LockDialog)
            or watched.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
            or any(cover.parentWidget() is watched for cover in self.covers)
        ):
            return
        self.covers.append(Cover(watched))
        # A modal window opened later blocks the earlier ones: once this one is shown, the
        # password dialog is opened again so it stays the one that takes the keyboard.
        QTimer.singleShot(0, self, self._password_on_top)

    def _password_on_top(self) -> None:
        if self.dialog is not None and self.locked:
            self.dialog.hide()
            self.dialog.open()
            self.dialog.raise_()
            self.dialog.activateWindow()

    def limit_seconds(self) -> float:
        if self._limit_override is not None:
            return self._limit_override
        self.minutes = accounts.read_start_state(self.ctx.database).idle_lock_minutes
        return self.minutes * 60.0

    def check(self) -> None:
        if not self.locked and time.monotonic() - self.last_input >= self.limit_seconds():
            self.lock()

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        if not self.ctx.database.readonly:
            self.ctx.run(accounts.record_lock, self.minutes)
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not isinstance(window, LockDialog):
                self.covers.append(Cover(window))
        self.dialog = LockDialog(self.ctx, self.minutes)
        self.dialog.unlocked.connect(self.unlock)
        self.dialog.quit_requested.connect(self.quit_application)
        self.dialog.open()
        self.locked_changed.emit(True)

    def quit_application(self) -> None:
        """« Quitter » from the lock: each window closes as it would (hours typed and not
        saved are asked about); one that stays open brings the lock back."""
        if self.dialog is None:
            return
        self.dialog.hide()
        self._quitting = True
        try:
            for window in QApplication.topLevelWidgets():
                if isinstance(window, QMainWindow) and window.isVisible() and not window.close():
                    self.dialog.open()
                    return
        finally:
            self._quitting = False
        QApplication.quit()

    def unlock(self) -> None:
        for cover in self.covers:
            cover.hide()
            cover.deleteLater()
        self.covers = []
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self.locked = False
        self.last_input = time.monotonic()
        self.locked_changed.emit(False)

    def stop(self) -> None:
        """No more watching (tests, or the end of the session)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.deleteLater()
