"""A contract's month frame (what ``check_month`` checks a grid's row against, computed once)
and the expected hours' stretch-by-stretch sum: the same figures as the day-by-day rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from fractions import Fraction

import pytest

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.hours_rules import HoursValues, check_month, month_frame
from chantier_app.domain.hours_terms import (
    ContractTerms,
    HoursChange,
    SuspensionPeriod,
    expected_minutes,
    max_minutes,
    month_days,
    public_holidays,
    year_months,
)

D = dt.date
HOLIDAYS = public_holidays([2026])


def _random_terms(rng: random.Random, number: int) -> ContractTerms:
    start = D(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
    end = start + dt.timedelta(days=rng.randrange(20, 300))
    kind = rng.choice(list(ContractKind))
    dates = sorted({start + dt.timedelta(days=rng.randrange(200)) for _ in range(rng.randrange(4))})
    hours = [None, 20 * 60, 26 * 60, 1561, 35 * 60]
    changes = tuple(
        HoursChange(day, None, rng.choice(hours))
        if kind.hours_per_month
        else HoursChange(day, rng.choice(hours), None)
        for day in dates
    )
    suspensions = []
    for _ in range(rng.randrange(3)):
        first = start + dt.timedelta(days=rng.randrange(200))
        suspensions.append(
            SuspensionPeriod(
                first, first + dt.timedelta(days=rng.randrange(40)), rng.random() < 0.5
            )
        )
    weekly = None if kind.hours_per_month else rng.choice([20 * 60, 26 * 60, 1561])
    monthly = rng.choice([40 * 60, 3601]) if kind.hours_per_month else None
    return ContractTerms(number, kind, start, end, weekly, monthly, changes, tuple(suspensions))


def _expected_day_by_day(terms: ContractTerms, month: dt.date) -> Fraction:
    """The rule as DOMAIN.md says it, one day at a time (the changes sorted by date)."""
    days = terms.available_days(month, pmsmp=True)
    if terms.kind.hours_per_month:
        total = sum(terms.monthly_minutes_on(d) or 0 for d in days)
        return Fraction(total, len(month_days(month)))
    working = [d for d in days if d.weekday() < 5 and d not in HOLIDAYS]
    return Fraction(sum(terms.weekly_minutes_on(d) or 0 for d in working), 5)


TERMS = [_random_terms(random.Random(seed), seed) for seed in range(150)]


@pytest.mark.parametrize("terms", TERMS, ids=lambda t: f"contract{t.contract_id}")
def test_expected_hours_and_frame_are_the_day_by_day_figures(terms: ContractTerms) -> None:
    for month in year_months(2026):
        assert expected_minutes(terms, month, HOLIDAYS) == _expected_day_by_day(terms, month)
        frame = month_frame(terms, month, HOLIDAYS)
        available = terms.available_days(month)
        with_pmsmp = terms.available_days(month, pmsmp=True)
        assert frame.active == bool(terms.active_days(month))
        assert (frame.available, frame.with_pmsmp) == (len(available), len(with_pmsmp))
        assert (frame.limit, frame.limit_with_pmsmp) == (
            max_minutes(available),
            max_minutes(with_pmsmp),
        )
        assert frame.expected == expected_minutes(terms, month, HOLIDAYS)


def test_a_fractional_expectation_warns_exactly_beyond_ten_percent() -> None:
    """26 h 01 a week: 22 working days in March 2026 expect 6,868.4 minutes; 10 % of it is
    686.84 — 6,181.56 to 7,555.24 pass, one minute beyond warns."""
    terms = ContractTerms(
        1, ContractKind.CDDI_QUALIFYING, D(2026, 1, 1), D(2026, 12, 31), 1561, None
    )
    march = D(2026, 3, 1)
    expected = expected_minutes(terms, march, HOLIDAYS)
    assert expected == Fraction(22 * 1561, 5)
    frame = month_frame(terms, march, HOLIDAYS)
    for worked in range(6170, 7570):
        warned = bool(check_month(terms, march, HoursValues(worked=worked), HOLIDAYS, frame=frame))
        assert warned == (abs(worked - expected) * 100 > expected * 10), worked
    assert not check_month(terms, march, HoursValues(worked=6182), HOLIDAYS)
    assert check_month(terms, march, HoursValues(worked=6181), HOLIDAYS)


def test_a_frame_of_other_terms_is_not_used() -> None:
    """A frame computed before the contract changed (a suspension over the whole month since)
    cannot let a row through: the rules run on the terms given."""
    terms = ContractTerms(
        1, ContractKind.CDDI_QUALIFYING, D(2026, 1, 1), D(2026, 12, 31), 1560, None
    )
    march = D(2026, 3, 1)
    before = month_frame(terms, march, HOLIDAYS)
    suspended = dataclasses.replace(
        terms, suspensions=(SuspensionPeriod(D(2026, 2, 20), D(2026, 4, 10)),)
    )
    values = HoursValues(worked=22 * 312)
    assert check_month(terms, march, values, HOLIDAYS, frame=before) == []
    (error,) = check_month(suspended, march, values, HOLIDAYS, frame=before)
    assert error.code == "hours_during_suspension"
    (error,) = check_month(
        terms, D(2026, 4, 1), HoursValues(worked=400 * 60), HOLIDAYS, frame=before
    )
    assert error.code == "hours_month_impossible"  # April's limit, not March's
