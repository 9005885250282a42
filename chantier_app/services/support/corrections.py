"""Correcting or cancelling a review recorded wrong, and a barrier score.

The discipline of ``contracts.corrections``: the corrected record is checked as
``milestones.mark_done`` checks a new review (a date, not in the future, scores from 1 to
5), the previous version is kept (``services.history``), it is one transaction. Cancelling
a review a renewal relied on (the review of the two months before it, L5132-15-1 ;
``check_renewal``) says so, as a warning to acknowledge. A reason is asked once a document
of the person was printed since the review. Who may: ``roles_matrix.CORRECTIONS`` (who
follows the person: the CIP, the direction). A score cancelled, alone or with its review,
keeps its row (``db.cancellable``): out of the charts and the sheets, its id never another
score's. Two offices changing the same score: the second, made from the score as it was
before the first's, is refused (``expected_version``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.barriers import check_scores
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import AmendmentKind
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.domain.contract_dates import add_months
from chantier_app.domain.contract_limits import REVIEW_WINDOW_MONTHS
from chantier_app.domain.errors import (
    NotFoundError,
    PermissionDeniedError,
    Severity,
    StaleEditError,
    Violation,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes, checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import permissions, roles_matrix
from chantier_app.services._records import live, stale_violation
from chantier_app.services.context import Actor
from chantier_app.services.contracts._common import settle
from chantier_app.services.contracts._history import RENEWAL_REVIEWS
from chantier_app.services.history import (
    Recorded,
    keep_correction,
    keep_version,
    reason_check,
    row_values,
)
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.support.milestones import MilestoneView, _staff_names, view


@dataclass(frozen=True)
class ReviewCorrection:
    """A review's date and texts as they should have been written."""

    milestone_id: int
    done_date: dt.date | None
    notes: str | None = None
    objectives_reached: str | None = None
    next_objectives: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ScoreView:
    id: int
    barrier: Barrier
    scored_on: dt.date
    score: int
    comment: str | None
    version: int = 1  # handed back with an edit (services._concurrency)


@dataclass(frozen=True)
class ScoreCorrection:
    score_id: int
    score: int
    comment: str | None = None
    reason: str | None = None


# Reviews ---------------------------------------------------------------------------------
def correct_review(
    session: Session,
    actor: Actor,
    data: ReviewCorrection,
    *,
    acknowledge: tuple[str, ...] | list[str] = (),
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> MilestoneView:
    """Correct the date or the texts of a review that took place."""
    today = today or dt.date.today()
    milestone = _review_to_change(session, actor, data.milestone_id, today)
    concurrency.expect(session, milestone, expected_version)
    changes, found = _review_check(session, milestone, data, today)
    settle(found, acknowledge, actor, "correct_review")
    previous = row_values(milestone)
    assert data.done_date is not None  # _review_check refused a missing date
    milestone.done_date = data.done_date
    milestone.notes = checked_notes(data.notes)
    milestone.objectives_reached = clean_text(data.objectives_reached)
    milestone.next_objectives = clean_text(data.next_objectives)
    for score in _scores(session, milestone.id):  # the review's scores are dated by it
        score.scored_on = data.done_date
    what = tr("{kind} du {date}").format(
        kind=milestone.kind.label, date=format_date(previous_done(previous))
    )
    # Notes and objectives may tell health or justice facts: the trail names them only.
    keep_correction(
        session,
        actor,
        RecordKind.MILESTONE,
        record_id=milestone.id,
        person_id=milestone.person_id,
        previous=previous,
        reason=data.reason,
        what=what,
        changes=changes,
    )
    session.flush()
    return view(milestone, _staff_names(session))


def previous_done(previous: dict[str, object]) -> dt.date | None:
    done = previous.get("done_date")
    return dt.date.fromisoformat(done) if isinstance(done, str) else None


def check_review_correction(
    session: Session, actor: Actor, data: ReviewCorrection, *, today: dt.date | None = None
) -> list[Violation]:
    today = today or dt.date.today()
    milestone = _review_to_change(session, actor, data.milestone_id, today)
    return _review_check(session, milestone, data, today)[1]


def cancel_review(
    session: Session,
    actor: Actor,
    milestone_id: int,
    reason: str | None = None,
    *,
    acknowledge: tuple[str, ...] | list[str] = (),
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> MilestoneView:
    """The review did not take place (recorded by mistake): the milestone is to hold again,
    its texts and the scores given at it go (kept in the history)."""
    today = today or dt.date.today()
    milestone = _review_to_change(session, actor, milestone_id, today)
    concurrency.expect(session, milestone, expected_version)
    settle(_cancel_review_check(session, milestone, reason), acknowledge, actor, "cancel_review")
    scores = _scores(session, milestone.id)
    previous: dict[str, object] = {
        **row_values(milestone),
        "scores": [row_values(s) for s in scores],
    }
    done = milestone.done_date
    milestone.status = (
        MilestoneStatus.PLANNED if milestone.planned_date is not None else MilestoneStatus.TO_PLAN
    )
    milestone.done_date = None
    milestone.notes = milestone.objectives_reached = milestone.next_objectives = None
    for score in scores:  # kept, out of the charts; the review's version holds them too
        score.mark_cancelled(actor.staff_id, checked_reason(reason))
    what = tr("{kind} du {date} annulé").format(kind=milestone.kind.label, date=format_date(done))
    keep_version(
        session,
        actor,
        RecordKind.MILESTONE,
        VersionAction.CANCEL,
        record_id=milestone.id,
        person_id=milestone.person_id,
        previous=previous,
        reason=reason,
        summary=tr("{what} ; {n} cotation(s) de frein retirée(s)").format(what=what, n=len(scores)),
        audit_summary=what,
    )
    session.flush()
    return view(milestone, _staff_names(session))


def check_cancel_review(
    session: Session,
    actor: Actor,
    milestone_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    today = today or dt.date.today()
    milestone = _review_to_change(session, actor, milestone_id, today)
    return _cancel_review_check(session, milestone, reason)


def may_correct_support(
    session: Session, actor: Actor, person_id: int, *, today: dt.date | None = None
) -> bool:
    """May ``actor`` correct this person's support records (reviews, scores)?"""
    return permissions.in_scope(session, actor, person_id) and roles_matrix.may_correct(
        actor,
        RecordKind.MILESTONE,
        author_id=None,
        recorded_on=None,
        today=today or dt.date.today(),
    )


# Barrier scores --------------------------------------------------------------------------
def correct_score(
    session: Session,
    actor: Actor,
    data: ScoreCorrection,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Correct a barrier score entered wrong (its value, its comment)."""
    score = _score_to_change(session, actor, data.score_id, today)
    concurrency.expect(session, score, expected_version)
    settle(_score_check(session, score, data), (), actor, "correct_score")
    comment = clean_text(data.comment)
    previous = row_values(score)
    fields = [tr("cotation")] if data.score != score.score else []
    fields += [tr("commentaire")] if comment != score.comment else []
    score.score, score.comment = data.score, comment
    what = tr("frein « {barrier} » coté le {date}").format(
        barrier=score.barrier.label, date=format_date(score.scored_on)
    )
    keep_version(
        session,
        actor,
        RecordKind.BARRIER_SCORE,
        VersionAction.CORRECT,
        record_id=score.id,
        person_id=score.person_id,
        previous=previous,
        reason=data.reason,
        summary=tr("{what} : cotation {old} → {new}").format(
            what=what, old=previous["score"], new=data.score
        ),
        # The barrier may be health or justice: the version names it, for who may see it;
        # the trail, which more people read, does not (as for an action's).
        audit_summary=tr("cotation d'un frein du {date} : {fields} corrigé(s)").format(
            date=format_date(score.scored_on), fields=", ".join(fields)
        ),
    )
    session.flush()


def cancel_score(
    session: Session,
    actor: Actor,
    score_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Cancel a barrier score entered by mistake (kept, and in the history)."""
    score = _score_to_change(session, actor, score_id, today)
    concurrency.expect(session, score, expected_version)
    settle(_cancel_score_check(session, score, reason), (), actor, "cancel_score")
    what = tr("cotation du frein « {barrier} » du {date} annulée").format(
        barrier=score.barrier.label, date=format_date(score.scored_on)
    )
    keep_version(
        session,
        actor,
        RecordKind.BARRIER_SCORE,
        VersionAction.CANCEL,
        record_id=score.id,
        person_id=score.person_id,
        previous=row_values(score),
        reason=reason,
        summary=what,
        audit_summary=tr("cotation d'un frein du {date} annulée").format(
            date=format_date(score.scored_on)
        ),
    )
    score.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()


def check_score_correction(
    session: Session, actor: Actor, data: ScoreCorrection, *, today: dt.date | None = None
) -> list[Violation]:
    """What ``correct_score`` would refuse (read while the user types)."""
    try:
        score = _score_to_change(session, actor, data.score_id, today)
    except StaleEditError as stale:
        return stale_violation(stale)
    return _score_check(session, score, data)


def check_cancel_score(
    session: Session,
    actor: Actor,
    score_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    """What ``cancel_score`` would refuse."""
    try:
        score = _score_to_change(session, actor, score_id, today)
    except StaleEditError as stale:
        return stale_violation(stale)
    return _cancel_score_check(session, score, reason)


def _score_check(session: Session, score: m.BarrierScore, data: ScoreCorrection) -> list[Violation]:
    """A score of the scale, something changed, a reason once a document was printed."""
    found = check_scores({score.barrier: data.score})
    if not found and (data.score, clean_text(data.comment)) == (score.score, score.comment):
        found = [
            Violation("correction_unchanged", tr("Correction : rien n'a changé."), field="score")
        ]
    return found + _cancel_score_check(session, score, data.reason, cancel=False)


def _cancel_score_check(
    session: Session, score: m.BarrierScore, reason: str | None, *, cancel: bool = True
) -> list[Violation]:
    """A reason once a document was printed since the score (a correction's, or by
    default a cancellation's: the message names the dialog's field)."""
    printed = Recorded(None, score.created_at).printed_since(session, score.person_id)
    because = tr("un document a été imprimé depuis")
    return reason_check(reason, printed, because, cancel=cancel)


def latest_score(
    session: Session, actor: Actor, person_id: int, barrier: Barrier
) -> ScoreView | None:
    """The person's latest score of ``barrier`` (the one « Corriger la cotation » acts on)."""
    permissions.require_person(session, actor, person_id, Permission.SUPPORT_VIEW)
    row = session.scalars(
        select(m.BarrierScore)
        .where(m.BarrierScore.person_id == person_id, m.BarrierScore.barrier == barrier)
        .order_by(m.BarrierScore.scored_on.desc(), m.BarrierScore.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return ScoreView(row.id, row.barrier, row.scored_on, row.score, row.comment, row.version)


# Helpers ---------------------------------------------------------------------------------
def _review_to_change(
    session: Session, actor: Actor, milestone_id: int, today: dt.date
) -> m.Milestone:
    milestone = session.get(m.Milestone, milestone_id)
    if milestone is None:
        raise NotFoundError(tr("Entretien"), milestone_id)
    _require(session, actor, RecordKind.MILESTONE, milestone.person_id, milestone.author_id, today)
    return milestone


def _score_to_change(
    session: Session, actor: Actor, score_id: int, today: dt.date | None
) -> m.BarrierScore:
    score = live(session, m.BarrierScore, score_id, tr("Cotation"))
    _require(
        session,
        actor,
        RecordKind.BARRIER_SCORE,
        score.person_id,
        score.author_id,
        today or dt.date.today(),
        score.created_at.date(),
    )
    return score


def _require(
    session: Session,
    actor: Actor,
    kind: RecordKind,
    person_id: int,
    author_id: int | None,
    today: dt.date,
    recorded_on: dt.date | None = None,
) -> None:
    if not permissions.in_scope(session, actor, person_id):
        raise PermissionDeniedError(permissions.OUT_OF_TEAM)
    roles_matrix.require_correction(
        actor, kind, author_id=author_id, recorded_on=recorded_on, today=today
    )


def _scores(session: Session, milestone_id: int) -> list[m.BarrierScore]:
    return list(
        session.scalars(
            select(m.BarrierScore)
            .where(m.BarrierScore.milestone_id == milestone_id)
            .order_by(m.BarrierScore.id)
        )
    )


def _done_recorded(session: Session, milestone: m.Milestone) -> dt.datetime | None:
    """When the review was recorded as done: its line in the trail."""
    return session.scalar(
        select(m.AuditEntry.at)
        .where(
            m.AuditEntry.entity == "milestone",
            m.AuditEntry.entity_id == milestone.id,
            m.AuditEntry.summary.startswith("entretien réalisé"),
        )
        .order_by(m.AuditEntry.at.desc())
        .limit(1)
    )


def _not_done(milestone: m.Milestone) -> list[Violation]:
    if milestone.status is MilestoneStatus.DONE:
        return []
    message = tr("Entretien : il n'a pas encore eu lieu ; planifiez-le ou reportez-le plutôt.")
    return [Violation("review_not_done", message, field="milestone")]


def _review_check(
    session: Session, milestone: m.Milestone, data: ReviewCorrection, today: dt.date
) -> tuple[list[tuple[str, str]], list[Violation]]:
    """The lines the correction changes, and what ``mark_done`` would refuse."""
    if found := _not_done(milestone):
        return [], found
    if data.done_date is None:
        message = tr("Date de l'entretien : obligatoire.")
        return [], [Violation("done_date_missing", message, field="done_date")]
    if data.done_date > today:
        message = tr("Date de l'entretien : elle est dans le futur ; planifiez-le plutôt.")
        return [], [Violation("done_date_future", message, field="done_date")]
    changes = []
    if data.done_date != milestone.done_date:
        line = tr("date : {old} → {new}").format(
            old=format_date(milestone.done_date), new=format_date(data.done_date)
        )
        changes.append((tr("date de l'entretien"), line))
    for name, label in (
        ("notes", tr("compte rendu")),
        ("objectives_reached", tr("objectifs atteints")),
        ("next_objectives", tr("objectifs suivants")),
    ):
        if clean_text(getattr(data, name)) != getattr(milestone, name):
            changes.append((label, tr("{label} corrigé").format(label=label)))
    if not changes:
        message = tr("Correction : rien n'a changé.")
        return [], [Violation("correction_unchanged", message, field="done_date")]
    printed = Recorded(None, _done_recorded(session, milestone)).printed_since(
        session, milestone.person_id
    )
    found = reason_check(data.reason, printed, tr("un document a été imprimé depuis l'entretien"))
    if data.done_date != milestone.done_date:
        found += _renewals_relying(session, milestone, data.done_date)
    return changes, found


def _cancel_review_check(
    session: Session, milestone: m.Milestone, reason: str | None
) -> list[Violation]:
    if found := _not_done(milestone):
        return found
    printed = Recorded(None, _done_recorded(session, milestone)).printed_since(
        session, milestone.person_id
    )
    because = tr("un document a été imprimé depuis l'entretien")
    found = reason_check(reason, printed, because, cancel=True)
    return found + _renewals_relying(session, milestone)


def _renewals_relying(
    session: Session, milestone: m.Milestone, new_date: dt.date | None = None
) -> list[Violation]:
    """Renewals decided in the two months after this review, with no other review then (nor
    the review on its corrected ``new_date``): they would not have been entered without a
    warning (``renewal_without_review``)."""
    if milestone.kind not in RENEWAL_REVIEWS or milestone.done_date is None:
        return []
    others = [
        d
        for d in session.scalars(
            select(m.Milestone.done_date).where(
                m.Milestone.person_id == milestone.person_id,
                m.Milestone.id != milestone.id,
                m.Milestone.status == MilestoneStatus.DONE,
                m.Milestone.kind.in_(RENEWAL_REVIEWS),
            )
        )
        if d is not None
    ] + ([new_date] if new_date is not None else [])
    found = []
    renewals = session.scalars(
        select(m.Amendment)
        .join(m.Contract, m.Contract.id == m.Amendment.contract_id)
        .where(
            m.Contract.person_id == milestone.person_id,
            m.Amendment.kind == AmendmentKind.RENEWAL,
        )
        .order_by(m.Amendment.effective_date)
    )
    for renewal in renewals:
        decided = renewal.signed_on or renewal.created_at.date()
        start = add_months(decided, -REVIEW_WINDOW_MONTHS)
        if start <= milestone.done_date <= decided and not any(
            start <= d <= decided for d in others
        ):
            found.append(
                Violation(
                    "review_used_by_renewal",
                    tr(
                        "Le renouvellement décidé le {date} (avenant n° {n}) s'appuie sur cet "
                        "entretien : sans lui, aucun entretien ne le précède de deux mois au plus."
                    ).format(date=format_date(decided), n=renewal.number),
                    field="milestone",
                    severity=Severity.WARNING,
                )
            )
    return found
