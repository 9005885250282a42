"""Who sees which sensitive field of which person: the classification of
``domain/sensitivity`` applied to one actor, for services to mask their views with.

Every service that returns a classified field (see ``domain.sensitivity.FIELDS`` and
``ROWS``) asks for the actor's ``Clearance`` on that person and passes each value through
it::

    seen = sensitivity.clearance(session, actor, person)
    SuspensionView(..., reason=seen.value("pass_suspension", "reason", s.reason))
    [row for row in scores if seen.row("barrier_score", row.barrier)]

``value`` gives None when the actor may not see the field (the screen writes « réservé »).
Several people at once (a list, a statement): ``clearances(session, actor, ids)``, two
queries whatever their number. Checks that decide (contract limits, eligibility) keep
reading the stored values: only what is shown is masked.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.sensitivity import Audience, audience, fields_of, row_audience
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission, allowed

T = TypeVar("T")


@dataclass(frozen=True)
class Clearance:
    """The audiences one actor belongs to for one person."""

    office: bool  # direction, every CIP: situation and social benefits
    followers: bool  # direction, the person's CIP référent: health, disability, justice

    def sees(self, who: Audience | None) -> bool:
        if who is None:
            return True
        return self.followers if who is Audience.FOLLOWERS else self.office

    def field(self, entity: str, name: str) -> bool:
        """May the actor see ``entity.name`` (any unclassified field: yes)?"""
        return self.sees(audience(entity, name))

    def value(self, entity: str, name: str, value: T) -> T | None:
        """``value``, or None when the actor may not see ``entity.name``."""
        return value if self.field(entity, name) else None

    def row(self, entity: str, code: CodeEnum) -> bool:
        """May the actor see a row of ``entity`` whose code is ``code`` (a health barrier…)?"""
        return self.sees(row_audience(entity, code))

    def hidden(self, entity: str) -> frozenset[str]:
        """The classified fields of ``entity`` the actor may not see."""
        return frozenset(f.name for f in fields_of(entity) if not self.sees(f.audience))

    @property
    def everything(self) -> bool:
        return self.office and self.followers


EVERYTHING = Clearance(office=True, followers=True)
NOTHING = Clearance(office=False, followers=False)


def _office(actor: Actor) -> bool:
    return allowed(actor, Permission.SITUATION_VIEW)


def _cip_sees_all(session: Session) -> bool:
    return bool(session.scalar(select(m.Structure.cip_sees_all_sensitive).limit(1)))


def _follows(actor: Actor, cip_id: int | None, every_cip: bool) -> bool:
    """The narrow audience: direction; the person's CIP; every CIP if the direction allows."""
    if not allowed(actor, Permission.SENSITIVE_VIEW):
        return False
    if actor.role is Role.DIRECTION:
        return True
    return every_cip or (actor.staff_id is not None and cip_id == actor.staff_id)


def clearance(session: Session, actor: Actor, person: m.Person | int) -> Clearance:
    """What ``actor`` may see of ``person`` (the record or its id)."""
    if actor.role is Role.DIRECTION:
        return EVERYTHING
    if not _office(actor):
        return NOTHING
    cip_id = (
        person.cip_id
        if isinstance(person, m.Person)
        else session.scalar(select(m.Person.cip_id).where(m.Person.id == person))
    )
    return Clearance(True, _follows(actor, cip_id, _cip_sees_all(session)))


def clearances(session: Session, actor: Actor, person_ids: Collection[int]) -> dict[int, Clearance]:
    """``clearance`` for many people at once (two queries): for lists and statements."""
    ids = set(person_ids)
    if actor.role is Role.DIRECTION:
        return dict.fromkeys(ids, EVERYTHING)
    if not _office(actor) or not ids:
        return dict.fromkeys(ids, NOTHING)
    every_cip = _cip_sees_all(session)
    referents: dict[int, int | None] = {
        pid: cip_id
        for pid, cip_id in session.execute(
            select(m.Person.id, m.Person.cip_id).where(m.Person.id.in_(sorted(ids)))
        )
    }
    return {pid: Clearance(True, _follows(actor, referents.get(pid), every_cip)) for pid in ids}
