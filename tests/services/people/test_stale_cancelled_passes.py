"""A PASS IAE, its suspension or a diagnosis cancelled at another office, then corrected,
cancelled or prolonged from a dialog opened before (issues 15 and 21): refused as a stale edit
naming who cancelled it and when, never « introuvable », every table as it was."""

from __future__ import annotations

from chantier_app.domain.codes.contract_codes import PassProlongationReason
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.services.people import eligibility, pass_iae
from chantier_app.services.people.diagnosis_corrections import (
    cancel_diagnosis,
    check_diagnosis_correction,
    correct_diagnosis,
)
from chantier_app.services.people.eligibility import DiagnosisInput
from chantier_app.services.people.pass_corrections import (
    cancel_pass,
    cancel_pass_suspension,
    check_cancel_pass_suspension,
    check_pass_correction,
    correct_pass,
    correct_pass_suspension,
)
from chantier_app.services.people.pass_iae import PassInput, ProlongationInput, SuspensionInput
from tests.services.people.test_diagnosis_corrections import LEVEL_2
from tests.services.people.test_pass_corrections import NUMBER, SICK, D, world
from tests.stale_records import another_office, refused_as_stale, stale_message

__all__ = ["world"]  # the fixture


def test_a_pass_cancelled_elsewhere_is_a_stale_edit_here(ctx, world) -> None:
    corrected = PassInput("99999 25 54321", D(2025, 1, 1))
    with another_office(ctx) as elsewhere:
        elsewhere.run(
            cancel_pass, world["pass"], "Saisi sur le mauvais dossier", acknowledge_warnings=True
        )
    expected = stale_message(ctx, "pass_iae", world["pass"])
    assert refused_as_stale(ctx, correct_pass, world["pass"], corrected, "Faute") == expected
    assert refused_as_stale(ctx, cancel_pass, world["pass"], "Doublon") == expected
    suspension = SuspensionInput(SICK, D(2025, 7, 1), D(2025, 7, 5), "hospitalisation")
    assert refused_as_stale(ctx, pass_iae.add_suspension, world["pass"], suspension) == expected
    prolongation = ProlongationInput(
        PassProlongationReason.DIFFICULTIES, D(2027, 1, 11), D(2027, 6, 30)
    )
    assert refused_as_stale(ctx, pass_iae.add_prolongation, world["pass"], prolongation) == expected
    [said] = ctx.read(check_pass_correction, world["pass"], corrected, "Faute")
    assert (said.code, said.message, said.field) == ("stale_edit", expected, "record")


def test_a_pass_suspension_cancelled_elsewhere_is_a_stale_edit_here(ctx, world) -> None:
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_pass_suspension, world["suspension"], "Saisie en double")
    expected = stale_message(ctx, "pass_suspension", world["suspension"])
    corrected = SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 20), "hospitalisation")
    message = refused_as_stale(ctx, correct_pass_suspension, world["suspension"], corrected)
    assert message == expected
    [said] = ctx.read(check_cancel_pass_suspension, world["suspension"], "Doublon")
    assert (said.code, said.message) == ("stale_edit", expected)


def test_a_suspension_of_a_pass_cancelled_elsewhere_is_a_stale_edit_here(ctx, world) -> None:
    with another_office(ctx) as elsewhere:
        elsewhere.run(
            cancel_pass, world["pass"], "Saisi sur le mauvais dossier", acknowledge_warnings=True
        )
    corrected = SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 20), "hospitalisation")
    # Cancelled with its PASS: the PASS's line in the trail says who and when.
    message = refused_as_stale(ctx, correct_pass_suspension, world["suspension"], corrected)
    assert message == stale_message(ctx, "pass_iae", world["pass"])
    assert NUMBER not in message


def test_a_diagnosis_cancelled_elsewhere_is_a_stale_edit_here(ctx, world) -> None:
    today = D(2026, 6, 20)
    data = DiagnosisInput(D(2026, 6, 1), DiagnosisAuthor.STRUCTURE, None, dict(LEVEL_2))
    diagnosis = ctx.run(eligibility.add_diagnosis, world["person"], data, today=D(2026, 6, 1))
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_diagnosis, diagnosis, "Saisi sur le mauvais dossier", today=today)
    expected = stale_message(ctx, "eligibility_diagnosis", diagnosis)
    fixed = DiagnosisInput(D(2026, 6, 2), DiagnosisAuthor.STRUCTURE, None, dict(LEVEL_2))
    message = refused_as_stale(ctx, correct_diagnosis, diagnosis, fixed, "Date", today=today)
    assert message == expected
    assert refused_as_stale(ctx, cancel_diagnosis, diagnosis, "Doublon", today=today) == expected
    [said] = ctx.read(check_diagnosis_correction, diagnosis, fixed, "Date", today=today)
    assert (said.code, said.message) == ("stale_edit", expected)
