"""PASS IAE: number, 730 days, suspensions moving the end, prolongations and their limits."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain import pass_iae as rules
from chantier_app.domain.codes.contract_codes import PassProlongationReason as R
from chantier_app.domain.contract_dates import Span

START = dt.date(2026, 1, 1)
D = dt.date


@pytest.mark.parametrize(
    ("number", "codes"),
    [
        ("999992612345", []),
        ("99999 26 12345", []),
        ("", ["pass_number_required"]),
        ("99999261234", ["pass_number_format"]),
        ("9999926123456", ["pass_number_format"]),
        ("99999A612345", ["pass_number_format"]),
    ],
)
def test_number_has_12_digits(number, codes) -> None:
    assert [v.code for v in rules.check_number(number)] == codes


def test_default_end_is_730_days_counting_the_first() -> None:
    end = rules.default_end(START)
    assert end == D(2027, 12, 31)
    assert Span(START, end).days == 730
    assert rules.check_pass_dates(START, end) == []
    longer = rules.check_pass_dates(START, end + dt.timedelta(days=1))
    assert [v.code for v in longer] == ["pass_longer_than_2_years"]


def test_suspension_moves_the_end_by_its_days() -> None:
    ten_days = Span(D(2026, 3, 1), D(2026, 3, 10))
    end = rules.current_end(rules.default_end(START), [ten_days], [])
    assert end == D(2028, 1, 10)


def test_prolongation_adds_its_days() -> None:
    initial = rules.default_end(START)
    year = Span(D(2028, 1, 1), D(2028, 12, 31))
    assert rules.current_end(initial, [], [year]) == D(2028, 12, 31)


@pytest.mark.parametrize(
    ("end", "text"),
    [
        (D(2026, 12, 5), "expire dans 12 jours"),
        (D(2026, 11, 24), "expire demain"),
        (D(2026, 11, 23), "expire ce soir"),
        (D(2026, 11, 22), "expiré depuis le 23/11/2026"),
    ],
)
def test_status_text(end, text) -> None:
    assert rules.status_text(D(2025, 1, 1), end, D(2026, 11, 23)) == text


def test_status_while_suspended_and_before_start() -> None:
    suspension = Span(D(2026, 11, 1), D(2026, 12, 15))
    assert rules.status_text(START, D(2028, 1, 1), D(2026, 11, 23), [suspension]) == (
        "suspendu jusqu'au 15/12/2026"
    )
    assert rules.status_text(START, D(2028, 1, 1), D(2025, 12, 1)) == "commence le 01/01/2026"


PASS = Span(START, rules.default_end(START))


@pytest.mark.parametrize(
    ("start", "end", "codes"),
    [
        (D(2026, 3, 1), D(2026, 3, 10), []),
        (D(2026, 3, 1), D(2027, 2, 28), []),  # 12 months exactly
        (D(2026, 3, 1), D(2027, 3, 1), ["suspension_over_12_months"]),
        (D(2026, 3, 10), D(2026, 3, 1), ["end_before_start"]),
        (D(2025, 12, 1), D(2025, 12, 10), ["suspension_outside_pass"]),
        (D(2027, 6, 5), D(2027, 6, 20), ["suspension_overlap"]),
        (None, D(2026, 3, 1), ["start_required"]),
    ],
)
def test_suspension_checks(start, end, codes) -> None:
    others = [Span(D(2027, 6, 1), D(2027, 6, 10))]
    violations = rules.check_suspension(start, end, pass_period=PASS, others=others)
    assert [v.code for v in violations] == codes


@pytest.mark.parametrize(
    ("reason", "start", "end", "codes"),
    [
        (R.DIFFICULTIES, D(2028, 1, 1), D(2028, 12, 31), []),
        (R.DIFFICULTIES, D(2028, 1, 1), D(2029, 1, 1), ["prolongation_over_12_months"]),
        (None, D(2028, 1, 1), D(2028, 6, 30), ["reason_required"]),
        (R.FINISH_TRAINING, D(2025, 12, 1), D(2026, 1, 31), ["prolongation_before_pass"]),
    ],
)
def test_prolongation_checks(reason, start, end, codes) -> None:
    violations = rules.check_prolongation(reason, start, end, pass_start=START, others=[])
    assert [v.code for v in violations] == codes


def test_prolongations_cumulated_per_reason() -> None:
    """Training: 2 years at most in total (731 days), whatever the number of decisions."""
    first = rules.Prolongation(D(2028, 1, 1), D(2028, 12, 31), R.FINISH_TRAINING)  # 366 days
    ok = rules.check_prolongation(
        R.FINISH_TRAINING, D(2029, 1, 1), D(2029, 12, 31), pass_start=START, others=[first]
    )
    assert ok == []  # 366 + 365 = 731
    second = rules.Prolongation(D(2029, 1, 1), D(2029, 12, 31), R.FINISH_TRAINING)
    over = rules.check_prolongation(
        R.FINISH_TRAINING, D(2030, 1, 1), D(2030, 1, 1), pass_start=START, others=[first, second]
    )
    assert [v.code for v in over] == ["prolongation_cumulative_limit"]
    other_reason = rules.check_prolongation(
        R.SENIOR, D(2030, 1, 1), D(2030, 1, 1), pass_start=START, others=[first, second]
    )
    assert other_reason == []
