"""Support milestones (jalons): plan, mark done with the review's scores, postpone, add.

A milestone changed by hand (planned, postponed, cancelled) stops being ``generated``:
the schedule then leaves it where the counsellor put it when the contract moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.barriers import check_scores
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus
from chantier_app.domain.errors import NotFoundError, ValidationError, Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes, checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.history import keep_version, row_values
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.support.barriers import write_scores

OPEN_STATUSES = (MilestoneStatus.TO_PLAN, MilestoneStatus.PLANNED, MilestoneStatus.POSTPONED)


@dataclass(frozen=True)
class MilestoneView:
    id: int
    person_id: int
    contract_id: int | None
    kind: MilestoneKind
    due_date: dt.date
    planned_date: dt.date | None
    done_date: dt.date | None
    status: MilestoneStatus
    author_name: str | None
    notes: str | None
    objectives_reached: str | None
    next_objectives: str | None
    generated: bool
    version: int = 1  # handed back with an edit (services._concurrency)

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def date(self) -> dt.date:
        """When it happened, else when it is planned, else when it is due."""
        return self.done_date or self.planned_date or self.due_date

    def overdue(self, today: dt.date) -> bool:
        return self.open and self.date < today


@dataclass(frozen=True)
class ReviewInput:
    """What the counsellor writes when an interview or review took place."""

    done_date: dt.date | None
    notes: str | None = None
    objectives_reached: str | None = None
    next_objectives: str | None = None
    scores: Mapping[Barrier, int | None] = field(default_factory=dict)


def _staff_names(session: Session) -> dict[int, str]:
    return {
        staff_id: f"{first} {last}"
        for staff_id, first, last in session.execute(
            select(m.Staff.id, m.Staff.first_name, m.Staff.last_name)
        )
    }


def view(milestone: m.Milestone, names: Mapping[int, str]) -> MilestoneView:
    return MilestoneView(
        id=milestone.id,
        person_id=milestone.person_id,
        contract_id=milestone.contract_id,
        kind=milestone.kind,
        due_date=milestone.due_date,
        planned_date=milestone.planned_date,
        done_date=milestone.done_date,
        status=milestone.status,
        author_name=names.get(milestone.author_id) if milestone.author_id else None,
        notes=milestone.notes,
        objectives_reached=milestone.objectives_reached,
        next_objectives=milestone.next_objectives,
        generated=milestone.generated,
        version=milestone.version,
    )


def _load(session: Session, milestone_id: int) -> m.Milestone:
    milestone = session.get(m.Milestone, milestone_id)
    if milestone is None:
        raise NotFoundError(tr("Entretien"), milestone_id)
    return milestone


def list_milestones(session: Session, actor: Actor, person_id: int) -> list[MilestoneView]:
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_VIEW)
    names = _staff_names(session)
    rows = session.scalars(
        select(m.Milestone)
        .where(m.Milestone.person_id == person_id)
        .order_by(m.Milestone.due_date, m.Milestone.id)
    )
    return [view(x, names) for x in rows]


def get_milestone(session: Session, actor: Actor, milestone_id: int) -> MilestoneView:
    roles_matrix.require(actor, Permission.SUPPORT_VIEW)
    return view(_load(session, milestone_id), _staff_names(session))


def _record(session: Session, actor: Actor, milestone: m.Milestone, summary: str) -> None:
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        "milestone",
        milestone.id,
        person_id=milestone.person_id,
        summary=summary,
    )


def _refuse_if_done(milestone: m.Milestone) -> None:
    if milestone.status is MilestoneStatus.DONE:
        raise ValidationError(
            tr("Cet entretien a déjà eu lieu le {date} : il ne se planifie plus.").format(
                date=format_date(milestone.done_date)
            )
        )


def _required_date(value: dt.date | None, field_name: str, label: str) -> list[Violation]:
    if value is None:
        return [
            Violation(
                f"{field_name}_missing",
                tr("{label} : obligatoire.").format(label=label),
                field=field_name,
            )
        ]
    return []


def mark_done(
    session: Session,
    actor: Actor,
    milestone_id: int,
    review: ReviewInput,
    today: dt.date | None = None,
    *,
    expected_version: int | None = None,
) -> MilestoneView:
    """The interview took place: notes, objectives and barrier scores in one action."""
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    today = today or dt.date.today()
    milestone = _load(session, milestone_id)
    concurrency.expect(session, milestone, expected_version)
    violations = _required_date(review.done_date, "done_date", tr("Date de l'entretien"))
    if review.done_date is not None and review.done_date > today:
        violations.append(
            Violation(
                "done_date_future",
                tr("Date de l'entretien : elle est dans le futur ; planifiez-le plutôt."),
                field="done_date",
            )
        )
    violations.extend(check_scores(review.scores))
    if violations:
        raise ValidationError(violations)
    assert review.done_date is not None
    if milestone.status is MilestoneStatus.DONE:  # « Compte rendu… » rewrites a done review
        _keep_review(session, actor, milestone)
    milestone.done_date = review.done_date
    milestone.status = MilestoneStatus.DONE
    milestone.author_id = actor.staff_id or milestone.author_id
    milestone.notes = checked_notes(review.notes)
    milestone.objectives_reached = clean_text(review.objectives_reached)
    milestone.next_objectives = clean_text(review.next_objectives)
    scored = write_scores(
        session,
        actor,
        milestone.person_id,
        review.done_date,
        review.scores,
        milestone_id=milestone.id,
    )
    concurrency.touch(milestone)  # its scores alone rewritten: a new version too
    _record(session, actor, milestone, f"entretien réalisé ; {scored} frein(s) coté(s)")
    session.flush()
    return view(milestone, _staff_names(session))


def _keep_review(session: Session, actor: Actor, milestone: m.Milestone) -> None:
    """The review as it was (its scores with it) before it is written again."""
    scores = session.scalars(
        select(m.BarrierScore).where(m.BarrierScore.milestone_id == milestone.id)
    ).all()
    keep_version(
        session,
        actor,
        RecordKind.MILESTONE,
        VersionAction.CORRECT,
        record_id=milestone.id,
        person_id=milestone.person_id,
        previous={**row_values(milestone), "scores": [row_values(x) for x in scores]},
        reason=None,
        summary=tr("{kind} du {date} : compte rendu réécrit").format(
            kind=milestone.kind.label, date=format_date(milestone.done_date)
        ),
    )


def plan_milestone(
    session: Session,
    actor: Actor,
    milestone_id: int,
    planned_date: dt.date | None,
    *,
    expected_version: int | None = None,
) -> MilestoneView:
    """Fix the appointment with the person."""
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    milestone = _load(session, milestone_id)
    concurrency.expect(session, milestone, expected_version)
    _refuse_if_done(milestone)
    violations = _required_date(planned_date, "planned_date", tr("Date du rendez-vous"))
    if violations:
        raise ValidationError(violations)
    milestone.planned_date = planned_date
    milestone.status = MilestoneStatus.PLANNED
    milestone.generated = False
    _record(session, actor, milestone, "entretien planifié")
    return view(milestone, _staff_names(session))


def postpone_milestone(
    session: Session,
    actor: Actor,
    milestone_id: int,
    new_date: dt.date | None,
    reason: str | None = None,
    *,
    expected_version: int | None = None,
) -> MilestoneView:
    """Move the milestone later; the reason is kept in its notes."""
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    milestone = _load(session, milestone_id)
    concurrency.expect(session, milestone, expected_version)
    _refuse_if_done(milestone)
    current = milestone.planned_date or milestone.due_date
    violations = _required_date(new_date, "new_date", tr("Nouvelle date"))
    if new_date is not None and new_date <= current:
        violations.append(
            Violation(
                "postpone_not_later",
                tr("Nouvelle date : elle doit suivre la date actuelle ({date}).").format(
                    date=format_date(current)
                ),
                field="new_date",
            )
        )
    if violations:
        raise ValidationError(violations)
    assert new_date is not None
    milestone.due_date = new_date
    milestone.planned_date = None
    milestone.status = MilestoneStatus.POSTPONED
    milestone.generated = False
    reason = checked_reason(reason)
    if reason:
        line = tr("Reporté au {date} : {reason}").format(date=format_date(new_date), reason=reason)
        milestone.notes = f"{milestone.notes}\n{line}" if milestone.notes else line
    _record(session, actor, milestone, "entretien reporté")
    return view(milestone, _staff_names(session))


def cancel_milestone(session: Session, actor: Actor, milestone_id: int) -> MilestoneView:
    """Not needed any more (e.g. planned by hand before the contract ended early)."""
    roles_matrix.require(actor, Permission.SUPPORT_EDIT)
    milestone = _load(session, milestone_id)
    _refuse_if_done(milestone)
    milestone.status = MilestoneStatus.CANCELLED
    milestone.generated = False
    _record(session, actor, milestone, "entretien annulé")
    return view(milestone, _staff_names(session))


def add_interview(
    session: Session,
    actor: Actor,
    person_id: int,
    planned_date: dt.date | None,
    subject: str | None = None,
    kind: MilestoneKind = MilestoneKind.OTHER,
) -> MilestoneView:
    """An interview outside the schedule, planned on ``planned_date``."""
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_EDIT)
    violations = _required_date(planned_date, "planned_date", tr("Date de l'entretien"))
    if violations:
        raise ValidationError(violations)
    assert planned_date is not None
    contract_id = session.scalar(
        select(m.Contract.id)
        .where(m.Contract.person_id == person_id, m.Contract.start_date <= planned_date)
        .order_by(m.Contract.start_date.desc())
        .limit(1)
    )
    milestone = m.Milestone(
        person_id=person_id,
        contract_id=contract_id,
        kind=kind,
        due_date=planned_date,
        planned_date=planned_date,
        status=MilestoneStatus.PLANNED,
        notes=clean_text(subject),
        author_id=actor.staff_id,
        generated=False,
    )
    session.add(milestone)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "milestone",
        milestone.id,
        person_id=person_id,
        summary="entretien ajouté",
    )
    return view(milestone, _staff_names(session))
