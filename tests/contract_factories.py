"""Rows for contract tests, written with the ORM (people, PASS IAE, workshops, reviews).

The people services are written by another area; these tests only need plain rows.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus

_numbers = itertools.count(1)


def add_person(
    session: Session,
    name: str = "Martin",
    first_names: str = "Loïc",
    *,
    birth_date: dt.date | None = dt.date(1986, 5, 10),
    rqth: bool = False,
    pass_start: dt.date | None = dt.date(2025, 1, 1),
    pass_days: int = 730,
) -> int:
    """A person, with a PASS IAE of ``pass_days`` days from ``pass_start`` (None: no PASS)."""
    person = m.Person(
        civility=Civility.MR,
        usage_name=name,
        first_names=first_names,
        birth_date=birth_date,
        rqth=rqth,
    )
    session.add(person)
    session.flush()
    if pass_start is not None:
        session.add(
            m.PassIae(
                person_id=person.id,
                number=f"99999{next(_numbers):07d}",
                start_date=pass_start,
                initial_end_date=pass_start + dt.timedelta(days=pass_days - 1),
            )
        )
        session.flush()
    return person.id


def add_workshop(session: Session, name: str = "Nettoyage") -> tuple[int, int]:
    """A workshop with one team: (workshop id, team id)."""
    workshop = m.Workshop(
        name=name, contract_kind=ContractKind.CDDI_REMOBILISING, default_weekly_minutes=26 * 60
    )
    team = m.Team(workshop=workshop, name=f"Équipe {name}")
    session.add_all([workshop, team])
    session.flush()
    return workshop.id, team.id


def add_review(session: Session, person_id: int, done_on: dt.date) -> None:
    session.add(
        m.Milestone(
            person_id=person_id,
            kind=MilestoneKind.RENEWAL_REVIEW,
            due_date=done_on,
            done_date=done_on,
            status=MilestoneStatus.DONE,
        )
    )
    session.flush()


def add_contract(
    session: Session,
    person_id: int,
    start: dt.date,
    end: dt.date,
    kind: ContractKind = ContractKind.CDDI_REMOBILISING,
    **values: Any,
) -> int:
    """A contract row written directly (a past path, or a running contract to act on)."""
    defaults: dict[str, Any] = (
        {"weekly_minutes": 26 * 60, "trial_days": 14}
        if kind.is_cddi
        else {"monthly_minutes": 40 * 60, "trial_days": 7}
    )
    defaults.update(values)
    contract = m.Contract(
        person_id=person_id,
        kind=kind,
        start_date=start,
        initial_end_date=end,
        end_date=end,
        **defaults,
    )
    session.add(contract)
    session.flush()
    return contract.id


def snapshot(database: Database) -> dict[str, Any]:
    """Everything a contract action may write, to prove a refused one wrote nothing."""
    with database.reading() as session:
        contracts = [
            (
                c.id,
                c.end_date,
                c.actual_end_date,
                c.end_reason,
                c.exit_reason,
                c.weekly_minutes,
                c.monthly_minutes,
                c.derogation,
                c.acknowledged_warnings,
                (c.start_date, c.trial_days, c.workshop_id, c.team_id, c.signed_on),
            )
            for c in session.scalars(select(m.Contract).order_by(m.Contract.id))
        ]
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (
                m.Amendment,
                m.ContractSuspension,
                m.ContractDerogation,
                m.AuditEntry,
                m.Milestone,
            )
        }
    return {"contracts": contracts, **counts}
