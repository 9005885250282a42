"""The shared database's password in the system's keyring (Windows' Credential Manager,
macOS' Keychain, the Secret Service on Linux), through the ``keyring`` library.

A PC with no keyring (a bare Linux session, a locked Secret Service) is not an error: the
password is then asked at each start and kept in memory only. Whatever a backend raises is
logged without the password and read as « no keyring ».
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from chantier_app.db.server_url import ServerTarget

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "chantier_app (base partagée)"
log = logging.getLogger(__name__)


def _usable_keyring() -> KeyringBackend | None:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # (a broken backend's import: no keyring)
        log.warning("Trousseau du système inutilisable", exc_info=True)
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    # A chainer with no backend behind it is a keyring in name only.
    if getattr(backend, "backends", None) == []:
        return None
    return backend


def keyring_available() -> bool:
    return _usable_keyring() is not None


def stored_password(target: ServerTarget) -> str | None:
    """The password kept for ``target``, None when none is (or no keyring answers)."""
    backend = _usable_keyring()
    if backend is None:
        return None
    try:
        found = backend.get_password(SERVICE, target.keyring_name)
    except Exception:  # (a locked or absent Secret Service, a refused prompt)
        log.warning("Mot de passe du serveur non lu dans le trousseau", exc_info=False)
        return None
    return found if isinstance(found, str) and found else None


def store_password(target: ServerTarget, password: str) -> bool:
    """Keep ``password`` for ``target`` in the keyring; False when there is none to keep it."""
    backend = _usable_keyring()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, target.keyring_name, password)
    except Exception:
        log.warning("Mot de passe du serveur non enregistré dans le trousseau", exc_info=False)
        return False
    return True


def forget_password(target: ServerTarget) -> None:
    backend = _usable_keyring()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, target.keyring_name)
    except Exception:  # (nothing kept, or no keyring answering: nothing to do)
        log.info("Aucun mot de passe du serveur à retirer du trousseau")
