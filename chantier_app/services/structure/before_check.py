"""The encrypted start's log-in while the file's check still runs, its writes made after.

Why: the clear start checks the data file (quick_check and the foreign keys) while its
log-in window shows. An encrypted file can only be checked once the password opened its
key, so waiting for the check there put it between the password and the dashboard (0.3 s on
the benchmark's 500 people at a load of 10, growing with the file: issue 17's budget is 1 s
on the benchmark data). So, as the demo's dashboard is read before its check:

1. The check runs in the background (``PendingCheck``) and ``Database.reads_before_check``
   lets reading sessions through meanwhile; every transaction still waits for it, so
   nothing is written to a file not yet known sound. SQLCipher authenticates each page it
   reads (its HMAC): a damaged page is an error, never wrong data shown as right.
2. The account is checked by ``accounts.authenticate`` in a reading session that never
   flushes (as consultation does, ``consultation.attempt``), with the failures of the
   encrypted log-in not yet carried into the trail counted from the side file.
3. What it would have written (the audit line, the last log-in time) is written by
   ``record`` once the check passed (or the newest good backup was restored): the window
   calls it after its first paint. A refusal is written at once (it waits for the check).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from chantier_app.db import models as m
from chantier_app.db.base import now as wall_clock
from chantier_app.db.engine import Database
from chantier_app.domain.errors import AppError
from chantier_app.paths import attempts_file
from chantier_app.services.structure import accounts
from chantier_app.services.structure.consultation import SideFile, audit_lines

log = logging.getLogger(__name__)


@dataclass
class PendingLogIn:
    """A log-in decided before the check: its result, and what is left to write."""

    result: accounts.LoginResult
    lines: list[dict[str, Any]] = field(default_factory=list)
    when: dt.datetime = field(default_factory=wall_clock)
    recorded: bool = False


def log_in(database: Database, login: str, password: str) -> PendingLogIn:
    """``accounts.log_in`` read before the check ends; a refusal is recorded at once."""
    path = database.path
    side = SideFile(attempts_file(path)) if path is not None else None
    when = wall_clock()
    with database.reading() as session, session.no_autoflush:
        result = accounts.authenticate(
            session, login, password, now=when, elsewhere=side.failures if side else None
        )
        lines = audit_lines(session.new, when)
    pending = PendingLogIn(result, lines, when)
    if result.actor is None:
        record(database, pending)  # a refusal counts now: it waits for the check
    return pending


def record(database: Database, pending: PendingLogIn) -> None:
    """Write the log-in's audit line and last log-in time (the session's gate waits for the
    check). After a restore the account may be missing from the backup: its name stays."""
    if pending.recorded:
        return
    pending.recorded = True
    actor = pending.result.actor
    try:
        with database.transaction() as session:
            for line in pending.lines:
                staff = session.get(m.Staff, line["staff_id"]) if line["staff_id"] else None
                session.add(m.AuditEntry(**{**line, "staff_id": staff.id if staff else None}))
            found = session.get(m.Staff, actor.staff_id) if actor and actor.staff_id else None
            if found is not None:
                found.last_login_at = pending.when
    except (AppError, SQLAlchemyError, OSError):
        log.exception("Connexion non notée dans le journal")
