"""Enrolments in training sessions: who may enrol, enrol, results and certificates obtained."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select, true
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import EnrolmentStatus, TrainingKind, TrainingResult
from chantier_app.domain.errors import DuplicateError, NotFoundError, ValidationError, Violation
from chantier_app.domain.parsing import clean_text
from chantier_app.i18n import tr
from chantier_app.services import _concurrency as concurrency
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.trainings.sessions import require_view


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
    version: int = 1  # handed back with an edit (services._concurrency)


@dataclass(frozen=True)
class ResultInput:
    status: EnrolmentStatus
    result: TrainingResult
    certificate_obtained: str | None = None
    result_date: dt.date | None = None


def _enrolment_query() -> Select[m.Enrolment, m.TrainingSession, str, str]:
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
        e.version,
    )


def list_enrolments(session: Session, actor: Actor, session_id: int) -> list[EnrolmentView]:
    """The session's participants (an encadrant: those of their teams)."""
    require_view(actor)
    query = _enrolment_query().where(m.Enrolment.session_id == session_id)
    if (scope := permissions.scope_clause(actor)) is not None:
        query = query.where(scope)
    rows = session.execute(query.order_by(m.Person.usage_name, m.Person.first_names))
    return [_enrolment_view(*r) for r in rows]


def person_enrolments(session: Session, actor: Actor, person_id: int) -> list[EnrolmentView]:
    require_view(actor)
    permissions.require_person(session, actor, person_id, Permission.PEOPLE_VIEW)
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
    scope = permissions.scope_clause(actor)  # None: the actor sees everyone
    found = session.execute(
        select(m.Contract.id, m.Person.id, m.Person.usage_name, m.Person.first_names)
        .join(m.Person, m.Person.id == m.Contract.person_id)
        .where(
            m.Contract.start_date <= row.end_date,
            func.coalesce(m.Contract.actual_end_date, m.Contract.end_date) >= row.start_date,
            m.Person.id.not_in(enrolled),
            m.Person.archived_at.is_(None),
            m.Person.anonymised_at.is_(None),
            true() if scope is None else scope,
        )
        .order_by(m.Person.usage_name, m.Person.first_names, m.Contract.start_date.desc())
    )
    seen: dict[int, Candidate] = {}
    for contract_id, person_id, last, first in found:
        seen.setdefault(person_id, Candidate(person_id, f"{last.upper()} {first}", contract_id))
    return list(seen.values())


def enrol(session: Session, actor: Actor, session_id: int, person_id: int) -> EnrolmentView:
    roles_matrix.require(actor, Permission.TRAININGS_EDIT)
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
    # A cancelled enrolment of hers in the session stays as it was: the new one is another
    # record (unique among live enrolments only, migration 0025).
    enrolment = m.Enrolment(
        session_id=session_id, person_id=person_id, contract_id=choice.contract_id
    )
    session.add(enrolment)
    summary = tr("inscription à une formation")
    session.flush()
    audit.record(
        session, actor, audit.Action.CREATE, "enrolment", enrolment.id, person_id=person_id,
        summary=summary,
    )  # fmt: skip
    return get_enrolment(session, actor, enrolment.id)


def get_enrolment(session: Session, actor: Actor, enrolment_id: int) -> EnrolmentView:
    require_view(actor)
    row = session.execute(_enrolment_query().where(m.Enrolment.id == enrolment_id)).first()
    if row is None:
        raise NotFoundError(tr("Inscription"), enrolment_id)
    permissions.require_person(session, actor, row[0].person_id, Permission.PEOPLE_VIEW)
    return _enrolment_view(*row)


def record_result(
    session: Session,
    actor: Actor,
    enrolment_id: int,
    data: ResultInput,
    *,
    expected_version: int | None = None,
) -> EnrolmentView:
    """Where the person is in the session, and the certificate obtained."""
    roles_matrix.require(actor, Permission.TRAININGS_EDIT)
    enrolment = session.get(m.Enrolment, enrolment_id)
    if enrolment is None:
        raise NotFoundError(tr("Inscription"), enrolment_id)
    concurrency.expect(session, enrolment, expected_version)
    certificate = clean_text(data.certificate_obtained)
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
