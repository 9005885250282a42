"""The keys of an encrypted data folder: creating them at set-up, unlocking the folder (log-in,
recovery key, a backup brought from another PC).

The cryptography is in ``db/keyfile.py``; the slots follow the accounts in
``_key_slots.py``, called by the account services inside their transactions.
"""

from __future__ import annotations

from pathlib import Path

from chantier_app.db import cipher, keyfile
from chantier_app.db.cipher import KEY_FILENAME
from chantier_app.db.keyfile import KeyFile, KeyFileMissingError, WrongSecretError
from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.services.safety import early_attempts


def key_file_path(paths: AppPaths) -> Path:
    return paths.data_dir / KEY_FILENAME


def is_encrypted(paths: AppPaths) -> bool:
    """The folder's data are encrypted: its key file, or a data file that looks like
    SQLCipher's (random from its first byte; a damaged clear file does not)."""
    return key_file_path(paths).exists() or is_encrypted_file(paths.db_path)


def is_encrypted_file(path: Path) -> bool:
    """A SQLCipher file (a backup brought on a USB key, say)."""
    return not cipher.is_clear(path) and cipher.looks_encrypted(path)


def is_unlocked(paths: AppPaths) -> bool:
    return cipher.folder_key(paths.data_dir) is not None


# A new encrypted folder ------------------------------------------------------------------------
def create_keys(paths: AppPaths) -> str:
    """An encrypted folder before its data file exists (the first set-up): a random data key,
    the key file with the recovery key's slot, the key unlocked for the folder.

    Returns the recovery key, to print once (« Feuille de secours ») and never store.
    The accounts get their slots as they are created (``first_setup``, ``create_account``).
    """
    path = key_file_path(paths)
    if path.exists() or (paths.db_path.exists() and paths.db_path.stat().st_size):
        raise AppError(
            tr("Ce dossier contient déjà des données : {folder}.").format(folder=paths.data_dir)
        )
    data_key, recovery = keyfile.new_data_key(), keyfile.new_recovery_key()
    slot = keyfile.wrap(data_key, recovery, name=keyfile.RECOVERY)
    paths.ensure()
    keyfile.save(path, keyfile.dumps(keyfile.seal(KeyFile((slot,)), data_key)))
    cipher.unlock(data_key, folder=paths.data_dir)
    return recovery


# Unlocking -------------------------------------------------------------------------------------
def unlock_with_password(paths: AppPaths, login: str, password: str) -> None:
    """The log-in of an encrypted folder: the account's slot gives the data key.

    Raises WrongSecretError (« Identifiant ou mot de passe incorrect. »), recorded for the
    lock-out and the trail (``early_attempts``), LockedOutError after five in a row,
    KeyFileMissingError or KeyFileDamagedError, each with its French message.
    """
    path = key_file_of(paths)
    found = keyfile.load(path)
    slot = found.slot_for_login(login)
    staff_id = slot.staff_id if slot is not None and slot.name != keyfile.RECOVERY else None
    # Counted before the data can be read (early_attempts), traced once someone logs in.
    early_attempts.refuse_if_locked(paths.db_path, staff_id, login)
    try:
        # The account's log-in that follows checks the same password on this slot: it
        # reuses this derivation instead of paying argon2id twice (``forget_log_in``).
        key = keyfile.open_with_password(found, login, password, path, remember=True)
    except WrongSecretError:
        early_attempts.record_failure(paths.db_path, staff_id, login, tr("mot de passe erroné"))
        raise
    except BaseException:
        keyfile.forget_log_in()
        raise
    cipher.unlock(key, folder=paths.data_dir)


def forget_log_in() -> None:
    """The log-in that followed ``unlock_with_password`` is over: its derivation goes."""
    keyfile.forget_log_in()


def unlock_with_recovery_key(paths: AppPaths, recovery_key: str) -> None:
    path = key_file_of(paths)
    key = keyfile.open_with_recovery_key(keyfile.load(path), recovery_key, path)
    cipher.unlock(key, folder=paths.data_dir)


def key_file_of(paths: AppPaths) -> Path:
    """The folder's key file; when it is lost, say where a copy lies (the backups folder)."""
    path = key_file_path(paths)
    if path.exists():
        return path
    copy = paths.backups_dir / KEY_FILENAME
    message = keyfile.missing_message(path)
    if copy.exists():
        message += " " + tr("Une copie se trouve dans {copy}.").format(copy=copy)
    raise KeyFileMissingError(message)


def unlock_backup(
    paths: AppPaths,
    backup: Path,
    *,
    login: str | None = None,
    password: str | None = None,
    recovery_key: str | None = None,
) -> None:
    """Open a backup brought from another PC (a USB key) before restoring it into ``paths``.

    The key file beside the backup gives the data key (an account's password, or the
    recovery key); it is copied into the data folder if that has none yet, so the restored
    data open with the same passwords.
    """
    found = cipher.key_file_near(backup)
    if found is None:
        raise KeyFileMissingError(keyfile.missing_message(backup.parent / KEY_FILENAME))
    keys = keyfile.load(found)
    if recovery_key is not None:
        key = keyfile.open_with_recovery_key(keys, recovery_key, found)
    else:
        key = keyfile.open_with_password(keys, login or "", password or "", found)
    target = key_file_path(paths)
    paths.ensure()
    if not target.exists():
        keyfile.save(target, found.read_bytes())
    cipher.unlock(key, folder=paths.data_dir)
