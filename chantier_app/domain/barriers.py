"""Barrier scores (cotation des freins): 1 (none) to 5 (blocking), history and evolution."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chantier_app.domain.codes.barriers import SCORE_MAX, SCORE_MIN, Barrier
from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr


@dataclass(frozen=True, order=True)
class ScorePoint:
    scored_on: dt.date
    barrier: Barrier
    score: int


class Trend(enum.StrEnum):
    NEW = "new"  # scored for the first time
    BETTER = "better"
    WORSE = "worse"
    STABLE = "stable"

    @property
    def label(self) -> str:
        return {
            Trend.NEW: tr("première cotation"),
            Trend.BETTER: tr("en amélioration"),
            Trend.WORSE: tr("en aggravation"),
            Trend.STABLE: tr("stable"),
        }[self]


@dataclass(frozen=True)
class Evolution:
    """One barrier between its last two scores."""

    barrier: Barrier
    latest: int
    latest_on: dt.date
    previous: int | None
    previous_on: dt.date | None
    first: int

    @property
    def change(self) -> int:
        """Negative when the barrier weighs less than before."""
        return 0 if self.previous is None else self.latest - self.previous

    @property
    def trend(self) -> Trend:
        if self.previous is None:
            return Trend.NEW
        if self.change < 0:
            return Trend.BETTER
        return Trend.WORSE if self.change > 0 else Trend.STABLE


def check_scores(scores: Mapping[Barrier, int | None]) -> list[Violation]:
    """Each given score is a whole number from 1 to 5; None means « not scored »."""
    violations = []
    for barrier, score in scores.items():
        if score is None:
            continue
        if (
            isinstance(score, bool)
            or not isinstance(score, int)
            or not (SCORE_MIN <= score <= SCORE_MAX)
        ):
            violations.append(
                Violation(
                    "barrier_score_range",
                    tr("Frein « {barrier} » : la cotation va de 1 à 5 ({score} saisi).").format(
                        barrier=barrier.label, score=score
                    ),
                    field=f"score_{barrier.value}",
                )
            )
    return violations


def history(points: Iterable[ScorePoint]) -> dict[Barrier, list[tuple[dt.date, int]]]:
    """Scores of each barrier in date order (one per date: the last one recorded wins)."""
    by_barrier: dict[Barrier, dict[dt.date, int]] = {}
    for point in points:
        by_barrier.setdefault(point.barrier, {})[point.scored_on] = point.score
    return {
        barrier: sorted(dated.items())
        for barrier, dated in sorted(by_barrier.items(), key=lambda kv: list(Barrier).index(kv[0]))
    }


def evolution(points: Iterable[ScorePoint], until: dt.date | None = None) -> list[Evolution]:
    """For each barrier scored (up to ``until``), its latest score against the one before."""
    result = []
    for barrier, scores in history(
        p for p in points if until is None or p.scored_on <= until
    ).items():
        latest_on, latest = scores[-1]
        previous_on, previous = scores[-2] if len(scores) > 1 else (None, None)
        result.append(Evolution(barrier, latest, latest_on, previous, previous_on, scores[0][1]))
    return result


def latest_scores(points: Iterable[ScorePoint]) -> dict[Barrier, int]:
    """The current score of each barrier (to prefill the next review)."""
    return {e.barrier: e.latest for e in evolution(points)}
