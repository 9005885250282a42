"""Start-up on a shared database: its password from the keyring, from ``--serveur``'s
address, or asked (« Mot de passe du serveur », again after a refusal), then opened; any
other failure is a window saying why, and the application quits."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QWidget

from chantier_app.domain.errors import AppError
from chantier_app.paths import AppPaths
from chantier_app.services.safety import shared_database
from chantier_app.services.safety.server_open import open_server_data
from chantier_app.services.safety.shared_database import ServerChoice, ServerPasswordError
from chantier_app.ui.safety.server_password_dialog import ServerPasswordDialog
from chantier_app.ui.safety.startup import Started
from chantier_app.ui.start_failure import fail


def start_on_server(
    paths: AppPaths,
    choice: ServerChoice,
    *,
    readonly: bool = False,
    parent: QWidget | None = None,
) -> Started | None:
    """The server's database opened, or None (the user quit, or a window said why)."""
    target = choice.target
    password = choice.password or shared_database.stored_password(target)
    typed = False
    remember = False
    while True:
        try:
            opened = open_server_data(paths, target, password, readonly=readonly)
            break
        except ServerPasswordError as refused:
            # None given yet and none asked for: ask without an error line.
            first_ask = refused.missing and password is None
            dialog = ServerPasswordDialog(
                target,
                refusal=None if first_ask else refused.message,
                keyring=shared_database.keyring_available(),
                parent=parent,
            )
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            password = dialog.password()
            remember = dialog.remember()
            typed = True
        except AppError as error:
            fail(parent, error.message)  # a window and a line in the log
            return None
    if password and ((typed and remember) or (not typed and password == choice.password)):
        # Accepted by the server: worth keeping (``--serveur``'s own is moved there).
        shared_database.remember_password(target, password)
    return Started(opened, None)
