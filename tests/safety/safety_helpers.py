"""Helpers of the data-safety tests: a multi-row user action, and table dumps.

``hire`` is a real multi-row action made of the application's services: a person
(``services/people/records.py``), an eligibility diagnosis with three criteria
(``services/people/eligibility.py``) and a PASS IAE (``services/people/pass_iae.py``), each with its audit
line, all in the caller's transaction (``ctx.run``), so a half-done hire is detectable.
``store_person`` writes the same rows straight through the ORM, without the services'
trimming and checks: the property tests use it to show that any text is stored exactly.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy.orm import Session

from chantier_app.db import cipher
from chantier_app.db import models as m
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.person_codes import Civility, DiagnosisAuthor, NirMissingReason
from chantier_app.domain.errors import ValidationError
from chantier_app.domain.person_record import PersonInput
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.people import eligibility, pass_iae
from chantier_app.services.people import records as people

CRITERIA = (EligibilityCriterion.SENIOR, EligibilityCriterion.DELD, EligibilityCriterion.QPV)
START = dt.date(2026, 1, 5)
BIRTH = dt.date(1970, 4, 2)


def pass_number(n: int) -> str:
    """A valid PASS IAE number (12 digits), different for each ``n``."""
    return f"99{n:010d}"


def hire(session: Session, actor: Actor, n: int, *, notes: str | None = None) -> int:
    """« CRASH{n} » hired through the services (person, diagnosis, PASS); returns the id."""
    person_id = people.create_person(
        session,
        actor,
        PersonInput(
            Civility.MRS,
            f"CRASH{n}",
            "Test",
            BIRTH,
            nir_missing_reason=NirMissingReason.NOT_PROVIDED,
            notes=notes,
        ),
        today=START,
    )
    diagnosis = eligibility.DiagnosisInput(
        START, DiagnosisAuthor.STRUCTURE, criteria=dict.fromkeys(CRITERIA, notes)
    )
    eligibility.add_diagnosis(session, actor, person_id, diagnosis, today=START)
    pass_iae.add_pass(session, actor, person_id, pass_iae.PassInput(pass_number(n), START))
    return person_id


def store_person(
    session: Session,
    actor: Actor,
    n: int,
    *,
    usage_name: str,
    first_names: str,
    notes: str | None = None,
) -> int:
    """The rows of a hire with the texts exactly as given (a blank name is refused)."""
    roles_matrix.require(actor, roles_matrix.Permission.PEOPLE_EDIT)
    if not usage_name.strip():
        raise ValidationError("Le nom d'usage est obligatoire.", field="usage_name")
    person = m.Person(
        civility=Civility.MRS, usage_name=usage_name, first_names=first_names, notes=notes
    )
    person.diagnoses.append(
        m.EligibilityDiagnosis(
            made_on=START,
            author_kind=DiagnosisAuthor.STRUCTURE,
            criteria=[m.EligibilityCriterionProof(criterion=c, proof=notes) for c in CRITERIA],
        )
    )
    person.passes.append(
        m.PassIae(
            number=pass_number(n),
            start_date=START,
            initial_end_date=START + dt.timedelta(days=730),
        )
    )
    session.add(person)
    session.flush()
    audit.record(session, actor, audit.Action.CREATE, "person", person.id, person_id=person.id)
    return person.id


def dump(path: Path, *, skip: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every row of every table of ``path``, in primary-key order (plain sqlite3)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        return {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
            if table not in skip
        }
    finally:
        conn.close()


_CREATED = (
    "SELECT count(*) FROM audit_entry a JOIN person p ON p.id = a.person_id "
    "WHERE a.entity = '{entity}' AND a.action = 'create' AND p.usage_name LIKE 'CRASH%'"
)


def hire_counts(path: Path) -> dict[str, int]:
    """How many rows each part of a hire has (all equal when no hire is half-done); an
    encrypted file is read with the key unlocked in this process."""
    conn = cipher.connect(path)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "person": one("SELECT count(*) FROM person WHERE usage_name LIKE 'CRASH%'"),
            "diagnosis": one(
                "SELECT count(*) FROM eligibility_diagnosis d JOIN person p ON p.id = d.person_id "
                "WHERE p.usage_name LIKE 'CRASH%'"
            ),
            "criteria": one(
                "SELECT count(*) FROM eligibility_criterion c "
                "JOIN eligibility_diagnosis d ON d.id = c.diagnosis_id "
                "JOIN person p ON p.id = d.person_id WHERE p.usage_name LIKE 'CRASH%'"
            ),
            "pass": one(
                "SELECT count(*) FROM pass_iae a JOIN person p ON p.id = a.person_id "
                "WHERE p.usage_name LIKE 'CRASH%'"
            ),
            "audit": one(_CREATED.format(entity="person")),
            "audit_diagnosis": one(_CREATED.format(entity="eligibility_diagnosis")),
            "audit_pass": one(_CREATED.format(entity="pass_iae")),
            "orphans": one(
                "SELECT (SELECT count(*) FROM eligibility_diagnosis WHERE person_id NOT IN "
                "(SELECT id FROM person)) + (SELECT count(*) FROM pass_iae WHERE person_id NOT IN "
                "(SELECT id FROM person)) + (SELECT count(*) FROM eligibility_criterion WHERE "
                "diagnosis_id NOT IN (SELECT id FROM eligibility_diagnosis))"
            ),
        }
    finally:
        conn.close()
