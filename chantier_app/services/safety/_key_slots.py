"""The key file's slots kept in step with the accounts, inside the account service's transaction.

An account service that sets a password or disables an account calls ``set_account_slot`` /
``drop_account_slot`` in its own transaction: the key file is rewritten at once and put back
as it was if the transaction rolls back, so a refused action leaves the key file unchanged
too. The copy of the key file in the backups folder follows every change. A clear folder
has no key file: these do nothing there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from chantier_app.db import cipher, keyfile
from chantier_app.db.cipher import KEY_FILENAME
from chantier_app.db.keyfile import KeyFile, KeyFileMissingError

_BEFORE = "key_files_before"  # session.info: each key file's bytes before this transaction


def set_account_slot(session: Session, staff_id: int, login: str, password: str) -> None:
    """The account's slot wrapped anew with ``password`` (a new account, a change, a reset)."""

    def edit(keys: KeyFile, data_key: bytes) -> KeyFile:
        name = keyfile.account_slot(staff_id)
        return keys.with_slot(
            keyfile.wrap(data_key, password, name=name, staff_id=staff_id, login=login)
        )

    _change(session, edit)


def drop_account_slot(session: Session, staff_id: int) -> None:
    """A disabled account: its password no longer opens the data."""
    _change(session, lambda keys, _key: keys.without(keyfile.account_slot(staff_id)))


def rename_account_slot(session: Session, staff_id: int, login: str) -> None:
    """A new login for the account: its slot is found under it (its password unchanged)."""
    name = keyfile.account_slot(staff_id)
    _change(session, lambda keys, _key: keys.renamed(name, login))


def password_opens_slot(session: Session, staff_id: int, password: str) -> bool | None:
    """Whether ``password`` opens the account's slot; None when it has none (a clear
    folder, an account without a slot). KeyFileError when the key file cannot say."""
    path = _folder_key_file(session)
    slot = keyfile.load(path).slot(keyfile.account_slot(staff_id)) if path else None
    if path is None or slot is None:
        return None
    try:
        keyfile.unwrap(slot, password, path=path, wrong="")
    except keyfile.WrongSecretError:
        return False
    return True


def account_has_slot(session: Session, staff_id: int) -> bool | None:
    """Whether the account's password opens the data (None: a clear folder)."""
    path = _folder_key_file(session)
    if path is None:
        return None
    return keyfile.load(path).slot(keyfile.account_slot(staff_id)) is not None


def _folder_key_file(session: Session) -> Path | None:
    db_path = session.info.get("database_path")
    if not isinstance(db_path, Path):
        return None
    path = db_path.parent / KEY_FILENAME
    if path.exists():
        return path
    if cipher.is_clear(db_path):
        return None  # a clear folder: no slots to keep
    raise KeyFileMissingError(keyfile.missing_message(path))


def _change(session: Session, edit: Callable[[KeyFile, bytes], KeyFile]) -> None:
    path = _folder_key_file(session)
    if path is None:
        return
    db_path: Path = session.info["database_path"]
    data_key = cipher.key_for(db_path) or cipher.folder_key(db_path.parent)
    if data_key is None:
        raise cipher.EncryptedDataError(cipher.locked_message(db_path))
    keys = keyfile.load(path)
    keyfile.verify(keys, data_key, path)
    data = keyfile.dumps(keyfile.seal(edit(keys, data_key), data_key))
    _stage(session, path, data)
    copy = db_path.parent / "backups" / KEY_FILENAME
    if copy.exists():
        _stage(session, copy, data)


def _stage(session: Session, path: Path, data: bytes) -> None:
    """Write ``path`` now; put its old bytes back if the session's transaction rolls back."""
    before: dict[Path, bytes] = session.info.setdefault(_BEFORE, {})
    if not before:
        event.listen(session, "after_soft_rollback", _put_back)
        event.listen(session, "after_commit", _forget)
    before.setdefault(path, path.read_bytes())
    keyfile.save(path, data)


def _put_back(session: Session, previous: Any) -> None:
    if previous.parent is not None:
        return  # a savepoint: the outer transaction decides
    for path, data in session.info.pop(_BEFORE, {}).items():
        keyfile.save(path, data)


def _forget(session: Session) -> None:
    session.info.pop(_BEFORE, None)
