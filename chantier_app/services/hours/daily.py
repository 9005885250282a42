"""Hours day by day from the paper sign-in sheets (feuilles d'émargement); the month is their sum.

Saving a sheet rewrites the contract's days of that month and recomputes the month
(``MonthlyHours.from_daily``). An empty sheet gives the month back to monthly entry. A month
entered as a total is never replaced silently: an empty sheet leaves it as it is, and days
replace it only once the user confirmed a warning that names the total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.errors import NotFoundError, Severity, Violation
from chantier_app.domain.fr_format import format_date, format_minutes, format_month
from chantier_app.domain.hours_rules import HoursValues, check_days, parse_cell, sum_days
from chantier_app.domain.hours_terms import ContractTerms, month_days, month_end, month_start
from chantier_app.domain.rest_rules import AVERAGE_WEEKS
from chantier_app.i18n import tr
from chantier_app.services import permissions
from chantier_app.services.context import Actor
from chantier_app.services.hours._common import (
    attendance_minutes,
    declared_months,
    ensure_unlocked,
    holidays_for,
    month_rows,
    raise_if_refused,
    values_of,
    write_month,
)
from chantier_app.services.hours._contracts import LoadedContract, load_contracts
from chantier_app.services.hours.grid import SaveResult
from chantier_app.services.roles_matrix import Permission

DayInput = Mapping[dt.date, Mapping[HoursCategory, str | int | None]]


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    values: HoursValues
    training_from_attendance: bool
    holiday: bool


@dataclass(frozen=True)
class DaySheet:
    contract_id: int
    person_name: str
    contract_label: str
    month: dt.date
    terms: ContractTerms
    days: tuple[DayRow, ...]
    holidays: frozenset[dt.date]
    locked: bool
    training_from_attendance: bool  # the month has attendance: training is not typed here
    # The month as stored when it was entered as a total (not from days): the sheet starts
    # from empty days, and saving days would replace this total (the user is asked first).
    month_total: HoursValues | None = None


def day_sheet(session: Session, actor: Actor, contract_id: int, month: dt.date) -> DaySheet:
    permissions.require_contract(session, actor, contract_id, Permission.HOURS_EDIT)
    month = month_start(month)
    loaded = _contract(session, contract_id, month)
    stored = {
        row.day: values_of(row)
        for row in session.scalars(
            sa.select(m.DailyAttendance).where(
                m.DailyAttendance.contract_id == contract_id,
                m.DailyAttendance.day.between(month, month_end(month)),
            )
        )
    }
    training = attendance_minutes(session, month, month_end(month), [loaded])
    holidays = holidays_for(session, [month.year])
    rows = []
    for day in month_days(month):
        values = stored.get(day, HoursValues())
        if training:
            values = values.with_value(HoursCategory.TRAINING, training.get((contract_id, day), 0))
        rows.append(DayRow(day, values, bool(training), day in holidays))
    existing = month_rows(session, [(contract_id, month)]).get((contract_id, month))
    return DaySheet(
        contract_id=contract_id,
        person_name=loaded.person_name,
        contract_label=loaded.label,
        month=month,
        terms=loaded.terms,
        days=tuple(rows),
        holidays=holidays,
        locked=month in declared_months(session, [month]),
        training_from_attendance=bool(training),
        month_total=_entered_as_total(existing),
    )


def _entered_as_total(row: m.MonthlyHours | None) -> HoursValues | None:
    if row is None or row.from_daily:
        return None
    values = values_of(row)
    return values if values.total else None


def _replaced_total(month: dt.date, total: HoursValues, days: HoursValues) -> Violation:
    """Saving days over a month entered as a total replaces it: a warning the user confirms."""
    return Violation(
        "month_total_replaced",
        tr(
            "{month} a été saisi en total ({before}) : ce total sera remplacé par la somme "
            "des jours ({after})."
        ).format(
            month=format_month(month).capitalize(),
            before=format_minutes(total.total),
            after=format_minutes(days.total),
        ),
        Severity.WARNING,
        "month/total",
    )


def _contract(session: Session, contract_id: int, month: dt.date) -> LoadedContract:
    found = load_contracts(session, month, month_end(month), contract_ids=[contract_id])
    if not found:
        raise NotFoundError(tr("Contrat en cours ce mois-ci"), contract_id)
    return found[0]


def save_days(
    session: Session,
    actor: Actor,
    contract_id: int,
    month: dt.date,
    days: DayInput,
    *,
    acknowledge_warnings: bool = False,
) -> SaveResult:
    """Validate every day, week and the month, then write the days and the month's sum."""
    permissions.require_contract(session, actor, contract_id, Permission.HOURS_EDIT)
    month = month_start(month)
    ensure_unlocked(session, [month], actor)
    loaded = _contract(session, contract_id, month)
    training = attendance_minutes(session, month, month_end(month), [loaded])
    violations: list[Violation] = []
    parsed: dict[dt.date, HoursValues] = {}
    for day, cells in sorted(days.items()):
        values = HoursValues()
        for category, text in cells.items():
            try:
                values = values.with_value(category, parse_cell(category, text))
            except ValueError as exc:
                violations.append(
                    Violation(
                        "hours_unreadable",
                        f"{format_date(day)} : {exc}",
                        Severity.ERROR,
                        f"{day.isoformat()}/{category.value}",
                    )
                )
        parsed[day] = values
    for day in month_days(month):
        parsed.setdefault(day, HoursValues())  # a day left out of the sheet is an empty day
    if training:
        for day, values in parsed.items():
            minutes = training.get((contract_id, day), 0)
            parsed[day] = values.with_value(HoursCategory.TRAINING, minutes)
    if not violations:
        holidays = holidays_for(session, [month.year])
        neighbours = _neighbour_days(session, contract_id, month)
        for when, found in check_days(loaded.terms, month, parsed, holidays, neighbours).items():
            where = when.isoformat() if when else "month"
            violations.extend(
                Violation(v.code, v.message, v.severity, f"{where}/{v.field or 'total'}")
                for v in found
            )
    existing = month_rows(session, [(contract_id, month)]).get((contract_id, month))
    any_day = any(v.total for v in parsed.values())
    month_total = _entered_as_total(existing)
    if month_total is not None and any_day:
        violations.append(_replaced_total(month, month_total, sum_days(parsed)))
    raise_if_refused(violations, acknowledge_warnings)
    _write_days(session, actor, contract_id, month, parsed)
    if month_total is not None and not any_day:
        return SaveResult(0, ())  # an empty sheet leaves a month entered as a total as it is
    saved = write_month(
        session,
        actor,
        loaded,
        month,
        sum_days(parsed),
        existing,
        from_daily=any_day,
        source=tr(" (feuille d'émargement)"),
    )
    return SaveResult(int(saved), tuple(v for v in violations if not v.blocking))


def _neighbour_days(
    session: Session, contract_id: int, month: dt.date
) -> dict[dt.date, HoursValues]:
    """The days already entered before and after ``month``: in the weeks it shares with its
    neighbours (48 h, six days a week) and in the 11 weeks either side (the 44 h average
    over 12 consecutive weeks, L3121-22)."""
    reach = dt.timedelta(weeks=AVERAGE_WEEKS - 1)
    first = month - dt.timedelta(days=month.weekday()) - reach
    last = month_end(month) + dt.timedelta(days=6 - month_end(month).weekday()) + reach
    rows = session.scalars(
        sa.select(m.DailyAttendance).where(
            m.DailyAttendance.contract_id == contract_id,
            m.DailyAttendance.day.between(first, last),
            sa.not_(m.DailyAttendance.day.between(month, month_end(month))),
        )
    )
    return {row.day: values_of(row) for row in rows}


def _write_days(
    session: Session,
    actor: Actor,
    contract_id: int,
    month: dt.date,
    parsed: dict[dt.date, HoursValues],
) -> None:
    stored = {
        row.day: row
        for row in session.scalars(
            sa.select(m.DailyAttendance).where(
                m.DailyAttendance.contract_id == contract_id,
                m.DailyAttendance.day.between(month, month_end(month)),
            )
        )
    }
    for day, values in parsed.items():
        row = stored.get(day)
        if values.total == 0:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = m.DailyAttendance(contract_id=contract_id, day=day)
            session.add(row)
        for category in HoursCategory:
            setattr(row, category.column, values.get(category))
        row.updated_by_id = actor.staff_id
    session.flush()
