"""Correcting an enrolment made in the wrong session and cancelling one made by mistake:
``enrol``'s own rules, the previous version kept, refusals change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import EnrolmentStatus, TrainingKind, TrainingResult
from chantier_app.domain.errors import PermissionDeniedError, ValidationError
from chantier_app.services.context import AppContext
from chantier_app.services.history import record_history, row_values
from chantier_app.services.hours import grid as hours
from chantier_app.services.structure.accounts import actor_for
from chantier_app.services.trainings import attendance, enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.enrolment_corrections import (
    EnrolmentCorrection,
    cancel_enrolment,
    correct_enrolment,
    may_correct_enrolment,
)
from chantier_app.services.trainings.enrolments import ResultInput
from chantier_app.services.trainings.sessions import SessionInput
from tests import support_factory as f
from tests.team_factory import supervisor_of, team_of

D = dt.date
SST = SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 10), "14", "Croix-Rouge")
CACES = SessionInput("CACES", TrainingKind.SAFETY, D(2026, 4, 13), D(2026, 4, 15), "21")
LATE = SessionInput("Tri", TrainingKind.SAFETY, D(2026, 8, 3), D(2026, 8, 4), "14")


@pytest.fixture
def world(ctx, database):
    with database.transaction() as session:
        a = f.person(session, "Lefèvre")
        contract = f.contract(session, a, D(2026, 1, 1), D(2026, 6, 30))
        team = team_of(session, a.id)
        ids = {"a": a.id, "contract": contract.id, "team": team}
    for key, data in (("sst", SST), ("caces", CACES), ("late", LATE)):
        ids[key] = ctx.run(trainings.save_session, None, data).id
    ids["enrolment"] = ctx.run(enrolments.enrol, ids["sst"], ids["a"]).id
    return ids


def _state(database) -> tuple[object, ...]:
    with database.reading() as session:
        rows = [
            row_values(e) for e in session.scalars(select(m.Enrolment).order_by(m.Enrolment.id))
        ]
        for row in rows:
            row.pop("updated_at")
        counts = [
            session.scalar(select(func.count()).select_from(model))
            for model in (m.RecordVersion, m.AuditEntry, m.TrainingAttendance)
        ]
    return rows, counts


def _refused(ctx, action, *args, **kwargs) -> ValidationError:
    before = _state(ctx.database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(action, *args, **kwargs)
    assert _state(ctx.database) == before
    return raised.value


def test_an_enrolment_moves_to_the_right_session_with_its_previous_version(
    ctx, database, world
) -> None:
    view = ctx.run(correct_enrolment, EnrolmentCorrection(world["enrolment"], world["caces"]))
    assert (view.session_title, view.contract_id) == ("CACES", world["contract"])
    (version,) = ctx.read(record_history, world["a"])
    assert (version.kind, version.action) == (RecordKind.ENROLMENT, VersionAction.CORRECT)
    assert version.previous["session_id"] == world["sst"]
    assert version.summary == (
        "session : SST du 09/03/2026 au 10/03/2026 → CACES du 13/04/2026 au 15/04/2026"
    )
    assert dict(version.before)["Session"] == "SST"
    with database.reading() as session:
        line = session.scalars(
            select(m.AuditEntry.summary).where(m.AuditEntry.summary.startswith("correction"))
        ).one()
    assert line == "correction : inscription à une formation : session corrigée"
    # The team's encadrant reads it (they enter attendance); another team's does not.
    assert AppContext(database, supervisor_of(world["team"])).read(record_history, world["a"])
    with pytest.raises(PermissionDeniedError):
        AppContext(database, supervisor_of(world["team"] + 99)).read(record_history, world["a"])


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("sst", "correction_unchanged"),
        ("late", "no_contract_during_session"),
        ("taken", "already_enrolled"),
        ("attended", "enrolment_attendance_entered"),
        ("result", "reason_required"),
    ],
)
def test_an_invalid_enrolment_correction_is_refused_and_changes_nothing(
    ctx, database, world, target, code
) -> None:
    session_id = world["caces"] if target in {"taken", "attended", "result"} else world[target]
    if target == "taken":
        ctx.run(enrolments.enrol, world["caces"], world["a"])
    if target == "attended":
        ctx.run(attendance.record_day, world["sst"], D(2026, 3, 9), {world["enrolment"]: "7"})
    if target == "result":
        ctx.run(
            enrolments.record_result,
            world["enrolment"],
            ResultInput(EnrolmentStatus.COMPLETED, TrainingResult.OBTAINED, "SST", D(2026, 3, 10)),
        )
    error = _refused(ctx, correct_enrolment, EnrolmentCorrection(world["enrolment"], session_id))
    assert code in error.codes, error.message


def test_a_cancelled_enrolment_is_gone_and_kept_in_the_history(ctx, database, world) -> None:
    ctx.run(hours.declare_month, D(2026, 3, 1))
    error = _refused(ctx, cancel_enrolment, world["enrolment"])
    assert error.by_field == {
        "reason": ["Motif de l'annulation : obligatoire, un mois de la session a été déclaré."]
    }
    ctx.run(cancel_enrolment, world["enrolment"], "Inscrite par erreur")
    assert ctx.read(enrolments.person_enrolments, world["a"]) == []
    (version,) = ctx.read(record_history, world["a"])
    assert (version.action, version.reason) == (VersionAction.CANCEL, "Inscrite par erreur")
    assert version.summary == "inscription annulée : SST du 09/03/2026 au 10/03/2026"


def test_the_cip_corrects_any_enrolment_the_encadrant_none(ctx, database, world) -> None:
    with database.transaction() as session:
        _member, cip = f.staff(session, Role.CIP)
        member, _ = f.staff(session, Role.SUPERVISOR, "Petitjean")
        member.teams = [session.get(m.Team, world["team"])]
        supervisor = actor_for(member)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    cip_ctx, supervisor_ctx = AppContext(database, cip), AppContext(database, supervisor)
    assert not supervisor_ctx.read(may_correct_enrolment, world["enrolment"])
    before = _state(database)
    with pytest.raises(PermissionDeniedError):
        supervisor_ctx.run(cancel_enrolment, world["enrolment"])
    assert _state(database)[0] == before[0]
    assert cip_ctx.read(may_correct_enrolment, world["enrolment"], today=tomorrow)
    cip_ctx.run(
        correct_enrolment, EnrolmentCorrection(world["enrolment"], world["caces"]), today=tomorrow
    )
