"""A team holding some people, for tests acting as an encadrant (who sees only their teams)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import Actor
from chantier_app.services.structure.accounts import actor_for


def team_of(session: Session, *person_ids: int, name: str = "Équipe A") -> int:
    """A new team (in a workshop of its own) that the given people belong to."""
    workshop = m.Workshop(name=f"Atelier {name}")
    team = m.Team(workshop=workshop, name=name)
    session.add_all([workshop, team])
    session.flush()
    for person_id in person_ids:
        person = session.get(m.Person, person_id)
        assert person is not None
        person.team_id = team.id
    session.flush()
    return team.id


def supervisor_of(team_id: int, name: str = "Marc Petitjean") -> Actor:
    return Actor(None, name, Role.SUPERVISOR, frozenset({team_id}))


def demo_actor(database: Database, login: str) -> Actor:
    """The actor of a demo staff account (``direction``, ``cip1``, ``encadrant1``...)."""
    with database.reading() as session:
        member = session.scalars(select(m.Staff).where(m.Staff.login == login)).one()
        return actor_for(member)
