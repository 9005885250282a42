"""Correcting a training session entered wrong and cancelling one entered by mistake: the
session's own rules and what hangs on it (attendance, the enrolled people's contracts, a
prolongation until its end), the previous version in each enrolled person's file, refusals
change nothing (whole dump)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ExtensionReason, PassProlongationReason
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.domain.errors import (
    PermissionDeniedError,
    UnacknowledgedWarnings,
    ValidationError,
)
from chantier_app.services.context import AppContext
from chantier_app.services.history import record_history
from chantier_app.services.trainings import attendance, enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.session_corrections import (
    SessionCorrection,
    cancel_session,
    check_cancel_session,
    check_session_correction,
    correct_session,
    session_history,
)
from chantier_app.services.trainings.sessions import SessionInput
from tests import support_factory as f
from tests.db_dump import dump
from tests.team_factory import supervisor_of, team_of

D = dt.date
SST = SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 11), "14", "Croix-Rouge")


def _with(**changes) -> SessionInput:
    from dataclasses import replace

    return replace(SST, **changes)


@pytest.fixture
def world(ctx, database):
    """Élodie and Moussa, under contract from January to June 2026, enrolled in the SST."""
    with database.transaction() as session:
        a = f.person(session, "Lefèvre")
        b = f.person(session, "Diallo")
        contract = f.contract(session, a, D(2026, 1, 1), D(2026, 6, 30))
        f.contract(session, b, D(2026, 1, 1), D(2026, 6, 30))
        team = team_of(session, a.id)
        ids = {"a": a.id, "b": b.id, "contract": contract.id, "team": team}
    ids["sst"] = ctx.run(trainings.save_session, None, SST).id
    ids["empty"] = ctx.run(trainings.save_session, None, _with(title="CACES")).id
    for who in ("a", "b"):
        ids[f"enrolment_{who}"] = ctx.run(enrolments.enrol, ids["sst"], ids[who]).id
    return ids


def _refused(ctx, action, *args, **kwargs) -> ValidationError:
    before = dump(ctx.database)
    with pytest.raises(ValidationError) as raised:
        ctx.run(action, *args, **kwargs)
    assert dump(ctx.database) == before
    return raised.value


def test_a_correction_keeps_the_session_as_it_was_in_each_enrolled_file(ctx, world) -> None:
    fixed = _with(provider="AFPA", start_date=D(2026, 3, 10), end_date=D(2026, 3, 12))
    view = ctx.run(correct_session, SessionCorrection(world["sst"], fixed))
    assert (view.provider, view.start_date, view.enrolled) == ("AFPA", D(2026, 3, 10), 2)
    for who in ("a", "b"):
        (line,) = ctx.read(record_history, world[who])
        assert (line.kind, line.action) == (RecordKind.TRAINING_SESSION, VersionAction.CORRECT)
        assert line.summary == (
            "session « SST » : dates : du 09/03/2026 au 11/03/2026 → du 10/03/2026 au "
            "12/03/2026 ; organisme : Croix-Rouge → AFPA"
        )
        assert line.before == (
            ("Organisme", "Croix-Rouge"),
            ("Début", "09/03/2026"),
            ("Fin", "11/03/2026"),
        )
    # Her team's encadrant, who enters the attendance, reads it in her file too.
    supervisor = AppContext(ctx.database, supervisor_of(world["team"]))
    assert [v.kind for v in supervisor.read(record_history, world["a"])] == [
        RecordKind.TRAINING_SESSION
    ]
    # The trainings page lists the correction once, not once per person.
    (once,) = ctx.read(session_history, world["sst"])
    assert json.loads(json.dumps(once.previous))["provider"] == "Croix-Rouge"
    # A session nobody is enrolled in: no one's file; its version is the session's own,
    # the audit line names what changed.
    ctx.run(correct_session, SessionCorrection(world["empty"], _with(title="CACES R489")))
    with ctx.database.reading() as session:
        trail = session.scalars(
            select(m.AuditEntry.summary).where(
                m.AuditEntry.entity == "training_session", m.AuditEntry.entity_id == world["empty"]
            )
        ).all()
    assert trail[-1] == "correction : session « CACES R489 » : intitulé corrigé(s)"
    (alone,) = ctx.read(session_history, world["empty"])
    assert alone.summary == "session « CACES R489 » : intitulé : CACES → CACES R489"


def test_attendance_bounds_the_dates_and_asks_a_reason(ctx, world) -> None:
    ctx.run(attendance.record_day, world["sst"], D(2026, 3, 9), {world["enrolment_a"]: "7"})
    later = _with(start_date=D(2026, 3, 10))
    error = _refused(ctx, correct_session, SessionCorrection(world["sst"], later))
    assert error.violations[0].message == (
        "Dates : des présences sont déjà saisies en dehors de ces dates (le 09/03/2026) ; "
        "effacez-les d'abord sur la feuille de présence."
    )
    longer = _with(end_date=D(2026, 3, 12))
    error = _refused(ctx, correct_session, SessionCorrection(world["sst"], longer))
    assert error.violations[0].message == (
        "Motif de la correction : obligatoire, des présences sont saisies."
    )
    assert [
        v.code for v in ctx.read(check_session_correction, SessionCorrection(world["sst"], longer))
    ] == ["reason_required"]
    ctx.run(correct_session, SessionCorrection(world["sst"], longer, "Un jour oublié"))
    assert ctx.read(record_history, world["a"])[0].reason == "Un jour oublié"


def test_enrolled_people_keep_a_contract_and_prolongations_are_flagged(
    ctx, database, world
) -> None:
    summer = _with(start_date=D(2026, 7, 6), end_date=D(2026, 7, 8))
    error = _refused(ctx, correct_session, SessionCorrection(world["sst"], summer))
    assert error.violations[0].message == (
        "Dates : pas de contrat pendant ces dates pour DIALLO Élodie, LEFÈVRE Élodie ; "
        "annulez d'abord l'inscription."
    )
    with database.transaction() as session:  # prolonged beyond 24 months until its end
        contract = session.get(m.Contract, world["contract"])
        contract.extension_reason = ExtensionReason.FINISH_TRAINING
        contract.extension_until = D(2026, 3, 11)
        # Moussa's PASS IAE prolonged to finish it, until its end too.
        approval = m.PassIae(
            person_id=world["b"],
            number="999992612345",
            start_date=D(2024, 3, 1),
            initial_end_date=D(2026, 2, 28),
        )
        approval.prolongations.append(
            m.PassProlongation(
                reason=PassProlongationReason.FINISH_TRAINING,
                start_date=D(2026, 3, 1),
                end_date=D(2026, 3, 11),
            )
        )
        session.add(approval)  # fmt: skip
    earlier = _with(end_date=D(2026, 3, 10))
    before = dump(database)
    with pytest.raises(UnacknowledgedWarnings) as warned:
        ctx.run(correct_session, SessionCorrection(world["sst"], earlier))
    assert dump(database) == before
    assert [v.message for v in warned.value.violations] == [
        "Fin : le contrat de LEFÈVRE Élodie est prolongé jusqu'au 11/03/2026 pour achever "
        "cette formation, qui finirait le 10/03/2026 : corrigez aussi sa prolongation.",
        "Fin : le PASS IAE de DIALLO Élodie est prolongé jusqu'au 11/03/2026 pour achever "
        "cette formation, qui finirait le 10/03/2026 : corrigez aussi sa prolongation.",
    ]
    ctx.run(
        correct_session,
        SessionCorrection(world["sst"], earlier),
        acknowledge=["training_prolongation_dates", "training_pass_prolongation_dates"],
    )
    assert ctx.read(record_history, world["a"])[0].summary.endswith(
        "avertissements acceptés : training_prolongation_dates, training_pass_prolongation_dates"
    )


def test_invalid_or_unchanged_corrections_and_who_may(ctx, database, world) -> None:
    error = _refused(ctx, correct_session, SessionCorrection(world["sst"], _with(title=" ")))
    assert error.codes == ["training_title"]
    assert _refused(ctx, correct_session, SessionCorrection(world["sst"], SST)).codes == [
        "correction_unchanged"
    ]
    supervisor = supervisor_of(world["team"])
    with pytest.raises(PermissionDeniedError):
        AppContext(database, supervisor).run(
            correct_session, SessionCorrection(world["sst"], _with(provider="AFPA"))
        )


def test_cancel_a_session_entered_by_mistake(ctx, database, world) -> None:
    ctx.run(attendance.record_day, world["sst"], D(2026, 3, 9), {world["enrolment_a"]: "7"})
    error = _refused(ctx, cancel_session, world["sst"], "Doublon")
    assert error.violations[0].message.startswith(
        "Session : des présences sont déjà saisies (le 09/03/2026) ; elles comptent"
    )
    ctx.run(attendance.record_day, world["sst"], D(2026, 3, 9), {world["enrolment_a"]: ""})
    assert [v.code for v in ctx.read(check_cancel_session, world["sst"])] == ["reason_required"]
    error = _refused(ctx, cancel_session, world["sst"])
    assert error.violations[0].message == (
        "Motif de l'annulation : obligatoire, des salariés y sont inscrits."
    )
    ctx.run(cancel_session, world["sst"], "Saisie en double")
    with database.reading() as session:
        assert session.get(m.TrainingSession, world["sst"]) is None
        assert session.scalars(select(m.Enrolment)).all() == []
    (line,) = ctx.read(record_history, world["a"])
    assert (line.action, line.reason) == (VersionAction.CANCEL, "Saisie en double")
    assert line.summary == (
        "session annulée : SST du 09/03/2026 au 11/03/2026 (inscription comprise)"
    )
    assert line.previous["enrolment"]["person_id"] == world["a"]
    # Nobody enrolled: cancelled without a reason.
    ctx.run(cancel_session, world["empty"])
    assert [s.title for s in ctx.read(trainings.list_sessions)] == []


def test_a_new_session_given_a_cancelled_ones_id_has_no_history(ctx, database, world) -> None:
    ctx.run(correct_session, SessionCorrection(world["empty"], _with(title="CACES R489")))
    sst = ctx.run(trainings.save_session, None, _with(title="HACCP"))  # the largest id
    ctx.run(enrolments.enrol, sst.id, world["a"])
    ctx.run(correct_session, SessionCorrection(sst.id, _with(title="HACCP 2")))
    ctx.run(cancel_session, sst.id, "Doublon")
    with database.transaction() as session:  # it was a minute ago
        for version in session.scalars(select(m.RecordVersion)):
            version.at -= dt.timedelta(minutes=1)
    again = ctx.run(trainings.save_session, None, _with(title="Tri"))
    assert again.id != sst.id  # the cancelled session keeps its row, and its id
    assert ctx.read(session_history, again.id) == []
