"""Barrier scores: the 1–5 range, the history kept, the evolution between reviews."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain.barriers import (
    ScorePoint,
    Trend,
    check_scores,
    evolution,
    history,
    latest_scores,
)
from chantier_app.domain.codes.barriers import Barrier

D = dt.date
POINTS = [
    ScorePoint(D(2026, 2, 1), Barrier.HOUSING, 5),
    ScorePoint(D(2026, 2, 1), Barrier.MOBILITY, 3),
    ScorePoint(D(2026, 5, 1), Barrier.HOUSING, 4),
    ScorePoint(D(2026, 5, 1), Barrier.MOBILITY, 3),
    ScorePoint(D(2026, 8, 1), Barrier.HOUSING, 2),
    ScorePoint(D(2026, 8, 1), Barrier.MOBILITY, 4),
    ScorePoint(D(2026, 8, 1), Barrier.LANGUAGE, 3),
]


@pytest.mark.parametrize(("score", "valid"), [(0, False), (1, True), (5, True), (6, False)])
def test_scores_range_from_one_to_five(score: int, valid: bool) -> None:
    violations = check_scores({Barrier.HOUSING: score})
    assert (not violations) is valid
    if not valid:
        assert violations[0].field == "score_LOGEMENT"
        assert "de 1 à 5" in violations[0].message


def test_not_scored_is_allowed() -> None:
    assert not check_scores({Barrier.HEALTH: None})


def test_history_keeps_every_score_in_date_order_per_barrier() -> None:
    shuffled = list(reversed(POINTS))
    result = history(shuffled)
    assert list(result) == [Barrier.LANGUAGE, Barrier.HOUSING, Barrier.MOBILITY]  # State order
    assert result[Barrier.HOUSING] == [(D(2026, 2, 1), 5), (D(2026, 5, 1), 4), (D(2026, 8, 1), 2)]


def test_a_second_score_on_the_same_day_replaces_the_first() -> None:
    points = [
        ScorePoint(D(2026, 2, 1), Barrier.HOUSING, 5),
        ScorePoint(D(2026, 2, 1), Barrier.HOUSING, 3),
    ]
    assert history(points)[Barrier.HOUSING] == [(D(2026, 2, 1), 3)]


def test_evolution_between_the_last_two_reviews() -> None:
    by_barrier = {e.barrier: e for e in evolution(POINTS)}
    housing = by_barrier[Barrier.HOUSING]
    assert (housing.previous, housing.latest, housing.change) == (4, 2, -2)
    assert housing.trend is Trend.BETTER and housing.first == 5
    assert by_barrier[Barrier.MOBILITY].trend is Trend.WORSE
    assert by_barrier[Barrier.LANGUAGE].trend is Trend.NEW


def test_evolution_up_to_an_earlier_review() -> None:
    by_barrier = {e.barrier: e for e in evolution(POINTS, until=D(2026, 5, 1))}
    assert by_barrier[Barrier.MOBILITY].trend is Trend.STABLE
    assert Barrier.LANGUAGE not in by_barrier


def test_latest_scores_prefill_the_next_review() -> None:
    assert latest_scores(POINTS) == {
        Barrier.LANGUAGE: 3,
        Barrier.HOUSING: 2,
        Barrier.MOBILITY: 4,
    }
