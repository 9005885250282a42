"""Monthly hours as the supervisors enter them: each team's grid, month after month.

The values add up to what the contract plans for the month (``expected_minutes``: working
days, public holidays, suspensions), split into PMSMP days, training (attendance or long
courses), paid leave, sickness and the odd unjustified absence; the rest is worked. So
every month passes the hours rules without a warning. Then the past months are declared.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from fractions import Fraction

from sqlalchemy.orm import Session

from chantier_app.domain.codes.hours_codes import HoursCategory as H
from chantier_app.domain.hours_terms import (
    ContractTerms,
    next_month,
    round_minutes,
    working_days,
)
from chantier_app.services.context import Actor
from chantier_app.services.hours import grid as hours
from chantier_app.synthetic.structure import TeamSlot

Sessions = Callable[[], AbstractContextManager[Session]]


def months_between(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = next_month(month)


def _minutes_on(terms: ContractTerms, days: list[dt.date]) -> int:
    return round_minutes(Fraction(sum(terms.weekly_minutes_on(d) or 0 for d in days), 5))


def month_values(
    rng: random.Random,
    row: hours.GridRow,
    month: dt.date,
    holidays: frozenset[dt.date],
    typed_training: int,
    sick_leave: tuple[dt.date, dt.date] | None,
) -> dict[H, int]:
    """One contract's month, adding up to the expected hours."""
    terms, expected = row.terms, row.expected_minutes
    if terms.kind.hours_per_month:
        worked = expected - expected % 30
        unjustified = 60 * rng.choice((0, 0, 0, 0, 2)) if worked > 240 else 0
        return {H.WORKED: worked - unjustified, H.UNJUSTIFIED: unjustified}
    days = terms.active_days(month)
    pmsmp_days = working_days(
        [d for d in days if (s := terms.suspension_on(d)) is not None and s.pmsmp], holidays
    )
    present = working_days([d for d in days if terms.suspension_on(d) is None], holidays)
    values = dict.fromkeys(H, 0)
    values[H.PMSMP] = _minutes_on(terms, pmsmp_days)
    remaining = expected - values[H.PMSMP]
    training = row.values.training if row.training_from_attendance else typed_training
    values[H.TRAINING] = min(training, remaining)
    remaining -= values[H.TRAINING]
    day = (terms.weekly_minutes_on(present[0]) or 0) // 5 if present else 0
    sick_days = [d for d in present if sick_leave and sick_leave[0] <= d <= sick_leave[1]]
    absences = (
        (H.SICK, _minutes_on(terms, sick_days) + day * rng.choice((0,) * 9 + (1, 2))),
        (H.PAID_ABSENCE, day * _leave_days(rng, month.month)),
        (H.UNJUSTIFIED, day * rng.choice((0,) * 15 + (1,))),
    )
    for category, minutes in absences:
        values[category] = min(minutes, remaining)
        remaining -= values[category]
    values[H.WORKED] = remaining
    return values


def _leave_days(rng: random.Random, month: int) -> int:
    if month in (7, 8):
        return rng.choice((0, 5, 5, 10))
    if month == 12:
        return rng.choice((0, 2, 4))
    return rng.choice((0,) * 7 + (1, 2))


def enter_hours(
    sessions: Sessions,
    seed: int,
    teams: list[TeamSlot],
    first: dt.date,
    today: dt.date,
    typed_training: dict[tuple[int, dt.date], int],
    sick_leaves: dict[int, tuple[dt.date, dt.date]],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Every team's grid of every month before the current one; returns the rows saved."""
    months = list(months_between(first, today.replace(day=1) - dt.timedelta(days=1)))
    saved = 0
    for number, month in enumerate(months, start=1):
        with sessions() as session:
            for team in teams:
                saved += _team_month(
                    session, seed, team.supervisor, team.id, month, typed_training, sick_leaves
                )
        if progress is not None:
            progress(number, len(months))
    return saved


def _team_month(
    session: Session,
    seed: int,
    supervisor: Actor,
    team_id: int,
    month: dt.date,
    typed_training: dict[tuple[int, dt.date], int],
    sick_leaves: dict[int, tuple[dt.date, dt.date]],
) -> int:
    session.flush()
    session.expunge_all()  # rows loaded earlier (a contract's suspensions) are read anew
    grid = hours.month_grid(session, supervisor, month, team_id)
    entries = []
    for row in grid.rows:
        rng = random.Random(f"{seed}-hours-{row.contract_id}-{month:%Y%m}")
        values = month_values(
            rng, row, month, grid.holidays,
            typed_training.get((row.contract_id, month), 0), sick_leaves.get(row.contract_id),
        )  # fmt: skip
        if sum(values.values()):
            entries.append(hours.MonthEntry(row.contract_id, values))
    if not entries:
        return 0
    return hours.save_month(session, supervisor, month, entries).saved


def declare_months(sessions: Sessions, director: Actor, first: dt.date, today: dt.date) -> int:
    """Months declared to the State: all but the last one entered (declared next month)."""
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    months = [m for m in months_between(first, last) if m < last]
    with sessions() as session:
        for month in months:
            hours.declare_month(session, director, month)
    return len(months)
