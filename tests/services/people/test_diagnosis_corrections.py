"""Correcting and cancelling an eligibility diagnosis with history: add_diagnosis's own rules
on the corrected diagnosis, the previous criteria kept, refusals leave the database as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion as C
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import AppContext
from chantier_app.services.history import record_history
from chantier_app.services.people import eligibility
from chantier_app.services.people.diagnosis_corrections import (
    cancel_diagnosis,
    check_cancel_diagnosis,
    correct_diagnosis,
    may_correct_diagnosis,
)
from chantier_app.services.people.eligibility import DiagnosisInput
from tests import support_factory as f
from tests.db_dump import dump
from tests.team_factory import team_of

D = dt.date
TODAY = D(2026, 6, 20)
LEVEL_2 = {C.LOW_EDUCATION: "Attestation", C.DELD: None, C.QPV: "Justificatif de domicile"}


@pytest.fixture
def world(ctx, database) -> dict[str, int]:
    with database.transaction() as session:
        person = f.person(session)
        person.birth_date = D(1990, 5, 17)  # 36 in 2026: « Senior » and « Jeune » do not fit
        cip, _ = f.staff(session, Role.CIP)
        supervisor, _ = f.staff(session, Role.SUPERVISOR, last="Petitjean")
        supervisor.teams = [session.get(m.Team, team_of(session, person.id))]
        ids = {"person": person.id, "cip": cip.id, "supervisor": supervisor.id}
    ids["diagnosis"] = ctx.run(
        eligibility.add_diagnosis,
        ids["person"],
        DiagnosisInput(D(2026, 6, 1), DiagnosisAuthor.STRUCTURE, None, dict(LEVEL_2)),
        today=D(2026, 6, 1),
    )
    return ids


def _as(ctx, staff_id: int) -> AppContext:
    from chantier_app.services.structure.accounts import actor_for

    with ctx.database.reading() as session:
        return AppContext(ctx.database, actor_for(session.get(m.Staff, staff_id)))


def _refused(ctx, action, *args, **kwargs) -> ValidationError:
    before = dump(ctx.database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(action, *args, **kwargs)
    assert dump(ctx.database) == before
    return raised.value


def test_a_diagnosis_is_corrected_and_its_previous_criteria_are_kept(ctx, world) -> None:
    cip = _as(ctx, world["cip"])  # not its author, another day: the CIP corrects diagnoses
    data = DiagnosisInput(
        D(2026, 6, 2), DiagnosisAuthor.PRESCRIBER, "France Travail Paris 19", {C.RSA: "CAF"}
    )
    view = cip.run(
        correct_diagnosis, world["diagnosis"], data, "Diagnostic du prescripteur", today=TODAY
    )
    assert view.criteria == [(C.RSA, "CAF")] and view.outcome.eligible
    assert view.author_name == "France Travail Paris 19"
    (version,) = cip.read(record_history, world["person"])
    assert (version.kind, version.action) == (RecordKind.DIAGNOSIS, VersionAction.CORRECT)
    assert version.reason == "Diagnostic du prescripteur"
    assert version.previous["criteria"] == [
        {"criterion": C.LOW_EDUCATION.value, "proof": "Attestation"},
        {"criterion": C.DELD.value, "proof": None},
        {"criterion": C.QPV.value, "proof": "Justificatif de domicile"},
    ]
    assert version.summary.startswith(
        "diagnostic d'éligibilité du 01/06/2026 : date : 01/06/2026 → 02/06/2026 ; réalisé par :"
    )
    assert "critères : " in version.summary and "RSA" in version.summary
    assert dict(version.before)["Réalisé le"] == "01/06/2026"
    with ctx.database.reading() as session:
        line = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("correction"))
        ).one()
    # The trail names the fields, never the criteria (RSA, a disability, a detention).
    assert line == (
        "correction : diagnostic d'éligibilité du 01/06/2026 : date, auteur, critères corrigé(s)"
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            DiagnosisInput(D(2026, 7, 1), DiagnosisAuthor.STRUCTURE, None, LEVEL_2),
            "diagnosis_date_future",
        ),
        (DiagnosisInput(D(2026, 6, 1), None, None, LEVEL_2), "diagnosis_author_required"),
        (
            DiagnosisInput(
                D(2026, 6, 1), DiagnosisAuthor.STRUCTURE, None, {C.SENIOR: None, **LEVEL_2}
            ),
            "criterion_senior_age",
        ),
        (
            DiagnosisInput(D(2026, 6, 1), DiagnosisAuthor.STRUCTURE, None, LEVEL_2),
            "correction_unchanged",
        ),
    ],
)
def test_an_invalid_diagnosis_correction_is_refused_and_changes_nothing(
    ctx, world, data, code
) -> None:
    error = _refused(ctx, correct_diagnosis, world["diagnosis"], data, today=TODAY)
    assert code in error.codes, error.message


def test_once_a_contract_started_on_it_a_reason_is_required(ctx, database, world) -> None:
    with database.transaction() as session:
        f.contract(session, session.get(m.Person, world["person"]), D(2026, 6, 8), D(2026, 12, 7))
    data = DiagnosisInput(D(2026, 6, 1), DiagnosisAuthor.STRUCTURE, None, {C.RSA: None})
    error = _refused(ctx, correct_diagnosis, world["diagnosis"], data, today=TODAY)
    assert error.message == (
        "Motif de la correction : obligatoire, un contrat a commencé le 08/06/2026 sur ce "
        "diagnostic."
    )
    error = _refused(ctx, cancel_diagnosis, world["diagnosis"], "  ", today=TODAY)
    assert error.message == (
        "Motif de l'annulation : obligatoire, un contrat a commencé le 08/06/2026 sur ce "
        "diagnostic."
    )
    assert ctx.read(check_cancel_diagnosis, world["diagnosis"], "Autre personne", today=TODAY) == []


def test_a_cancelled_diagnosis_is_gone_and_kept_in_the_history(ctx, world) -> None:
    ctx.run(cancel_diagnosis, world["diagnosis"], "Saisi sur le mauvais dossier", today=TODAY)
    assert ctx.read(eligibility.list_diagnoses, world["person"]) == []
    (version,) = ctx.read(record_history, world["person"])
    assert (version.kind, version.action) == (RecordKind.DIAGNOSIS, VersionAction.CANCEL)
    assert version.summary == (
        "diagnostic d'éligibilité du 01/06/2026 annulé (critères : Niveau d'étude inférieur ou "
        "égal au CAP/BEP, Demandeur d'emploi de longue durée (12 à 24 mois), Résident en "
        "quartier prioritaire de la ville (QPV))"
    )
    assert [c["criterion"] for c in version.previous["criteria"]] == [
        C.LOW_EDUCATION.value,
        C.DELD.value,
        C.QPV.value,
    ]
    with ctx.database.reading() as session:
        line = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("annulation"))
        ).one()
    assert line == "annulation : diagnostic d'éligibilité du 01/06/2026 annulé"


def test_the_encadrant_neither_corrects_nor_reads_diagnoses(ctx, world) -> None:
    supervisor = _as(ctx, world["supervisor"])
    assert not supervisor.read(may_correct_diagnosis, world["diagnosis"])
    before = dump(ctx.database)
    with pytest.raises(PermissionDeniedError):
        supervisor.run(cancel_diagnosis, world["diagnosis"], "x", today=TODAY)
    after = dump(ctx.database)
    # Only the refusal is written (its audit line); the diagnosis is as it was.
    assert {k: v for k, v in after.items() if k != "audit_entry"} == {
        k: v for k, v in before.items() if k != "audit_entry"
    }
    assert len(after["audit_entry"]) == len(before["audit_entry"]) + 1
    ctx.run(cancel_diagnosis, world["diagnosis"], today=TODAY)
    assert supervisor.read(record_history, world["person"]) == []
