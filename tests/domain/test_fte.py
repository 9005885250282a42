"""FTE arithmetic is exact over a year, and the projection adds what contracts plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.fte import fte, observed_rate, rounded, year_fte
from chantier_app.domain.hours_terms import (
    ContractTerms,
    expected_minutes,
    public_holidays,
    round_minutes,
    year_months,
)

ANNUAL = 1607 * 60
TWELFTH = ANNUAL // 12  # 8,035 minutes: one twelfth of a full time, exactly


def test_twelve_twelfths_make_exactly_one_fte_without_drift() -> None:
    recorded = {month: TWELFTH for month in year_months(2026)}
    year = year_fte(2026, ANNUAL, recorded, {})
    assert year.consumed_fte == Decimal(1)
    assert year.cumulative_fte(year.months[-1]) == 1
    assert [year.cumulative_fte(m) for m in year.months][5] == Decimal(1) / 2
    # Adding twelve monthly quotients would drift; minutes are added, then divided once.
    assert sum(year.month_fte(m) for m in year.months) != 1
    assert sum(0.1 for _ in range(10)) != 1.0  # and floats drift even on tenths


def test_fte_is_decimal_and_zero_for_no_full_time() -> None:
    assert fte(ANNUAL * 3, ANNUAL) == 3
    assert isinstance(fte(1, ANNUAL), Decimal)
    assert fte(100, 0) == 0
    assert rounded(fte(ANNUAL // 3, ANNUAL)) == Decimal("0.33")


def test_projection_continues_recorded_months_with_expected_ones() -> None:
    months = year_months(2026)
    recorded = {m: 1000 for m in months[:6]}  # January to June entered
    recorded[months[9]] = 0  # an empty row later on does not move the cut
    expected = {m: 2000 for m in months}
    year = year_fte(2026, ANNUAL, recorded, expected, Decimal("0.50"))
    assert year.as_of == dt.date(2026, 6, 1)
    assert [m.projected for m in year.months] == [False] * 6 + [True] * 6
    assert year.consumed_minutes == 6000
    assert year.projected_minutes == 6000 + 6 * 2000
    assert year.projected_fte == Decimal(18000) / ANNUAL
    assert year.funded_to_date(dt.date(2026, 3, 1)) == Decimal("0.125")
    assert year.projected_gap == Decimal(18000) / ANNUAL - Decimal("0.50")


def test_projection_applies_the_observed_rate() -> None:
    months = year_months(2026)
    rate = observed_rate(recorded_paid=9 * 1000, expected=10 * 1000)
    assert rate == Fraction(9, 10)
    year = year_fte(2026, ANNUAL, {months[0]: 900}, {m: 1001 for m in months}, rate=rate)
    assert year.months[1].minutes == 901  # 900.9 rounded half up
    assert year.projected_minutes == 900 + 11 * 901
    assert observed_rate(0, 0) == 1 and observed_rate(5000, 1000) == 1


def test_nothing_recorded_projects_the_whole_year() -> None:
    year = year_fte(2027, ANNUAL, {}, {dt.date(2027, 1, 1): 10})
    assert year.as_of is None and all(m.projected for m in year.months)
    assert year.consumed_fte == 0 and year.projected_minutes == 10


def test_known_case_a_full_time_cddi_over_2026() -> None:
    """35 h a week all year: 252 working days (261 weekdays, 9 public holidays on one)."""
    terms = ContractTerms(
        1, ContractKind.CDDI_REMOBILISING, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 2100, None
    )
    holidays = public_holidays([2026])
    expected = {m: round_minutes(expected_minutes(terms, m, holidays)) for m in year_months(2026)}
    assert sum(expected.values()) == 252 * 420
    year = year_fte(2026, ANNUAL, {}, expected, Decimal(1))
    assert year.projected_fte == Decimal(252 * 420) / ANNUAL
    assert rounded(year.projected_fte) == Decimal("1.10")


def test_a_month_with_only_training_or_pmsmp_minutes_is_still_projected() -> None:
    """Training attendance fills November as it happens: until its worked hours are typed,
    November is planned, not observed (else the year would count a third of a month)."""
    months = year_months(2026)
    recorded = {m: 2000 for m in months[:10]}
    recorded[months[10]] = 300  # a training day recorded on 5 November
    expected = {m: 2000 for m in months}
    year = year_fte(2026, ANNUAL, recorded, expected, entered=set(months[:10]))
    assert year.as_of == dt.date(2026, 10, 1)
    assert year.months[10].projected and year.months[10].minutes == 2000
    assert year.projected_minutes == 12 * 2000
    # Without the months entered, any recorded minute moves the cut (the older rule).
    assert year_fte(2026, ANNUAL, recorded, expected).as_of == dt.date(2026, 11, 1)
