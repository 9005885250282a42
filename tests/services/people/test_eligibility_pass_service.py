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
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.domain.errors import (
    PermissionDeniedError,
    UnacknowledgedWarnings,
    ValidationError,
)
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts._history import load_history
from chantier_app.services.people import eligibility, pass_iae
from chantier_app.services.people import records as people
from chantier_app.services.people.diagnosis_corrections import cancel_diagnosis, correct_diagnosis
from chantier_app.services.people.pass_corrections import cancel_pass_suspension
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
    ctx.run(correct_diagnosis, diag_id, data, today=TODAY)
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
    ctx.run(cancel_diagnosis, diag_id, today=TODAY)
    assert ctx.read(eligibility.list_diagnoses, person_id) == []


def test_incoherent_criteria_are_refused_and_nothing_is_written(ctx, person_id) -> None:
    """The person (born 17 May 1990) is 36: « Senior » and « Jeune » are both refused,
    and ticked together they exclude each other."""
    data = eligibility.DiagnosisInput(
        D(2026, 6, 1), DiagnosisAuthor.STRUCTURE, None, {C.SENIOR: None, C.YOUTH: None, C.QPV: None}
    )
    with pytest.raises(ValidationError) as refused:
        ctx.run(eligibility.add_diagnosis, person_id, data, today=TODAY)
    assert refused.value.codes == [
        "criteria_exclusive",
        "criterion_senior_age",
        "criterion_youth_age",
    ]
    assert "36 ans le 01/06/2026" in refused.value.message
    assert ctx.read(eligibility.list_diagnoses, person_id) == []
    assert ctx.read(eligibility.diagnosis_birth_date, person_id) == D(1990, 5, 17)


def test_diagnosis_recorded_before_the_check_no_longer_counts_false_criteria(
    ctx, database, person_id
) -> None:
    """A diagnosis written before (Senior + Jeune + QPV read « Éligible ») now reads « Non
    éligible », its false criteria named."""
    with database.transaction() as session:
        diagnosis = m.EligibilityDiagnosis(
            person_id=person_id, made_on=D(2026, 6, 1), author_kind=DiagnosisAuthor.STRUCTURE
        )
        diagnosis.criteria = [
            m.EligibilityCriterionProof(criterion=c) for c in (C.SENIOR, C.YOUTH, C.QPV)
        ]
        session.add(diagnosis)
    (view,) = ctx.read(eligibility.list_diagnoses, person_id, today=D(2026, 6, 2))
    assert not view.outcome.eligible
    assert view.outcome.ignored == (C.SENIOR, C.YOUTH)


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
    ctx.run(cancel_pass_suspension, view.suspensions[0].id)
    (view,) = ctx.read(pass_iae.list_passes, person_id, today=D(2027, 12, 1))
    assert view.end == D(2027, 12, 31)


def test_prolongation_and_its_limit(ctx, person_id) -> None:
    pass_id = ctx.run(
        pass_iae.add_pass, person_id, pass_iae.PassInput("999992612345", D(2026, 1, 1))
    )
    start = ctx.read(pass_iae.suggested_prolongation_start, pass_id)
    assert start == D(2027, 12, 31)  # the PASS's last day, as the platform starts it
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
    ctx.run(pass_iae.add_prolongation, pass_id, rqth)
    (view,) = ctx.read(pass_iae.list_passes, person_id)
    assert view.end == D(2028, 12, 31)
    # Recorded as the days it adds: from the day after the former end.
    (added,) = view.prolongations
    assert (added.start, added.end, added.days) == (D(2028, 1, 1), D(2028, 12, 31), 366)
    with pytest.raises(ValidationError) as raised:
        ctx.run(
            pass_iae.add_prolongation,
            pass_id,
            pass_iae.ProlongationInput(PassProlongationReason.RQTH, D(2029, 1, 1), D(2030, 1, 15)),
        )
    assert raised.value.codes == ["prolongation_over_12_months"]
    with ctx.database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.PassProlongation)) == 1


def contract_history(ctx, person_id):
    with ctx.database.reading() as session:
        return load_history(session, person_id)


def _pass_ending_2026_12_31(ctx, person_id) -> int:
    return ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("999992612345", D(2025, 1, 1)))


def _prolong(ctx, pass_id, reason, start, end, **kwargs):
    data = pass_iae.ProlongationInput(reason, start, end, kwargs.pop("decided_on", None))
    return ctx.run(pass_iae.add_prolongation, pass_id, data, **kwargs)


def test_a_prolongation_not_tied_to_the_end_is_refused(ctx, person_id) -> None:
    """The issue's case: 2026-06-01..2027-05-31 on a PASS ending 2026-12-31 pushed the end
    to 2027-12-31; it is refused, the end unchanged, and a CDDI for June-November 2027 is
    then refused for want of a PASS."""
    pass_id = _pass_ending_2026_12_31(ctx, person_id)
    with pytest.raises(ValidationError) as raised:
        _prolong(ctx, pass_id, PassProlongationReason.DIFFICULTIES, D(2026, 6, 1), D(2027, 5, 31))
    assert raised.value.codes == ["prolongation_not_from_pass_end"]
    (view,) = ctx.read(pass_iae.list_passes, person_id)
    assert view.end == D(2026, 12, 31) and view.prolongations == []
    history = contract_history(ctx, person_id)
    assert history.pass_at(D(2027, 6, 1)) is None


def test_the_platforms_decision_starting_on_the_last_day_is_accepted(ctx, person_id) -> None:
    pass_id = _pass_ending_2026_12_31(ctx, person_id)
    _prolong(ctx, pass_id, PassProlongationReason.DIFFICULTIES, D(2026, 12, 31), D(2027, 12, 31))
    (view,) = ctx.read(pass_iae.list_passes, person_id)
    assert view.end == D(2027, 12, 31)
    assert [(p.start, p.end, p.days) for p in view.prolongations] == [
        (D(2027, 1, 1), D(2027, 12, 31), 365)
    ]


def test_the_ceiling_counts_every_prolongation_of_the_pass(ctx, person_id) -> None:
    """Three years for « difficultés particulières », then RQTH (3 years too): refused, a
    72-month path no more; nothing written by the refusal."""
    pass_id = _pass_ending_2026_12_31(ctx, person_id)
    with ctx.database.transaction() as session:
        session.get(m.Person, person_id).rqth = True
    end = D(2026, 12, 31)
    for year in (2027, 2028, 2029):
        _prolong(ctx, pass_id, PassProlongationReason.DIFFICULTIES, end, D(year, 12, 31))
        end = D(year, 12, 31)
    with pytest.raises(ValidationError) as raised:
        _prolong(ctx, pass_id, PassProlongationReason.RQTH, end, D(2030, 12, 31))
    assert raised.value.codes == ["prolongation_cumulative_limit"]
    assert "tous motifs confondus" in raised.value.message
    (view,) = ctx.read(pass_iae.list_passes, person_id)
    assert view.end == D(2029, 12, 31) and len(view.prolongations) == 3


def test_a_training_prolongation_stops_with_the_training(ctx, person_id) -> None:
    """No cumulative ceiling for a training, but no later than its end (R5132-1-8 1° b);
    without a training recorded, a warning to acknowledge, traced in the journal."""
    pass_id = _pass_ending_2026_12_31(ctx, person_id)
    with pytest.raises(UnacknowledgedWarnings) as warned:
        _prolong(
            ctx, pass_id, PassProlongationReason.FINISH_TRAINING, D(2026, 12, 31), D(2027, 3, 31)
        )
    assert warned.value.codes == ["prolongation_no_training_recorded"]
    with ctx.database.transaction() as session:
        training = m.TrainingSession(
            title="Titre professionnel", kind=TrainingKind.QUALIFYING,
            start_date=D(2026, 9, 1), end_date=D(2027, 3, 15),
        )  # fmt: skip
        training.enrolments.append(m.Enrolment(person_id=person_id))
        session.add(training)
    with pytest.raises(ValidationError) as raised:
        _prolong(
            ctx, pass_id, PassProlongationReason.FINISH_TRAINING, D(2026, 12, 31), D(2027, 3, 16)
        )
    assert raised.value.codes == ["prolongation_beyond_training"]
    assert "15/03/2027" in raised.value.message
    _prolong(ctx, pass_id, PassProlongationReason.FINISH_TRAINING, D(2026, 12, 31), D(2027, 3, 15))
    (view,) = ctx.read(pass_iae.list_passes, person_id)
    assert view.end == D(2027, 3, 15)


def test_a_decision_outside_the_request_window_is_warned_then_traced(ctx, person_id) -> None:
    pass_id = _pass_ending_2026_12_31(ctx, person_id)
    late = {"decided_on": D(2027, 7, 1)}  # 6 months and a day after the end
    args = (PassProlongationReason.DIFFICULTIES, D(2026, 12, 31), D(2027, 12, 31))
    with pytest.raises(UnacknowledgedWarnings) as warned:
        _prolong(ctx, pass_id, *args, **late)
    assert warned.value.codes == ["prolongation_request_window"]
    assert ctx.read(pass_iae.list_passes, person_id)[0].prolongations == []
    _prolong(ctx, pass_id, *args, **late, acknowledge_warnings=True)
    with ctx.database.reading() as session:
        summary = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.entity == "pass_prolongation")
        ).one()
    assert "avertissement accepté : prolongation_request_window" in summary


def test_a_suspension_may_last_more_than_12_months(ctx, person_id) -> None:
    """R5132-1-3 sets no ceiling: 18 months are recorded; beyond the platform's 36 months,
    a warning to acknowledge."""
    pass_id = _pass_ending_2026_12_31(ctx, person_id)
    sick = PassSuspensionReason.SICKNESS
    ctx.run(
        pass_iae.add_suspension,
        pass_id,
        pass_iae.SuspensionInput(sick, D(2025, 3, 1), D(2026, 8, 31)),  # 18 months
    )
    (view,) = ctx.read(pass_iae.list_passes, person_id)
    assert view.end == D(2026, 12, 31) + dt.timedelta(days=549)
    with pytest.raises(UnacknowledgedWarnings) as warned:
        ctx.run(
            pass_iae.add_suspension,
            pass_id,
            pass_iae.SuspensionInput(sick, D(2026, 9, 1), D(2029, 9, 1)),  # 36 months + 1 day
        )
    assert warned.value.codes == ["suspension_over_36_months"]
    ctx.run(
        pass_iae.add_suspension,
        pass_id,
        pass_iae.SuspensionInput(sick, D(2026, 9, 1), D(2029, 9, 1)),
        acknowledge_warnings=True,
    )
    assert len(ctx.read(pass_iae.list_passes, person_id)[0].suspensions) == 2


def test_a_person_has_one_pass_at_a_time(ctx, person_id) -> None:
    ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("999992612345", D(2026, 1, 1)))
    with pytest.raises(ValidationError) as raised:
        ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("999992612346", D(2027, 6, 1)))
    assert raised.value.codes == ["pass_overlap"]
    assert "chevaucherait le PASS n° 99999 26 12345 (du 01/01/2026 au 31/12/2027)" in (
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
