"""Staff accounts: who is acting when the application starts."""

from __future__ import annotations

from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import Actor


def actor_for(staff: m.Staff) -> Actor:
    return Actor(
        staff_id=staff.id,
        name=staff.display_name,
        role=staff.role,
        team_ids=frozenset(team.id for team in staff.teams),
    )


def startup_actor(database: Database) -> Actor:
    """The acting staff member before logins exist: the first active director, else the system."""
    with database.reading() as session:
        director = session.scalars(
            select(m.Staff)
            .where(m.Staff.role == Role.DIRECTION, m.Staff.active.is_(True))
            .order_by(m.Staff.id)
            .limit(1)
        ).first()
        return actor_for(director) if director is not None else Actor.system()
