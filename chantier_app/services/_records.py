"""The records a dialog changes, loaded live: one cancelled meanwhile is a stale edit.

A contract, an amendment, a suspension, a diagnosis, a PASS IAE and its decisions, a training
session or enrolment, a PMSMP, a note, a score or an action is cancelled, never deleted
(``db.cancellable``, migrations 0024/0025): the ORM-wide filter hides it, so ``session.get``
finds nothing. A dialog opened before another office cancelled it (or before its own user did,
in another window) is then told who changed it and when, as for any edit made from a stale copy
(``services._concurrency``), not that the record does not exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import Base, Versioned
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.errors import (
    NotFoundError,
    PermissionDeniedError,
    StaleEditError,
    Violation,
)
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import permissions
from chantier_app.services.context import Actor

R = TypeVar("R", bound=Base)
P = ParamSpec("P")


def live(
    session: Session,
    model: type[R],
    record_id: int,
    noun: str,
    *,
    guard: Callable[[R], object] | None = None,
) -> R:
    """The record, unless it is gone (NotFoundError) or cancelled (StaleEditError).

    ``guard`` runs on a cancelled record before anything is said of it: who may not read
    the record (a confidential note) is refused as for a live one, not told who changed it.
    """
    row = session.get(model, record_id)
    if row is not None:
        # Cancelled by this very transaction, it may still be in hand (no query hides it
        # then): nobody else changed it, there is nothing to reload.
        if getattr(row, "cancelled_at", None) is not None:
            raise NotFoundError(noun, record_id)
        return row
    cancelled = session.get(model, record_id, execution_options=including_cancelled())
    if cancelled is None:
        raise NotFoundError(noun, record_id)
    if guard is not None:
        guard(cancelled)
    assert isinstance(cancelled, Versioned)
    raise _cancelled_meanwhile(session, cancelled)


def _cancelled_meanwhile(session: Session, row: Versioned) -> StaleEditError:
    """Who cancelled ``row`` and when. The trail's last line on it, when its author is the
    canceller and it is not older than the cancellation: a row cancelled with its parent (a
    PASS's suspensions, a hire's amendments) has only the parent's line, and its own last
    line is its creation: the row's cancellation columns say it then (same clock, to the
    second, ``db.base.now``)."""
    table = row.__table__.name  # type: ignore[attr-defined]
    who, at = concurrency.last_change(session, table, row.id)  # type: ignore[attr-defined]
    cancelled_at = getattr(row, "cancelled_at", None)
    by_id = getattr(row, "cancelled_by_id", None)
    staff = session.get(m.Staff, by_id) if by_id is not None else None
    if cancelled_at is None or staff is None:
        return StaleEditError(who, at or getattr(row, "updated_at", None))
    if at is not None and at >= cancelled_at and who == staff.display_name:
        return StaleEditError(who, at)
    return StaleEditError(staff.display_name, cancelled_at)


def stale_violation(stale: StaleEditError) -> list[Violation]:
    """The refusal as the check of a dialog shows it while the user types (above the
    buttons: no field of the form is wrong), the save button disabled."""
    return [Violation("stale_edit", stale.message, field="record")]


def in_team(
    session: Session, actor: Actor, model: type[R], person_of: Callable[[R], int | None]
) -> Callable[[R], None]:
    """The guard of ``live`` for a record of a person: out of the actor's teams, refused
    as a live one is (``permissions.OUT_OF_TEAM``), before who changed it is said.

    ``person_of`` reads a cancelled row: its parent may be cancelled too (a PASS and its
    suspensions), so it reads the parent with ``including_cancelled()``, never through a
    relationship the filter would empty."""

    def guard(row: R) -> None:
        person_id = person_of(row)
        if person_id is None or not permissions.in_scope(session, actor, person_id):
            raise PermissionDeniedError(permissions.OUT_OF_TEAM)

    return guard


def parent_person(session: Session, model: type[Base], parent_id: int) -> int | None:
    """The person of a parent row (a contract, a PASS), cancelled or not."""
    parent = session.get(model, parent_id, execution_options=including_cancelled())
    person_id = getattr(parent, "person_id", None)
    return person_id if isinstance(person_id, int) else None


def stale_as_violation(check: Callable[P, list[Violation]]) -> Callable[P, list[Violation]]:
    """A dialog's check (read while the user types) that says a record cancelled meanwhile
    as ``stale_violation`` does, instead of raising: the message above the buttons, the
    typed values kept, the save button disabled."""

    @functools.wraps(check)
    def checked(*args: P.args, **kwargs: P.kwargs) -> list[Violation]:
        try:
            return check(*args, **kwargs)
        except StaleEditError as stale:
            return stale_violation(stale)

    return checked
