"""Helpers of the data-safety tests: a multi-row action written like a service, and table dumps.

``hire`` stands for the people area's service (``services/people.py`` is not on this branch):
one person with an eligibility diagnosis (three criteria), a PASS IAE and the audit line,
all in the caller's transaction (``ctx.run``), so a half-done hire is detectable.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion
from chantier_app.domain.codes.person_codes import Civility, DiagnosisAuthor
from chantier_app.domain.errors import ValidationError
from chantier_app.services import audit, permissions
from chantier_app.services.context import Actor

CRITERIA = (EligibilityCriterion.SENIOR, EligibilityCriterion.DELD, EligibilityCriterion.QPV)
START = dt.date(2026, 1, 5)


def hire(
    session: Session,
    actor: Actor,
    n: int,
    *,
    usage_name: str | None = None,
    first_names: str = "Test",
    notes: str | None = None,
) -> int:
    """Create a person with a diagnosis, a PASS IAE and an audit line; returns the person id."""
    permissions.require(actor, permissions.Permission.PEOPLE_EDIT)
    name = f"CRASH{n}" if usage_name is None else usage_name
    if not name.strip():
        raise ValidationError("Le nom d'usage est obligatoire.", field="usage_name")
    person = m.Person(civility=Civility.MRS, usage_name=name, first_names=first_names, notes=notes)
    person.diagnoses.append(
        m.EligibilityDiagnosis(
            made_on=START,
            author_kind=DiagnosisAuthor.STRUCTURE,
            criteria=[m.EligibilityCriterionProof(criterion=c, proof=notes) for c in CRITERIA],
        )
    )
    person.passes.append(
        m.PassIae(
            number=f"9999{n:012d}",
            start_date=START,
            initial_end_date=START + dt.timedelta(days=730),
        )
    )
    session.add(person)
    session.flush()
    audit.record(
        session,
        actor,
        audit.Action.CREATE,
        "person",
        person.id,
        person_id=person.id,
        summary="embauche (test)",
    )
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


def hire_counts(path: Path) -> dict[str, int]:
    """How many rows each part of a hire has (all equal when no hire is half-done)."""
    conn = sqlite3.connect(path)
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
            "audit": one(
                "SELECT count(*) FROM audit_entry WHERE entity = 'person' AND action = 'create' "
                "AND summary = 'embauche (test)'"
            ),
            "orphans": one(
                "SELECT (SELECT count(*) FROM eligibility_diagnosis WHERE person_id NOT IN "
                "(SELECT id FROM person)) + (SELECT count(*) FROM pass_iae WHERE person_id NOT IN "
                "(SELECT id FROM person)) + (SELECT count(*) FROM eligibility_criterion WHERE "
                "diagnosis_id NOT IN (SELECT id FROM eligibility_diagnosis))"
            ),
        }
    finally:
        conn.close()
