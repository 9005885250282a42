"""Trainings on a real database: catalogue, enrolment, attendance per day, results, exam."""

from __future__ import annotations

import datetime as dt

import pytest

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.codes.support_codes import (
    EnrolmentStatus,
    TrainingKind,
    TrainingResult,
)
from chantier_app.domain.errors import (
    DuplicateError,
    LockedError,
    PermissionDeniedError,
    ValidationError,
)
from chantier_app.services.context import AppContext
from chantier_app.services.structure.accounts import actor_for
from chantier_app.services.trainings import attendance, enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.enrolments import ResultInput
from chantier_app.services.trainings.sessions import SessionInput
from tests import support_factory as f
from tests.team_factory import team_of

D = dt.date
SST = SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 10), "14", "Croix-Rouge")


@pytest.fixture
def world(ctx, database):
    with database.transaction() as session:
        a = f.person(session, "Lefèvre")
        b = f.person(session, "Diallo")
        f.person(session, "Sans-Contrat")
        contract_a = f.contract(session, a, D(2026, 1, 1), D(2026, 6, 30))
        f.contract(session, b, D(2026, 3, 10), D(2026, 9, 9))
        member, _ = f.staff(session, Role.SUPERVISOR)
        member.teams = [session.get(m.Team, team_of(session, a.id, b.id))]
        supervisor = actor_for(member)
        ids = {"a": a.id, "b": b.id, "contract_a": contract_a.id}
    ids["session"] = ctx.run(trainings.save_session, None, SST).id
    return ids, AppContext(database, supervisor)


def test_catalogue_and_candidates(ctx, world) -> None:
    ids, _ = world
    [listed] = ctx.read(trainings.list_sessions)
    assert (listed.title, listed.duration_minutes, listed.enrolled) == ("SST", 14 * 60, 0)
    names = [c.name for c in ctx.read(enrolments.candidates, ids["session"])]
    assert names == ["DIALLO Élodie", "LEFÈVRE Élodie"]  # not the one without a contract


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (SessionInput(" ", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 10)), "title"),
        (SessionInput("SST", None, D(2026, 3, 9), D(2026, 3, 10)), "kind"),
        (SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 8)), "end_date"),
        (
            SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 10), "abc"),
            "duration",
        ),
    ],
)
def test_bad_sessions_are_refused(ctx, data, field) -> None:
    with pytest.raises(ValidationError) as refused:
        ctx.run(trainings.save_session, None, data)
    assert field in refused.value.by_field
    assert ctx.read(trainings.list_sessions) == []


def test_enrol_once_and_record_attendance_by_day(ctx, world, database) -> None:
    ids, supervisor = world
    enrolment = ctx.run(enrolments.enrol, ids["session"], ids["a"])
    assert enrolment.contract_id == ids["contract_a"]
    with pytest.raises(DuplicateError):
        ctx.run(enrolments.enrol, ids["session"], ids["a"])
    other = ctx.run(enrolments.enrol, ids["session"], ids["b"])
    # The supervisor enters the sign-in sheet of the training day.
    count = supervisor.run(
        attendance.record_day, ids["session"], D(2026, 3, 9), {enrolment.id: "7", other.id: ""}
    )
    assert count == 1
    supervisor.run(
        attendance.record_day, ids["session"], D(2026, 3, 10), {enrolment.id: "7:30", other.id: "7"}
    )
    assert ctx.read(attendance.day_attendance, ids["session"], D(2026, 3, 10)) == {
        enrolment.id: 450,
        other.id: 420,
    }
    refreshed = ctx.read(enrolments.get_enrolment, enrolment.id)
    assert (
        refreshed.attended_minutes == 14 * 60 + 30 and refreshed.status is EnrolmentStatus.ATTENDING
    )
    assert ctx.read(attendance.training_minutes_by_month, ids["contract_a"]) == {D(2026, 3, 1): 870}
    supervisor.run(attendance.record_day, ids["session"], D(2026, 3, 10), {enrolment.id: "0"})
    assert ctx.read(enrolments.get_enrolment, enrolment.id).attended_minutes == 7 * 60
    with pytest.raises(PermissionDeniedError):
        supervisor.run(enrolments.enrol, ids["session"], ids["b"])


@pytest.mark.parametrize(
    ("day", "value", "code"),
    [
        (D(2026, 3, 9), "10:30", "attendance_over_10h"),
        (D(2026, 3, 9), "sept", "attendance_invalid"),
    ],
)
def test_bad_attendance_is_refused_whole(ctx, world, day, value, code) -> None:
    ids, _ = world
    a = ctx.run(enrolments.enrol, ids["session"], ids["a"])
    b = ctx.run(enrolments.enrol, ids["session"], ids["b"])
    with pytest.raises(ValidationError) as refused:
        ctx.run(attendance.record_day, ids["session"], day, {a.id: "7", b.id: value})
    assert refused.value.codes == [code]
    assert refused.value.violations[0].field == f"minutes_{b.id}"
    assert ctx.read(attendance.day_attendance, ids["session"], day) == {}


def test_day_outside_the_session_or_the_contract(ctx, world) -> None:
    ids, _ = world
    b = ctx.run(enrolments.enrol, ids["session"], ids["b"])
    with pytest.raises(ValidationError, match="du 09/03/2026 au 10/03/2026"):
        ctx.run(attendance.record_day, ids["session"], D(2026, 3, 11), {b.id: "7"})
    with pytest.raises(ValidationError) as refused:  # b's contract starts on 10 March
        ctx.run(attendance.record_day, ids["session"], D(2026, 3, 9), {b.id: "7"})
    assert refused.value.codes == ["attendance_outside_contract"]


def test_declared_month_is_locked(ctx, world, database) -> None:
    ids, _ = world
    a = ctx.run(enrolments.enrol, ids["session"], ids["a"])
    with database.transaction() as session:
        session.add(m.DeclaredMonth(month=D(2026, 3, 1), declared_at=dt.datetime(2026, 4, 5, 10)))
    with pytest.raises(LockedError, match="mars 2026"):
        ctx.run(attendance.record_day, ids["session"], D(2026, 3, 9), {a.id: "7"})


def test_result_and_certificate(ctx, world) -> None:
    ids, _ = world
    a = ctx.run(enrolments.enrol, ids["session"], ids["a"])
    with pytest.raises(ValidationError) as refused:
        ctx.run(
            enrolments.record_result,
            a.id,
            ResultInput(EnrolmentStatus.COMPLETED, TrainingResult.OBTAINED),
        )
    assert set(refused.value.by_field) == {"certificate_obtained", "result_date"}
    done = ctx.run(
        enrolments.record_result,
        a.id,
        ResultInput(
            EnrolmentStatus.COMPLETED, TrainingResult.OBTAINED, "Certificat SST", D(2026, 3, 10)
        ),
    )
    assert done.certificate_obtained == "Certificat SST"
    assert [e.session_title for e in ctx.read(enrolments.person_enrolments, ids["a"])] == ["SST"]


def test_qualifying_contract_target_diploma_and_exam(ctx, database) -> None:
    with database.transaction() as session:
        person = f.person(session)
        qualifying = f.contract(
            session, person, D(2026, 1, 1), D(2026, 12, 31), ContractKind.CDDI_QUALIFYING
        )
        other = f.contract(session, person, D(2025, 1, 1), D(2025, 6, 30))
        ids = (person.id, qualifying.id, other.id)
    with pytest.raises(ValidationError, match="chantier qualifiant"):
        ctx.run(trainings.set_qualification, ids[2], "TP", None, None)
    with pytest.raises(ValidationError) as refused:
        ctx.run(trainings.set_qualification, ids[1], "TP APR", None, TrainingResult.OBTAINED)
    assert "exam_date" in refused.value.by_field
    ctx.run(
        trainings.set_qualification,
        ids[1],
        "TP Agent de restauration",
        D(2026, 12, 1),
        TrainingResult.OBTAINED,
    )
    [view] = ctx.read(trainings.qualifications, ids[0])
    assert (view.target_diploma, view.exam_result) == (
        "TP Agent de restauration",
        TrainingResult.OBTAINED,
    )
    with database.reading() as session:
        assert session.get(m.Contract, ids[1]).exam_date == D(2026, 12, 1)


def _stored_training_minutes(database, contract_id: int, month: dt.date) -> int | None:
    with database.reading() as session:
        row = (
            session.query(m.MonthlyHours)
            .filter_by(contract_id=contract_id, month=month)
            .one_or_none()
        )
        return None if row is None else row.training_minutes


def test_attendance_feeds_the_months_training_hours(ctx, world, database) -> None:
    ids, supervisor = world
    enrolment = ctx.run(enrolments.enrol, ids["session"], ids["a"])
    march = D(2026, 3, 1)
    supervisor.run(attendance.record_day, ids["session"], D(2026, 3, 9), {enrolment.id: "7"})
    supervisor.run(attendance.record_day, ids["session"], D(2026, 3, 10), {enrolment.id: "6:30"})
    # Paid training time: the month's hours (and so the FTE) follow without a visit to the grid.
    assert _stored_training_minutes(database, ids["contract_a"], march) == 13 * 60 + 30
    supervisor.run(attendance.record_day, ids["session"], D(2026, 3, 9), {enrolment.id: ""})
    supervisor.run(attendance.record_day, ids["session"], D(2026, 3, 10), {enrolment.id: "0"})
    assert _stored_training_minutes(database, ids["contract_a"], march) == 0
