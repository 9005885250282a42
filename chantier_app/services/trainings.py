"""Trainings: the catalogue of sessions, enrolments, results, and the chantier qualifiant's exam.

Attendance per day is in ``services/training_attendance.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.support_codes import EnrolmentStatus, TrainingKind, TrainingResult
from chantier_app.domain.errors import (
    DuplicateError,
    NotFoundError,
    ValidationError,
    Violation,
)
from chantier_app.domain.parsing import parse_minutes
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions
from chantier_app.services.context import Actor
from chantier_app.services.permissions import Permission


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


@dataclass(frozen=True)
class EnrolmentView:
    id: int
    session_id: int
    session_title: str
    session_kind: TrainingKind
    start_date: dt.date
    end_date: dt.date
    planned_minutes: int
    person_id: int
    person_name: str
    contract_id: int | None
    status: EnrolmentStatus
    attended_minutes: int
    result: TrainingResult
    certificate_obtained: str | None
    result_date: dt.date | None


@dataclass(frozen=True)
class ResultInput:
    status: EnrolmentStatus
    result: TrainingResult
    certificate_obtained: str | None = None
    result_date: dt.date | None = None


def clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def require_view(actor: Actor) -> None:
    """The catalogue is read by whoever enters attendance or manages trainings."""
    if permissions.allowed(actor, Permission.TRAINING_ATTENDANCE):
        return
    permissions.require(actor, Permission.TRAININGS_EDIT)


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
    )


def list_sessions(session: Session, actor: Actor) -> list[SessionView]:
    require_view(actor)
    counts = (
        select(m.Enrolment.session_id, func.count().label("n"))
        .group_by(m.Enrolment.session_id)
        .subquery()
    )
    rows = session.execute(
        select(m.TrainingSession, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.session_id == m.TrainingSession.id)
        .order_by(m.TrainingSession.start_date.desc(), m.TrainingSession.id)
    )
    return [_session_view(row, n) for row, n in rows]


def save_session(
    session: Session, actor: Actor, session_id: int | None, data: SessionInput
) -> SessionView:
    """Create (``session_id`` None) or change a session of the catalogue."""
    permissions.require(actor, Permission.TRAININGS_EDIT)
    row = None
    if session_id is not None:
        row = session.get(m.TrainingSession, session_id)
        if row is None:
            raise NotFoundError(tr("Session de formation"), session_id)
    violations: list[Violation] = []
    title = clean(data.title)
    if title is None:
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
    minutes = 0
    try:
        minutes = parse_minutes(data.duration) or 0
    except ValueError as exc:
        violations.append(
            Violation("training_duration", tr("Durée : {e}.").format(e=exc), field="duration")
        )
    if row is not None and data.start_date and data.end_date:
        outside = session.scalar(
            select(func.count())
            .select_from(m.TrainingAttendance)
            .join(m.Enrolment)
            .where(
                m.Enrolment.session_id == row.id,
                (m.TrainingAttendance.day < data.start_date)
                | (m.TrainingAttendance.day > data.end_date),
            )
        )
        if outside:
            violations.append(
                Violation(
                    "training_attendance_outside",
                    tr("Dates : des présences sont déjà saisies en dehors de ces dates."),
                    field="start_date",
                )
            )
    if violations:
        raise ValidationError(violations)
    assert title is not None and data.kind is not None
    creating = row is None
    if row is None:
        row = m.TrainingSession(
            title=title, kind=data.kind, start_date=data.start_date, end_date=data.end_date
        )
        session.add(row)
    row.title, row.kind = title, data.kind
    row.start_date, row.end_date = data.start_date, data.end_date  # type: ignore[assignment]
    row.duration_minutes = minutes
    row.provider, row.funding = clean(data.provider), clean(data.funding)
    row.certificate_target, row.location = clean(data.certificate_target), clean(data.location)
    row.notes = clean(data.notes)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE if creating else audit.Action.UPDATE,
        "training_session",
        row.id,
        summary="session de formation " + ("créée" if creating else "modifiée"),
    )
    return _session_view(row, len(row.enrolments))


# Enrolments ---------------------------------------------------------------------------------
def _enrolment_query() -> Select[tuple[m.Enrolment, m.TrainingSession, str, str]]:
    return (
        select(m.Enrolment, m.TrainingSession, m.Person.usage_name, m.Person.first_names)
        .join(m.TrainingSession, m.TrainingSession.id == m.Enrolment.session_id)
        .join(m.Person, m.Person.id == m.Enrolment.person_id)
    )


def _enrolment_view(e: m.Enrolment, s: m.TrainingSession, last: str, first: str) -> EnrolmentView:
    return EnrolmentView(
        e.id,
        s.id,
        s.title,
        s.kind,
        s.start_date,
        s.end_date,
        s.duration_minutes,
        e.person_id,
        f"{last.upper()} {first}",
        e.contract_id,
        e.status,
        e.attended_minutes,
        e.result,
        e.certificate_obtained,
        e.result_date,
    )


def list_enrolments(session: Session, actor: Actor, session_id: int) -> list[EnrolmentView]:
    require_view(actor)
    rows = session.execute(
        _enrolment_query()
        .where(m.Enrolment.session_id == session_id)
        .order_by(m.Person.usage_name, m.Person.first_names)
    )
    return [_enrolment_view(*r) for r in rows]


def person_enrolments(session: Session, actor: Actor, person_id: int) -> list[EnrolmentView]:
    require_view(actor)
    rows = session.execute(
        _enrolment_query()
        .where(m.Enrolment.person_id == person_id)
        .order_by(m.TrainingSession.start_date)
    )
    return [_enrolment_view(*r) for r in rows]


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    contract_id: int


def candidates(session: Session, actor: Actor, session_id: int) -> list[Candidate]:
    """People under contract during the session and not enrolled yet."""
    require_view(actor)
    row = session.get(m.TrainingSession, session_id)
    if row is None:
        raise NotFoundError(tr("Session de formation"), session_id)
    enrolled = select(m.Enrolment.person_id).where(m.Enrolment.session_id == session_id)
    found = session.execute(
        select(m.Contract.id, m.Person.id, m.Person.usage_name, m.Person.first_names)
        .join(m.Person, m.Person.id == m.Contract.person_id)
        .where(
            m.Contract.start_date <= row.end_date,
            func.coalesce(m.Contract.actual_end_date, m.Contract.end_date) >= row.start_date,
            m.Person.id.not_in(enrolled),
            m.Person.archived_at.is_(None),
        )
        .order_by(m.Person.usage_name, m.Person.first_names, m.Contract.start_date.desc())
    )
    seen: dict[int, Candidate] = {}
    for contract_id, person_id, last, first in found:
        seen.setdefault(person_id, Candidate(person_id, f"{last.upper()} {first}", contract_id))
    return list(seen.values())


def enrol(session: Session, actor: Actor, session_id: int, person_id: int) -> EnrolmentView:
    permissions.require(actor, Permission.TRAININGS_EDIT)
    existing = session.scalar(
        select(m.Enrolment.id).where(
            m.Enrolment.session_id == session_id, m.Enrolment.person_id == person_id
        )
    )
    if existing is not None:
        raise DuplicateError(tr("Cette personne est déjà inscrite à la session."), existing)
    choice = next(
        (c for c in candidates(session, actor, session_id) if c.person_id == person_id), None
    )
    if choice is None:
        raise ValidationError(
            tr("Inscription : la personne n'a pas de contrat pendant les dates de la session."),
            field="person",
        )
    enrolment = m.Enrolment(
        session_id=session_id, person_id=person_id, contract_id=choice.contract_id
    )
    session.add(enrolment)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "enrolment",
        enrolment.id,
        person_id=person_id,
        summary="inscription à une formation",
    )
    return get_enrolment(session, actor, enrolment.id)


def get_enrolment(session: Session, actor: Actor, enrolment_id: int) -> EnrolmentView:
    require_view(actor)
    row = session.execute(_enrolment_query().where(m.Enrolment.id == enrolment_id)).first()
    if row is None:
        raise NotFoundError(tr("Inscription"), enrolment_id)
    return _enrolment_view(*row)


def record_result(
    session: Session, actor: Actor, enrolment_id: int, data: ResultInput
) -> EnrolmentView:
    """Where the person is in the session, and the certificate obtained."""
    permissions.require(actor, Permission.TRAININGS_EDIT)
    enrolment = session.get(m.Enrolment, enrolment_id)
    if enrolment is None:
        raise NotFoundError(tr("Inscription"), enrolment_id)
    certificate = clean(data.certificate_obtained)
    violations = []
    if data.result in (TrainingResult.OBTAINED, TrainingResult.PARTIAL) and certificate is None:
        violations.append(
            Violation(
                "certificate_missing",
                tr("Certification obtenue : à préciser quand le résultat est obtenu."),
                field="certificate_obtained",
            )
        )
    if data.result is not TrainingResult.PENDING and data.result_date is None:
        violations.append(
            Violation(
                "result_date_missing", tr("Date du résultat : obligatoire."), field="result_date"
            )
        )
    if violations:
        raise ValidationError(violations)
    enrolment.status, enrolment.result = data.status, data.result
    enrolment.certificate_obtained = certificate
    enrolment.result_date = data.result_date if data.result is not TrainingResult.PENDING else None
    audit.record(
        session,
        actor,
        audit.Action.UPDATE,
        "enrolment",
        enrolment.id,
        person_id=enrolment.person_id,
        summary="résultat de formation",
    )
    return get_enrolment(session, actor, enrolment.id)


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
    permissions.require(actor, Permission.TRAININGS_EDIT)
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
    contract.target_diploma = clean(target_diploma)
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
