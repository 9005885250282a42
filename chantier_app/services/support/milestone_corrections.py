"""Cancelling a milestone still to hold (an interview planned by mistake, a scheduled review
that will not take place), restoring one cancelled by mistake, and cancelling an action on a
barrier entered by mistake, with history.

``milestones.cancel_milestone`` only changed the status, with no reason and no way back;
here the milestone as it was is kept (``services.history``), a reason is asked for a
milestone of the follow-up schedule (welcome, diagnosis, plan, reviews, follow-ups: the
support the ACI owes, L5132-15-1) while an interview added by hand needs none, and
``restore_milestone`` gives back the dates and status it had before its cancellation. A
review that took place is cancelled by ``corrections.cancel_review``. One transaction. Who
may: ``roles_matrix.CORRECTIONS`` (who follows the person: the CIP, the direction; the
author of an interview the day they added it). A cancelled action keeps its row
(``db.cancellable``): out of every list, its id never another action's.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus
from chantier_app.domain.errors import NotFoundError, Violation, refuse_errors
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.text_rules import checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services._records import live
from chantier_app.services.context import Actor
from chantier_app.services.history import (
    Recorded,
    keep_cancellation,
    keep_version,
    may_change,
    reason_check,
    require_may_change,
    row_values,
)
from chantier_app.services.support.milestones import (
    OPEN_STATUSES,
    MilestoneView,
    _staff_names,
    view,
)


def cancel_planned(
    session: Session,
    actor: Actor,
    milestone_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> MilestoneView:
    """The milestone will not take place: cancelled, as it was kept in the history."""
    milestone = _milestone_to_change(session, actor, milestone_id, today)
    concurrency.expect(session, milestone, expected_version)
    refuse_errors(_cancel_check(milestone, reason))
    previous = row_values(milestone)
    milestone.status = MilestoneStatus.CANCELLED
    milestone.generated = False  # the schedule no longer moves nor removes it
    keep_cancellation(
        session,
        actor,
        RecordKind.MILESTONE,
        record_id=milestone.id,
        person_id=milestone.person_id,
        previous=previous,
        reason=reason,
        summary=tr("{what} annulé").format(what=_what(milestone)),
    )
    session.flush()
    return view(milestone, _staff_names(session))


def check_cancel_planned(
    session: Session,
    actor: Actor,
    milestone_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    milestone = _milestone_to_change(session, actor, milestone_id, today)
    return _cancel_check(milestone, reason)


def restore_milestone(
    session: Session,
    actor: Actor,
    milestone_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> MilestoneView:
    """A milestone cancelled by mistake: its status and dates as before the cancellation."""
    milestone = _milestone_to_change(session, actor, milestone_id, today)
    concurrency.expect(session, milestone, expected_version)
    if milestone.status is not MilestoneStatus.CANCELLED:
        message = tr("Entretien : il n'est pas annulé ; rien à rétablir.")
        refuse_errors([Violation("milestone_not_cancelled", message, field="milestone")])
    before = _before_cancellation(session, milestone)
    if before is None:
        message = tr(
            "Entretien : son annulation n'a pas gardé la version d'avant ; planifiez-le à nouveau."
        )
        refuse_errors([Violation("milestone_no_version", message, field="milestone")])
    assert before is not None
    previous = row_values(milestone)
    milestone.status = MilestoneStatus.from_code(str(before["status"]))
    for name in ("due_date", "planned_date"):
        value = before.get(name)
        setattr(milestone, name, dt.date.fromisoformat(value) if isinstance(value, str) else None)
    milestone.generated = bool(before.get("generated"))
    keep_version(
        session,
        actor,
        RecordKind.MILESTONE,
        VersionAction.CORRECT,
        record_id=milestone.id,
        person_id=milestone.person_id,
        previous=previous,
        reason=reason,
        summary=tr("{what} rétabli ({status})").format(
            what=_what(milestone), status=milestone.status.label.lower()
        ),
    )
    session.flush()
    return view(milestone, _staff_names(session))


def cancel_action(
    session: Session,
    actor: Actor,
    action_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """An action on a barrier entered by mistake (wrong person, twice): cancelled, kept in
    the history. One that is simply given up is closed from its own form instead."""
    action = live(session, m.BarrierAction, action_id, tr("Action"))
    by = Recorded(action.author_id, action.created_at)
    require_may_change(session, actor, RecordKind.BARRIER_ACTION, action.person_id, by, today)
    concurrency.expect(session, action, expected_version)
    # The barrier (health, justice) and the partner are the version's, not the trail's.
    keep_cancellation(
        session,
        actor,
        RecordKind.BARRIER_ACTION,
        record_id=action.id,
        person_id=action.person_id,
        previous=row_values(action),
        reason=reason,
        summary=tr("action « {what} » ({barrier}) annulée").format(
            what=action.description, barrier=action.barrier.label
        ),
        trail=tr("action sur un frein annulée"),
    )
    action.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()


def may_change_milestone(
    session: Session, actor: Actor, milestone_id: int, *, today: dt.date | None = None
) -> bool:
    milestone = _get(session, milestone_id)
    by = Recorded(milestone.author_id, milestone.created_at)
    return may_change(session, actor, RecordKind.MILESTONE, milestone.person_id, by, today)


# Helpers ---------------------------------------------------------------------------------
def _get(session: Session, milestone_id: int) -> m.Milestone:
    milestone = session.get(m.Milestone, milestone_id)
    if milestone is None:
        raise NotFoundError(tr("Entretien"), milestone_id)
    return milestone


def _milestone_to_change(
    session: Session, actor: Actor, milestone_id: int, today: dt.date | None
) -> m.Milestone:
    milestone = _get(session, milestone_id)
    by = Recorded(milestone.author_id, milestone.created_at)
    require_may_change(session, actor, RecordKind.MILESTONE, milestone.person_id, by, today)
    return milestone


def _what(milestone: m.Milestone) -> str:
    return tr("{kind} prévu le {date}").format(
        kind=milestone.kind.label, date=format_date(milestone.planned_date or milestone.due_date)
    )


def _cancel_check(milestone: m.Milestone, reason: str | None) -> list[Violation]:
    if milestone.status not in OPEN_STATUSES:
        message = (
            tr("Entretien : il a eu lieu ; « Annuler l'entretien… » le remet à tenir.")
            if milestone.status is MilestoneStatus.DONE
            else tr("Entretien : il est déjà annulé.")
        )
        return [Violation("milestone_not_open", message, field="milestone")]
    scheduled = milestone.kind is not MilestoneKind.OTHER
    because = tr("c'est un entretien du calendrier de suivi")
    return reason_check(reason, scheduled, because, cancel=True)


def _before_cancellation(session: Session, milestone: m.Milestone) -> dict[str, object] | None:
    """The milestone as its latest cancellation found it (None: cancelled before history)."""
    previous = session.scalar(
        select(m.RecordVersion.previous)
        .where(
            m.RecordVersion.kind == RecordKind.MILESTONE.value,
            m.RecordVersion.record_id == milestone.id,
            m.RecordVersion.action == VersionAction.CANCEL.value,
        )
        .order_by(m.RecordVersion.at.desc(), m.RecordVersion.id.desc())
        .limit(1)
    )
    if previous is None:
        return None
    values = json.loads(previous)
    return values if values.get("status") in {s.value for s in OPEN_STATUSES} else None
