"""The log-in of an encrypted data folder, shown before anything is read: the account's
password (or the recovery key) unlocks the data key; the usual log-in follows with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLabel, QLineEdit, QWidget

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.services.safety import keys
from chantier_app.ui.login.dialogs import LoginDialog


@dataclass(frozen=True)
class Typed:
    """What was typed, for the account's own log-in once the data open (then forgotten)."""

    login: str
    password: str = field(repr=False)


class EncryptedLoginDialog(LoginDialog):
    """« Identifiant » and « Mot de passe » over locked data: no structure name, nothing
    read. ``typed`` is set once the account's slot opened; None after the recovery key."""

    def __init__(self, paths: AppPaths, parent: QWidget | None = None) -> None:
        super().__init__(None, tr("Données chiffrées"), parent)
        self.paths = paths
        self.typed: Typed | None = None
        self.setObjectName("encryptedLoginDialog")
        notice = QLabel(
            tr("Les données de ce poste sont chiffrées : votre mot de passe les ouvre.")
        )
        notice.setObjectName("encryptedNotice")
        notice.setWordWrap(True)
        self.layout().insertWidget(1, notice)
        self.recovery = self.buttons.addButton(
            tr("Clé de &secours…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.recovery.setObjectName("recoveryKey")
        self.recovery.clicked.connect(self.ask_recovery_key)

    def _attempt(self, login: str, password: str) -> str | None:
        try:
            keys.unlock_with_password(self.paths, login, password)
        except AppError as refused:  # wrong password, key file missing or altered: it says
            return refused.message
        self.typed = Typed(login, password)
        return None

    def ask_recovery_key(self) -> None:
        text, given = QInputDialog.getText(
            self,
            tr("Clé de secours"),
            tr("Clé de secours (sur la feuille de secours, 8 groupes de 4 caractères) :"),
            QLineEdit.EchoMode.Normal,
        )
        if given:
            self.unlock_with_recovery_key(text)

    def unlock_with_recovery_key(self, text: str) -> None:
        try:
            keys.unlock_with_recovery_key(self.paths, text)
        except AppError as refused:
            self.show_refusal(refused.message)
            return
        self.accept()  # the data open; who acts still logs in with their own account


def unlock_at_start(
    paths: AppPaths, *, while_shown: Callable[[], object] | None = None
) -> tuple[bool, Typed | None]:
    """An encrypted folder's log-in, before anything is read: (False, None) when the user
    quit; else the data key is unlocked and what was typed logs in once the data open.

    ``while_shown`` runs once the window shows (the modules' warm-up: imports only, nothing
    read), so the dashboard does not wait for them after the password."""
    if not keys.is_encrypted(paths) or keys.is_unlocked(paths):
        return True, None
    dialog = EncryptedLoginDialog(paths)
    if while_shown is not None:
        QTimer.singleShot(0, while_shown)
    if not dialog.exec():
        return False, None
    return True, dialog.typed
