"""Each hours rule at its boundaries: the value allowed, one minute more refused or warned."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain import hours_rules as hr
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.errors import Severity
from chantier_app.domain.hours_rules import (
    HoursValues,
    check_day,
    check_days,
    check_month,
    check_weeks,
    month_is_over,
    parse_cell,
)
from chantier_app.domain.hours_terms import ContractTerms, SuspensionPeriod, public_holidays

D = dt.date
MARCH = D(2026, 3, 1)
HOLIDAYS = public_holidays([2026])
EXPECTED_MARCH = 22 * 312  # 26 h a week over March 2026's 22 working days


YEAR_START, YEAR_END = D(2026, 1, 1), D(2026, 12, 31)


def cddi(start=YEAR_START, end=YEAR_END, **kw) -> ContractTerms:
    return ContractTerms(1, ContractKind.CDDI_REMOBILISING, start, end, 26 * 60, None, **kw)


def first_hours(**kw) -> ContractTerms:
    return ContractTerms(2, ContractKind.FIRST_HOURS, D(2026, 1, 5), D(2026, 6, 30), None, 3600)


def codes(violations) -> list[str]:
    return [v.code for v in violations]


@pytest.mark.parametrize(
    ("worked", "expected_codes"),
    [
        (EXPECTED_MARCH - 686, []),  # 10 % under, rounded down: allowed
        (EXPECTED_MARCH - 687, ["cddi_month_off_contract"]),
        (EXPECTED_MARCH, []),
        (EXPECTED_MARCH + 686, []),
        (EXPECTED_MARCH + 687, ["cddi_month_off_contract"]),
    ],
)
def test_cddi_month_is_warned_beyond_ten_percent(worked, expected_codes) -> None:
    found = check_month(cddi(), MARCH, HoursValues(worked=worked), HOLIDAYS)
    assert codes(found) == expected_codes
    assert all(v.severity is Severity.WARNING and v.field == "total" for v in found)


def test_cddi_warning_counts_absences_and_says_why_in_french() -> None:
    split = HoursValues(worked=EXPECTED_MARCH - 14 * 60, sick=14 * 60)
    assert check_month(cddi(), MARCH, split, HOLIDAYS) == []
    (warning,) = check_month(cddi(), MARCH, HoursValues(worked=60 * 60), HOLIDAYS)
    assert "60 h saisies en mars 2026" in warning.message
    assert "114,4 h prévues" in warning.message and "22 jour(s) ouvré(s)" in warning.message


def test_a_month_under_way_compares_only_the_rows_whose_worked_hours_are_typed() -> None:
    """Two training days recorded from attendance on the 10th: the rest of the month is to
    come, no warning yet; once worked hours are typed, or the month is over, it is checked."""
    training_only = HoursValues(training=14 * 60)
    assert check_month(cddi(), MARCH, training_only, HOLIDAYS, month_over=False) == []
    assert codes(check_month(cddi(), MARCH, training_only, HOLIDAYS)) == ["cddi_month_off_contract"]
    typed = HoursValues(worked=20 * 60, training=14 * 60)
    assert codes(check_month(cddi(), MARCH, typed, HOLIDAYS, month_over=False)) == [
        "cddi_month_off_contract"
    ]
    assert month_is_over(MARCH, D(2026, 4, 1)) and not month_is_over(MARCH, D(2026, 3, 31))


def test_cddi_expectation_follows_holidays_so_a_may_month_is_not_warned() -> None:
    may = D(2026, 5, 1)
    assert check_month(cddi(), may, HoursValues(worked=17 * 312), HOLIDAYS) == []
    assert codes(check_month(cddi(), may, HoursValues(worked=21 * 312), HOLIDAYS)) == [
        "cddi_month_off_contract"
    ]


@pytest.mark.parametrize(
    ("values", "expected_codes"),
    [
        (HoursValues(worked=72 * 60), []),
        (HoursValues(worked=72 * 60 + 1), ["first_hours_72h_month"]),
        (HoursValues(worked=60 * 60, training=12 * 60, pmsmp=1), ["first_hours_72h_month"]),
        (HoursValues(worked=72 * 60, sick=7 * 60), []),  # absences are not hours worked
    ],
)
def test_first_hours_at_most_72_hours_a_month(values, expected_codes) -> None:
    found = check_month(first_hours(), MARCH, values, HOLIDAYS)
    assert codes(found) == expected_codes
    assert all(v.blocking for v in found)


@pytest.mark.parametrize(
    ("start", "end", "expected_codes"),
    [
        (D(2026, 4, 1), D(2026, 9, 30), ["hours_outside_contract"]),  # starts the day after
        (D(2025, 9, 1), D(2026, 2, 28), ["hours_outside_contract"]),  # ended the day before
        (D(2026, 3, 31), D(2026, 9, 30), []),  # starts on the month's last day
        (D(2025, 9, 1), D(2026, 3, 1), []),  # ends on its first day
    ],
)
def test_no_hours_outside_the_contract_dates(start, end, expected_codes) -> None:
    found = check_month(cddi(start, end), MARCH, HoursValues(worked=5 * 60), HOLIDAYS)
    assert codes(found) == expected_codes
    if expected_codes:
        assert "ne court pas en mars 2026" in found[0].message


def test_one_day_of_contract_allows_ten_hours_not_more() -> None:
    terms = cddi(start=D(2026, 3, 31))
    assert not [v for v in check_month(terms, MARCH, HoursValues(worked=600)) if v.blocking]
    (error,) = check_month(terms, MARCH, HoursValues(worked=601), HOLIDAYS)
    assert error.code == "hours_month_impossible" and error.blocking
    assert "1 jour(s)" in error.message and "10 h par jour" in error.message


def test_a_full_month_cannot_exceed_48_hours_a_week() -> None:
    limit = (10 + 4 * 48 + 20) * 60
    assert "hours_month_impossible" not in codes(
        check_month(cddi(), MARCH, HoursValues(worked=limit), HOLIDAYS)
    )
    assert codes(check_month(cddi(), MARCH, HoursValues(worked=limit + 1), HOLIDAYS)) == [
        "hours_month_impossible"
    ]


def test_suspended_all_month_refuses_hours_except_pmsmp_during_a_pmsmp() -> None:
    whole = SuspensionPeriod(D(2026, 2, 20), D(2026, 4, 10))
    found = check_month(cddi(suspensions=(whole,)), MARCH, HoursValues(worked=60), HOLIDAYS)
    assert codes(found) == ["hours_during_suspension"]
    pmsmp = SuspensionPeriod(D(2026, 2, 20), D(2026, 4, 10), pmsmp=True)
    terms = cddi(suspensions=(pmsmp,))
    assert codes(check_month(terms, MARCH, HoursValues(pmsmp=EXPECTED_MARCH), HOLIDAYS)) == []
    assert codes(check_month(terms, MARCH, HoursValues(worked=60), HOLIDAYS)) == [
        "hours_during_suspension"
    ]


def test_partly_suspended_month_bounds_the_hours_to_the_days_left() -> None:
    # Suspended from 2 to 29 March: the contract runs on 1, 30 and 31 March (30 h at most).
    terms = cddi(suspensions=(SuspensionPeriod(D(2026, 3, 2), D(2026, 3, 29)),))
    assert "hours_month_impossible" not in codes(
        check_month(terms, MARCH, HoursValues(worked=30 * 60), HOLIDAYS)
    )
    assert codes(check_month(terms, MARCH, HoursValues(worked=30 * 60 + 1), HOLIDAYS)) == [
        "hours_month_impossible"
    ]


def test_negative_values_are_refused_on_their_cell() -> None:
    (error,) = check_month(cddi(), MARCH, HoursValues(sick=-60), HOLIDAYS)
    assert (error.code, error.field) == ("hours_negative", "sick")
    assert "Arrêt maladie" in error.message


def test_nothing_entered_breaks_nothing() -> None:
    assert check_month(cddi(D(2027, 1, 1), D(2027, 6, 30)), MARCH, HoursValues(), HOLIDAYS) == []


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("7,5", 450), ("7:30", 450), ("7h30", 450), ("", 0), (None, 0), (450, 450)],
)
def test_cells_are_read_like_people_write_hours(text, minutes) -> None:
    assert parse_cell(HoursCategory.WORKED, text) == minutes


@pytest.mark.parametrize("text", ["-3", "abc", "7,333", "7:75", "999999"])
def test_bad_cells_name_their_column(text) -> None:
    with pytest.raises(ValueError, match=r"^Formation rémunérée : "):
        parse_cell(HoursCategory.TRAINING, text)


# Days ---------------------------------------------------------------------------------
def test_a_day_allows_ten_hours_not_more() -> None:
    terms = cddi()
    assert check_day(terms, D(2026, 3, 3), HoursValues(worked=600)) == []
    (error,) = check_day(terms, D(2026, 3, 3), HoursValues(worked=540, training=61))
    assert error.code == "hours_day_over_10h" and "03/03/2026" in error.message


@pytest.mark.parametrize(
    ("day", "expected_codes"),
    [
        (D(2026, 3, 15), ["hours_outside_contract"]),
        (D(2026, 3, 16), []),
        (D(2026, 3, 20), []),
        (D(2026, 3, 21), ["hours_outside_contract"]),
    ],
)
def test_days_outside_the_contract_are_refused(day, expected_codes) -> None:
    terms = cddi(D(2026, 3, 16), D(2026, 3, 20))
    assert codes(check_day(terms, day, HoursValues(worked=300))) == expected_codes


def test_days_of_a_suspension_are_refused() -> None:
    terms = cddi(suspensions=(SuspensionPeriod(D(2026, 3, 9), D(2026, 3, 13)),))
    assert codes(check_day(terms, D(2026, 3, 9), HoursValues(worked=60))) == [
        "hours_during_suspension"
    ]
    assert check_day(terms, D(2026, 3, 14), HoursValues(worked=60)) == []


def test_a_calendar_week_allows_48_hours_not_more() -> None:
    week = {D(2026, 3, 2) + dt.timedelta(days=i): HoursValues(worked=576) for i in range(5)}
    assert check_weeks(week) == {}
    week[D(2026, 3, 7)] = HoursValues(worked=1)
    assert list(check_weeks(week)) == [D(2026, 3, 2)]
    # The same hours split across two calendar weeks are fine.
    split = {D(2026, 3, 5) + dt.timedelta(days=i): HoursValues(worked=576) for i in range(6)}
    assert check_weeks(split) == {}


def test_check_days_puts_week_errors_on_each_day_and_sums_the_month() -> None:
    terms = cddi()
    days = {D(2026, 3, 2) + dt.timedelta(days=i): HoursValues(worked=600) for i in range(5)}
    found = check_days(terms, MARCH, days, HOLIDAYS)
    assert set(found) == set(days)
    assert all(codes(v) == ["hours_week_over_48h"] for v in found.values())
    fine = {D(2026, 3, 2) + dt.timedelta(days=i): HoursValues(worked=312) for i in range(5)}
    month = check_days(terms, MARCH, fine, HOLIDAYS)
    assert list(month) == [None] and codes(month[None]) == ["cddi_month_off_contract"]


def test_check_days_refuses_a_day_of_another_month() -> None:
    found = check_days(cddi(), MARCH, {D(2026, 4, 1): HoursValues(worked=60)}, HOLIDAYS)
    assert codes(found[D(2026, 4, 1)]) == ["hours_day_other_month"]


@pytest.mark.parametrize(
    ("minutes", "day", "code"),
    [
        (600, dt.date(2026, 3, 2), None),  # 10 h: allowed
        (601, dt.date(2026, 3, 2), "attendance_over_10h"),
        (420, dt.date(2026, 2, 28), "attendance_outside_contract"),  # the day before
        (420, dt.date(2026, 3, 1), None),  # its first day
        (420, dt.date(2026, 8, 31), None),  # its last day
        (420, dt.date(2026, 9, 1), "attendance_outside_contract"),  # the day after
        (0, dt.date(2026, 9, 1), None),  # absent: nothing to check
    ],
)
def test_a_training_day_is_paid_work_time(minutes: int, day: dt.date, code: str | None) -> None:
    found = hr.check_training_day(
        "Élodie", day, minutes, (dt.date(2026, 3, 1), dt.date(2026, 8, 31)), "minutes_1"
    )
    assert [v.code for v in found] == ([code] if code else [])
    assert all(v.field == "minutes_1" and v.message.startswith("Élodie : ") for v in found)


def test_a_training_day_without_a_contract_is_refused() -> None:
    found = hr.check_training_day("Élodie", dt.date(2026, 3, 2), 60, None, "minutes_1")
    assert [v.code for v in found] == ["attendance_outside_contract"]


def test_values_as_a_dict_and_added_category_by_category() -> None:
    """``as_dict`` and ``+`` are spelled out field by field (a grid calls them for each row):
    each category keeps its own minutes."""
    values = HoursValues(*range(1, 7))
    assert values.as_dict() == {c: values.get(c) for c in HoursCategory}
    assert [values.get(c) for c in HoursCategory] == [1, 2, 3, 4, 5, 6]
    total = values + HoursValues(*range(10, 70, 10))
    assert {c: total.get(c) for c in HoursCategory} == {
        c: values.get(c) + 10 * (i + 1) for i, c in enumerate(HoursCategory)
    }
