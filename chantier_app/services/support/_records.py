"""The support records a dialog changes, loaded live: one cancelled meanwhile is a stale edit.

A PMSMP, a note, a score or an action is cancelled, never deleted (``db.cancellable``): the
ORM-wide filter hides it, so ``session.get`` finds nothing. A dialog opened before another
office cancelled it (or before its own user did, in another window) is then told who changed
it and when, as for any edit made from a stale copy (``services._concurrency``), not that the
record does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from chantier_app.db.base import Base, Versioned
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.errors import NotFoundError, StaleEditError, Violation
from chantier_app.services import _concurrency as concurrency

R = TypeVar("R", bound=Base)


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
        return row
    cancelled = session.get(model, record_id, execution_options=including_cancelled())
    if cancelled is None:
        raise NotFoundError(noun, record_id)
    if guard is not None:
        guard(cancelled)
    assert isinstance(cancelled, Versioned)
    raise concurrency.stale(session, cancelled)


def stale_violation(stale: StaleEditError) -> list[Violation]:
    """The refusal as the check of a dialog shows it while the user types (above the
    buttons: no field of the form is wrong), the save button disabled."""
    return [Violation("stale_edit", stale.message, field="record")]
