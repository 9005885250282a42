"""PMSMP: at most one month per agreement, boundaries included."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain.pmsmp import (
    check_dates,
    check_overlaps,
    check_within_contract,
    latest_end,
    length_days,
)

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "accepted"),
    [
        (D(2026, 3, 1), D(2026, 3, 31), True),  # a 31-day month: 31 days
        (D(2026, 3, 1), D(2026, 4, 1), False),  # 32 days
        (D(2026, 4, 1), D(2026, 4, 30), True),  # a 30-day month
        (D(2026, 4, 1), D(2026, 5, 1), False),  # 31 days, but more than a month from 1 April
        (D(2026, 2, 1), D(2026, 2, 28), True),
        (D(2026, 2, 1), D(2026, 3, 1), False),
        (D(2028, 2, 1), D(2028, 2, 29), True),  # leap year
        (D(2026, 3, 15), D(2026, 4, 14), True),  # date to date
        (D(2026, 3, 15), D(2026, 4, 15), False),
        (D(2026, 1, 31), D(2026, 2, 28), True),  # no 31 February: to the end of February
        (D(2026, 1, 31), D(2026, 3, 1), False),
        (D(2026, 12, 10), D(2027, 1, 9), True),  # over the new year
        (D(2026, 12, 10), D(2027, 1, 10), False),
        (D(2026, 5, 4), D(2026, 5, 4), True),  # one day
    ],
)
def test_one_month_at_most(start: dt.date, end: dt.date, accepted: bool) -> None:
    violations = check_dates(start, end)
    assert (not violations) is accepted
    if not accepted:
        assert violations[0].code == "pmsmp_max_one_month"
        assert violations[0].field == "end_date"


def test_refusal_says_the_latest_end_and_the_days_asked() -> None:
    [violation] = check_dates(D(2026, 3, 1), D(2026, 4, 1))
    assert "au plus un mois" in violation.message
    assert "31/03/2026" in violation.message
    assert "32 jours" in violation.message


def test_latest_end_and_length() -> None:
    assert latest_end(D(2026, 3, 1)) == D(2026, 3, 31)
    assert latest_end(D(2026, 1, 30)) == D(2026, 2, 28)
    assert length_days(D(2026, 3, 1), D(2026, 4, 1)) == 32


def test_missing_and_reversed_dates() -> None:
    assert [v.code for v in check_dates(None, None)] == ["pmsmp_start_missing", "pmsmp_end_missing"]
    assert [v.code for v in check_dates(D(2026, 3, 10), D(2026, 3, 9))] == [
        "pmsmp_end_before_start"
    ]


def test_must_lie_inside_a_contract() -> None:
    contract = [(D(2026, 1, 1), D(2026, 6, 30))]
    assert not check_within_contract(D(2026, 6, 1), D(2026, 6, 30), contract)
    assert check_within_contract(D(2026, 6, 15), D(2026, 7, 1), contract)
    assert check_within_contract(D(2025, 12, 31), D(2026, 1, 10), contract)


def test_overlap_boundaries() -> None:
    other = [(D(2026, 3, 1), D(2026, 3, 15))]
    assert check_overlaps(D(2026, 3, 15), D(2026, 3, 20), other)  # shares 15 March
    assert not check_overlaps(D(2026, 3, 16), D(2026, 3, 20), other)
    assert not check_overlaps(D(2026, 2, 1), D(2026, 2, 28), other)
