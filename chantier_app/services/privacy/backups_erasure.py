"""The anonymised person erased from the application's own backups too, in the same action.

Backups made before an anonymisation kept everything for up to twelve months (the
rotation keeps a copy of each month): data past their retention period must not survive
in the application's own copies (RGPD art. 5.1.e, limitation de la conservation; art. 17).
So once the live data are anonymised, every backup of ``backups/`` holding that person (the
servers' sub-folders ``backups/serveur-…`` included, ``db/backup.server_folder``) is
anonymised the same way (``erasure._erase_identity``, the live data's own code, run on the
backup's own rows: its older NIR, phone or PASS number included).

How a backup is rewritten, so that a crash never leaves a half-anonymised or damaged one:
a copy of it (SQLite's backup API, same SQLCipher key when encrypted) is made beside it
under a ``….sqlite3.<pid>.part`` name, anonymised in one transaction, rewritten (VACUUM,
no WAL: a backup is one self-contained file), checked (``integrity_check``), written to
disk, then renamed over the backup (``os.replace``). Until the rename the old backup is
whole; after it, the new one is. A killed process leaves its ``.part`` behind, removed at
the next start (``services/safety/leftovers.py``).
A crash after the live data's commit but before every backup is done is taken up at the
next writable opening (``finish_interrupted``): the trail's line for the backups
(``record_backups``) is what says the backups' part is finished.

Decisions (the safest reading of each case):

* A backup of this version's schema keeps its schema revision and its other rows as they
  were: only the person's rows change; no audit line is added inside the backup (the live
  trail records the action and names the backups rewritten).
* A backup of an older schema is brought to this version's schema in its working copy,
  then anonymised: restoring it would have migrated it anyway, and the migrations keep
  every row, whereas a copy that still names the person is what the law forbids.
* A person is recognised in a backup by her number **and** her record's creation time: a
  backup made before a restore may hold someone else under the same number, who must
  not be touched. A backup without her (made before she was recorded) is left byte for
  byte as it was; one where she already is anonymised too.
* pg_dump's copy of a server's backup (``….dump`` beside it, ``db/server_dump.py``) cannot
  be rewritten row by row: when its snapshot held the person, it is deleted (the
  snapshot, anonymised, stays the restore point of that moment).
* A backup that cannot be anonymised (damaged, encrypted with a key this session does
  not hold, written by a newer version, not one of ours, or any failure while rewriting
  it) is neither kept silently nor deleted: deleting is irreversible and it may be the
  only restore point of something else. It is left as it was and named to the user, in
  French, with what to do (delete it once no longer needed); the live trail names it too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import cipher
from chantier_app.db import models as m
from chantier_app.db.backup import (
    BackupStatus,
    backup_folders,
    inspect_backup,
    list_backups,
    pg_dump_of,
    sync_folder,
)
from chantier_app.db.check import check_database, connect_readonly
from chantier_app.db.engine import Database
from chantier_app.domain.errors import AppError
from chantier_app.file_modes import private_file
from chantier_app.i18n import tr

if TYPE_CHECKING:
    from chantier_app.db.server_vacuum import Rewritten
    from chantier_app.services.context import Actor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupsErasure:
    """What happened to each backup of ``backups/``."""

    anonymised: tuple[str, ...] = ()  # file names of the backups rewritten
    refused: tuple[str, ...] = ()  # one French message per backup left holding her


def anonymise_in_backups(
    backups_dir: Path, person_id: int, created_at: dt.datetime
) -> BackupsErasure:
    """Anonymise the person ``person_id`` (recorded at ``created_at``) in every backup of
    ``backups_dir``; see the module for the rules. Never raises for one backup: what could
    not be done is in ``refused``."""
    anonymised: list[str] = []
    refused: list[str] = []
    # The servers' sub-folders too: a person copied onto a server (copier-depuis keeps her
    # number and creation time) is in the folder's older backups and in the server's.
    every = (b for folder in backup_folders(backups_dir) for b in list_backups(folder))
    for backup in every:
        path = backup.path
        preview = inspect_backup(path)
        if not preview.restorable:
            refused.append(_refusal(path, preview.status.label))
            continue
        try:
            if _anonymise_one(
                path, person_id, created_at, migrate=preview.status is BackupStatus.OLDER
            ):
                anonymised.append(path.name)
                pg_dump_of(path).unlink(missing_ok=True)  # cannot be anonymised: erased
        except Exception as exc:  # any failure (storage, SQLite, SQLAlchemy): named to the user
            reason = exc.message if isinstance(exc, AppError) else str(exc)
            refused.append(_refusal(path, reason))
    return BackupsErasure(tuple(anonymised), tuple(refused))


def _refusal(path: Path, reason: str) -> str:
    return tr(
        "La sauvegarde {name} n'a pas pu être anonymisée ({reason}) : elle peut encore "
        "contenir les données de cette personne. Elle a été laissée telle quelle ; "
        "supprimez-la dès qu'elle n'est plus utile."
    ).format(name=path.name, reason=reason)


def _companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))


def _discard(work: Path) -> None:
    for leftover in (work, *_companions(work)):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _holds_her(path: Path, person_id: int) -> bool:
    with closing(connect_readonly(path)) as conn:
        return (
            conn.execute("SELECT 1 FROM person WHERE id = ?", (person_id,)).fetchone() is not None
        )


def _anonymise_one(path: Path, person_id: int, created_at: dt.datetime, *, migrate: bool) -> bool:
    """Rewrite ``path`` with the person anonymised (working copy, checked, renamed over).
    False when the backup does not hold her (left untouched)."""
    if not _holds_her(path, person_id):
        return False
    key = cipher.key_for(path)
    work = path.with_name(f"{path.name}.{os.getpid()}.part")
    _discard(work)
    try:
        private_file(work)  # 0600 from its birth, as every backup
        with (
            closing(connect_readonly(path)) as src,
            closing(cipher.connect(work, key=key) if key else sqlite3.connect(work)) as dst,
        ):
            src.backup(dst)
        if not _erase_in(work, key, person_id, created_at, migrate=migrate):
            _discard(work)
            return False
        report = check_database(work, thorough=True)
        if not report.ok:
            raise AppError(
                tr("la copie anonymisée ne passe pas la vérification : {problem}").format(
                    problem=report.problems[0]
                )
            )
        with work.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(work, path)
        sync_folder(path.parent)
    finally:
        _discard(work)
    return True


def _erase_in(
    work: Path, key: bytes | None, person_id: int, created_at: dt.datetime, *, migrate: bool
) -> bool:
    """The erasing in the working copy, then its pages rewritten without a WAL."""
    from chantier_app.services.privacy.erasure import _erase_identity

    database = Database.open_file(work, key=key)
    try:
        if migrate:
            from chantier_app.db.migrate import ensure_schema

            ensure_schema(database, None)
        with database.transaction() as session:
            person = session.get(m.Person, person_id)
            if person is None or person.created_at != created_at or person.anonymised_at:
                return False  # someone else under her number, or already done
            _erase_identity(session, person)
        raw = database.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("VACUUM")  # the erased values leave the file's free pages
            cursor.execute("PRAGMA journal_mode=DELETE")  # a backup is one file, no WAL
            cursor.close()
        finally:
            raw.close()
    finally:
        database.dispose()
    return True


def record_backups(session: Session, actor: Actor, person_id: int, done: BackupsErasure) -> None:
    """The live trail's line for the backups' part of an anonymisation; it also marks that
    part as finished (``finish_interrupted``)."""
    from chantier_app.services import audit

    summary = tr("anonymisation reportée dans {n} sauvegarde(s)").format(n=len(done.anonymised))
    if done.refused:
        summary += tr(" ; {n} sauvegarde(s) non anonymisée(s) : {names}").format(
            n=len(done.refused), names=" ; ".join(done.refused)
        )
    audit.record(
        session, actor, audit.Action.ANONYMISE, "backup", person_id=person_id, summary=summary
    )


def record_server_leftovers(
    session: Session, actor: Actor, person_id: int, rewritten: Rewritten
) -> None:
    """The trail's line for the server's tables an erasing could not rewrite (``VACUUM
    FULL``): their names, the reason and the command to run, nothing of the person."""
    from chantier_app.services import audit

    audit.record(
        session,
        actor,
        audit.Action.ANONYMISE,
        "database",
        person_id=person_id,
        summary=rewritten.trail(),
    )


def finish_interrupted(database: Database, backups_dir: Path) -> int:
    """The backups' part of anonymisations a crash interrupted, done at the next writable
    opening: every person anonymised in the live data whose trail has no line for her
    backups (``record_backups``) yet, that of an older version included. Returns how many
    people were taken up; a file that cannot be read yet (encrypted, not unlocked) waits
    for the next opening."""
    from sqlalchemy.exc import SQLAlchemyError

    from chantier_app.services.context import Actor

    if database.readonly or not any(list_backups(f) for f in backup_folders(backups_dir)):
        return 0
    try:
        with database.reading() as session:
            finished = select(m.AuditEntry.person_id).where(
                m.AuditEntry.action == "anonymise",
                m.AuditEntry.entity == "backup",
                m.AuditEntry.person_id.is_not(None),
            )
            pending = session.execute(
                select(m.Person.id, m.Person.created_at).where(
                    m.Person.anonymised_at.is_not(None), m.Person.id.not_in(finished)
                )
            ).all()
        for person_id, created_at in pending:
            done = anonymise_in_backups(backups_dir, person_id, created_at)
            with database.transaction() as session:
                record_backups(session, Actor.system(), person_id, done)
    except (AppError, SQLAlchemyError, OSError) as exc:
        log.warning("Anonymisation des sauvegardes reportée : %s", exc)
        return 0
    return len(pending)


@dataclass(frozen=True)
class CopyElsewhere:
    """A copy of the data written outside the application's folder, as the trail records
    it: « Sauvegarder vers… » (``chantier backup --to`` too) or « Exporter en clair »."""

    at: dt.datetime
    path: str
    by: str | None
    clear: bool  # an unencrypted export


def _copies_elsewhere(session: Session, since: dt.datetime) -> tuple[CopyElsewhere, ...]:
    """The copies made outside ``backups/`` since ``since`` (the person's record): they hold
    her and the application cannot reach them; the direction has them wiped."""
    from chantier_app.services import audit

    copy = tr("sauvegarde ({reason}) : {path}").format(reason="copie", path="")
    clear = tr("données exportées en clair : {path}").format(path="")
    rows = session.execute(
        select(m.AuditEntry.at, m.AuditEntry.summary, m.AuditEntry.staff_name)
        .where(
            m.AuditEntry.entity == "database",
            m.AuditEntry.action.in_([audit.Action.BACKUP.value, audit.Action.EXPORT.value]),
            m.AuditEntry.at >= since,
        )
        .order_by(m.AuditEntry.at, m.AuditEntry.id)
    )
    found = []
    for at, summary, by in rows:
        for prefix, is_clear in ((copy, False), (clear, True)):
            if summary and summary.startswith(prefix):
                found.append(CopyElsewhere(at, summary.removeprefix(prefix), by, is_clear))
    return tuple(found)
