"""Encrypting a clear data folder (at set-up, or later in Paramètres), the « Feuille de
secours », and the direction's export of the data in clear.

Encrypting, in an order where a crash at any point loses nothing: a clear backup first;
the key file written (the recovery key's slot and the account's own); the data file copied
into an encrypted file beside it and checked; that file renamed over the clear one; then
every backup of the backups folder re-encrypted the same way. Other accounts get their
slot when the direction resets their password (only their owners know their passwords).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from chantier_app.db import backup as files
from chantier_app.db import cipher, keyfile
from chantier_app.db import models as m
from chantier_app.db.check import integrity_ok
from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import AppError, PermissionDeniedError, StorageError
from chantier_app.environment import storage_errors
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.reports.recovery_sheet import RecoverySheet, render_recovery_sheet
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.safety import backups, keys
from chantier_app.services.structure.accounts import confirm_own_password


@dataclass(frozen=True)
class Encrypted:
    recovery_key: str = field(repr=False)  # shown and printed once, never stored
    clear_backup: Path  # taken first (now encrypted too, with the other backups)
    backups_encrypted: int
    accounts_to_reset: tuple[str, ...]  # other active accounts: no slot until a reset


def encrypt_data(paths: AppPaths, database: Database, actor: Actor, password: str) -> Encrypted:
    """« Chiffrer les données »: the direction, its password typed again. ``database`` is
    the open one: its connections are closed, the next session opens the encrypted file."""
    if not roles_matrix.allowed(actor, roles_matrix.Permission.SETTINGS_EDIT):
        raise PermissionDeniedError(
            tr("Action refusée : le rôle « {role} » ne permet pas de chiffrer les données.").format(
                role=actor.role.label
            )
        )
    if keys.is_encrypted(paths):
        raise AppError(tr("Les données de ce dossier sont déjà chiffrées."))
    with database.reading() as session:
        structure = session.scalars(select(m.Structure).limit(1)).first()
        if structure is not None and structure.is_demo:
            raise AppError(tr("La démonstration reste en clair : ses données sont fictives."))
        login = confirm_own_password(session, actor, password)
        others = tuple(
            s.display_name
            for s in session.scalars(
                select(m.Staff).where(
                    m.Staff.active.is_(True),
                    m.Staff.login.is_not(None),
                    m.Staff.id != actor.staff_id,
                )
            )
        )
    clear_backup = backups.backup_before(database, "avant-chiffrement", actor=actor)
    data_key, recovery = keyfile.new_data_key(), keyfile.new_recovery_key()
    assert actor.staff_id is not None
    slots = (
        keyfile.wrap(data_key, recovery, name=keyfile.RECOVERY),
        keyfile.wrap(
            data_key, password, name=keyfile.account_slot(actor.staff_id),
            staff_id=actor.staff_id, login=login,
        ),
    )  # fmt: skip
    sealed = keyfile.dumps(keyfile.seal(keyfile.KeyFile(slots), data_key))
    database.reopen_later()
    with storage_errors():
        _seal_live_file(paths, sealed, data_key)
        count = _encrypt_backups(paths.backups_dir, data_key)
        keyfile.save(paths.backups_dir / cipher.KEY_FILENAME, sealed)
    with database.transaction() as session:
        audit.record(
            session, actor, audit.Action.UPDATE, "database",
            summary=tr("données chiffrées ({n} sauvegardes chiffrées aussi)").format(n=count),
        )  # fmt: skip
    return Encrypted(recovery, clear_backup, count, others)


def _seal_live_file(paths: AppPaths, sealed_keys: bytes, data_key: bytes) -> None:
    live = paths.db_path
    # The clear WAL must not outlive the clear file: folded in, then gone.
    with closing(sqlite3.connect(live, timeout=30)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    key_path = keys.key_file_path(paths)
    keyfile.save(key_path, sealed_keys)  # first: an encrypted file never lacks its keys
    cipher.unlock(data_key, folder=paths.data_dir)
    partial = live.with_name(f".chiffrement-{os.getpid()}.sqlite3")
    try:
        partial.unlink(missing_ok=True)
        cipher.encrypted_copy(live, partial, data_key)
        if not integrity_ok(partial):
            raise StorageError(tr("La copie chiffrée est défectueuse : rien n'a été changé."))
        os.replace(partial, live)
    except BaseException:
        partial.unlink(missing_ok=True)
        key_path.unlink(missing_ok=True)  # the data stay clear, as before
        cipher.forget_folder(paths.data_dir)
        raise


def _encrypt_backups(folder: Path, data_key: bytes) -> int:
    """Each clear backup replaced by its encrypted copy (checked before the rename)."""
    count = 0
    for found in files.list_backups(folder):
        if not cipher.is_clear(found.path):
            continue
        partial = found.path.with_name(found.path.name + ".chiffrement")
        try:
            cipher.encrypted_copy(found.path, partial, data_key)
            if not integrity_ok(partial):
                raise StorageError(
                    tr("La sauvegarde {name} n'a pas pu être chiffrée.").format(
                        name=found.path.name
                    )
                )
            os.replace(partial, found.path)
        finally:
            partial.unlink(missing_ok=True)
        count += 1
    return count


def recovery_sheet(database: Database, recovery_key: str, today: dt.date) -> bytes:
    """The « Feuille de secours » PDF of the folder just encrypted."""
    with database.reading() as session:
        structure = session.scalars(select(m.Structure).limit(1)).first()
    path = database.path
    return render_recovery_sheet(
        RecoverySheet(
            structure.name if structure else "",
            str(path.parent) if path else "",
            today,
            keyfile.normalise_recovery_key(recovery_key),
        )
    )


def export_clear(
    paths: AppPaths, database: Database, actor: Actor, password: str, folder: Path
) -> Path:
    """« Exporter en clair »: a clear copy of the encrypted data in ``folder``, for the
    direction only, its password typed again; traced in the journal."""
    if actor.role is not Role.DIRECTION:
        raise PermissionDeniedError(
            tr(
                "Action refusée : seule la direction peut exporter les données en clair (rôle "
                "« {role} »)."
            ).format(role=actor.role.label)
        )
    key = cipher.folder_key(paths.data_dir)
    if key is None or not keys.is_encrypted(paths):
        raise AppError(tr("Les données de ce dossier ne sont pas chiffrées : rien à exporter."))
    with database.reading() as session:
        confirm_own_password(session, actor, password)
    if not folder.is_dir():
        raise StorageError(tr("Le dossier {folder} n'existe pas.").format(folder=folder))
    target = folder / files.backup_name("en-clair")
    partial = target.with_name(target.name + ".part")
    with storage_errors():
        try:
            cipher.clear_copy(paths.db_path, partial, key)
            if not cipher.is_clear(partial) or not integrity_ok(partial):
                raise StorageError(tr("La copie en clair est défectueuse ; elle a été supprimée."))
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    with database.transaction() as session:
        audit.record(
            session, actor, audit.Action.EXPORT, "database",
            summary=tr("données exportées en clair : {path}").format(path=target),
        )  # fmt: skip
    return target
