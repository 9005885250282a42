"""« Mot de passe du serveur »: asked at start when the keyring holds none for the shared
database (or the server refused it), optionally kept in the system's keyring."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from chantier_app.i18n import tr
from chantier_app.services.safety.shared_database import ServerTarget
from chantier_app.ui.widgets.forms import ERROR_STYLE


class ServerPasswordDialog(QDialog):
    """The password of the server's role for this run; ``remember()``: keep it."""

    def __init__(
        self,
        target: ServerTarget,
        *,
        refusal: str | None = None,
        keyring: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("serverPasswordDialog")
        self.setWindowTitle(tr("Mot de passe du serveur"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Mot de passe pour la {where} :").format(where=target.describe()))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.field = QLineEdit()
        self.field.setObjectName("serverPassword")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.field)
        self.refusal = QLabel(refusal or "")
        self.refusal.setObjectName("serverPasswordRefusal")
        self.refusal.setStyleSheet(ERROR_STYLE)
        self.refusal.setWordWrap(True)
        self.refusal.setVisible(bool(refusal))
        layout.addWidget(self.refusal)
        self.keep = QCheckBox(tr("Le &mémoriser dans le trousseau du système"))
        self.keep.setObjectName("rememberServerPassword")
        self.keep.setEnabled(keyring)
        self.keep.setChecked(keyring)
        layout.addWidget(self.keep)
        if not keyring:
            note = QLabel(
                tr(
                    "Ce poste n'a pas de trousseau de mots de passe : il sera demandé à "
                    "chaque ouverture (il n'est jamais écrit dans le dossier des données)."
                )
            )
            note.setObjectName("noKeyringNote")
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox()
        self.connect_button = buttons.addButton(
            tr("Se &connecter"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setObjectName("serverConnect")
        quit_button = buttons.addButton(tr("&Quitter"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("serverQuit")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def password(self) -> str:
        return self.field.text()

    def remember(self) -> bool:
        return self.keep.isEnabled() and self.keep.isChecked()
