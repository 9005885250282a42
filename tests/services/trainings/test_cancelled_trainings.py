"""A training session or an enrolment cancelled by mistake stays in the database, marked
cancelled (who, when, why), read by no one but the history (issue 15: nothing is
hard-deleted but by the retention rules); a person cancelled out of a session may be
enrolled in it again; a session nobody is enrolled in keeps its previous versions too, of no
one's file, read in its own history."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.domain.errors import ValidationError
from chantier_app.services.history import record_history
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.enrolment_corrections import (
    EnrolmentCorrection,
    cancel_enrolment,
    check_enrolment_correction,
    correct_enrolment,
)
from chantier_app.services.trainings.session_corrections import (
    SessionCorrection,
    cancel_session,
    correct_session,
    session_history,
)
from chantier_app.services.trainings.sessions import SessionInput
from tests import support_factory as f
from tests.db_dump import dump

D = dt.date
SST = SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 10), "14", "Croix-Rouge")
CACES = SessionInput("CACES", TrainingKind.SAFETY, D(2026, 4, 13), D(2026, 4, 15), "21")


@pytest.fixture
def world(ctx, database) -> dict[str, int]:
    with database.transaction() as session:
        a = f.person(session, "Lefèvre")
        f.contract(session, a, D(2026, 1, 1), D(2026, 6, 30))
        ids = {"a": a.id}
    ids["sst"] = ctx.run(trainings.save_session, None, SST).id
    ids["caces"] = ctx.run(trainings.save_session, None, CACES).id
    ids["enrolment"] = ctx.run(enrolments.enrol, ids["sst"], ids["a"]).id
    return ids


def _row(ctx, model, record_id: int) -> tuple[object, ...]:
    with ctx.database.reading() as session:
        # Asked first: once loaded, ``get`` answers from the session without a query.
        seen = session.get(model, record_id) is not None
        row = session.get(model, record_id, execution_options=including_cancelled())
        assert row is not None
        return row.cancelled_at is not None, row.cancelled_by_id, row.cancellation_reason, seen


def test_a_cancelled_enrolment_is_kept_and_the_person_may_be_enrolled_again(ctx, world) -> None:
    ctx.run(cancel_enrolment, world["enrolment"], "Mauvaise personne")
    assert _row(ctx, m.Enrolment, world["enrolment"]) == (
        True,
        ctx.actor.staff_id,
        "Mauvaise personne",
        False,
    )
    assert [e.id for e in ctx.read(enrolments.list_enrolments, world["sst"])] == []
    # Enrolled again from the session: a new enrolment, the cancelled one kept as it was
    # (unique among live enrolments only, migration 0025).
    again = ctx.run(enrolments.enrol, world["sst"], world["a"])
    assert again.id != world["enrolment"]
    assert _row(ctx, m.Enrolment, world["enrolment"]) == (
        True,
        ctx.actor.staff_id,
        "Mauvaise personne",
        False,
    )
    assert [e.id for e in ctx.read(enrolments.list_enrolments, world["sst"])] == [again.id]
    # A second live enrolment of hers there is refused in French, nothing written.
    other = ctx.run(enrolments.enrol, world["caces"], world["a"]).id
    found = ctx.read(check_enrolment_correction, EnrolmentCorrection(other, world["sst"]))
    assert [v.code for v in found] == ["already_enrolled"]
    before = dump(ctx.database)
    with pytest.raises(ValidationError):
        ctx.run(correct_enrolment, EnrolmentCorrection(other, world["sst"]))
    assert dump(ctx.database) == before
    (line,) = ctx.read(record_history, world["a"])
    assert (line.kind, line.action, line.reason) == (
        RecordKind.ENROLMENT,
        VersionAction.CANCEL,
        "Mauvaise personne",
    )


def test_a_cancelled_session_keeps_its_row_with_its_enrolments(ctx, world) -> None:
    ctx.run(cancel_session, world["sst"], "Saisie en double")
    assert _row(ctx, m.TrainingSession, world["sst"])[2:] == ("Saisie en double", False)
    assert _row(ctx, m.Enrolment, world["enrolment"])[2:] == ("Saisie en double", False)
    assert [s.title for s in ctx.read(trainings.list_sessions)] == ["CACES"]
    (line,) = ctx.read(record_history, world["a"])
    assert (line.kind, line.action) == (RecordKind.TRAINING_SESSION, VersionAction.CANCEL)
    # The cancelled session's history is still read (the version kept in her file).
    (kept,) = ctx.read(session_history, world["sst"])
    assert (kept.action, kept.reason, kept.previous["title"]) == (
        VersionAction.CANCEL,
        "Saisie en double",
        "SST",
    )


def test_a_session_nobody_is_enrolled_in_keeps_its_versions(ctx, world) -> None:
    fixed = SessionInput("CACES R489", TrainingKind.SAFETY, D(2026, 4, 13), D(2026, 4, 15), "21")
    ctx.run(correct_session, SessionCorrection(world["caces"], fixed, "Intitulé complet"))
    ctx.run(cancel_session, world["caces"], "Session reportée")
    with ctx.database.reading() as session:
        versions = session.scalars(
            select(m.RecordVersion)
            .where(m.RecordVersion.record_id == world["caces"])
            .where(m.RecordVersion.kind == RecordKind.TRAINING_SESSION.value)
            .order_by(m.RecordVersion.id)
        ).all()
        assert [(v.person_id, v.action, v.reason) for v in versions] == [
            (None, VersionAction.CORRECT.value, "Intitulé complet"),
            (None, VersionAction.CANCEL.value, "Session reportée"),
        ]
    cancelled, corrected = ctx.read(session_history, world["caces"])
    assert corrected.summary == "session « CACES R489 » : intitulé : CACES → CACES R489"
    assert corrected.previous["title"] == "CACES"
    assert cancelled.summary == "session annulée : CACES R489 du 13/04/2026 au 15/04/2026"
    assert cancelled.previous["title"] == "CACES R489"
    assert ctx.read(record_history, world["a"]) == []  # in no one's file
