"""The hires imported from les emplois whose contract is still to complete (and the platform's
eligibility, recorded as such), for the person's Contracts tab."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.services.context import Actor
from chantier_app.services.permissions import require_person
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class PendingHire:
    id: int
    hiring_start: dt.date
    hiring_end: dt.date | None
    jobs: str | None
    eligibility_validated: bool


def pending_hires(session: Session, actor: Actor, person_id: int) -> list[PendingHire]:
    """Hires of the platform with no contract recorded from their first day, oldest first."""
    require_person(session, actor, person_id, Permission.CONTRACTS_VIEW)
    starts = set(
        session.scalars(select(m.Contract.start_date).where(m.Contract.person_id == person_id))
    )
    hires = session.scalars(
        select(m.EmploisHire)
        .where(m.EmploisHire.person_id == person_id, m.EmploisHire.hiring_start.is_not(None))
        .order_by(m.EmploisHire.hiring_start)
    )
    return [
        PendingHire(h.id, h.hiring_start, h.hiring_end, h.jobs, h.eligibility_validated)
        for h in hires
        if h.hiring_start is not None and h.hiring_start not in starts
    ]
