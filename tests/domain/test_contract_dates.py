"""How months are counted: date to date, successive contracts without their gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chantier_app.domain.contract_dates import (
    Duration,
    Span,
    age_on,
    anonymous_birth_date,
    cumulative_duration,
    cumulative_limit,
    end_date_to_date,
    first_days_of_work,
    last_day_of,
    lasts_at_most,
    max_trial_days,
    merge_runs,
    reached_on,
    trial_short_contract,
)
from chantier_app.domain.pass_iae import PassPeriod

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (D(2026, 1, 1), 6, D(2026, 6, 30)),
        (D(2026, 1, 31), 1, D(2026, 2, 27)),  # 31 January + 1 month = 28 February
        (D(2024, 1, 31), 1, D(2024, 2, 28)),  # leap year: 29 February
        (D(2024, 2, 29), 12, D(2025, 2, 27)),
        (D(2022, 3, 1), 24, D(2024, 2, 29)),
    ],
)
def test_last_day_of_a_period_of_n_months(start: dt.date, months: int, last: dt.date) -> None:
    assert last_day_of(start, months) == last


def test_duration_reads_as_people_say_it() -> None:
    assert Duration.of_period(D(2026, 1, 1), D(2026, 6, 30)) == Duration(6, 0)
    assert Duration.of_period(D(2026, 1, 1), D(2026, 7, 12)).text() == "6 mois et 12 jours"
    assert Duration.of_period(D(2026, 1, 1), D(2026, 1, 1)).text() == "1 jour"
    assert Duration(0, 0).text() == "0 mois"


def test_contiguous_contracts_form_one_run() -> None:
    runs = merge_runs([Span(D(2026, 7, 1), D(2026, 12, 31)), Span(D(2026, 1, 1), D(2026, 6, 30))])
    assert runs == [Span(D(2026, 1, 1), D(2026, 12, 31))]


def test_gaps_do_not_count_in_the_total() -> None:
    year_2024 = Span(D(2024, 1, 1), D(2024, 12, 31))
    current = Span(D(2025, 7, 1), D(2026, 3, 31))
    assert cumulative_duration([year_2024, current]) == Duration(21, 0)
    assert cumulative_limit([year_2024], D(2025, 7, 1), 24) == D(2026, 6, 30)
    assert reached_on([year_2024], D(2025, 7, 1), 22) == D(2026, 5, 1)


def test_cumulative_duration_up_to_a_day_and_since_a_pass() -> None:
    spans = [Span(D(2022, 1, 1), D(2022, 12, 31)), Span(D(2025, 1, 1), D(2026, 12, 31))]
    assert cumulative_duration(spans, as_of=D(2025, 3, 31)) == Duration(15, 0)
    assert cumulative_duration(spans, since=D(2025, 1, 1)) == Duration(24, 0)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2026, 1, 5), D(2026, 7, 4), Decimal("6.0")),
        (D(2026, 1, 5), D(2026, 7, 5), Decimal("6.0")),  # one day = 0,03 month
        (D(2026, 1, 5), D(2026, 7, 6), Decimal("6.1")),
        (D(2026, 1, 1), D(2026, 12, 31), Decimal("12.0")),
        (D(2026, 3, 1), D(2026, 2, 28), Decimal("0")),
    ],
)
def test_months_as_documents_print_them(start, end, months) -> None:
    assert Duration.of_period(start, end).as_months() == months


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2026, 1, 1), D(2026, 1, 31), 4),  # 31 days: 4 whole weeks
        (D(2026, 1, 1), D(2026, 6, 30), 14),
        (D(2026, 1, 1), D(2026, 7, 1), 26),
        (D(2026, 1, 1), D(2026, 12, 31), 31),
        (D(2026, 2, 1), D(2027, 1, 31), 28),
        (D(2024, 2, 1), D(2025, 1, 31), 29),
    ],
)
def test_longest_trial_period(start: dt.date, end: dt.date, days: int) -> None:
    assert max_trial_days(start, end) == days


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        # Start on the 31st: September has no 31st, so six months de date à date end on
        # 30 September (the reading that protects the employee: 2 weeks at most).
        (D(2026, 3, 31), D(2026, 9, 29), 14),  # the day before
        (D(2026, 3, 31), D(2026, 9, 30), 14),  # the day of: exactly six months
        (D(2026, 3, 31), D(2026, 10, 1), 26),  # the day after: 26 weeks, 1 month at most
        # A start on the 1st: both readings agree.
        (D(2026, 4, 1), D(2026, 9, 30), 14),
        (D(2026, 4, 1), D(2026, 10, 1), 26),
        # 30 August: February has no 30th, six months end on 28 February.
        (D(2026, 8, 30), D(2027, 2, 28), 14),
        (D(2026, 8, 30), D(2027, 3, 1), 26),
    ],
)
def test_trial_at_exactly_six_months(start: dt.date, end: dt.date, days: int) -> None:
    assert max_trial_days(start, end) == days


def test_both_readings_of_six_months_from_the_31st() -> None:
    """The general rule (``last_day_of``: the day before start + 6 months, clamped) reads
    31 March - 30 September as six months and one day; the trial period takes the civil
    law's date-à-date reading (``end_date_to_date``), where it is exactly six months."""
    assert last_day_of(D(2026, 3, 31), 6) == D(2026, 9, 29)
    assert end_date_to_date(D(2026, 3, 31), 6) == D(2026, 9, 30)
    assert not lasts_at_most(D(2026, 3, 31), D(2026, 9, 30), 6)
    assert trial_short_contract(D(2026, 3, 31), D(2026, 9, 30))
    assert not trial_short_contract(D(2026, 3, 31), D(2026, 10, 1))


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (D(2026, 1, 1), 1, D(2026, 1, 31)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 1, 28), 1, D(2026, 2, 27)),
        (D(2026, 1, 29), 1, D(2026, 2, 28)),
        (D(2026, 3, 31), 6, D(2026, 9, 30)),
        (D(2026, 12, 15), 1, D(2027, 1, 14)),
    ],
)
def test_end_date_to_date(start: dt.date, months: int, end: dt.date) -> None:
    assert end_date_to_date(start, months) == end


def test_pass_end_moves_with_suspensions_and_prolongations() -> None:
    plain = PassPeriod(D(2025, 1, 1), D(2026, 12, 31))
    suspended = PassPeriod(D(2025, 1, 1), D(2026, 12, 31), (Span(D(2025, 3, 1), D(2025, 3, 10)),))
    prolonged = PassPeriod(
        D(2025, 1, 1),
        D(2026, 12, 31),
        prolongations=(Span(D(2027, 1, 1), D(2027, 6, 30)), Span(D(2027, 7, 1), D(2027, 12, 31))),
    )
    assert plain.end == D(2026, 12, 31)
    assert suspended.end == D(2027, 1, 10)
    assert prolonged.end == D(2027, 12, 31)


def test_age_on_a_birthday_and_on_29_february() -> None:
    assert age_on(D(1976, 1, 1), D(2026, 1, 1)) == 50
    assert age_on(D(1976, 1, 2), D(2026, 1, 1)) == 49
    assert age_on(D(1976, 2, 29), D(2026, 2, 28)) == 49
    assert age_on(D(1976, 2, 29), D(2026, 3, 1)) == 50


@given(
    birth=st.dates(dt.date(1940, 1, 1), dt.date(2010, 12, 31)),
    references=st.lists(st.dates(dt.date(2010, 1, 1), dt.date(2040, 12, 31)), max_size=8),
)
def test_an_anonymous_birth_date_keeps_every_age_the_reports_took(birth, references) -> None:
    """Anonymising keeps the year and the ages on the reports' dates, never the exact day
    (unless no earlier day of that year gives the same ages)."""
    hidden = anonymous_birth_date(birth, references)
    assert hidden.year == birth.year and hidden <= birth
    assert [age_on(hidden, r) for r in references] == [age_on(birth, r) for r in references]
    assert anonymous_birth_date(birth, []) == dt.date(birth.year, 1, 1)


def test_each_years_first_day_of_work() -> None:
    """A contract from 5 Jan 2025 to 30 Jun 2025, another from 1 Dec 2025 to 31 May 2026."""
    periods = [
        Span(dt.date(2025, 12, 1), dt.date(2026, 5, 31)),
        Span(dt.date(2025, 1, 5), dt.date(2025, 6, 30)),
    ]
    assert first_days_of_work(periods) == {2025: dt.date(2025, 1, 5), 2026: dt.date(2026, 1, 1)}
