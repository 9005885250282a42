"""Barriers (freins): scores with their history, and the actions taken to lift them.

Changing an action is either its follow-up (its state moves on: done, given up) or a
correction of what was recorded (the barrier, the action, the partner, the due date, the
notes): a correction keeps the previous version (``services.history``, « Historique des
modifications »), with a reason once a document of the person was printed since the action
was recorded and its facts change. Who may: ``roles_matrix.CORRECTIONS`` (the CIP, the
direction). Two offices changing the same action: the second, made from the action as it
was before the first's, is refused (``expected_version``).

A review written again rewrites its scores in place: a barrier scored again is the same
row updated (its version moves, the review's previous version keeps the old score), one no
longer scored is cancelled (``db.cancellable``), never deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.barriers import ScorePoint
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.codes.support_codes import ActionStatus
from chantier_app.domain.errors import StaleEditError, ValidationError, Violation, refuse_errors
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services._records import live, stale_violation
from chantier_app.services.context import Actor
from chantier_app.services.history import (
    Recorded,
    keep_correction,
    reason_check,
    require_may_change,
    row_values,
    unchanged,
)
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
    version: int = 1  # handed back with an edit (services._concurrency)

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
    reason: str | None = None  # a correction's, once a document was printed since


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
    """Record the scores given (None: not scored); those the same review gave before are
    rewritten: the same row for a barrier scored again, cancelled for one no longer scored.

    The caller has checked the permission, validated the scores and kept the review's
    previous version, its scores with it (one transaction).
    """
    held: dict[Barrier, m.BarrierScore] = {}
    if milestone_id is not None:
        held = {
            s.barrier: s
            for s in session.scalars(
                select(m.BarrierScore).where(m.BarrierScore.milestone_id == milestone_id)
            )
        }
    written = 0
    for barrier, score in scores.items():
        if score is None:
            continue
        written += 1
        again = held.pop(barrier, None)
        if again is not None:  # an UPDATE only when a value changed: its version moves then
            again.score, again.scored_on = score, scored_on
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
    for dropped in held.values():  # given at the review, no longer: kept, out of sight
        dropped.mark_cancelled(actor.staff_id, tr("retirée du compte rendu réécrit"))
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
        action.version,
    )


def list_actions(session: Session, actor: Actor, person_id: int) -> list[ActionView]:
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_VIEW)
    rows = session.scalars(
        select(m.BarrierAction)
        .where(m.BarrierAction.person_id == person_id)
        .order_by(m.BarrierAction.due_date.is_(None), m.BarrierAction.due_date, m.BarrierAction.id)
    )
    return [_view(a) for a in rows]


def _codes(data: ActionInput) -> ActionInput:
    """The input with its codes as members: a combo box gives back their plain text, and
    ``_fill``'s ``is ActionStatus.DONE`` never held for it (no done date was written)."""
    return replace(
        data,
        barrier=Barrier.from_code(data.barrier) if data.barrier else None,
        status=ActionStatus.from_code(data.status),
    )


def _violations(data: ActionInput) -> list[Violation]:
    violations = []
    if data.barrier is None:
        violations.append(Violation("action_barrier", tr("Frein : à choisir."), field="barrier"))
    if clean_text(data.description) is None:
        violations.append(
            Violation("action_description", tr("Action : à décrire."), field="description")
        )
    return violations


def _validate(data: ActionInput) -> tuple[Barrier, str]:
    violations = _violations(data)
    if violations:
        raise ValidationError(violations)
    description = clean_text(data.description)
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
    data = _codes(data)
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
    *,
    expected_version: int | None = None,
) -> ActionView:
    """Move the action's follow-up on, or correct what was recorded (previous version kept)."""
    today = today or dt.date.today()
    action = _action_to_change(session, actor, action_id, today)
    concurrency.expect(session, action, expected_version)
    data = _codes(data)
    refuse_errors(_correction_check(session, action, data))
    barrier, description = _validate(data)
    previous, before = row_values(action), _view(action)
    action.barrier, action.description = barrier, description
    _fill(action, data, today)
    changes = _changes(before, _view(action))
    if [field for field, _line in changes] == [tr("état")]:  # the follow-up, no correction
        audit.record(
            session,
            actor,
            audit.Action.UPDATE,
            "barrier_action",
            action.id,
            person_id=action.person_id,
            summary=tr("action sur un frein : état {status}").format(
                status=action.status.label.lower()
            ),
        )
    else:
        keep_correction(
            session,
            actor,
            RecordKind.BARRIER_ACTION,
            record_id=action.id,
            person_id=action.person_id,
            previous=previous,
            reason=data.reason,
            what=tr("action sur un frein"),
            changes=changes,
        )
    session.flush()
    return _view(action)


def check_action_change(
    session: Session,
    actor: Actor,
    action_id: int,
    data: ActionInput,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``update_action`` would refuse (read while the user types)."""
    try:
        action = _action_to_change(session, actor, action_id, today or dt.date.today())
    except StaleEditError as stale:
        return stale_violation(stale)
    return _correction_check(session, action, _codes(data))


def _action_to_change(
    session: Session, actor: Actor, action_id: int, today: dt.date
) -> m.BarrierAction:
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    action = live(session, m.BarrierAction, action_id, tr("Action"))
    by = Recorded(action.author_id, action.created_at)
    require_may_change(session, actor, RecordKind.BARRIER_ACTION, action.person_id, by, today)
    return action


# What a correction changes, and must say, of an action: the recorded facts.
_FACTS = ("barrier", "description", "partner", "due_date")


def _correction_check(
    session: Session, action: m.BarrierAction, data: ActionInput
) -> list[Violation]:
    """The action's rules, something changed, a reason once a document was printed since the
    action was recorded and its facts change (the follow-up sheets quote them)."""
    found = _violations(data)
    if found:
        return found
    wanted = (
        data.barrier,
        clean_text(data.description),
        clean_text(data.partner),
        data.due_date,
    )
    facts_changed = wanted != tuple(getattr(action, name) for name in _FACTS)
    if not facts_changed and (data.status, clean_text(data.notes)) == (
        action.status,
        clean_text(action.notes),
    ):
        return [unchanged("description")]
    printed = Recorded(None, action.created_at).printed_since(session, action.person_id)
    return reason_check(
        data.reason, printed and facts_changed, tr("un document a été imprimé depuis")
    )


def _changes(before: ActionView, after: ActionView) -> list[tuple[str, str]]:
    """(field, line) for each field the change changed: the values the version may hold."""

    def date(value: dt.date | None) -> str:
        return format_date(value) if value else "—"

    found: list[tuple[str, str]] = []
    pairs: list[tuple[str, str, str]] = [
        (tr("frein"), before.barrier.label, after.barrier.label),
        (tr("action"), before.description, after.description),
        (tr("partenaire"), before.partner or "—", after.partner or "—"),
        (tr("échéance"), date(before.due_date), date(after.due_date)),
        (tr("état"), before.status.label, after.status.label),
    ]
    for field, old, new in pairs:
        if old != new:
            found.append(
                (field, tr("{field} : {old} → {new}").format(field=field, old=old, new=new))
            )
    if before.notes != after.notes:
        found.append((tr("notes"), tr("notes corrigées")))
    return found
