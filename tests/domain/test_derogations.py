"""Derogation periods below 20 h a week (D5132-43-5 individual, D5132-43-8 collective).

Twelve months at most, counted de date à date; an individual prolongation after a review
is a warning; hours below 20 h refused on any day no period covers; the to-do list's
notice one month before a period lapses. Each boundary on both sides.
"""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain.codes.contract_codes import DerogationKind
from chantier_app.domain.contract_dates import Span
from chantier_app.domain.contract_history import ProposedHoursChange
from chantier_app.domain.contract_rules import check_contract, check_hours_change
from chantier_app.domain.derogations import (
    DerogationPeriod,
    check_coverage,
    check_period,
    lapsing,
)
from tests.domain.contract_cases import RUNNING, H, cddi, hist, period

D = dt.date
IND, COL = DerogationKind.INDIVIDUAL, DerogationKind.COLLECTIVE


def codes(found: list) -> set[str]:
    return {v.code for v in found}


@pytest.mark.parametrize(
    ("kind", "end", "expected"),
    [
        (IND, D(2026, 12, 31), set()),  # 1 January - 31 December: twelve months exactly
        (IND, D(2027, 1, 1), {"derogation_over_12_months"}),  # twelve months and one day
        (COL, D(2026, 12, 31), set()),
        (COL, D(2027, 1, 1), {"derogation_over_12_months"}),
        (IND, D(2025, 12, 31), {"derogation_end_before_start"}),
    ],
)
def test_twelve_months_at_most(kind: DerogationKind, end: D, expected: set[str]) -> None:
    assert codes(check_period(DerogationPeriod(kind, D(2026, 1, 1), end), [])) == expected


def test_the_refusal_names_the_article_and_the_last_day() -> None:
    (found,) = check_period(DerogationPeriod(COL, D(2026, 3, 31), D(2027, 3, 31)), [])
    assert found.message == (
        "Fin de la dérogation : une dérogation collective est accordée pour douze mois au "
        "plus (D5132-43-8) : fin le 30/03/2027 au plus tard."
    )
    assert found.blocking and found.field == "derogation_end"


def test_an_individual_prolongation_asks_for_the_review_instead_of_a_ceiling() -> None:
    first = DerogationPeriod(IND, D(2026, 1, 1), D(2026, 12, 31))
    follows = DerogationPeriod(IND, D(2027, 1, 1), D(2028, 3, 31))  # 15 months
    (found,) = check_period(follows, [first])
    assert found.code == "derogation_prolongation_review" and not found.blocking
    assert "bilan" in found.message and "D5132-43-5" in found.message
    # A gap of one day: a new decision, twelve months at most again.
    gap = DerogationPeriod(IND, D(2027, 1, 2), D(2028, 3, 31))
    assert codes(check_period(gap, [first])) == {"derogation_over_12_months"}
    # The collective derogation has no prolongation in D5132-43-8.
    collective = DerogationPeriod(COL, D(2027, 1, 1), D(2028, 3, 31))
    assert codes(check_period(collective, [first])) == {"derogation_over_12_months"}


@pytest.mark.parametrize(
    ("contract_end", "expected"),
    [
        (D(2026, 6, 29), set()),  # the day before the period's end
        (D(2026, 6, 30), set()),  # the day of
        (D(2026, 7, 1), {"weekly_hours_below_20_outside_derogation"}),  # the day after
    ],
)
def test_hours_below_20_only_inside_a_period(contract_end: D, expected: set[str]) -> None:
    periods = [DerogationPeriod(IND, D(2026, 1, 1), D(2026, 6, 30))]
    found = check_coverage(19 * H, Span(D(2026, 1, 1), contract_end), periods)
    assert codes(found) == expected
    assert check_coverage(20 * H, Span(D(2026, 1, 1), contract_end), []) == []


def test_periods_back_to_back_cover_and_the_first_uncovered_day_is_named() -> None:
    periods = [
        DerogationPeriod(IND, D(2026, 7, 1), D(2026, 12, 31)),
        DerogationPeriod(IND, D(2026, 1, 1), D(2026, 6, 30)),
    ]
    assert check_coverage(19 * H, Span(D(2026, 1, 1), D(2026, 12, 31)), periods) == []
    (found,) = check_coverage(19 * H, Span(D(2026, 1, 1), D(2027, 1, 31)), periods)
    assert found.message.startswith(
        "Heures par semaine : 19 h par semaine le 01/01/2027 : ce jour n'est couvert par "
        "aucune période de dérogation enregistrée"
    )
    assert "D5132-43-5" in found.message and "D5132-43-8" in found.message


def test_a_hire_below_20_hours_needs_a_period_covering_the_contract() -> None:
    below = {"weekly_minutes": 19 * H, "derogation": IND}
    no_period = cddi(D(2026, 1, 1), D(2026, 12, 31), **below)
    assert codes(check_contract(hist(), no_period)) == {"weekly_hours_below_20_outside_derogation"}
    short = DerogationPeriod(IND, D(2026, 1, 1), D(2026, 6, 30))
    assert codes(
        check_contract(
            hist(), cddi(D(2026, 1, 1), D(2026, 12, 31), derogation_period=short, **below)
        )
    ) == {"weekly_hours_below_20_outside_derogation"}
    whole = DerogationPeriod(IND, D(2026, 1, 1), D(2026, 12, 31))
    assert (
        check_contract(
            hist(), cddi(D(2026, 1, 1), D(2026, 12, 31), derogation_period=whole, **below)
        )
        == []
    )


def test_a_change_of_hours_is_covered_by_the_contracts_recorded_period() -> None:
    recorded = DerogationPeriod(IND, D(2026, 1, 1), D(2026, 5, 31))
    contract = period(D(2026, 1, 1), D(2026, 6, 30), weekly_minutes=19 * H, derogation=IND,
                      derogations=(recorded,))  # fmt: skip
    change = ProposedHoursChange(1, D(2026, 3, 1), 18 * H, derogation=IND)
    assert codes(check_hours_change(hist(contract), change)) == {
        "weekly_hours_below_20_outside_derogation"
    }
    longer = DerogationPeriod(IND, D(2026, 6, 1), D(2026, 6, 30))
    with_new = ProposedHoursChange(
        1, D(2026, 3, 1), 18 * H, derogation=IND, derogation_period=longer
    )
    assert codes(check_hours_change(hist(contract), with_new)) == {"derogation_prolongation_review"}
    assert check_hours_change(hist(RUNNING), ProposedHoursChange(1, D(2026, 3, 1), 22 * H)) == []


@pytest.mark.parametrize(
    ("today", "listed"),
    [
        (D(2026, 5, 29), False),  # the period ends one month and one day later
        (D(2026, 5, 30), True),  # one month before its end, exactly
        (D(2026, 7, 1), True),  # lapsed: still listed, overdue
    ],
)
def test_the_renewal_is_listed_one_month_before_the_period_lapses(today: D, listed: bool) -> None:
    periods = [DerogationPeriod(IND, D(2026, 1, 1), D(2026, 6, 30))]
    assert (lapsing(periods, D(2026, 12, 31), today) is not None) is listed
    assert lapsing(periods, D(2026, 6, 30), today) is None  # the contract ends with it
