"""Who may do what: the roles matrix and each role's people, enforced here in services.

Two questions, asked by every service before it reads or writes:
- may the actor's role do this at all (``require``: the matrix in ``roles_matrix``);
- may the actor do it for *this* person (``require_person``): an encadrant sees only the
  people of their team(s); a CIP reads health and justice notes only of the people they
  follow, unless the director allows every CIP to (``Structure.cip_sees_all_sensitive``).
The UI hides what a role cannot do, but these checks are the guard.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import NotFoundError, PermissionDeniedError
from chantier_app.i18n import tr
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import SENSITIVE, Permission, allowed, require
from chantier_app.services.sensitivity import clearance


# Which people ----------------------------------------------------------------------------
def sees_everyone(actor: Actor) -> bool:
    """Direction and CIP work with every person; an encadrant with the people of their teams."""
    return actor.role is not Role.SUPERVISOR


def scope_clause(actor: Actor) -> ColumnElement[bool] | None:
    """A filter on ``Person`` for the actor's people (None: everybody).

    An encadrant's people are those of their teams: the person's team, or a contract
    (running or past) in one of their teams.
    """
    if sees_everyone(actor):
        return None
    teams = sorted(actor.team_ids)
    in_team_contract = select(m.Contract.person_id).where(m.Contract.team_id.in_(teams))
    return or_(m.Person.team_id.in_(teams), m.Person.id.in_(in_team_contract))


def team_in_scope(actor: Actor, team_id: int | None) -> bool:
    """An encadrant prints and enters for their own teams only."""
    return sees_everyone(actor) or (team_id is not None and team_id in actor.team_ids)


def people_in_scope(session: Session, actor: Actor) -> frozenset[int] | None:
    """Ids of the actor's people (None: everybody): one query, for filtering lists."""
    clause = scope_clause(actor)
    if clause is None:
        return None
    return frozenset(session.scalars(select(m.Person.id).where(clause)))


def in_scope(session: Session, actor: Actor, person_id: int) -> bool:
    clause = scope_clause(actor)
    if clause is None:
        return True
    found = session.scalar(select(m.Person.id).where(m.Person.id == person_id, clause))
    return found is not None


def may_read_sensitive(session: Session, actor: Actor, person: m.Person) -> bool:
    """Health, disability and justice facts (notes included): direction; the person's CIP;
    every CIP if the director allows (the rule of ``services.sensitivity``)."""
    return clearance(session, actor, person).followers


OUT_OF_TEAM = tr("Action refusée : ce salarié ne fait pas partie de vos équipes.")
NOT_FOLLOWED = tr(
    "Action refusée : les notes de santé et de justice de ce salarié sont réservées à son "
    "CIP référent et à la direction."
)


_CHECKED_PEOPLE = "checked_people"  # session.info: the people require_person loaded


def require_person(
    session: Session, actor: Actor, person_id: int, permission: Permission
) -> m.Person:
    """The role's right, then the person: theirs to see (team, followed for sensitive notes)."""
    require(actor, permission)
    person = session.get(m.Person, person_id)
    if person is None or person.anonymised_at is not None:
        raise NotFoundError(tr("Salarié"), person_id)
    # The session's identity map holds objects weakly: a caller that drops the person lets
    # the next check in the same session load its 65 columns again (six times in the
    # support tab's one read). Kept for the session's life, ``get`` finds it loaded.
    session.info.setdefault(_CHECKED_PEOPLE, {})[person_id] = person
    if not in_scope(session, actor, person_id):
        raise PermissionDeniedError(OUT_OF_TEAM)
    if permission in SENSITIVE and not may_read_sensitive(session, actor, person):
        raise PermissionDeniedError(NOT_FOLLOWED)
    return person


def require_contract(
    session: Session, actor: Actor, contract_id: int, permission: Permission
) -> m.Contract:
    """The contract, if the actor may act on its person (anonymised people included)."""
    require(actor, permission)
    contract = session.get(m.Contract, contract_id)
    if contract is None:
        raise NotFoundError(tr("Contrat"), contract_id)
    if not in_scope(session, actor, contract.person_id):
        raise PermissionDeniedError(OUT_OF_TEAM)
    return contract


def require_people(
    session: Session, actor: Actor, person_ids: set[int], permission: Permission
) -> None:
    """Every one of ``person_ids`` is the actor's (one query): for batch actions."""
    require(actor, permission)
    scope = people_in_scope(session, actor)
    if scope is not None and not person_ids <= scope:
        raise PermissionDeniedError(OUT_OF_TEAM)


@dataclass(frozen=True)
class PersonRights:
    """What the actor may do on one person's file: for the UI to hide or disable."""

    sensitive_view: bool
    sensitive_edit: bool


def person_rights(session: Session, actor: Actor, person_id: int) -> PersonRights:
    person = require_person(session, actor, person_id, Permission.PEOPLE_VIEW)
    sensitive = may_read_sensitive(session, actor, person)
    return PersonRights(
        sensitive_view=sensitive,
        sensitive_edit=sensitive and allowed(actor, Permission.SENSITIVE_EDIT),
    )
