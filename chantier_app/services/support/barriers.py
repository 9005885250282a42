"""Barriers (freins): scores with their history, and the actions taken to lift them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.barriers import ScorePoint
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import ActionStatus
from chantier_app.domain.errors import NotFoundError, ValidationError, Violation
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class ActionView:
    id: int
    person_id: int
    barrier: Barrier
    description: str
    partner: str | None
    due_date: dt.date | None
    status: ActionStatus
    done_date: dt.date | None
    notes: str | None

    @property
    def open(self) -> bool:
        return self.status in (ActionStatus.TODO, ActionStatus.IN_PROGRESS)

    def overdue(self, today: dt.date) -> bool:
        return self.open and self.due_date is not None and self.due_date < today


@dataclass(frozen=True)
class ActionInput:
    barrier: Barrier | None
    description: str | None
    partner: str | None = None
    due_date: dt.date | None = None
    status: ActionStatus = ActionStatus.TODO
    notes: str | None = None


def _person(session: Session, actor: Actor, person_id: int) -> m.Person:
    return permissions.require_person(session, actor, person_id, Permission.SUPPORT_EDIT)


# Scores -------------------------------------------------------------------------------------
def score_history(session: Session, actor: Actor, person_id: int) -> list[ScorePoint]:
    """Every score of the person, in date order (the domain groups them per barrier)."""
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_VIEW)
    rows = session.execute(
        select(m.BarrierScore.scored_on, m.BarrierScore.barrier, m.BarrierScore.score)
        .where(m.BarrierScore.person_id == person_id)
        .order_by(m.BarrierScore.scored_on, m.BarrierScore.id)
    )
    return [ScorePoint(on, barrier, score) for on, barrier, score in rows]


def write_scores(
    session: Session,
    actor: Actor,
    person_id: int,
    scored_on: dt.date,
    scores: Mapping[Barrier, int | None],
    *,
    milestone_id: int | None = None,
) -> int:
    """Record the scores given (None: not scored); those of the same review are replaced.

    The caller has checked the permission and validated the scores (one transaction).
    """
    if milestone_id is not None:
        session.execute(delete(m.BarrierScore).where(m.BarrierScore.milestone_id == milestone_id))
    written = 0
    for barrier, score in scores.items():
        if score is None:
            continue
        session.add(
            m.BarrierScore(
                person_id=person_id,
                milestone_id=milestone_id,
                barrier=barrier,
                scored_on=scored_on,
                score=score,
                author_id=actor.staff_id,
            )
        )
        written += 1
    return written


# Actions ------------------------------------------------------------------------------------
def _view(action: m.BarrierAction) -> ActionView:
    return ActionView(
        action.id,
        action.person_id,
        action.barrier,
        action.description,
        action.partner,
        action.due_date,
        action.status,
        action.done_date,
        action.notes,
    )


def list_actions(session: Session, actor: Actor, person_id: int) -> list[ActionView]:
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_VIEW)
    rows = session.scalars(
        select(m.BarrierAction)
        .where(m.BarrierAction.person_id == person_id)
        .order_by(m.BarrierAction.due_date.is_(None), m.BarrierAction.due_date, m.BarrierAction.id)
    )
    return [_view(a) for a in rows]


def _validate(data: ActionInput) -> tuple[Barrier, str]:
    violations = []
    if data.barrier is None:
        violations.append(Violation("action_barrier", tr("Frein : à choisir."), field="barrier"))
    description = clean_text(data.description)
    if description is None:
        violations.append(
            Violation("action_description", tr("Action : à décrire."), field="description")
        )
    if violations:
        raise ValidationError(violations)
    assert data.barrier is not None and description is not None
    return data.barrier, description


def _fill(action: m.BarrierAction, data: ActionInput, today: dt.date) -> None:
    action.partner = clean_text(data.partner)
    action.due_date = data.due_date
    if data.status is ActionStatus.DONE and action.status is not ActionStatus.DONE:
        action.done_date = today
    elif data.status is not ActionStatus.DONE:
        action.done_date = None
    action.status = data.status
    action.notes = checked_notes(data.notes)


def add_action(
    session: Session, actor: Actor, person_id: int, data: ActionInput, today: dt.date | None = None
) -> ActionView:
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    _person(session, actor, person_id)
    barrier, description = _validate(data)
    action = m.BarrierAction(
        person_id=person_id, barrier=barrier, description=description, author_id=actor.staff_id
    )
    action.status = ActionStatus.TODO
    _fill(action, data, today or dt.date.today())
    session.add(action)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "barrier_action",
        action.id,
        person_id=person_id,
        summary="action sur un frein ajoutée",
    )
    return _view(action)


def update_action(
    session: Session,
    actor: Actor,
    action_id: int,
    data: ActionInput,
    today: dt.date | None = None,
) -> ActionView:
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    action = session.get(m.BarrierAction, action_id)
    if action is None:
        raise NotFoundError(tr("Action"), action_id)
    barrier, description = _validate(data)
    before = _view(action).__dict__.copy()
    action.barrier, action.description = barrier, description
    _fill(action, data, today or dt.date.today())
    changed = audit.changed_fields(before, _view(action).__dict__)
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        "barrier_action",
        action.id,
        person_id=action.person_id,
        summary="champs modifiés : " + ", ".join(changed) if changed else "aucun changement",
    )
    return _view(action)
