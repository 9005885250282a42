"""The support schedule from a contract's dates, and how it follows the contract when it moves."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.domain.codes.support_codes import MilestoneKind as K
from chantier_app.domain.schedule import (
    ContractDates,
    ExistingMilestone,
    PlannedMilestone,
    ScheduleSettings,
    planned_milestones,
    reconcile,
)

D = dt.date


def _plan(contract: ContractDates, **settings) -> list[tuple[K, dt.date]]:
    return [
        (p.kind, p.due_date) for p in planned_milestones(contract, ScheduleSettings(**settings))
    ]


def test_six_month_cddi_from_hire_to_follow_ups() -> None:
    contract = ContractDates(start=D(2026, 1, 5), planned_end=D(2026, 7, 4))
    assert _plan(contract) == [
        (K.WELCOME, D(2026, 1, 5)),
        (K.DIAGNOSIS, D(2026, 2, 4)),  # within the first month
        (K.PLAN, D(2026, 3, 4)),
        (K.REVIEW_M3, D(2026, 4, 5)),
        (K.RENEWAL_REVIEW, D(2026, 6, 4)),  # one month before the planned end
        (K.EXIT_REVIEW, D(2026, 7, 4)),
        (K.FOLLOW_UP_3M, D(2026, 10, 4)),
        (K.FOLLOW_UP_6M, D(2027, 1, 4)),
    ]  # M+6 (5 July) falls after the end: not planned


def test_twelve_month_contract_has_the_three_reviews() -> None:
    contract = ContractDates(start=D(2026, 3, 1), planned_end=D(2027, 2, 28))
    kinds = dict(_plan(contract))
    assert kinds[K.REVIEW_M3] == D(2026, 6, 1)
    assert kinds[K.REVIEW_M6] == D(2026, 9, 1)
    assert kinds[K.REVIEW_M10] == D(2027, 1, 1)
    assert kinds[K.RENEWAL_REVIEW] == D(2027, 1, 28)
    assert kinds[K.EXIT_REVIEW] == D(2027, 2, 28)


def test_renewal_adds_a_review_before_each_decision_and_moves_the_exit() -> None:
    first = ContractDates(start=D(2026, 1, 1), planned_end=D(2026, 6, 30))
    renewed = ContractDates(
        start=D(2026, 1, 1), planned_end=D(2026, 12, 31), renewed_ends=(D(2026, 6, 30),)
    )
    plan = _plan(renewed)
    assert [d for k, d in plan if k is K.RENEWAL_REVIEW] == [D(2026, 5, 30), D(2026, 11, 30)]
    assert dict(plan)[K.EXIT_REVIEW] == D(2026, 12, 31)
    assert dict(plan)[K.REVIEW_M6] == D(2026, 7, 1)
    assert dict(plan)[K.REVIEW_M10] == D(2026, 11, 1)
    assert dict(_plan(first))[K.EXIT_REVIEW] == D(2026, 6, 30)


def test_early_end_drops_what_came_after_and_moves_exit_and_follow_ups() -> None:
    contract = ContractDates(
        start=D(2026, 1, 1), planned_end=D(2026, 12, 31), actual_end=D(2026, 4, 20)
    )
    plan = dict(_plan(contract))
    assert K.REVIEW_M6 not in plan and K.REVIEW_M10 not in plan
    assert K.RENEWAL_REVIEW not in plan  # the decision at the planned end will not happen
    assert plan[K.REVIEW_M3] == D(2026, 4, 1)
    assert plan[K.EXIT_REVIEW] == D(2026, 4, 20)
    assert plan[K.FOLLOW_UP_3M] == D(2026, 7, 20)
    assert plan[K.FOLLOW_UP_6M] == D(2026, 10, 20)


def test_end_at_term_keeps_the_review_of_the_decision_not_to_renew() -> None:
    contract = ContractDates(
        start=D(2026, 1, 1), planned_end=D(2026, 6, 30), actual_end=D(2026, 6, 30)
    )
    assert dict(_plan(contract))[K.RENEWAL_REVIEW] == D(2026, 5, 30)


def test_very_short_contract_keeps_the_welcome_only_during_it() -> None:
    contract = ContractDates(
        start=D(2026, 1, 1), planned_end=D(2026, 6, 30), actual_end=D(2026, 1, 20)
    )
    kinds = [k for k, _ in _plan(contract)]
    assert kinds == [K.WELCOME, K.EXIT_REVIEW, K.FOLLOW_UP_3M, K.FOLLOW_UP_6M]


def test_review_close_to_the_renewal_review_is_merged() -> None:
    # Four months: M+3 (1 April) is two days after the renewal review (30 March).
    contract = ContractDates(start=D(2026, 1, 1), planned_end=D(2026, 4, 30))
    plan = dict(_plan(contract))
    assert K.REVIEW_M3 not in plan
    assert plan[K.RENEWAL_REVIEW] == D(2026, 3, 30)
    assert dict(_plan(contract, merge_days=0))[K.REVIEW_M3] == D(2026, 4, 1)


def test_chained_contracts_share_the_welcome_and_the_exit() -> None:
    first_hours = ContractDates(
        start=D(2026, 1, 1),
        planned_end=D(2026, 4, 30),
        actual_end=D(2026, 3, 31),
        followed_by_next=True,
    )
    cddi = ContractDates(start=D(2026, 4, 1), planned_end=D(2026, 9, 30), continues_previous=True)
    first_kinds = [k for k, _ in _plan(first_hours)]
    assert K.EXIT_REVIEW not in first_kinds and K.FOLLOW_UP_3M not in first_kinds
    assert K.WELCOME in first_kinds
    cddi_kinds = [k for k, _ in _plan(cddi)]
    assert K.WELCOME not in cddi_kinds and K.DIAGNOSIS not in cddi_kinds
    assert K.EXIT_REVIEW in cddi_kinds


def test_offsets_are_configurable() -> None:
    contract = ContractDates(start=D(2026, 1, 1), planned_end=D(2026, 12, 31))
    plan = _plan(
        contract,
        diagnosis_months=2,
        reviews=((K.REVIEW_M3, 4),),
        renewal_review_months_before=2,
        follow_ups=((K.FOLLOW_UP_6M, 6),),
    )
    kinds = dict(plan)
    assert kinds[K.DIAGNOSIS] == D(2026, 2, 28)
    assert kinds[K.REVIEW_M3] == D(2026, 5, 1)
    assert K.REVIEW_M6 not in kinds
    assert kinds[K.RENEWAL_REVIEW] == D(2026, 10, 31)
    assert K.FOLLOW_UP_3M not in kinds and kinds[K.FOLLOW_UP_6M] == D(2027, 6, 30)


# Reconciling with what is stored -------------------------------------------------------------


def _existing(
    plan: list[PlannedMilestone], locked: set[K] = frozenset()
) -> list[ExistingMilestone]:
    return [
        ExistingMilestone(i, p.kind, p.due_date, p.kind in locked) for i, p in enumerate(plan, 1)
    ]


def test_same_dates_change_nothing() -> None:
    plan = planned_milestones(ContractDates(D(2026, 1, 1), D(2026, 6, 30)))
    assert reconcile(plan, _existing(plan)).empty


def test_contract_moved_moves_generated_milestones_but_not_done_ones() -> None:
    before = planned_milestones(ContractDates(D(2026, 1, 1), D(2026, 6, 30)))
    after = planned_milestones(ContractDates(D(2026, 2, 1), D(2026, 7, 31)))
    stored = _existing(before, locked={K.WELCOME})
    changes = reconcile(after, stored)
    moved = dict(changes.move)
    welcome = next(m for m in stored if m.kind is K.WELCOME)
    review = next(m for m in stored if m.kind is K.REVIEW_M3)
    assert welcome.id not in moved  # done: stays where it happened
    assert moved[review.id] == D(2026, 5, 1)
    assert not changes.create and not changes.delete


def test_renewal_creates_the_new_reviews_and_keeps_the_done_renewal_review() -> None:
    before = planned_milestones(ContractDates(D(2026, 1, 1), D(2026, 6, 30)))
    after = planned_milestones(
        ContractDates(D(2026, 1, 1), D(2026, 12, 31), renewed_ends=(D(2026, 6, 30),))
    )
    stored = _existing(before, locked={K.WELCOME, K.DIAGNOSIS, K.PLAN, K.RENEWAL_REVIEW})
    changes = reconcile(after, stored)
    created = {(p.kind, p.due_date) for p in changes.create}
    assert created == {
        (K.REVIEW_M6, D(2026, 7, 1)),
        (K.REVIEW_M10, D(2026, 11, 1)),
        (K.RENEWAL_REVIEW, D(2026, 11, 30)),
    }
    exit_review = next(m for m in stored if m.kind is K.EXIT_REVIEW)
    assert dict(changes.move)[exit_review.id] == D(2026, 12, 31)
    assert not changes.delete


def test_early_end_deletes_generated_milestones_no_longer_due_but_keeps_hand_edited() -> None:
    before = planned_milestones(ContractDates(D(2026, 1, 1), D(2026, 12, 31)))
    after = planned_milestones(ContractDates(D(2026, 1, 1), D(2026, 12, 31), D(2026, 4, 20)))
    stored = _existing(before, locked={K.REVIEW_M10})  # M+10 planned by hand with the person
    changes = reconcile(after, stored)
    deleted = {m.kind for m in stored if m.id in changes.delete}
    assert deleted == {K.REVIEW_M6, K.RENEWAL_REVIEW}
    assert all(m.kind is not K.REVIEW_M10 for m in stored if m.id in dict(changes.move))


def test_ad_hoc_interviews_are_never_touched() -> None:
    plan = planned_milestones(ContractDates(D(2026, 1, 1), D(2026, 6, 30)))
    stored = [*_existing(plan), ExistingMilestone(99, K.OTHER, D(2026, 2, 2), locked=False)]
    assert reconcile(plan, stored).empty


@pytest.mark.parametrize("locked", [True, False])
def test_a_second_renewal_review_pairs_in_date_order(locked: bool) -> None:
    plan = [
        PlannedMilestone(D(2026, 5, 30), K.RENEWAL_REVIEW),
        PlannedMilestone(D(2026, 11, 30), K.RENEWAL_REVIEW),
    ]
    stored = [ExistingMilestone(1, K.RENEWAL_REVIEW, D(2026, 5, 30), locked)]
    changes = reconcile(plan, stored)
    assert changes.create == (PlannedMilestone(D(2026, 11, 30), K.RENEWAL_REVIEW),)
    assert not changes.move and not changes.delete
