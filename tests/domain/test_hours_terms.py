"""Expected hours of a contract: working days, public holidays, partial months, amendments."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.hours_terms import (
    AmendmentHours,
    ContractTerms,
    HoursChange,
    SuspensionPeriod,
    expected_minutes,
    initial_hours,
    max_minutes,
    month_days,
    public_holidays,
)

D = dt.date
MARCH = D(2026, 3, 1)  # 22 working days (2-6, 9-13, 16-20, 23-27, 30-31), no holiday
MAY = D(2026, 5, 1)  # 21 weekdays, 4 of them public holidays (1, 8, 14, 25 May)
HOLIDAYS = public_holidays([2026])


YEAR_START, YEAR_END = D(2026, 1, 1), D(2026, 12, 31)


def cddi(start=YEAR_START, end=YEAR_END, weekly=26 * 60, **kw) -> ContractTerms:
    return ContractTerms(1, ContractKind.CDDI_REMOBILISING, start, end, weekly, None, **kw)


def test_full_month_without_holiday_is_weekly_hours_over_five_per_working_day() -> None:
    assert expected_minutes(cddi(), MARCH, HOLIDAYS) == 22 * 312  # 26 h / 5 = 5 h 12


def test_public_holidays_lower_the_expected_hours() -> None:
    assert expected_minutes(cddi(), MAY, frozenset()) == 21 * 312
    assert expected_minutes(cddi(), MAY, HOLIDAYS) == 17 * 312


def test_alsace_moselle_has_good_friday_and_saint_stephen() -> None:
    assert D(2026, 4, 3) not in HOLIDAYS
    moselle = public_holidays([2026], "57")
    assert {D(2026, 4, 3), D(2026, 12, 26)} <= moselle
    assert public_holidays([2026], "67") == public_holidays([2026], "6AE")
    assert public_holidays([2026], "not a region") == HOLIDAYS


def test_partial_month_counts_only_the_contract_days() -> None:
    starts_mid_march = cddi(start=D(2026, 3, 16))
    assert expected_minutes(starts_mid_march, MARCH, HOLIDAYS) == 12 * 312
    ends_mid_march = cddi(end=D(2026, 3, 13))
    assert expected_minutes(ends_mid_march, MARCH, HOLIDAYS) == 10 * 312


def test_amendment_changes_the_weekly_hours_from_its_date() -> None:
    weekly, _monthly, changes = initial_hours(
        35 * 60,  # the contract row already holds the new value
        None,
        [AmendmentHours(D(2026, 3, 16), 26 * 60, 35 * 60, None, None)],
    )
    assert weekly == 26 * 60
    terms = cddi(weekly=weekly, changes=changes)
    assert terms.weekly_minutes_on(D(2026, 3, 13)) == 26 * 60
    assert terms.weekly_minutes_on(D(2026, 3, 16)) == 35 * 60
    assert expected_minutes(terms, MARCH, HOLIDAYS) == 10 * 312 + 12 * 420


def test_initial_hours_without_amendment_is_the_contract_row() -> None:
    assert initial_hours(26 * 60, None, []) == (26 * 60, None, ())


def test_suspension_days_expect_nothing_but_a_pmsmp_expects_pmsmp_hours() -> None:
    week = SuspensionPeriod(D(2026, 3, 9), D(2026, 3, 13))
    assert expected_minutes(cddi(suspensions=(week,)), MARCH, HOLIDAYS) == 17 * 312
    pmsmp = SuspensionPeriod(D(2026, 3, 9), D(2026, 3, 13), pmsmp=True)
    assert expected_minutes(cddi(suspensions=(pmsmp,)), MARCH, HOLIDAYS) == 22 * 312


def test_first_hours_expect_monthly_hours_in_proportion_of_days() -> None:
    terms = ContractTerms(2, ContractKind.FIRST_HOURS, D(2026, 3, 17), D(2026, 8, 31), None, 3100)
    assert expected_minutes(terms, D(2026, 4, 1), HOLIDAYS) == 3100
    assert expected_minutes(terms, MARCH, HOLIDAYS) == 3100 * 15 / 31


def test_max_minutes_is_ten_hours_a_day_and_48_a_calendar_week() -> None:
    # 1 March is a Sunday (its week: 10 h), four full weeks (4 x 48 h), 30-31 March (20 h).
    assert max_minutes(month_days(MARCH)) == (10 + 4 * 48 + 20) * 60
    assert max_minutes([D(2026, 3, 31)]) == 600
    assert max_minutes([]) == 0


def _day_by_day(terms: ContractTerms, month: dt.date, holidays: frozenset[dt.date]) -> Fraction:
    """The definition, one day at a time: the hours in force that day (the latest change on
    or before it), over five per working day (CDDI) or over the month's days (Premières
    Heures)."""

    def in_force(day: dt.date, field: str, initial: int | None) -> int:
        value = initial
        for change in sorted(terms.changes, key=lambda c: c.effective_date):
            if change.effective_date <= day and getattr(change, field) is not None:
                value = getattr(change, field)
        return value or 0

    days = [d for d in month_days(month) if terms.start <= d <= terms.end]
    if terms.kind.hours_per_month:
        total = sum(in_force(d, "monthly_minutes", terms.monthly_minutes) for d in days)
        return Fraction(total, len(month_days(month)))
    worked = [d for d in days if d.weekday() < 5 and d not in holidays]
    return Fraction(sum(in_force(d, "weekly_minutes", terms.weekly_minutes) for d in worked), 5)


@pytest.mark.parametrize(
    "changes",
    [
        (),
        ((D(2026, 5, 1), 30 * 60, None),),  # on the month's first day (a holiday)
        ((D(2026, 5, 13), 30 * 60, None),),  # mid-month
        ((D(2026, 5, 13), 30 * 60, None), (D(2026, 5, 20), 20 * 60, None)),  # twice
        ((D(2026, 5, 13), None, 4000),),  # a CDDI's hours unchanged by a monthly figure
        ((D(2026, 2, 2), 32 * 60, None), (D(2026, 6, 1), 20 * 60, None)),  # before, after
        ((D(2026, 3, 9), 30 * 60, 4500), (D(2026, 5, 25), 24 * 60, 3600)),
    ],
)
@pytest.mark.parametrize("kind", [ContractKind.CDDI_REMOBILISING, ContractKind.FIRST_HOURS])
@pytest.mark.parametrize(
    "start, end", [(D(2026, 1, 5), D(2026, 12, 31)), (D(2026, 5, 7), D(2026, 5, 28))]
)
def test_expected_hours_counted_by_runs_equal_the_day_by_day_sum(changes, kind, start, end) -> None:
    """Without suspensions, the months are counted by runs of days under the same hours
    (issue 22: the first screen's year plan asks every contract-month): the same sums."""
    terms = ContractTerms(
        3, kind, start, end, 26 * 60, 3100, tuple(HoursChange(*c) for c in changes)
    )
    for month in (D(2026, 2, 1), D(2026, 3, 1), D(2026, 5, 1), D(2026, 6, 1)):
        assert expected_minutes(terms, month, HOLIDAYS) == _day_by_day(terms, month, HOLIDAYS)
