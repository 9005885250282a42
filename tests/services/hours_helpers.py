"""Small real records for the hours tests: a structure, a workshop with two teams, contracts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.person_codes import Civility


@dataclass(frozen=True)
class World:
    workshop_id: int
    team_a: int
    team_b: int


def make_world(session: Session) -> World:
    session.add(m.Structure(name="Atelier test"))
    workshop = m.Workshop(name="Nettoyage", default_weekly_minutes=26 * 60)
    team_a = m.Team(workshop=workshop, name="Équipe A")
    team_b = m.Team(workshop=workshop, name="Équipe B")
    session.add_all([workshop, team_a, team_b])
    session.flush()
    return World(workshop.id, team_a.id, team_b.id)


def add_contract(
    session: Session,
    world: World,
    name: str,
    *,
    kind: ContractKind = ContractKind.CDDI_REMOBILISING,
    start: dt.date = dt.date(2026, 1, 5),
    end: dt.date = dt.date(2026, 7, 4),
    weekly: int | None = 26 * 60,
    monthly: int | None = None,
    team: str = "a",
    pass_number: str | None = None,
    nir: str | None = None,
) -> m.Contract:
    last, first = name.split(" ", 1)
    person = m.Person(
        civility=Civility.MRS, usage_name=last, first_names=first, nir=nir, ft_registered=True
    )
    session.add(person)
    session.flush()
    if pass_number:
        session.add(
            m.PassIae(
                person_id=person.id,
                number=pass_number,
                start_date=start,
                initial_end_date=start + dt.timedelta(days=729),
            )
        )
    contract = m.Contract(
        person_id=person.id,
        kind=kind,
        workshop_id=world.workshop_id,
        team_id=world.team_a if team == "a" else world.team_b,
        start_date=start,
        initial_end_date=end,
        end_date=end,
        weekly_minutes=None if kind is ContractKind.FIRST_HOURS else weekly,
        monthly_minutes=monthly if kind is ContractKind.FIRST_HOURS else None,
    )
    session.add(contract)
    session.flush()
    return contract
