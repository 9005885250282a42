"""Correcting an enrolment made in the wrong session, and cancelling one made by mistake.

The discipline of ``contracts.corrections``: the corrected enrolment is checked as ``enrol``
checks a new one (the person under contract during the session, not enrolled there yet),
the previous version is kept (``services.history``), it is one transaction. Refused once
attendance is entered (those hours are in the months' training hours: they are cleared on
the sign-in sheet first); a reason once a result was recorded or a month of the session
declared. Who may: ``roles_matrix.CORRECTIONS`` (whoever manages trainings: the CIP, the
direction).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.support_codes import TrainingResult
from chantier_app.domain.errors import (
    NotFoundError,
    Violation,
    refuse_errors,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.text_rules import checked_reason
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services._records import in_team, live, stale_as_violation
from chantier_app.services.context import Actor
from chantier_app.services.history import (
    Recorded,
    keep_cancellation,
    keep_version,
    may_change,
    reason_check,
    require_may_change,
    row_values,
    unchanged,
)
from chantier_app.services.trainings.enrolments import (
    EnrolmentView,
    candidates,
    get_enrolment,
)


@dataclass(frozen=True)
class EnrolmentCorrection:
    """The session the person should have been enrolled in."""

    enrolment_id: int
    session_id: int
    reason: str | None = None


def correct_enrolment(
    session: Session,
    actor: Actor,
    data: EnrolmentCorrection,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> EnrolmentView:
    """Move an enrolment made in the wrong session to the right one."""
    enrolment = _enrolment_to_change(session, actor, data.enrolment_id, today)
    concurrency.expect(session, enrolment, expected_version)
    found, contract_id = _correction_check(session, actor, enrolment, data)
    refuse_errors(found)
    previous = row_values(enrolment)
    old, new = enrolment.session, session.get(m.TrainingSession, data.session_id)
    assert new is not None and contract_id is not None  # _correction_check found both
    enrolment.session_id = new.id
    enrolment.contract_id = contract_id
    session.flush()
    session.expire(enrolment, ["session"])
    keep_version(
        session,
        actor,
        RecordKind.ENROLMENT,
        VersionAction.CORRECT,
        record_id=enrolment.id,
        person_id=enrolment.person_id,
        previous=previous,
        reason=data.reason,
        summary=tr("session : {old} → {new}").format(old=_session(old), new=_session(new)),
        audit_summary=tr("inscription à une formation : session corrigée"),
    )
    return get_enrolment(session, actor, enrolment.id)


@stale_as_violation
def check_enrolment_correction(
    session: Session, actor: Actor, data: EnrolmentCorrection, *, today: dt.date | None = None
) -> list[Violation]:
    """What ``correct_enrolment`` would refuse (read while the user chooses)."""
    enrolment = _enrolment_to_change(session, actor, data.enrolment_id, today)
    return _correction_check(session, actor, enrolment, data)[0]


def cancel_enrolment(
    session: Session,
    actor: Actor,
    enrolment_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """Cancel an enrolment made by mistake (the person never was in the session)."""
    enrolment = _enrolment_to_change(session, actor, enrolment_id, today)
    concurrency.expect(session, enrolment, expected_version)
    refuse_errors(_cancel_check(session, enrolment, reason))
    keep_cancellation(
        session,
        actor,
        RecordKind.ENROLMENT,
        record_id=enrolment.id,
        person_id=enrolment.person_id,
        previous=row_values(enrolment),
        reason=reason,
        summary=tr("inscription annulée : {session}").format(session=_session(enrolment.session)),
        trail=tr("inscription à une formation annulée"),
    )
    # Kept, out of every reader's sight (issue 15: nothing is hard-deleted but by the
    # retention rules): its values are in the version just kept.
    enrolment.mark_cancelled(actor.staff_id, checked_reason(reason))
    session.flush()


@stale_as_violation
def check_cancel_enrolment(
    session: Session,
    actor: Actor,
    enrolment_id: int,
    reason: str | None = None,
    *,
    today: dt.date | None = None,
) -> list[Violation]:
    enrolment = _enrolment_to_change(session, actor, enrolment_id, today)
    return _cancel_check(session, enrolment, reason)


def may_correct_enrolment(
    session: Session, actor: Actor, enrolment_id: int, *, today: dt.date | None = None
) -> bool:
    enrolment = _get(session, enrolment_id)
    by = Recorded.of(session, "enrolment", enrolment.id)
    return may_change(session, actor, RecordKind.ENROLMENT, enrolment.person_id, by, today)


# Helpers ---------------------------------------------------------------------------------
def _get(session: Session, enrolment_id: int) -> m.Enrolment:
    enrolment = session.get(m.Enrolment, enrolment_id)
    if enrolment is None:
        raise NotFoundError(tr("Inscription"), enrolment_id)
    return enrolment


def _enrolment_to_change(
    session: Session, actor: Actor, enrolment_id: int, today: dt.date | None
) -> m.Enrolment:
    # Cancelled meanwhile: a stale edit (``_records.live``), out of the teams refused first.
    guard = in_team(session, actor, m.Enrolment, lambda e: e.person_id)
    enrolment = live(session, m.Enrolment, enrolment_id, tr("Inscription"), guard=guard)
    by = Recorded.of(session, "enrolment", enrolment.id)  # who enrolled the person, and when
    require_may_change(session, actor, RecordKind.ENROLMENT, enrolment.person_id, by, today)
    return enrolment


def _session(row: m.TrainingSession) -> str:
    return tr("{title} du {start} au {end}").format(
        title=row.title, start=format_date(row.start_date), end=format_date(row.end_date)
    )


def _attendance_check(enrolment: m.Enrolment, what: str) -> list[Violation]:
    if not enrolment.attendances:
        return []
    message = tr(
        "Inscription : des présences sont déjà saisies (le {day}) ; elles comptent dans les "
        "heures de formation du mois. Effacez-les d'abord sur la feuille de présence, puis "
        "{what}."
    ).format(day=format_date(enrolment.attendances[0].day), what=what)
    return [Violation("enrolment_attendance_entered", message, field="enrolment")]


def _reason_needed(
    session: Session, enrolment: m.Enrolment, reason: str | None, *, cancel: bool = False
) -> list[Violation]:
    """``cancel``: the message names « Motif de l'annulation », the field it stands under."""
    if enrolment.result is not TrainingResult.PENDING:
        return reason_check(reason, True, tr("un résultat est enregistré"), cancel=cancel)
    training = enrolment.session
    months = select(m.DeclaredMonth.id).where(
        m.DeclaredMonth.month >= training.start_date.replace(day=1),
        m.DeclaredMonth.month <= training.end_date,
    )
    declared = session.scalar(months.limit(1)) is not None
    because = tr("un mois de la session a été déclaré")
    return reason_check(reason, declared, because, cancel=cancel)


def _correction_check(
    session: Session, actor: Actor, enrolment: m.Enrolment, data: EnrolmentCorrection
) -> tuple[list[Violation], int | None]:
    """Every rule the enrolment breaks in its new session, as ``enrol`` would check it, and
    the contract it would count under."""
    if data.session_id == enrolment.session_id:
        return [unchanged("session_id")], None
    target = session.get(m.TrainingSession, data.session_id)
    if target is None:
        message = tr("Session : introuvable.")
        return [Violation("session_unknown", message, field="session_id")], None
    found = _attendance_check(enrolment, tr("corrigez l'inscription"))
    found += _reason_needed(session, enrolment, data.reason)
    taken = session.scalar(
        select(m.Enrolment.id).where(
            m.Enrolment.session_id == target.id, m.Enrolment.person_id == enrolment.person_id
        )
    )
    if taken is not None:
        message = tr("Session : cette personne y est déjà inscrite.")
        return [*found, Violation("already_enrolled", message, field="session_id")], None
    choice = next(
        (c for c in candidates(session, actor, target.id) if c.person_id == enrolment.person_id),
        None,
    )
    if choice is None:
        message = tr(
            "Inscription : la personne n'a pas de contrat pendant les dates de la session."
        )
        return [*found, Violation("no_contract_during_session", message, field="session_id")], None
    return found, choice.contract_id


def _cancel_check(session: Session, enrolment: m.Enrolment, reason: str | None) -> list[Violation]:
    found = _attendance_check(enrolment, tr("annulez l'inscription"))
    return found + _reason_needed(session, enrolment, reason, cancel=True)
