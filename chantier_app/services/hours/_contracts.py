"""The contracts every hours use case starts from: their plain facts, their terms (hours,
changes, suspensions), and the names the screens show.

Read as plain rows (SQLAlchemy Core), not ORM objects: a month's grid holds hundreds of
contracts, and building their ORM objects with amendments and suspensions cost a third of
the grid's load and of its save (about 30 ms for 330 contracts).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

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

    @cached_property  # asked for each row of each load; the object is kept (``_BUILT``)
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
        query = query.where(among(session, c.id, contract_ids))
    if person_id is not None:
        query = query.where(c.person_id == person_id)
    rows = session.execute(query).all()
    amendments, suspensions = _changes(session, [row[0] for row in rows])
    loaded = []
    for row in rows:
        key = (tuple(row), amendments.get(row[0], ()), suspensions.get(row[0], ()))
        found = _BUILT.get(key)
        if found is None:
            if len(_BUILT) >= _BUILT_MAX:
                _BUILT.clear()
            found = _BUILT[key] = _loaded(*key)
        loaded.append(found)
    return loaded


# Each contract as built from the rows it was read from (its own, its amendments' and its
# suspensions'): the same rows read again (a grid's load, its save, the next load) give the
# same immutable object, found instead of built (329 contracts: about 3 ms of CPU built).
# A contract changed since is other rows, hence another key; emptied when full.
_Key = tuple[tuple[Any, ...], tuple[tuple[Any, ...], ...], tuple[tuple[Any, ...], ...]]
_BUILT: dict[_Key, LoadedContract] = {}
_BUILT_MAX = 4096


def _loaded(
    row: tuple[Any, ...],
    amendments: tuple[tuple[Any, ...], ...],
    suspensions: tuple[tuple[Any, ...], ...],
) -> LoadedContract:
    facts = ContractFacts(*row[:10])
    weekly, monthly, usage_name, first_names, team, workshop = row[10:]
    terms = _terms(
        facts.id, facts.kind, facts.start_date, facts.effective_end, weekly, monthly,
        [AmendmentHours(*a) for a in amendments],
        [_suspension(*s) for s in suspensions],
    )  # fmt: skip
    return LoadedContract(
        facts, terms, f"{usage_name.upper()} {first_names}", team or "", workshop or ""
    )


def among(
    session: Session, column: sa.ColumnElement[int] | InstrumentedAttribute[int], ids: Iterable[int]
) -> sa.ColumnElement[bool]:
    """``column IN ids``. On SQLite the ids go as one JSON array read by ``json_each``: a
    list of hundreds of ids (a grid's contracts) bound one by one cost more than its query
    (each id coerced and rendered as a parameter at each execution)."""
    ids = list(ids)
    if session.get_bind().dialect.name != "sqlite":
        return column.in_(ids)
    each = sa.func.json_each(sa.bindparam(None, json.dumps(ids), type_=sa.String))
    return column.in_(sa.select(each.table_valued("value").c.value))


def _changes(
    session: Session, ids: list[int]
) -> tuple[dict[int, tuple[tuple[Any, ...], ...]], dict[int, tuple[tuple[Any, ...], ...]]]:
    """The amendments' hours and the suspensions of these contracts, as rows by contract (in
    order: the amendments by number, the suspensions by start)."""
    amendments: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    suspensions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    a, s = m.Amendment, m.ContractSuspension
    sqlite = session.get_bind().dialect.name == "sqlite"  # no list of ids bound: no chunks
    size = max(len(ids), 1) if sqlite else CHUNK
    for chunk in (ids[i : i + size] for i in range(0, len(ids), size)):
        for contract_id, *hours in session.execute(
            sa.select(
                a.contract_id, a.effective_date, a.previous_weekly_minutes, a.new_weekly_minutes,
                a.previous_monthly_minutes, a.new_monthly_minutes,
            )
            .where(among(session, a.contract_id, chunk))
            .order_by(a.contract_id, a.number)
        ):  # fmt: skip
            amendments[contract_id].append(tuple(hours))
        for contract_id, *period in session.execute(
            sa.select(s.contract_id, s.start_date, s.end_date, s.reason)
            .where(among(session, s.contract_id, chunk))
            .order_by(s.contract_id, s.start_date)
        ):
            suspensions[contract_id].append(tuple(period))
    return (
        {k: tuple(v) for k, v in amendments.items()},
        {k: tuple(v) for k, v in suspensions.items()},
    )


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
