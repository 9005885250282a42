"""Log-in attempts in consultation (read-only data): counted and traced as in normal mode.

Consultation opens the data file read-only: a second instance, ``gui --lecture-seule``, a
folder that refuses writes. An attempt's audit line cannot be written through that
connection; before this module it was rolled back, so a guesser could try passwords there
at will (never locked, nothing recorded), and the right password failed on the write of
the last log-in time (a storage error, which told the guesser they had found it).

What is done instead, and why:

1. The attempt runs the normal checks (``accounts.authenticate`` / ``unlock``) in a
   read-only session that never flushes; what they would write (the audit line, the last
   log-in time) is taken from the session before it is rolled back.
2. That write is made through a separate, short read-write connection to the same file.
   A second instance or ``--lecture-seule`` look at a file that can be written: the
   one-writer lock keeps two people from editing records, it is not needed for one audit
   line, which SQLite serialises itself (WAL, BEGIN IMMEDIATE, busy timeout). The lines
   join the data's own trail: the lock-out counts them with normal mode's (5 in a row),
   and the direction reads them in the journal.
3. When the file cannot be written (read-only folder or medium), the attempts go to a
   small file in this user's own state folder (``paths.attempts_file``), and the lock-out
   adds the failures found there. A local account can delete its own file; but an account
   that reads the folder reads the data file too and can test the argon2id hashes
   offline: there the lock-out is a brake, argon2id's cost the defence.
4. The next time the folder is opened writable, those lines join the data's trail (each
   at its own time) and the side file goes (``carry_attempts``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import now as wall_clock
from chantier_app.db.engine import Database
from chantier_app.domain.errors import AppError
from chantier_app.file_modes import private_file, private_folder
from chantier_app.paths import attempts_file
from chantier_app.services import audit

if TYPE_CHECKING:
    from chantier_app.services.structure.accounts import FailuresElsewhere, LoginResult

log = logging.getLogger(__name__)

KEPT_LINES = 1000  # the side file keeps the newest attempts only
_SUCCESS = {audit.Action.LOGIN.value, audit.Action.UNLOCK.value}
_FIELDS = ("staff_id", "staff_name", "action", "entity", "entity_id", "person_id", "summary")

Attempt = Callable[[Session, "FailuresElsewhere"], "LoginResult"]


def attempt(database: Database, check: Attempt) -> LoginResult:
    """Run ``check`` (an attempt given a session and the failures recorded elsewhere) on
    read-only ``database``, then record what it would have written (see the module)."""
    side = SideFile(attempts_file(database.path)) if database.path is not None else None
    when = wall_clock()
    with database.reading() as session, session.no_autoflush:
        result = check(session, side.failures if side is not None else _none)
        lines = audit_lines(session.new, when)
    staff_id = result.actor.staff_id if result.actor is not None else None
    if not lines or _write_into_data(database, lines, staff_id, when):
        return result
    if side is not None:
        side.add(lines)
    return result


def _none(_staff_id: int, _since: dt.datetime) -> int:
    return 0


def audit_lines(added: Iterable[object], when: dt.datetime) -> list[dict[str, Any]]:
    """The audit lines among a session's new objects (not flushed), as the side file
    keeps them: what an attempt would have written."""
    return [_line(entry, when) for entry in added if isinstance(entry, m.AuditEntry)]


def _line(entry: m.AuditEntry, when: dt.datetime) -> dict[str, Any]:
    line = {name: getattr(entry, name) for name in _FIELDS}
    line["at"] = when
    return line


def _write_into_data(
    database: Database, lines: list[dict[str, Any]], staff_id: int | None, when: dt.datetime
) -> bool:
    """The attempt's lines (and on success the last log-in time) written into the data
    file through its own short read-write connection; False when the file refuses."""
    path = database.path
    if path is None:
        return False
    writable = Database.open_file(path, key=database.key)
    try:
        with writable.transaction() as session:
            session.add_all(m.AuditEntry(**line) for line in lines)
            staff = session.get(m.Staff, staff_id) if staff_id is not None else None
            if staff is not None:
                staff.last_login_at = when
        return True
    except (AppError, SQLAlchemyError, OSError) as exc:
        log.info(
            "Tentative de connexion notée hors des données (fichier en lecture seule) : %s", exc
        )
        return False
    finally:
        writable.dispose()


def carry_attempts(database: Database) -> int:
    """The attempts this user's side file recorded while the data file refused writes,
    copied into the data's audit trail (each at its own time) now that the file can be
    written, then the side file removed; returns how many lines were copied.

    Called when the folder is opened writable (``bootstrap.open_data``, and the quick
    start once the file is checked). A success copied also moves the account's last
    log-in time, so the lock-out counts the failures after it only, as in normal mode.
    The file is removed only after the commit: a crash in between copies the lines again
    next time (twice rather than never). A file that cannot be written yet (encrypted and
    not unlocked, read-only again) keeps the side file for the next opening.
    """
    path = database.path
    if path is None or database.readonly:
        return 0
    side = SideFile(attempts_file(path))
    lines = side.lines()
    if not lines:
        return 0
    try:
        with database.transaction() as session:
            for line in lines:
                values = {name: line.get(name) for name in _FIELDS}
                staff = session.get(m.Staff, values["staff_id"]) if values["staff_id"] else None
                if staff is None:
                    values["staff_id"] = None  # an account removed since: its name stays
                session.add(m.AuditEntry(**values, at=line["at"]))
                account = line.get("entity_id")
                if line.get("action") in _SUCCESS and isinstance(account, int):
                    found = session.get(m.Staff, account)
                    if found is not None and (
                        found.last_login_at is None or found.last_login_at < line["at"]
                    ):
                        found.last_login_at = line["at"]
    except (AppError, SQLAlchemyError, OSError) as exc:
        log.info("Tentatives de connexion gardées pour plus tard (%s) : %s", side.path, exc)
        return 0
    side.remove()
    return len(lines)


class SideFile:
    """This user's record of the attempts on one data file that cannot be written."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def lines(self) -> list[dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            found = data["lignes"] if isinstance(data, dict) else []
            return [dict(line, at=dt.datetime.fromisoformat(line["at"])) for line in found]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("Fichier des tentatives illisible %s : %s", self.path, exc)
            return []

    def failures(self, staff_id: int, since: dt.datetime) -> int:
        """The account's failures here since ``since`` and after its last success here.

        « After » in the file's order (lines are appended as they happen): times are kept
        to the second, and a failure in the same second as the success came before it.
        """
        count = 0
        for line in self.lines():
            if line.get("entity_id") != staff_id:
                continue
            if line.get("action") in _SUCCESS:
                count = 0
            elif line.get("action") == audit.Action.LOGIN_FAILED.value and line["at"] >= since:
                count += 1
        return count

    def add(self, lines: list[dict[str, Any]]) -> None:
        kept = [*self.lines(), *lines][-KEPT_LINES:]
        text = json.dumps(
            {"lignes": [dict(line, at=line["at"].isoformat()) for line in kept]},
            ensure_ascii=False,
            indent=1,
        )
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
        try:
            private_folder(self.path.parent)
            partial.unlink(missing_ok=True)
            private_file(partial)  # 0600: it names the accounts tried
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, self.path)
        except OSError as exc:
            log.warning("Tentative de connexion non notée %s : %s", self.path, exc)
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)

    def remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("Fichier des tentatives non supprimé %s : %s", self.path, exc)
