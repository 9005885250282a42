"""What every hours use case loads and checks: contracts of a period with their terms, the
public holidays, training attendance, declared (locked) months, and the writing of month rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.db.models.structure import DEFAULT_ANNUAL_FULLTIME_MINUTES
from chantier_app.domain.codes.contract_codes import SuspensionReason
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.errors import (
    LockedError,
    UnacknowledgedWarnings,
    Violation,
    refuse_errors,
    warnings_only,
)
from chantier_app.domain.fr_format import format_date, format_month
from chantier_app.domain.hours_rules import HoursValues
from chantier_app.domain.hours_terms import (
    AmendmentHours,
    ContractTerms,
    SuspensionPeriod,
    initial_hours,
    month_start,
    public_holidays,
)
from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.services.context import Actor


@dataclass(frozen=True)
class LoadedContract:
    """A contract with what the hours screens show about its person, team and workshop."""

    contract: m.Contract
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
    weekly, monthly, changes = initial_hours(
        contract.weekly_minutes,
        contract.monthly_minutes,
        [
            AmendmentHours(
                a.effective_date,
                a.previous_weekly_minutes,
                a.new_weekly_minutes,
                a.previous_monthly_minutes,
                a.new_monthly_minutes,
            )
            for a in contract.amendments
        ],
    )
    return ContractTerms(
        contract_id=contract.id,
        kind=contract.kind,
        start=contract.start_date,
        end=contract.effective_end,
        weekly_minutes=weekly,
        monthly_minutes=monthly,
        changes=changes,
        suspensions=tuple(
            SuspensionPeriod(s.start_date, s.end_date, s.reason is SuspensionReason.PMSMP)
            for s in contract.suspensions
        ),
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
    query = (
        sa.select(
            m.Contract, m.Person.usage_name, m.Person.first_names, m.Team.name, m.Workshop.name
        )
        .join(m.Person, m.Person.id == m.Contract.person_id)
        .outerjoin(m.Team, m.Team.id == m.Contract.team_id)
        .outerjoin(m.Workshop, m.Workshop.id == m.Contract.workshop_id)
        .where(m.Contract.start_date <= last, effective_end() >= first)
        .options(selectinload(m.Contract.amendments), selectinload(m.Contract.suspensions))
        .order_by(m.Person.usage_name, m.Person.first_names, m.Contract.start_date)
    )
    if team_id is not None:
        query = query.where(m.Contract.team_id == team_id)
    if workshop_id is not None:
        query = query.where(m.Contract.workshop_id == workshop_id)
    if contract_ids is not None:
        query = query.where(m.Contract.id.in_(list(contract_ids)))
    if person_id is not None:
        query = query.where(m.Contract.person_id == person_id)
    return [
        LoadedContract(
            contract,
            terms_of(contract),
            f"{usage_name.upper()} {first_names}",
            team or "",
            workshop or "",
        )
        for contract, usage_name, first_names, team, workshop in session.execute(query)
    ]


def holidays_for(session: Session, years: Iterable[int]) -> frozenset[dt.date]:
    region = session.scalar(sa.select(m.Structure.holiday_region).limit(1))
    return public_holidays(years, region)


def annual_fulltime_minutes(session: Session) -> int:
    value = session.scalar(sa.select(m.Structure.annual_fulltime_minutes).limit(1))
    return int(value) if value else DEFAULT_ANNUAL_FULLTIME_MINUTES


# Training attendance (written by the trainings area) -------------------------------------
def attendance_minutes(
    session: Session, first: dt.date, last: dt.date, contracts: Sequence[LoadedContract]
) -> dict[tuple[int, dt.date], int]:
    """Training minutes per (contract, day) between two dates, one query.

    An enrolment names its contract, or else the day falls to the person's contract then.
    """
    if not contracts:
        return {}
    by_person: dict[int, list[ContractTerms]] = {}
    for loaded in contracts:
        by_person.setdefault(loaded.contract.person_id, []).append(loaded.terms)
    known = {loaded.contract.id for loaded in contracts}
    rows = session.execute(
        sa.select(
            m.Enrolment.contract_id,
            m.Enrolment.person_id,
            m.TrainingAttendance.day,
            m.TrainingAttendance.minutes,
        )
        .join(m.Enrolment, m.Enrolment.id == m.TrainingAttendance.enrolment_id)
        .where(
            m.TrainingAttendance.day.between(first, last),
            m.Enrolment.person_id.in_(list(by_person)),
        )
    )
    found: dict[tuple[int, dt.date], int] = {}
    for contract_id, person_id, day, minutes in rows:
        if contract_id is None or contract_id not in known:
            contract_id = next(
                (t.contract_id for t in by_person[person_id] if t.active_on(day)), None
            )
        if contract_id is not None and contract_id in known:
            found[(contract_id, day)] = found.get((contract_id, day), 0) + minutes
    return found


def attendance_by_month(found: dict[tuple[int, dt.date], int]) -> dict[tuple[int, dt.date], int]:
    months: dict[tuple[int, dt.date], int] = {}
    for (contract_id, day), minutes in found.items():
        key = (contract_id, month_start(day))
        months[key] = months.get(key, 0) + minutes
    return months


# Declared months ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DeclaredInfo:
    month: dt.date
    declared_at: dt.datetime
    declared_by: str


def declared_months(session: Session, months: Iterable[dt.date]) -> dict[dt.date, DeclaredInfo]:
    wanted = sorted({month_start(month) for month in months})
    if not wanted:
        return {}
    rows = session.execute(
        sa.select(m.DeclaredMonth, m.Staff.first_name, m.Staff.last_name)
        .outerjoin(m.Staff, m.Staff.id == m.DeclaredMonth.declared_by_id)
        .where(m.DeclaredMonth.month.in_(wanted))
    )
    return {
        row.month: DeclaredInfo(
            row.month, row.declared_at, f"{first} {last}" if first else tr("Système")
        )
        for row, first, last in rows
    }


def ensure_unlocked(session: Session, months: Iterable[dt.date]) -> None:
    """A LockedError naming the first declared month among ``months``."""
    declared = declared_months(session, months)
    if declared:
        info = declared[min(declared)]
        raise LockedError(
            tr(
                "Le mois de {month} a été déclaré le {date} par {name} : ses heures sont "
                "verrouillées. Déverrouillez le mois pour les modifier."
            ).format(
                month=format_month(info.month),
                date=format_date(info.declared_at.date()),
                name=info.declared_by,
            )
        )


# Writing month rows --------------------------------------------------------------------------
def month_rows(
    session: Session, keys: Iterable[tuple[int, dt.date]]
) -> dict[tuple[int, dt.date], m.MonthlyHours]:
    keys = set(keys)
    if not keys:
        return {}
    contract_ids = {c for c, _ in keys}
    months = {mo for _, mo in keys}
    rows = session.scalars(
        sa.select(m.MonthlyHours).where(
            m.MonthlyHours.contract_id.in_(contract_ids), m.MonthlyHours.month.in_(months)
        )
    )
    return {(r.contract_id, r.month): r for r in rows if (r.contract_id, r.month) in keys}


def values_of(row: m.MonthlyHours | m.DailyAttendance | None) -> HoursValues:
    if row is None:
        return HoursValues()
    return HoursValues(**{c.value: getattr(row, c.column) for c in HoursCategory})


def write_month(
    session: Session,
    actor: Actor,
    loaded: LoadedContract,
    month: dt.date,
    values: HoursValues,
    existing: m.MonthlyHours | None,
    *,
    from_daily: bool = False,
    source: str = "",
) -> bool:
    """Create or update one contract's month; an audit line naming the changed categories.

    Returns False when nothing changed (nothing written).
    """
    before = values_of(existing)
    changed = [c for c in HoursCategory if before.get(c) != values.get(c)]
    if existing is None and values.total == 0:
        return False
    if not changed and (existing is None or existing.from_daily == from_daily):
        return False
    row = existing or m.MonthlyHours(contract_id=loaded.contract.id, month=month)
    for category in HoursCategory:
        setattr(row, category.column, values.get(category))
    row.from_daily = from_daily
    row.updated_by_id = actor.staff_id
    if existing is None:
        session.add(row)
    session.flush()
    labels = ", ".join(c.label.lower() for c in changed) or tr("saisie par jour")
    audit.record(
        session,
        actor,
        audit.Action.CREATE if existing is None else audit.Action.UPDATE,
        "monthly_hours",
        row.id,
        person_id=loaded.contract.person_id,
        summary=tr("Heures de {month}{source} : {labels}").format(
            month=format_month(month), source=source, labels=labels
        ),
    )
    return True


def raise_if_refused(violations: list[Violation], acknowledge_warnings: bool) -> None:
    """Errors refuse; warnings refuse until the user acknowledged them."""
    refuse_errors(violations)
    if warnings_only(violations) and not acknowledge_warnings:
        raise UnacknowledgedWarnings(warnings_only(violations))
