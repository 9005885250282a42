"""Rest between working days (L3132-1/2, L3131-1) and the 12-week average (L3121-22),
each at its boundary: 6 days worked vs 7, 11 h of rest vs 10 h 59, 44 h vs 44 h 01."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.hours_rules import HoursValues, check_days
from chantier_app.domain.hours_terms import ContractTerms
from chantier_app.domain.rest_rules import (
    DayTimes,
    check_daily_rest,
    check_days_per_week,
    check_twelve_weeks,
)

D = dt.date
T = dt.time
MONDAY = D(2026, 3, 2)
TERMS = ContractTerms(
    1, ContractKind.CDDI_REMOBILISING, D(2026, 1, 1), D(2026, 12, 31), 26 * 60, None
)


def run(first: D, n: int, minutes: int = 6 * 60, **other: int) -> dict[D, HoursValues]:
    return {first + dt.timedelta(days=i): HoursValues(worked=minutes, **other) for i in range(n)}


@pytest.mark.parametrize(("n", "refused"), [(6, False), (7, True)])
def test_at_most_six_days_worked_in_a_civil_week(n: int, refused: bool) -> None:
    found = check_days_per_week(run(MONDAY, n))
    assert (MONDAY in found) is refused
    if refused:
        assert found[MONDAY].message == (
            "Semaine du 02/03/2026 : 7 jours travaillés, au plus 6 jours par semaine "
            "(repos hebdomadaire, L3132-1 et L3132-2)."
        )
        assert found[MONDAY].code == "hours_week_over_6_days" and found[MONDAY].blocking


def test_seven_days_in_a_row_over_two_civil_weeks_pass() -> None:
    """Thursday to Wednesday: 4 days in one civil week, 3 in the next."""
    assert check_days_per_week(run(D(2026, 3, 5), 7)) == {}


def test_an_absence_or_an_empty_day_is_not_a_day_worked() -> None:
    days = run(MONDAY, 6)
    days[MONDAY + dt.timedelta(days=6)] = HoursValues(sick=6 * 60)
    assert check_days_per_week(days) == {}
    days[MONDAY + dt.timedelta(days=6)] = HoursValues(training=2 * 60)  # training is work
    assert MONDAY in check_days_per_week(days)


def test_the_sheet_refuses_a_seventh_day_on_each_day_of_the_week() -> None:
    terms = TERMS
    found = check_days(terms, D(2026, 3, 1), run(MONDAY, 7))
    assert all("hours_week_over_6_days" in {v.code for v in found[d]} for d in run(MONDAY, 7))


def test_the_seventh_day_counts_across_the_turn_of_the_month() -> None:
    """Monday 30 and Tuesday 31 March already entered; April's sheet has Wednesday 1 to
    Sunday 5: seven days in the week of 30 March."""
    terms = TERMS
    march = run(D(2026, 3, 30), 2)
    april = run(D(2026, 4, 1), 5)
    found = check_days(terms, D(2026, 4, 1), april, neighbours=march)
    assert "hours_week_over_6_days" in {v.code for v in found[D(2026, 4, 5)]}
    assert D(2026, 3, 30) not in found  # March's days are not April's to correct
    fewer = check_days(terms, D(2026, 4, 1), run(D(2026, 4, 1), 4), neighbours=march)
    assert not any(v.code == "hours_week_over_6_days" for vs in fewer.values() for v in vs)


@pytest.mark.parametrize(
    ("end", "start", "refused"),
    [
        (T(20, 0), T(7, 0), False),  # 11 h exactly
        (T(20, 1), T(7, 0), True),  # 10 h 59
        (T(23, 30), T(10, 30), False),
        (T(1, 0), T(11, 59), True),  # ended after midnight: 10 h 59 from 1:00 the next day
    ],
)
def test_eleven_hours_of_daily_rest(end: T, start: T, refused: bool) -> None:
    times = {
        MONDAY: DayTimes(T(13, 0), end),
        MONDAY + dt.timedelta(days=1): DayTimes(start, T(16, 0)),
    }
    found = check_daily_rest(times)
    assert (MONDAY + dt.timedelta(days=1) in found) is refused


def test_the_daily_rest_message_names_the_rest_and_the_article() -> None:
    times = {MONDAY: DayTimes(T(9, 0), T(20, 1)), D(2026, 3, 3): DayTimes(T(7, 0), T(12, 0))}
    (violation,) = check_daily_rest(times).values()
    assert violation.code == "hours_daily_rest_under_11h"
    assert violation.message == (
        "Le 03/03/2026 : 10,98 h de repos depuis la fin du travail la veille (20:01), au "
        "moins 11 h consécutives (repos quotidien, L3131-1)."
    )
    # Days apart (a day off between) or without times: nothing to compare.
    assert check_daily_rest({MONDAY: times[MONDAY], D(2026, 3, 4): times[D(2026, 3, 3)]}) == {}


def weeks_of(minutes_per_week: list[int]) -> dict[D, HoursValues]:
    """Each week's minutes spread over its Monday to Friday (whole minutes)."""
    days: dict[D, HoursValues] = {}
    first = D(2026, 1, 5)
    for w, minutes in enumerate(minutes_per_week):
        monday = first + dt.timedelta(weeks=w)
        share, left = divmod(minutes, 5)
        for i in range(5):
            days[monday + dt.timedelta(days=i)] = HoursValues(
                worked=share + (left if i == 0 else 0)
            )
    return days


@pytest.mark.parametrize(
    ("per_week", "warned"),
    [
        ([44 * 60] * 12, False),  # 44 h on average, exactly
        ([44 * 60 + 1] * 12, True),  # 44 h 01 each week (44,02 h)
        ([44 * 60] * 11 + [44 * 60 + 1], True),  # one minute over the 528 h of 12 weeks
        ([48 * 60] * 11, False),  # 11 weeks only: no 12-week period yet
    ],
)
def test_44_hours_a_week_on_average_over_12_weeks(per_week: list[int], warned: bool) -> None:
    found = check_twelve_weeks(weeks_of(per_week))
    assert bool(found) is warned
    assert all(v.code == "hours_12_weeks_over_44h" and not v.blocking for v in found)


def test_a_week_without_any_day_entered_is_unknown_not_zero() -> None:
    days = weeks_of([46 * 60] * 13)
    quiet = {d: v for d, v in days.items() if not D(2026, 2, 2) <= d <= D(2026, 2, 8)}
    assert check_twelve_weeks(quiet) == []  # no 12 weeks in a row are known
    (warning,) = check_twelve_weeks(days, concerned=[D(2026, 1, 5)])  # the first window only
    assert warning.message == (
        "Du 05/01/2026 au 29/03/2026 : 46 h par semaine en moyenne sur 12 semaines "
        "consécutives, au plus 44 h (L3121-22)."
    )
