"""Trainings: the catalogue of sessions, and the chantier qualifiant's diploma and exam.

Enrolments and results are in ``services/trainings/enrolments.py``; attendance per day in
``services/trainings/attendance.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.support_codes import TrainingKind, TrainingResult
from chantier_app.domain.errors import (
    NotFoundError,
    ValidationError,
    Violation,
)
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_text, parse_minutes
from chantier_app.domain.text_rules import checked_notes
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class SessionView:
    id: int
    title: str
    provider: str | None
    kind: TrainingKind
    start_date: dt.date
    end_date: dt.date
    duration_minutes: int
    funding: str | None
    certificate_target: str | None
    location: str | None
    notes: str | None
    enrolled: int = 0
    version: int = 1  # handed back with an edit (services._concurrency)
    # Set for a cancelled session only (``list_sessions_including_cancelled``): the day it
    # was cancelled and why — free text, given to whoever reads the session's notes.
    cancelled_on: dt.date | None = None
    cancellation_reason: str | None = None

    @property
    def cancelled(self) -> bool:
        return self.cancelled_on is not None


@dataclass(frozen=True)
class SessionInput:
    title: str | None
    kind: TrainingKind | None
    start_date: dt.date | None
    end_date: dt.date | None
    duration: str | int | None = None  # hours as typed (« 14 », « 10:30 ») or minutes
    provider: str | None = None
    funding: str | None = None
    certificate_target: str | None = None
    location: str | None = None
    notes: str | None = None


def require_view(actor: Actor) -> None:
    """The catalogue is read by whoever enters attendance or manages trainings."""
    if roles_matrix.allowed(actor, Permission.TRAINING_ATTENDANCE):
        return
    roles_matrix.require(actor, Permission.TRAININGS_EDIT)


def _session_view(row: m.TrainingSession, enrolled: int = 0) -> SessionView:
    return SessionView(
        row.id,
        row.title,
        row.provider,
        row.kind,
        row.start_date,
        row.end_date,
        row.duration_minutes,
        row.funding,
        row.certificate_target,
        row.location,
        row.notes,
        enrolled,
        row.version,
        row.cancelled_at.date() if row.cancelled_at is not None else None,
        row.cancellation_reason if row.cancelled_at is not None else None,
    )


def list_sessions(session: Session, actor: Actor) -> list[SessionView]:
    """The catalogue: the live sessions, latest first."""
    return _listed(session, actor, cancelled_too=False)


def list_sessions_including_cancelled(session: Session, actor: Actor) -> list[SessionView]:
    """The catalogue with the sessions cancelled by mistake (« Afficher les sessions
    annulées »): their « Historique… » stays reachable, a session nobody was enrolled in
    having it nowhere else (its versions are of no one's file). Rights as ``list_sessions``:
    the catalogue's readers read its cancelled rows, reason included, as they read the
    notes."""
    return _listed(session, actor, cancelled_too=True)


def _listed(session: Session, actor: Actor, *, cancelled_too: bool) -> list[SessionView]:
    require_view(actor)
    # Said here, not left to the ORM-wide filter: it is off when cancelled sessions are
    # asked for, and an enrolment cancelled (alone, or with its session) is no longer one.
    counts = (
        select(m.Enrolment.session_id, func.count().label("n"))
        .where(m.Enrolment.cancelled_at.is_(None))
        .group_by(m.Enrolment.session_id)
        .subquery()
    )
    rows = session.execute(
        select(m.TrainingSession, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.session_id == m.TrainingSession.id)
        .order_by(m.TrainingSession.start_date.desc(), m.TrainingSession.id),
        execution_options=including_cancelled() if cancelled_too else {},
    )
    return [_session_view(row, n) for row, n in rows]


def save_session(
    session: Session, actor: Actor, session_id: int | None, data: SessionInput
) -> SessionView:
    """Create a session of the catalogue (``session_id`` None), or correct one: see
    ``session_corrections.correct_session`` (the previous version kept, the checks re-run)."""
    if session_id is not None:
        from chantier_app.services.trainings import session_corrections  # it imports this

        return session_corrections.correct_session(
            session, actor, session_corrections.SessionCorrection(session_id, data)
        )
    roles_matrix.require(actor, Permission.TRAININGS_EDIT)
    violations = _session_violations(session, data, None)
    if violations:
        raise ValidationError(violations)
    assert data.start_date is not None and data.end_date is not None and data.kind is not None
    row = m.TrainingSession(
        title="", kind=data.kind, start_date=data.start_date, end_date=data.end_date
    )
    fill_session(row, data)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "training_session",
        row.id,
        summary="session de formation créée",
    )
    return _session_view(row, 0)


def _session_violations(
    session: Session, data: SessionInput, row: m.TrainingSession | None
) -> list[Violation]:
    """The rules of a session as typed; for an existing one (``row``), attendance already
    entered must stay inside its dates."""
    violations: list[Violation] = []
    if clean_text(data.title) is None:
        violations.append(Violation("training_title", tr("Intitulé : obligatoire."), field="title"))
    if data.kind is None:
        violations.append(Violation("training_kind", tr("Type : à choisir."), field="kind"))
    for value, name, label in (
        (data.start_date, "start_date", tr("Début")),
        (data.end_date, "end_date", tr("Fin")),
    ):
        if value is None:
            violations.append(
                Violation(
                    f"training_{name}", tr("{label} : obligatoire.").format(label=label), field=name
                )
            )
    if data.start_date and data.end_date and data.end_date < data.start_date:
        violations.append(
            Violation("training_dates", tr("Fin : elle précède le début."), field="end_date")
        )
    try:
        parse_minutes(data.duration)
    except ValueError as exc:
        violations.append(
            Violation("training_duration", tr("Durée : {e}.").format(e=exc), field="duration")
        )
    if row is not None and data.start_date and data.end_date:
        outside = session.scalar(
            select(func.min(m.TrainingAttendance.day))
            .join(m.Enrolment)
            .where(
                m.Enrolment.session_id == row.id,
                (m.TrainingAttendance.day < data.start_date)
                | (m.TrainingAttendance.day > data.end_date),
            )
        )
        if outside is not None:
            violations.append(
                Violation(
                    "training_attendance_outside",
                    tr(
                        "Dates : des présences sont déjà saisies en dehors de ces dates (le "
                        "{day}) ; effacez-les d'abord sur la feuille de présence."
                    ).format(day=format_date(outside)),
                    field="start_date",
                )
            )
    return violations


def fill_session(row: m.TrainingSession, data: SessionInput) -> None:
    """Write ``data`` (checked by ``_session_violations``) on ``row``."""
    title = clean_text(data.title)
    assert title is not None and data.kind is not None  # refused above when missing
    assert data.start_date is not None and data.end_date is not None
    row.title, row.kind = title, TrainingKind.from_code(data.kind)
    row.start_date, row.end_date = data.start_date, data.end_date
    row.duration_minutes = parse_minutes(data.duration) or 0
    row.provider, row.funding = clean_text(data.provider), clean_text(data.funding)
    row.certificate_target, row.location = (
        clean_text(data.certificate_target),
        clean_text(data.location),
    )
    row.notes = checked_notes(data.notes)


def session_view(row: m.TrainingSession) -> SessionView:
    return _session_view(row, len(row.enrolments))


# Chantier qualifiant ------------------------------------------------------------------------
@dataclass(frozen=True)
class QualificationView:
    contract_id: int
    training_provider: str | None
    target_diploma: str | None
    exam_date: dt.date | None
    exam_result: TrainingResult | None


def qualifications(session: Session, actor: Actor, person_id: int) -> list[QualificationView]:
    """The person's chantier qualifiant contracts: diploma targeted and exam."""
    require_view(actor)
    permissions.require_person(session, actor, person_id, Permission.PEOPLE_VIEW)
    rows = session.scalars(
        select(m.Contract)
        .where(m.Contract.person_id == person_id, m.Contract.kind == ContractKind.CDDI_QUALIFYING)
        .order_by(m.Contract.start_date)
    )
    return [
        QualificationView(c.id, c.training_provider, c.target_diploma, c.exam_date, c.exam_result)
        for c in rows
    ]


def set_qualification(
    session: Session,
    actor: Actor,
    contract_id: int,
    target_diploma: str | None,
    exam_date: dt.date | None,
    exam_result: TrainingResult | None,
) -> QualificationView:
    roles_matrix.require(actor, Permission.TRAININGS_EDIT)
    contract = session.get(m.Contract, contract_id)
    if contract is None:
        raise NotFoundError(tr("Contrat"), contract_id)
    if contract.kind is not ContractKind.CDDI_QUALIFYING:
        raise ValidationError(
            tr("Diplôme visé : seulement pour un CDDI chantier qualifiant."), field="target_diploma"
        )
    if exam_result not in (None, TrainingResult.PENDING) and exam_date is None:
        raise ValidationError(
            tr("Date de l'examen : obligatoire quand le résultat est connu."), field="exam_date"
        )
    contract.target_diploma = clean_text(target_diploma)
    contract.exam_date, contract.exam_result = exam_date, exam_result
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        "contract",
        contract.id,
        person_id=contract.person_id,
        summary="diplôme visé et examen",
    )
    return QualificationView(
        contract.id,
        contract.training_provider,
        contract.target_diploma,
        contract.exam_date,
        contract.exam_result,
    )
