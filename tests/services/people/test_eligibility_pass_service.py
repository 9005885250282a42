"""Diagnoses and PASS IAE on a real database: validity boundaries, 730 days, moving ends."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion as C
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people import eligibility, pass_iae
from chantier_app.services.people import records as people
from tests.services.people_factory import TODAY, person_input

D = dt.date


@pytest.fixture
def person_id(ctx) -> int:
    return ctx.run(people.create_person, person_input(), today=TODAY)


def _structure_diagnosis(ctx, person_id: int, made_on: dt.date) -> int:
    data = eligibility.DiagnosisInput(
        made_on,
        DiagnosisAuthor.STRUCTURE,
        None,
        {C.LOW_EDUCATION: "Attestation", C.DELD: None, C.QPV: "Justificatif de domicile"},
    )
    return ctx.run(eligibility.add_diagnosis, person_id, data, today=made_on)


@pytest.mark.parametrize(("day", "valid"), [(91, True), (92, True), (93, False)])
def test_structure_diagnosis_day_91_92_93(ctx, person_id, day, valid) -> None:
    made = D(2026, 6, 1)
    _structure_diagnosis(ctx, person_id, made)
    today = made + dt.timedelta(days=day - 1)
    (view,) = ctx.read(eligibility.list_diagnoses, person_id, today=today)
    assert view.outcome.eligible
    assert view.valid_today is valid
    assert view.last_valid_day == D(2026, 8, 31)
    assert [c for c, _ in view.criteria] == [C.LOW_EDUCATION, C.DELD, C.QPV]


def test_diagnosis_edit_replaces_criteria_and_bad_input_writes_nothing(ctx, person_id) -> None:
    diag_id = _structure_diagnosis(ctx, person_id, D(2026, 6, 1))
    data = eligibility.DiagnosisInput(
        D(2026, 6, 2), DiagnosisAuthor.PRESCRIBER, "France Travail Paris 19", {C.RSA: "CAF"}
    )
    ctx.run(eligibility.update_diagnosis, diag_id, data, today=TODAY)
    (view,) = ctx.read(eligibility.list_diagnoses, person_id, today=TODAY)
    assert view.criteria == [(C.RSA, "CAF")] and view.author_name == "France Travail Paris 19"
    with pytest.raises(ValidationError):
        ctx.run(
            eligibility.add_diagnosis,
            person_id,
            eligibility.DiagnosisInput(None, DiagnosisAuthor.STRUCTURE),
            today=TODAY,
        )
    assert len(ctx.read(eligibility.list_diagnoses, person_id)) == 1
    ctx.run(eligibility.delete_diagnosis, diag_id)
    assert ctx.read(eligibility.list_diagnoses, person_id) == []


def test_supervisor_may_not_read_eligibility(ctx, database, person_id) -> None:
    supervisor = AppContext(database, Actor(None, "Marc", Role.SUPERVISOR))
    with pytest.raises(PermissionDeniedError):
        supervisor.read(eligibility.list_diagnoses, person_id)


def test_pass_lasts_730_days_and_suspension_moves_its_end(ctx, person_id) -> None:
    pass_id = ctx.run(
        pass_iae.add_pass, person_id, pass_iae.PassInput("99999 26 12345", D(2026, 1, 1))
    )
    (view,) = ctx.read(pass_iae.list_passes, person_id, today=D(2027, 12, 1))
    assert view.number == "999992612345" and view.formatted_number == "99999 26 12345"
    assert view.end == D(2027, 12, 31) and (view.end - view.start).days + 1 == 730
    assert view.status_text == "expire dans 30 jours"
    ctx.run(
        pass_iae.add_suspension,
        pass_id,
        pass_iae.SuspensionInput(PassSuspensionReason.SICKNESS, D(2026, 3, 1), D(2026, 3, 10)),
    )
    (view,) = ctx.read(pass_iae.list_passes, person_id, today=D(2027, 12, 1))
    assert view.end == D(2028, 1, 10) and view.suspensions[0].days == 10
    ctx.run(pass_iae.delete_suspension, view.suspensions[0].id)
    (view,) = ctx.read(pass_iae.list_passes, person_id, today=D(2027, 12, 1))
    assert view.end == D(2027, 12, 31)


def test_prolongation_and_its_limit(ctx, person_id) -> None:
    pass_id = ctx.run(
        pass_iae.add_pass, person_id, pass_iae.PassInput("999992612345", D(2026, 1, 1))
    )
    start = ctx.read(pass_iae.suggested_prolongation_start, pass_id)
    assert start == D(2028, 1, 1)
    rqth = pass_iae.ProlongationInput(
        PassProlongationReason.RQTH, start, D(2028, 12, 31), D(2027, 12, 1)
    )
    with pytest.raises(ValidationError) as raised:  # the person's file has no RQTH yet
        ctx.run(pass_iae.add_prolongation, pass_id, rqth)
    assert raised.value.codes == ["prolongation_without_rqth"]
    senior = dataclasses.replace(rqth, reason=PassProlongationReason.SENIOR)
    with pytest.raises(ValidationError) as raised:
        ctx.run(pass_iae.add_prolongation, pass_id, senior)
    assert raised.value.codes == ["prolongation_not_senior"]
    assert "Motif : la personne aura" in raised.value.message
    with ctx.database.transaction() as session:
        session.get(m.Person, person_id).rqth = True
    ctx.run(
        pass_iae.add_prolongation,
        pass_id,
        pass_iae.ProlongationInput(
            PassProlongationReason.RQTH, start, D(2028, 12, 31), D(2027, 12, 1)
        ),
    )
    (view,) = ctx.read(pass_iae.list_passes, person_id)
    assert view.end == D(2028, 12, 31)
    with pytest.raises(ValidationError) as raised:
        ctx.run(
            pass_iae.add_prolongation,
            pass_id,
            pass_iae.ProlongationInput(PassProlongationReason.RQTH, D(2029, 1, 1), D(2030, 1, 15)),
        )
    assert raised.value.codes == ["prolongation_over_12_months"]
    with ctx.database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.PassProlongation)) == 1


def test_a_person_has_one_pass_at_a_time(ctx, person_id) -> None:
    ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("999992612345", D(2026, 1, 1)))
    with pytest.raises(ValidationError) as raised:
        ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("999992612346", D(2027, 6, 1)))
    assert raised.value.codes == ["pass_overlap"]
    assert "chevaucherait le PASS n° 999992612345 (du 01/01/2026 au 31/12/2027)" in (
        raised.value.message
    )
    ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("999992612346", D(2028, 1, 1)))


def test_pass_number_unique_and_checked(ctx, person_id) -> None:
    ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("999992612345", D(2026, 1, 1)))
    with pytest.raises(ValidationError) as raised:
        ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("999992612345", D(2028, 2, 1)))
    assert raised.value.codes == ["pass_number_taken"]
    with pytest.raises(ValidationError) as raised:
        ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("1234", D(2026, 2, 1)))
    assert raised.value.codes == ["pass_number_format"]
    with ctx.database.reading() as session:
        audits = session.scalars(select(m.AuditEntry.entity)).all()
    assert audits.count("pass_iae") == 1
