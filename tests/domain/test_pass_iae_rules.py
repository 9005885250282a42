"""PASS IAE: number, 730 days, suspensions moving the end, prolongations and their limits."""

from __future__ import annotations

import datetime as dt
from functools import partial

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
        (D(2026, 3, 1), D(2027, 2, 28), []),  # 12 months
        (D(2026, 3, 1), D(2027, 3, 1), []),  # more than 12 months: R5132-1-3 sets no ceiling
        (D(2026, 3, 1), D(2029, 2, 28), []),  # 36 months: the platform's longest
        (D(2026, 3, 1), D(2029, 3, 1), ["suspension_over_36_months"]),  # the day after: warned
        (D(2026, 3, 10), D(2026, 3, 1), ["end_before_start"]),
        (D(2025, 12, 1), D(2025, 12, 10), ["suspension_outside_pass"]),
        (D(2026, 1, 15), D(2026, 1, 25), ["suspension_overlap"]),
        (None, D(2026, 3, 1), ["start_required"]),
    ],
)
def test_suspension_checks(start, end, codes) -> None:
    others = [Span(D(2026, 1, 10), D(2026, 1, 20))]
    violations = rules.check_suspension(start, end, pass_period=PASS, others=others)
    assert [v.code for v in violations] == codes


def test_a_long_suspension_is_a_warning_not_a_refusal() -> None:
    (warned,) = rules.check_suspension(D(2026, 3, 1), D(2029, 6, 30), pass_period=PASS, others=[])
    assert not warned.blocking and "36 mois" in warned.message and "R5132-1-3" in warned.message


# Prolongations: a PASS ending on 31 December 2026 ------------------------------------------
END = D(2026, 12, 31)
_P = rules.Prolongation


def _check(reason, start, end, others=(), **kwargs) -> list[str]:
    violations = rules.check_prolongation(
        reason, start, end, current_end=END, others=list(others), **kwargs
    )
    return [v.code for v in violations]


@pytest.mark.parametrize(
    ("start", "end", "codes"),
    [
        # The platform's decision starts on the PASS's last day: accepted, 12 months.
        (D(2026, 12, 31), D(2027, 12, 31), []),
        # The same typed from the next day.
        (D(2027, 1, 1), D(2027, 12, 31), []),
        # A day more than 12 months, either way.
        (D(2026, 12, 31), D(2028, 1, 1), ["prolongation_over_12_months"]),
        (D(2027, 1, 1), D(2028, 1, 1), ["prolongation_over_12_months"]),
        # Not tied to the end: the day before it, the day after the next day, months before.
        (D(2026, 12, 30), D(2027, 12, 30), ["prolongation_not_from_pass_end"]),
        (D(2027, 1, 2), D(2027, 12, 31), ["prolongation_not_from_pass_end"]),
        (D(2026, 6, 1), D(2027, 5, 31), ["prolongation_not_from_pass_end"]),
        (D(2026, 12, 31), D(2026, 12, 31), ["prolongation_empty"]),
        (D(2027, 1, 10), D(2027, 1, 1), ["end_before_start"]),
    ],
)
def test_prolongation_extends_the_pass_from_its_end(start, end, codes) -> None:
    assert _check(R.DIFFICULTIES, start, end) == codes


def test_the_issue_case_no_longer_moves_the_end_to_2027_12_31() -> None:
    """2026-06-01..2027-05-31 on a PASS ending 2026-12-31 used to add 365 days; it is now
    refused and names the day the prolongation starts from."""
    violations = rules.check_prolongation(
        R.DIFFICULTIES, D(2026, 6, 1), D(2027, 5, 31), current_end=END, others=[]
    )
    (refused,) = violations
    assert refused.field == "start_date"
    assert "31/12/2026" in refused.message and "01/01/2027" in refused.message


def test_both_ways_of_typing_add_the_same_days_and_end_on_the_prolongation_end() -> None:
    initial = D(2026, 12, 31)
    for start in (D(2026, 12, 31), D(2027, 1, 1)):
        added = rules.prolongation_span(start, D(2027, 12, 31), initial)
        assert added == Span(D(2027, 1, 1), D(2027, 12, 31)) and added.days == 365
        assert rules.current_end(initial, [], [added]) == D(2027, 12, 31)


def test_no_reason_is_refused() -> None:
    assert _check(None, END, D(2027, 6, 30)) == ["reason_required"]


def _year(n: int, reason: R) -> rules.Prolongation:
    """The n-th yearly prolongation after 31 December 2026 (365 or 366 days)."""
    return _P(D(2027 + n, 1, 1), D(2027 + n, 12, 31), reason)


def test_ceilings_count_every_prolongation_of_the_pass() -> None:
    """Three yearly prolongations for « difficultés particulières » (1096 days: the
    3-year ceiling is 1096) leave nothing for RQTH (3 years too): the 72-month path the
    issue found is refused; 50 and over (5 years) still has room."""
    three = [_year(0, R.DIFFICULTIES), _year(1, R.DIFFICULTIES), _year(2, R.DIFFICULTIES)]
    assert sum(p.days for p in three) == 1096
    end_now = three[-1].end
    check = partial(rules.check_prolongation, current_end=end_now, others=three)
    rqth = check(R.RQTH, end_now, D(2030, 12, 31), rqth=True)
    assert [v.code for v in rqth] == ["prolongation_cumulative_limit"]
    assert "tous motifs confondus" in rqth[0].message and "au plus 3 ans" in rqth[0].message
    assert check(R.RQTH, end_now, end_now + dt.timedelta(days=1), rqth=True) != []
    assert check(R.SENIOR, end_now, D(2030, 12, 31), birth_date=D(1970, 1, 1)) == []


@pytest.mark.parametrize(
    ("extra_days", "codes"),
    [(0, []), (1, ["prolongation_cumulative_limit"])],
)
def test_ceiling_boundary(extra_days, codes) -> None:
    """RQTH: 1096 days in all; 731 already used, 365 more is exactly the ceiling."""
    used = [_year(0, R.FINISH_TRAINING), _year(1, R.RQTH)]  # 365 + 366 = 731
    end_now = used[-1].end  # 31/12/2028
    end = end_now + dt.timedelta(days=365 + extra_days)
    violations = rules.check_prolongation(
        R.RQTH, end_now, end, current_end=end_now, others=used, rqth=True
    )
    assert [v.code for v in violations if v.code != "prolongation_over_12_months"] == codes


def test_training_has_no_cumulative_ceiling_but_stops_with_the_training() -> None:
    """Five yearly training prolongations are fine (no 2-year cap any more); the next one
    ends at the latest on the training's last day (R5132-1-8 1° b)."""
    five = [_year(n, R.FINISH_TRAINING) for n in range(5)]
    end_now = five[-1].end  # 31/12/2031
    check = partial(
        rules.check_prolongation,
        R.FINISH_TRAINING,
        end_now,
        current_end=end_now,
        others=five,
        training_known=True,
    )
    training_end = D(2032, 6, 30)
    assert [v.code for v in check(training_end, training_end=training_end)] == []
    day_after = training_end + dt.timedelta(days=1)
    assert [v.code for v in check(day_after, training_end=training_end)] == [
        "prolongation_beyond_training"
    ]
    (warned,) = check(training_end, training_end=None)
    assert warned.code == "prolongation_no_training_recorded" and not warned.blocking


@pytest.mark.parametrize(
    ("decided_on", "codes"),
    [
        (D(2025, 12, 30), ["prolongation_request_window"]),  # 12 months before, minus a day
        (D(2025, 12, 31), []),  # 12 months before the end
        (D(2027, 6, 30), []),  # 6 months after
        (D(2027, 7, 1), ["prolongation_request_window"]),
    ],
)
def test_request_window_from_12_months_before_to_6_months_after(decided_on, codes) -> None:
    violations = rules.check_prolongation(
        R.DIFFICULTIES, END, D(2027, 12, 31), current_end=END, others=[], decided_on=decided_on
    )
    assert [v.code for v in violations] == codes
    assert all(not v.blocking for v in violations)


@pytest.mark.parametrize(
    ("born", "codes"),
    [
        (D(1977, 1, 2), ["prolongation_not_senior"]),  # 50 the day after the first added day
        (D(1977, 1, 1), []),  # 50 on the first added day (1 January 2027)
    ],
)
def test_senior_is_50_on_the_first_added_day(born, codes) -> None:
    assert _check(R.SENIOR, END, D(2027, 12, 31), birth_date=born) == codes


def test_rqth_reason_needs_an_rqth() -> None:
    assert _check(R.RQTH, END, D(2027, 12, 31), rqth=False) == ["prolongation_without_rqth"]
    assert _check(R.RQTH, END, D(2027, 12, 31), rqth=True) == []


def test_latest_end_shown_while_typing() -> None:
    assert rules.latest_prolongation_end(R.DIFFICULTIES, END, []) == D(2027, 12, 31)
    used = [_year(0, R.DIFFICULTIES), _year(1, R.DIFFICULTIES)]  # 731 days
    end_now = used[-1].end
    assert rules.latest_prolongation_end(R.RQTH, end_now, used) == end_now + dt.timedelta(
        days=1096 - 731
    )
    assert rules.remaining_days(R.FINISH_TRAINING, used) is None
