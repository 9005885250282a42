"""A training session or an enrolment cancelled at another office, then corrected or
cancelled from a dialog opened before (issues 15 and 21): refused as a stale edit naming who
cancelled it and when, never « introuvable », every table as it was."""

from __future__ import annotations

from chantier_app.services.trainings.enrolment_corrections import (
    EnrolmentCorrection,
    cancel_enrolment,
    check_enrolment_correction,
    correct_enrolment,
)
from chantier_app.services.trainings.session_corrections import (
    SessionCorrection,
    cancel_session,
    check_session_correction,
    correct_session,
)
from tests.services.trainings.test_enrolment_corrections import SST, world
from tests.stale_records import another_office, refused_as_stale, stale_message

__all__ = ["world"]  # the fixture


def test_a_session_cancelled_elsewhere_is_a_stale_edit_here(ctx, world) -> None:
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_enrolment, world["enrolment"], "Inscrite par erreur")
        elsewhere.run(cancel_session, world["sst"], "Session annulée par l'organisme")
    expected = stale_message(ctx, "training_session", world["sst"])
    correction = SessionCorrection(world["sst"], SST)
    assert refused_as_stale(ctx, correct_session, correction) == expected
    assert refused_as_stale(ctx, cancel_session, world["sst"], "Doublon") == expected
    [said] = ctx.read(check_session_correction, correction)
    assert (said.code, said.message, said.field) == ("stale_edit", expected, "record")


def test_an_enrolment_cancelled_elsewhere_is_a_stale_edit_here(ctx, world) -> None:
    with another_office(ctx) as elsewhere:
        elsewhere.run(cancel_enrolment, world["enrolment"], "Inscrite par erreur")
    expected = stale_message(ctx, "enrolment", world["enrolment"])
    correction = EnrolmentCorrection(world["enrolment"], world["caces"])
    assert refused_as_stale(ctx, correct_enrolment, correction) == expected
    assert refused_as_stale(ctx, cancel_enrolment, world["enrolment"], "Doublon") == expected
    [said] = ctx.read(check_enrolment_correction, correction)
    assert (said.code, said.message) == ("stale_edit", expected)
