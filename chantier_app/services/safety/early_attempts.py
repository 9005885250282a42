"""Failed log-ins at an encrypted folder's first screen, before its data can be read.

A wrong password there fails on the account's key slot (``keys.unlock_with_password``):
the data file is still locked, so the attempt cannot join the audit trail, and before this
module nothing counted it: a guesser could try passwords at will on the key file's slots.

What is done instead: the failure is written in this user's side file of log-in attempts
(``paths.attempts_file``, the one consultation mode uses when the data cannot be written:
``services/structure/consultation.py``), marked as made before the data opened. The next
attempt on the same account adds them up: five in ten minutes and the slot is not even
tried (the account is locked as in normal mode, ``accounts.MAX_FAILURES``). Once someone
opens the data (any account's password, or the recovery key), the side file's lines join
the audit trail (``consultation.carry_attempts``, run by ``open_data``), where the direction
reads them and the lock-out counts them with the others.

The side file is imported lazily: the encrypted log-in is shown before SQLAlchemy loads.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.paths import attempts_file

BEFORE_OPENING = "avant_ouverture"  # the mark of this module's lines in the side file
_LOCKOUT = dt.timedelta(minutes=10)  # accounts.LOCKOUT (not imported: SQLAlchemy)
_MAX_FAILURES = 5  # accounts.MAX_FAILURES


class LockedOutError(AppError):
    """Too many wrong passwords on this account: its slot is not tried."""


def _now() -> dt.datetime:
    from chantier_app.db.base import now

    return now()


def _side(db_path: Path) -> Any:
    from chantier_app.services.structure.consultation import SideFile

    return SideFile(attempts_file(db_path))


def failures(db_path: Path, staff_id: int) -> int:
    """The account's wrong passwords at the encrypted log-in in the last ten minutes."""
    if not attempts_file(db_path).exists():
        return 0
    since = _now() - _LOCKOUT
    return sum(
        1
        for line in _side(db_path).lines()
        if line.get(BEFORE_OPENING)
        and line.get("entity_id") == staff_id
        and line.get("action") == "login_failed"
        and line["at"] >= since
    )


def refuse_if_locked(db_path: Path, staff_id: int | None, login: str) -> None:
    """LockedOutError (recorded as one more failure) once the account has five in a row."""
    if staff_id is None or failures(db_path, staff_id) < _MAX_FAILURES:
        return
    record_failure(db_path, staff_id, login, tr("compte bloqué après trop d'essais"))
    from chantier_app.services.structure.accounts import LOCKED_OUT

    raise LockedOutError(LOCKED_OUT)


def record_failure(db_path: Path, staff_id: int | None, login: str, reason: str) -> None:
    """One failure in the side file: the account (its slot's id and log-in name), never the
    text typed for an unknown log-in (it may be a password typed in the wrong box)."""
    if staff_id is None:
        summary = tr(
            "connexion aux données chiffrées refusée : identifiant inconnu ou compte désactivé"
        )
    else:
        summary = tr(
            "connexion aux données chiffrées refusée pour l'identifiant {login} : {reason}"
        ).format(login=login, reason=reason)
    line = {
        "staff_id": None,
        "staff_name": tr("Tentative de connexion"),
        "action": "login_failed",
        "entity": "staff",
        "entity_id": staff_id,
        "person_id": None,
        "summary": summary,
        "at": _now(),
        BEFORE_OPENING: True,
    }
    _side(db_path).add([line])
