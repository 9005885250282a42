"""Turn failures of the environment (disk, permissions, locks) into French messages."""

from __future__ import annotations

import errno
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from chantier_app.domain.errors import AppError, StorageError
from chantier_app.i18n import tr

_SQLITE_MESSAGES = (
    (
        "database or disk is full",
        tr(
            "Le disque est plein : l'enregistrement n'a pas pu être fait. "
            "Libérez de la place puis recommencez ; rien de ce qui était déjà "
            "enregistré n'est perdu."
        ),
    ),
    (
        "readonly database",  # "attempt to write a readonly database"
        tr(
            "Le dossier des données est en lecture seule : impossible d'enregistrer. "
            "Vérifiez les droits du dossier ou ouvrez l'application en consultation."
        ),
    ),
    (
        "database is locked",
        tr("La base de données est occupée par un autre programme. Réessayez dans un instant."),
    ),
    (
        "unable to open database file",
        tr(
            "Impossible d'ouvrir le fichier de données (dossier absent, "
            "droits insuffisants ou lecteur déconnecté)."
        ),
    ),
    (
        "disk i/o error",
        tr(
            "Erreur de lecture ou d'écriture sur le disque. Vérifiez le support "
            "(clé USB retirée, disque réseau coupé…)."
        ),
    ),
    (
        "file is not a database",
        tr(
            "Le fichier de données est endommagé ou n'est pas une base de données de l'application."
        ),
    ),
    ("database disk image is malformed", tr("Le fichier de données est endommagé.")),
)

_OS_MESSAGES = {
    errno.ENOSPC: tr("Le disque est plein. Libérez de la place puis recommencez."),
    errno.EROFS: tr("Le support est en lecture seule."),
    errno.EACCES: tr("Accès refusé : vous n'avez pas les droits sur ce dossier ou ce fichier."),
    errno.EPERM: tr("Opération non permise sur ce dossier ou ce fichier."),
    errno.ENOENT: tr("Dossier ou fichier introuvable."),
    errno.EDQUOT: tr("Votre quota de disque est atteint."),
    errno.EFBIG: tr(
        "Le fichier est trop gros pour ce support (une clé USB formatée en FAT32 "
        "n'accepte pas plus de 4 Go par fichier)."
    ),
    errno.EIO: tr(
        "Erreur de lecture ou d'écriture sur le disque. Vérifiez le support "
        "(clé USB retirée, disque réseau coupé…)."
    ),
    errno.EBUSY: tr("Le fichier est occupé par un autre programme. Réessayez dans un instant."),
    # A file where a folder is expected (a data folder named like a file, a sync tool that
    # replaced a folder by a file), and the reverse.
    errno.ENOTDIR: tr(
        "Un élément du chemin n'est pas un dossier : un fichier porte le nom d'un dossier attendu."
    ),
    errno.EISDIR: tr("Un dossier se trouve à la place du fichier attendu."),
    errno.EEXIST: tr(
        "Un fichier ou un dossier de ce nom existe déjà à cet endroit (par exemple un "
        "fichier à la place du dossier attendu)."
    ),
}

# Windows reports a file opened by another program (antivirus, backup tool, second
# session) as a sharing or lock violation.
_WINDOWS_LOCKED = {32, 33}
_LOCKED_MESSAGE = tr(
    "Le fichier est utilisé par un autre programme (antivirus, outil de sauvegarde, "
    "autre session…). Fermez-le puis recommencez ; rien n'a été perdu."
)


def storage_error_from(exc: BaseException) -> StorageError | None:
    """The French StorageError for a failure of the environment, or None for a bug."""
    text = str(exc).lower()
    for needle, message in _SQLITE_MESSAGES:
        if needle in text:
            return StorageError(message)
    if isinstance(exc, OSError) and getattr(exc, "winerror", None) in _WINDOWS_LOCKED:
        return StorageError(_LOCKED_MESSAGE)
    if isinstance(exc, OSError) and exc.errno in _OS_MESSAGES:
        return StorageError(os_reason(exc))
    return None


def os_reason(exc: OSError, *, with_path: bool = True) -> str:
    """What went wrong, in French, with the path: never the system's own (English) text
    (« Not a directory », « Permission denied », « No space left on device »)."""
    if getattr(exc, "winerror", None) in _WINDOWS_LOCKED:
        return _LOCKED_MESSAGE
    message = _OS_MESSAGES.get(exc.errno or 0)
    if message is None:
        code = errno.errorcode.get(exc.errno or 0, str(exc.errno or "?"))
        message = tr("Erreur du système de fichiers (code {code}).").format(code=code)
    where = f" ({exc.filename})" if exc.filename and with_path else ""
    return message + where


def os_clause(exc: OSError) -> str:
    """``os_reason`` to end a sentence that already names the path: « … : le disque est
    plein. Libérez de la place puis recommencez »."""
    reason = os_reason(exc, with_path=False).removesuffix(".")
    return reason[:1].lower() + reason[1:]


def french_reason(exc: BaseException) -> str | None:
    """The French message for an error of the user's environment or meant for the user
    (AppError), or None: a bug, to be reported with its details."""
    if isinstance(exc, AppError):
        return exc.message
    storage = environment_error(exc)
    if storage is not None:
        return storage.message
    if isinstance(exc, OSError):
        return os_reason(exc)
    return None


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn failures of the environment inside the block into StorageError; bugs pass."""
    try:
        yield
    except Exception as exc:
        storage = environment_error(exc)
        if storage is None:
            raise
        raise storage from exc


def environment_error(exc: BaseException) -> StorageError | None:
    """Like ``storage_error_from``, but only for errors of the file system or the driver."""
    if isinstance(exc, StorageError):
        return exc
    # SQLAlchemy wraps the driver's error and keeps it as ``orig``.
    driver = getattr(exc, "orig", None)
    errors = _driver_errors()
    if not isinstance(exc, (OSError, *errors)) and not isinstance(driver, errors):
        return None
    return storage_error_from(exc)


def _driver_errors() -> tuple[type[Exception], ...]:
    """sqlite3's errors, and SQLCipher's once an encrypted file was opened."""
    module = sys.modules.get("sqlcipher3")
    return (sqlite3.Error,) if module is None else (sqlite3.Error, module.Error)
