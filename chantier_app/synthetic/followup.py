"""Support as the counsellor lives it: interviews held when due, barriers scored, actions.

``catch_up`` marks done every milestone of the schedule due before a day, with the review's
notes and barrier scores, through the support services; ``settle_upcoming`` leaves the
recent ones open (the to-do list) and plans some appointments.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import ActionStatus, MilestoneKind
from chantier_app.services.context import Actor
from chantier_app.services.support import barriers
from chantier_app.services.support import milestones as support
from chantier_app.synthetic import names
from chantier_app.synthetic.identities import evolve

K = MilestoneKind
SCORED = (K.DIAGNOSIS, K.REVIEW_M3, K.REVIEW_M6, K.REVIEW_M10, K.RENEWAL_REVIEW, K.EXIT_REVIEW)
OPEN_WINDOW_DAYS = 10  # milestones due in the last days are still on the to-do list


@dataclass
class SupportState:
    """What the counsellor knows of the person between two interviews."""

    person_id: int
    actor: Actor
    scores: dict[Barrier, int]
    scored: bool = False
    actions: dict[int, Barrier] = field(default_factory=dict)  # open action id -> barrier


def _review(
    rng: random.Random, state: SupportState, kind: MilestoneKind, done: dt.date
) -> support.ReviewInput:
    """Notes, objectives and scores of the interview (scores at diagnosis and reviews)."""
    scores: dict[Barrier, int | None] = {}
    if kind in SCORED:
        if state.scored:
            state.scores = evolve(rng, state.scores)
        state.scored = True
        scores = dict(state.scores)
    return support.ReviewInput(
        done_date=done,
        notes=rng.choice(names.REVIEW_NOTES),
        objectives_reached=None if kind is K.WELCOME else "Objectifs du dernier entretien repris.",
        next_objectives=rng.choice(names.NEXT_OBJECTIVES),
        scores=scores,
    )


def catch_up(
    session: Session,
    rng: random.Random,
    state: SupportState,
    before: dt.date,
    today: dt.date,
) -> None:
    """Hold every open milestone due before ``before`` (a day before ``today``)."""
    limit = before
    for milestone in support.list_milestones(session, state.actor, state.person_id):
        if not milestone.open or milestone.due_date >= limit:
            continue
        done = min(
            milestone.due_date + dt.timedelta(days=rng.randint(0, 6)), limit - dt.timedelta(days=1)
        )
        done = max(done, milestone.due_date)
        if milestone.kind in (K.FOLLOW_UP_3M, K.FOLLOW_UP_6M) and rng.random() < 0.25:
            support.cancel_milestone(session, state.actor, milestone.id)  # no answer
            continue
        review = _review(rng, state, milestone.kind, done)
        support.mark_done(session, state.actor, milestone.id, review, today=today)
        if milestone.kind is K.DIAGNOSIS:
            _open_actions(session, rng, state, done, today)
        elif milestone.kind in SCORED:
            _close_actions(session, rng, state, done, final=milestone.kind is K.EXIT_REVIEW)


def _open_actions(
    session: Session, rng: random.Random, state: SupportState, on: dt.date, today: dt.date
) -> None:
    for barrier, score in state.scores.items():
        if score < 4 or rng.random() < 0.3:
            continue
        view = barriers.add_action(
            session,
            state.actor,
            state.person_id,
            barriers.ActionInput(
                barrier,
                f"Orientation : {barrier.label.lower()}",
                partner=rng.choice(names.PARTNERS),
                due_date=on + dt.timedelta(days=rng.randint(30, 90)),
                status=ActionStatus.IN_PROGRESS,
            ),
            today=on,
        )
        state.actions[view.id] = barrier


def _close_actions(
    session: Session, rng: random.Random, state: SupportState, on: dt.date, *, final: bool
) -> None:
    for action_id, barrier in list(state.actions.items()):
        if not final and state.scores[barrier] > 2 and rng.random() < 0.7:
            continue
        status = ActionStatus.DONE if rng.random() < 0.8 else ActionStatus.ABANDONED
        current = next(
            a for a in barriers.list_actions(session, state.actor, state.person_id)
            if a.id == action_id
        )  # fmt: skip
        barriers.update_action(
            session,
            state.actor,
            action_id,
            barriers.ActionInput(
                barrier, current.description, current.partner, current.due_date, status
            ),
            today=on,
        )
        del state.actions[action_id]


def settle_upcoming(
    session: Session, rng: random.Random, state: SupportState, today: dt.date
) -> None:
    """Appointments fixed for some of the coming interviews; the rest waits on the list."""
    horizon = today + dt.timedelta(days=21)
    for milestone in support.list_milestones(session, state.actor, state.person_id):
        if not milestone.open or not today <= milestone.due_date <= horizon:
            continue
        if rng.random() < 0.45:
            planned = milestone.due_date + dt.timedelta(days=rng.randint(-2, 3))
            support.plan_milestone(session, state.actor, milestone.id, max(planned, today))
