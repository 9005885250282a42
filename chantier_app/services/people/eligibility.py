"""Eligibility diagnoses (diagnostic d'éligibilité IAE): record them, list them with their rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain import eligibility as rules
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.domain.errors import NotFoundError, Violation, refuse_errors
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_text
from chantier_app.domain.text_rules import checked_notes
from chantier_app.i18n import tr
from chantier_app.services import audit
from chantier_app.services.context import Actor
from chantier_app.services.people.records import _load
from chantier_app.services.permissions import require_person
from chantier_app.services.roles_matrix import Permission, require


@dataclass(frozen=True)
class DiagnosisInput:
    made_on: dt.date | None
    author_kind: DiagnosisAuthor | None
    author_name: str | None = None
    criteria: dict[EligibilityCriterion, str | None] = field(default_factory=dict)  # -> proof
    notes: str | None = None
    author_staff_id: int | None = None


@dataclass(frozen=True)
class DiagnosisView:
    id: int
    made_on: dt.date
    author_kind: DiagnosisAuthor
    author_name: str | None
    criteria: list[tuple[EligibilityCriterion, str | None]]
    notes: str | None
    outcome: rules.EligibilityOutcome
    last_valid_day: dt.date
    valid_today: bool
    version: int = 1  # handed back with a correction (services._concurrency)

    @property
    def validity_text(self) -> str:
        if self.valid_today:
            return tr("valable jusqu'au {date}").format(date=format_date(self.last_valid_day))
        return tr("expiré depuis le {date}").format(
            date=format_date(self.last_valid_day + dt.timedelta(days=1))
        )


def diagnosis_violations(
    data: DiagnosisInput, today: dt.date, birth_date: dt.date | None
) -> list[Violation]:
    """Every rule a diagnosis entered as ``data`` breaks (a new one or a correction)."""
    return rules.check_diagnosis(
        data.made_on, data.author_kind, data.author_name, data.criteria, today=today
    ) + rules.check_criteria(data.criteria, birth_date=birth_date, made_on=data.made_on)


def _check(data: DiagnosisInput, today: dt.date, birth_date: dt.date | None) -> None:
    refuse_errors(diagnosis_violations(data, today, birth_date))


def _view(diagnosis: m.EligibilityDiagnosis, today: dt.date) -> DiagnosisView:
    criteria = sorted(
        ((c.criterion, c.proof) for c in diagnosis.criteria),
        key=lambda pair: list(EligibilityCriterion).index(pair[0]),
    )
    return DiagnosisView(
        id=diagnosis.id,
        made_on=diagnosis.made_on,
        author_kind=diagnosis.author_kind,
        author_name=diagnosis.author_name,
        criteria=criteria,
        notes=diagnosis.notes,
        outcome=rules.assess(
            (c for c, _ in criteria),
            birth_date=diagnosis.person.birth_date,
            made_on=diagnosis.made_on,
        ),
        last_valid_day=rules.last_valid_day(diagnosis.made_on, diagnosis.author_kind),
        valid_today=rules.is_valid_on(diagnosis.made_on, diagnosis.author_kind, today),
        version=diagnosis.version,
    )


def list_diagnoses(
    session: Session, actor: Actor, person_id: int, *, today: dt.date | None = None
) -> list[DiagnosisView]:
    """The person's diagnoses, most recent first."""
    require_person(session, actor, person_id, Permission.ELIGIBILITY_VIEW)
    today = today or dt.date.today()
    diagnoses = session.scalars(
        select(m.EligibilityDiagnosis)
        .where(m.EligibilityDiagnosis.person_id == person_id)
        # The person (its birth date, for the age criteria) is the one require_person
        # holds: found in the session, not read again with its 65 columns.
        .options(selectinload(m.EligibilityDiagnosis.criteria))
        .order_by(m.EligibilityDiagnosis.made_on.desc(), m.EligibilityDiagnosis.id.desc())
    ).all()
    return [_view(d, today) for d in diagnoses]


def diagnosis_birth_date(session: Session, actor: Actor, person_id: int) -> dt.date | None:
    """The birth date the diagnosis dialog compares the age criteria with, while typing."""
    require_person(session, actor, person_id, Permission.ELIGIBILITY_VIEW)
    return _load(session, person_id).birth_date


def _apply(diagnosis: m.EligibilityDiagnosis, data: DiagnosisInput) -> None:
    """``data`` once ``_check`` passed it: the date and the author are there."""
    assert data.made_on is not None and data.author_kind is not None
    diagnosis.made_on = data.made_on
    diagnosis.author_kind = data.author_kind
    diagnosis.author_name = clean_text(data.author_name)
    diagnosis.author_staff_id = data.author_staff_id
    diagnosis.notes = checked_notes(data.notes)
    existing = {c.criterion: c for c in diagnosis.criteria}
    for criterion, proof in data.criteria.items():
        proof = clean_text(proof)
        if criterion in existing:
            existing[criterion].proof = proof
        else:
            diagnosis.criteria.append(m.EligibilityCriterionProof(criterion=criterion, proof=proof))
    for criterion, row in existing.items():
        if criterion not in data.criteria:
            diagnosis.criteria.remove(row)


def add_diagnosis(
    session: Session,
    actor: Actor,
    person_id: int,
    data: DiagnosisInput,
    *,
    today: dt.date | None = None,
) -> int:
    require(actor, Permission.PEOPLE_EDIT)
    require(actor, Permission.ELIGIBILITY_VIEW)
    person = _load(session, person_id)
    _check(data, today or dt.date.today(), person.birth_date)
    diagnosis = m.EligibilityDiagnosis(person_id=person_id)
    _apply(diagnosis, data)
    session.add(diagnosis)
    session.flush()
    outcome = rules.assess(data.criteria, birth_date=person.birth_date, made_on=data.made_on)
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "eligibility_diagnosis",
        diagnosis.id,
        person_id=person_id,
        summary=tr("diagnostic d'éligibilité du {date} ({result})").format(
            date=format_date(data.made_on),
            result=tr("éligible") if outcome.eligible else tr("non éligible"),
        ),
    )
    return diagnosis.id


def _load_diagnosis(session: Session, diagnosis_id: int) -> m.EligibilityDiagnosis:
    diagnosis = session.get(m.EligibilityDiagnosis, diagnosis_id)
    if diagnosis is None:
        raise NotFoundError(tr("Diagnostic"), diagnosis_id)
    return diagnosis
