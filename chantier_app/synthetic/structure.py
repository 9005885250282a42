"""The association itself: settings, staff, workshops and teams of the synthetic data.

No service creates these yet (the settings screens are to come), so the rows are written
here, with an audit line; everything else goes through the services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services import audit
from chantier_app.services.context import Actor
from chantier_app.synthetic import names
from chantier_app.synthetic.profile import Profile, WorkshopSpec

# Each account's civility gives its role's title: « Directrice », « Encadrante technique ».
DIRECTOR = ("Moreau", "Isabelle", Civility.MRS, "direction")
DEMO_CIPS = (("Bensaïd", "Rachid", Civility.MR), ("Lacroix", "Sophie", Civility.MRS))
DEMO_SUPERVISORS = (
    ("Petitjean", "Marc", Civility.MR),
    ("Ndiaye", "Awa", Civility.MRS),
    ("Roux", "Olivier", Civility.MR),
)


@dataclass(frozen=True)
class TeamSlot:
    id: int
    workshop: WorkshopSpec
    workshop_id: int
    supervisor: Actor


@dataclass
class Staffing:
    """Who acts in the generated history, and where people can be hired."""

    director: Actor
    cips: list[Actor]
    teams: list[TeamSlot]
    weights: list[int] = field(default_factory=list)  # of each team, for arrivals

    def cip(self, staff_id: int | None) -> Actor:
        return next((c for c in self.cips if c.staff_id == staff_id), self.director)

    def team(self, team_id: int) -> TeamSlot:
        return next(t for t in self.teams if t.id == team_id)


def _staff(
    session: Session, role: Role, last: str, first: str, civility: Civility, login: str
) -> tuple[m.Staff, Actor]:
    member = m.Staff(last_name=last, first_name=first, role=role, login=login, civility=civility)
    session.add(member)
    session.flush()
    return member, Actor(member.id, f"{first} {last}", role, civility=civility)


def _person_names(
    rng: random.Random, count: int, given: tuple[tuple[str, str, Civility], ...]
) -> list[tuple[str, str, Civility]]:
    found = list(given[:count])
    while len(found) < count:
        last, first = rng.choice(names.SURNAMES), rng.choice(names.WOMEN + names.MEN)
        civility = Civility.MRS if first in names.WOMEN else Civility.MR
        if (last, first, civility) not in found:
            found.append((last, first, civility))
    return found


def create_structure(session: Session, actor: Actor, profile: Profile, seed: int) -> Staffing:
    rng = random.Random(f"structure-{seed}")
    structure = m.Structure(
        name=profile.structure_name,
        siret="73282932000074",
        address_line1="12 rue de l'Ourcq",
        postal_code="75019",
        city="Paris",
        phone="01 42 00 12 34",
        email="contact@ateliers-du-canal.example",
        director_name=f"{DIRECTOR[1]} {DIRECTOR[0]}",
        hourly_wage=Decimal("11.88"),
        is_demo=profile.demo,
    )
    session.add(structure)
    session.flush()
    audit.record(
        session, actor, audit.Action.CREATE, "structure", structure.id,
        summary="structure fictive créée (données de démonstration)",
    )  # fmt: skip
    _, director = _staff(session, Role.DIRECTION, *DIRECTOR)
    cips = [
        _staff(session, Role.CIP, *named, f"cip{n}")[1]
        for n, named in enumerate(_person_names(rng, profile.cips, DEMO_CIPS), start=1)
    ]
    team_count = sum(len(w.teams) for w in profile.workshops)
    supervisors = iter(
        _staff(session, Role.SUPERVISOR, *named, f"encadrant{n}")
        for n, named in enumerate(_person_names(rng, team_count, DEMO_SUPERVISORS), start=1)
    )
    staffing = Staffing(director, cips, [])
    for spec in profile.workshops:
        workshop = m.Workshop(
            name=spec.name,
            contract_kind=spec.kind,
            activity=spec.activity,
            default_weekly_minutes=spec.weekly_hours * 60,
            target_diploma=spec.target_diploma,
            training_provider=spec.training_provider,
        )
        session.add(workshop)
        for team_name in spec.teams:
            member, supervisor = next(supervisors)
            team = m.Team(workshop=workshop, name=team_name, supervisors=[member])
            session.add(team)
            session.flush()
            supervisor = Actor(
                supervisor.staff_id,
                supervisor.name,
                Role.SUPERVISOR,
                frozenset({team.id}),
                supervisor.civility,
            )
            staffing.teams.append(TeamSlot(team.id, spec, workshop.id, supervisor))
            staffing.weights.append(spec.weight * 10 // len(spec.teams))
    return staffing
