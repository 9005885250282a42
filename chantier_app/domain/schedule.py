"""The support schedule: which milestones a contract calls for and when (pure rules).

From a contract's dates: the welcome interview on the first day, the initial diagnosis
within the first month, the professional plan, reviews at M+3, M+6 and M+10, a review
before each renewal decision (one month before each planned end), the exit review at the
end and follow-ups 3 and 6 months after the exit. ``reconcile`` says how to bring the
milestones already stored in line with a new schedule when the contract moves, without
touching those done or changed by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from chantier_app.domain.codes.support_codes import MilestoneKind

K = MilestoneKind


@dataclass(frozen=True)
class ScheduleSettings:
    """Offsets of the generated milestones; the defaults follow common ACI practice."""

    welcome_days: int = 0  # the welcome interview, days after the start
    diagnosis_months: int = 1  # the diagnosis by the end of the first month
    plan_months: int = 2  # the professional plan by the end of the second month
    reviews: tuple[tuple[MilestoneKind, int], ...] = (
        (K.REVIEW_M3, 3),
        (K.REVIEW_M6, 6),
        (K.REVIEW_M10, 10),
    )
    renewal_review_months_before: int = 1  # before each planned end (renewal decision)
    exit_review_days_before: int = 0
    follow_ups: tuple[tuple[MilestoneKind, int], ...] = ((K.FOLLOW_UP_3M, 3), (K.FOLLOW_UP_6M, 6))
    # A periodic review this close to a renewal or exit review is covered by it.
    merge_days: int = 14


DEFAULT_SETTINGS = ScheduleSettings()


@dataclass(frozen=True)
class ContractDates:
    """What the schedule needs to know about one contract."""

    start: dt.date
    planned_end: dt.date  # after every renewal
    actual_end: dt.date | None = None  # set once the contract has ended (early or at term)
    renewed_ends: tuple[dt.date, ...] = ()  # earlier planned ends that were renewed
    continues_previous: bool = False  # follows another contract: welcome and plan done there
    followed_by_next: bool = False  # another contract follows: no exit on this one

    @property
    def effective_end(self) -> dt.date:
        return self.actual_end or self.planned_end


@dataclass(frozen=True, order=True)
class PlannedMilestone:
    due_date: dt.date
    kind: MilestoneKind


@dataclass(frozen=True)
class ExistingMilestone:
    id: int
    kind: MilestoneKind
    due_date: dt.date
    locked: bool  # done, or changed by hand: never moved nor deleted by the schedule


@dataclass(frozen=True)
class ScheduleChanges:
    create: tuple[PlannedMilestone, ...] = ()
    move: tuple[tuple[int, dt.date], ...] = ()  # (milestone id, new due date)
    delete: tuple[int, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.create or self.move or self.delete)


def _end_of_month_n(start: dt.date, months: int) -> dt.date:
    """The last day of the contract's n-th month (start 5 March, n=1 -> 4 April)."""
    return start + relativedelta(months=months) - dt.timedelta(days=1)


def planned_milestones(
    contract: ContractDates, settings: ScheduleSettings = DEFAULT_SETTINGS
) -> list[PlannedMilestone]:
    """The milestones ``contract`` calls for, in date order."""
    start, end = contract.start, contract.effective_end
    during: list[PlannedMilestone] = []
    if not contract.continues_previous:
        during.append(PlannedMilestone(start + dt.timedelta(days=settings.welcome_days), K.WELCOME))
        during.append(
            PlannedMilestone(_end_of_month_n(start, settings.diagnosis_months), K.DIAGNOSIS)
        )
        during.append(PlannedMilestone(_end_of_month_n(start, settings.plan_months), K.PLAN))

    anchors: list[PlannedMilestone] = []  # renewal and exit reviews
    decisions = sorted({d for d in contract.renewed_ends if d < contract.planned_end})
    decisions.append(contract.planned_end)
    for decision in decisions:
        due = max(start, decision - relativedelta(months=settings.renewal_review_months_before))
        if due <= end:  # an early end cancels the decisions that were still to come
            anchors.append(PlannedMilestone(due, K.RENEWAL_REVIEW))
    after: list[PlannedMilestone] = []
    if not contract.followed_by_next:
        exit_due = max(start, end - dt.timedelta(days=settings.exit_review_days_before))
        anchors.append(PlannedMilestone(exit_due, K.EXIT_REVIEW))
        after.extend(
            PlannedMilestone(end + relativedelta(months=months), kind)
            for kind, months in settings.follow_ups
        )

    for kind, months in settings.reviews:
        due = start + relativedelta(months=months)
        covered = any(abs((due - a.due_date).days) <= settings.merge_days for a in anchors)
        if due <= end and not covered:
            during.append(PlannedMilestone(due, kind))

    kept = [p for p in during if p.due_date <= end or p.kind is K.WELCOME]
    return sorted([*kept, *anchors, *after])


def reconcile(
    planned: Sequence[PlannedMilestone], existing: Iterable[ExistingMilestone]
) -> ScheduleChanges:
    """What to create, move and delete so the stored milestones follow ``planned``.

    Milestones of the same kind are paired in date order (the n-th renewal review with
    the n-th). A locked milestone fills its slot and stays as it is; a generated one is
    moved to its new date, or deleted when the contract no longer calls for it.
    """
    by_kind: dict[MilestoneKind, list[ExistingMilestone]] = {}
    for milestone in existing:
        if milestone.kind is K.OTHER:  # ad-hoc interviews are never the schedule's
            continue
        by_kind.setdefault(milestone.kind, []).append(milestone)
    wanted: dict[MilestoneKind, list[PlannedMilestone]] = {}
    for item in sorted(planned):
        wanted.setdefault(item.kind, []).append(item)

    create: list[PlannedMilestone] = []
    move: list[tuple[int, dt.date]] = []
    delete: list[int] = []
    for kind in {*by_kind, *wanted}:
        stored = sorted(by_kind.get(kind, []), key=lambda m: (m.due_date, m.id))
        targets = wanted.get(kind, [])
        for index, target in enumerate(targets):
            if index >= len(stored):
                create.append(target)
                continue
            current = stored[index]
            if not current.locked and current.due_date != target.due_date:
                move.append((current.id, target.due_date))
        delete.extend(m.id for m in stored[len(targets) :] if not m.locked)
    return ScheduleChanges(tuple(sorted(create)), tuple(sorted(move)), tuple(sorted(delete)))
