"""The contracts every hours use case starts from: their plain facts, their terms (hours,
changes, suspensions), and the names the screens show.

Read as plain rows (SQLAlchemy Core), not ORM objects: a month's grid holds hundreds of
contracts, and building their ORM objects with amendments and suspensions cost a third of
the grid's load and of its save (about 30 ms for 330 contracts).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, EndReason, SuspensionReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.hours_terms import (
    AmendmentHours,
    ContractTerms,
    SuspensionPeriod,
    initial_hours,
)
from chantier_app.i18n import tr

CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True, slots=True)
class ContractFacts:
    """What the hours use cases read of a contract (the ``Contract`` columns of that name)."""

    id: int
    person_id: int
    kind: ContractKind
    start_date: dt.date
    end_date: dt.date
    actual_end_date: dt.date | None
    end_reason: EndReason | None
    exit_reason: ExitReason | None
    team_id: int | None
    workshop_id: int | None

    @property
    def effective_end(self) -> dt.date:
        """The actual end when the contract has ended, else the planned end."""
        return self.actual_end_date or self.end_date


@dataclass(frozen=True)
class LoadedContract:
    """A contract with what the hours screens show about its person, team and workshop."""

    contract: ContractFacts
    terms: ContractTerms
    person_name: str
    team_name: str
    workshop_name: str

    @property
    def label(self) -> str:
        return tr("{kind} du {start} au {end}").format(
            kind=self.contract.kind.label,
            start=format_date(self.contract.start_date),
            end=format_date(self.contract.effective_end),
        )


def effective_end() -> sa.ColumnElement[dt.date]:
    return sa.func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)


def terms_of(contract: m.Contract) -> ContractTerms:
    """The terms of an ORM contract (with its amendments and suspensions)."""
    return _terms(
        contract.id,
        contract.kind,
        contract.start_date,
        contract.effective_end,
        contract.weekly_minutes,
        contract.monthly_minutes,
        [_amendment_hours(a) for a in contract.amendments],
        [_suspension(s.start_date, s.end_date, s.reason) for s in contract.suspensions],
    )


def load_contracts(
    session: Session,
    first: dt.date,
    last: dt.date,
    *,
    team_id: int | None = None,
    workshop_id: int | None = None,
    contract_ids: Iterable[int] | None = None,
    person_id: int | None = None,
) -> list[LoadedContract]:
    """Contracts running at some point between ``first`` and ``last`` (three queries)."""
    c = m.Contract
    query = (
        sa.select(
            c.id, c.person_id, c.kind, c.start_date, c.end_date, c.actual_end_date,
            c.end_reason, c.exit_reason, c.team_id, c.workshop_id,
            c.weekly_minutes, c.monthly_minutes,
            m.Person.usage_name, m.Person.first_names, m.Team.name, m.Workshop.name,
        )
        .join(m.Person, m.Person.id == c.person_id)
        .outerjoin(m.Team, m.Team.id == c.team_id)
        .outerjoin(m.Workshop, m.Workshop.id == c.workshop_id)
        .where(c.start_date <= last, effective_end() >= first)
        .order_by(m.Person.usage_name, m.Person.first_names, c.start_date)
    )  # fmt: skip
    if team_id is not None:
        query = query.where(c.team_id == team_id)
    if workshop_id is not None:
        query = query.where(c.workshop_id == workshop_id)
    if contract_ids is not None:
        query = query.where(c.id.in_(list(contract_ids)))
    if person_id is not None:
        query = query.where(c.person_id == person_id)
    rows = session.execute(query).all()
    amendments, suspensions = _changes(session, [row[0] for row in rows])
    loaded = []
    for row in rows:
        facts = ContractFacts(*row[:10])
        weekly, monthly, usage_name, first_names, team, workshop = row[10:]
        terms = _terms(
            facts.id, facts.kind, facts.start_date, facts.effective_end, weekly, monthly,
            amendments.get(facts.id, []), suspensions.get(facts.id, []),
        )  # fmt: skip
        loaded.append(
            LoadedContract(facts, terms, f"{usage_name.upper()} {first_names}", team or "",
                           workshop or "")
        )  # fmt: skip
    return loaded


def _changes(
    session: Session, ids: list[int]
) -> tuple[dict[int, list[AmendmentHours]], dict[int, list[SuspensionPeriod]]]:
    amendments: dict[int, list[AmendmentHours]] = defaultdict(list)
    suspensions: dict[int, list[SuspensionPeriod]] = defaultdict(list)
    a, s = m.Amendment, m.ContractSuspension
    for chunk in (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)):
        for contract_id, effective, weekly_before, weekly, monthly_before, monthly in session.execute(
            sa.select(
                a.contract_id, a.effective_date, a.previous_weekly_minutes, a.new_weekly_minutes,
                a.previous_monthly_minutes, a.new_monthly_minutes,
            )
            .where(a.contract_id.in_(chunk))
            .order_by(a.contract_id, a.number)
        ):  # fmt: skip
            amendments[contract_id].append(
                AmendmentHours(effective, weekly_before, weekly, monthly_before, monthly)
            )
        for contract_id, start, end, reason in session.execute(
            sa.select(s.contract_id, s.start_date, s.end_date, s.reason)
            .where(s.contract_id.in_(chunk))
            .order_by(s.contract_id, s.start_date)
        ):
            suspensions[contract_id].append(_suspension(start, end, reason))
    return amendments, suspensions


def _amendment_hours(a: m.Amendment) -> AmendmentHours:
    return AmendmentHours(
        a.effective_date,
        a.previous_weekly_minutes,
        a.new_weekly_minutes,
        a.previous_monthly_minutes,
        a.new_monthly_minutes,
    )


def _suspension(start: dt.date, end: dt.date, reason: SuspensionReason) -> SuspensionPeriod:
    return SuspensionPeriod(start, end, reason is SuspensionReason.PMSMP)


def _terms(
    contract_id: int,
    kind: ContractKind,
    start: dt.date,
    end: dt.date,
    weekly: int | None,
    monthly: int | None,
    amendments: list[AmendmentHours],
    suspensions: list[SuspensionPeriod],
) -> ContractTerms:
    weekly, monthly, changes = initial_hours(weekly, monthly, amendments)
    return ContractTerms(
        contract_id=contract_id,
        kind=kind,
        start=start,
        end=end,
        weekly_minutes=weekly,
        monthly_minutes=monthly,
        changes=changes,
        suspensions=tuple(suspensions),
    )
