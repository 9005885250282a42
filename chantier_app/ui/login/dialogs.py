"""The login dialog and the password change (one's own, or forced after a reset)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chantier_app import APP_DISPLAY_NAME
from chantier_app.domain.errors import ValidationError
from chantier_app.domain.password_rules import MIN_LENGTH
from chantier_app.i18n import tr
from chantier_app.services.context import Actor, AppContext
from chantier_app.ui.widgets.forms import ERROR_STYLE, FieldErrors

if TYPE_CHECKING:
    from chantier_app.db.engine import Database


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(128)
    return field


def _buttons(ok_text: str, cancel_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
    return box


class LoginDialog(QDialog):
    """« Identifiant » and « Mot de passe »; ``actor`` is set once accepted."""

    def __init__(
        self, database: Database | None, structure_name: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.actor: Actor | None = None
        self.must_change_password = False
        self.setObjectName("loginDialog")
        self.setWindowTitle(tr("Connexion — {app}").format(app=APP_DISPLAY_NAME))
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{structure_name or APP_DISPLAY_NAME}</h2>")
        title.setObjectName("structureName")
        layout.addWidget(title)
        layout.addWidget(QLabel(tr("Connectez-vous avec votre compte personnel.")))
        form = QFormLayout()
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.login.setPlaceholderText(tr("ex. m.dupont"))
        self.password = password_field("password")
        form.addRow(tr("&Identifiant :"), self.login)
        form.addRow(tr("&Mot de passe :"), self.password)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        hint = QLabel(tr("Mot de passe oublié ? Demandez à la direction de le réinitialiser."))
        hint.setEnabled(False)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.buttons = _buttons(tr("Se connecter"), tr("Quitter"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.login.setFocus()

    def try_login(self) -> None:
        self._typed = self.password.text()
        refused = self._attempt(self.login.text(), self._typed)
        if refused is not None:
            self.show_refusal(refused)
            self._typed = ""
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.accept()

    def show_refusal(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _attempt(self, login: str, password: str) -> str | None:
        """None when the log-in is accepted; else why it was refused (French)."""
        from chantier_app.services.structure import accounts

        assert self.database is not None
        result = accounts.log_in(self.database, login, password)
        if result.actor is None:
            return result.message
        self.actor = result.actor
        self.must_change_password = result.must_change_password
        return None

    def typed_password(self) -> str:
        """What was typed, kept only for the forced change that follows; then forgotten."""
        typed, self._typed = getattr(self, "_typed", ""), ""
        return typed


class ChangePasswordDialog(QDialog):
    """One's own password; ``current`` given (a forced change) hides the first field."""

    def __init__(
        self, ctx: AppContext, *, current: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._current = current
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(tr("Changer mon mot de passe"))
        layout = QVBoxLayout(self)
        if current is not None:
            intro = QLabel(
                tr(
                    "<b>Votre mot de passe est provisoire.</b> Choisissez-en un nouveau, connu "
                    "de vous seul(e), avant de continuer."
                )
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        rules = QLabel(
            tr(
                "Au moins {n} caractères, avec des lettres et au moins un chiffre ou un signe ; "
                "une phrase facile à retenir convient (ex. « Le-canal-gèle-en-janvier »)."
            ).format(n=MIN_LENGTH)
        )
        rules.setWordWrap(True)
        layout.addWidget(rules)
        form = QFormLayout()
        general = QLabel()
        self.errors = FieldErrors(general)
        self.current: QLineEdit | None = None
        if current is None:  # a forced change: the password just typed at login is the current
            self.current = password_field("current")
            self.errors.add_row(form, "current", tr("Mot de passe &actuel :"), self.current)
        self.new = password_field("new")
        self.confirmation = password_field("confirmation")
        self.errors.add_row(form, "new", tr("&Nouveau mot de passe :"), self.new)
        self.errors.add_row(form, "confirmation", tr("&Confirmation :"), self.confirmation)
        layout.addLayout(form)
        layout.addWidget(general)
        cancel = tr("Quitter") if current is not None else tr("Annuler")
        self.buttons = _buttons(tr("Changer le mot de passe"), cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def save(self) -> None:
        current = self.current.text() if self.current is not None else self._current or ""
        # Imported here: the encrypted folder's log-in shows before SQLAlchemy loads.
        from chantier_app.services.structure import accounts
        from chantier_app.services.structure.accounts import PasswordChange

        change = PasswordChange(current, self.new.text(), self.confirmation.text())
        try:
            self.ctx.run(accounts.change_password, change)
        except ValidationError as error:
            self.errors.show(error)
            return
        self._current = None
        for field in (self.current, self.new, self.confirmation):
            if field is not None:
                field.clear()
        self.accept()
