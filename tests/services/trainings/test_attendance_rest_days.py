"""Training attendance and the weekly rest: a seventh day worked in a civil week refused
(L3132-1/2) as on the sign-in sheets, counting the sheets' days and the other trainings."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory as C
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.domain.errors import ValidationError
from chantier_app.services.hours import daily as hours_daily
from chantier_app.services.trainings import attendance, enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.sessions import SessionInput
from tests import support_factory as f

D = dt.date
MARCH = D(2026, 3, 1)


@pytest.fixture
def week(ctx, database) -> dict[str, int]:
    return make_week(ctx, database)


def make_week(ctx, database) -> dict[str, int]:
    """Lefèvre worked Monday 2 to Thursday 5 March (sign-in sheet), then a training on
    Friday 6 and Saturday 7, and another on Sunday 8 and Monday 9; Diallo only trains."""
    with database.transaction() as session:
        session.add(m.Structure(name="Atelier test"))
        a = f.person(session, "Lefèvre")
        b = f.person(session, "Diallo")
        contract_a = f.contract(session, a, D(2026, 1, 1), D(2026, 6, 30))
        f.contract(session, b, D(2026, 1, 1), D(2026, 6, 30))
        ids = {"a": a.id, "b": b.id, "contract_a": contract_a.id}
    sheet = {D(2026, 3, 2) + dt.timedelta(days=i): {C.WORKED: "6"} for i in range(4)}
    ctx.run(hours_daily.save_days, ids["contract_a"], MARCH, sheet, acknowledge_warnings=True)
    caces = SessionInput("CACES", TrainingKind.SAFETY, D(2026, 3, 6), D(2026, 3, 7), "14")
    sst = SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 8), D(2026, 3, 9), "14")
    for name, data in (("caces", caces), ("sst", sst)):
        session_id = ctx.run(trainings.save_session, None, data).id
        ids[name] = session_id
        ids[f"{name}_a"] = ctx.run(enrolments.enrol, session_id, ids["a"]).id
        ids[f"{name}_b"] = ctx.run(enrolments.enrol, session_id, ids["b"]).id
    return ids


def _state(database) -> tuple[object, ...]:
    """What a refused day must leave as it was: attendance, the enrolments' totals, the
    months' hours and the journal."""
    with database.reading() as session:
        return (
            sorted(
                session.execute(
                    sa.select(
                        m.TrainingAttendance.enrolment_id,
                        m.TrainingAttendance.day,
                        m.TrainingAttendance.minutes,
                    )
                ).all()
            ),
            sorted(session.execute(sa.select(m.Enrolment.id, m.Enrolment.attended_minutes))),
            sorted(
                session.execute(
                    sa.select(m.MonthlyHours.contract_id, m.MonthlyHours.training_minutes)
                )
            ),
            session.scalar(sa.select(sa.func.count()).select_from(m.AuditEntry)),
        )


def test_the_sixth_day_is_recorded_and_the_seventh_refused(ctx, database, week) -> None:
    ctx.run(attendance.record_day, week["caces"], D(2026, 3, 6), {week["caces_a"]: "7"})
    # Saturday: the sixth day of the week (four on the sheet, Friday's training), accepted.
    ctx.run(attendance.record_day, week["caces"], D(2026, 3, 7), {week["caces_a"]: "7"})
    before = _state(database)
    with pytest.raises(ValidationError) as refused:
        ctx.run(
            attendance.record_day,
            week["sst"],
            D(2026, 3, 8),
            {week["sst_a"]: "7", week["sst_b"]: "7"},
        )
    assert refused.value.codes == ["hours_week_over_6_days"]
    [violation] = refused.value.violations
    assert violation.field == f"minutes_{week['sst_a']}"  # Lefèvre's cell, not Diallo's
    assert violation.message == (
        "LEFÈVRE Élodie : Semaine du 02/03/2026 : 7 jours travaillés, au plus 6 jours par "
        "semaine (repos hebdomadaire, L3132-1 et L3132-2)."
    )
    assert _state(database) == before  # the whole day refused: Diallo's hours neither
    # Diallo's Sunday is her first day of the week; Monday 9 starts Lefèvre's next week.
    ctx.run(attendance.record_day, week["sst"], D(2026, 3, 8), {week["sst_b"]: "7"})
    ctx.run(attendance.record_day, week["sst"], D(2026, 3, 9), {week["sst_a"]: "7"})
    assert ctx.read(attendance.day_attendance, week["sst"], D(2026, 3, 9)) == {week["sst_a"]: 420}


def test_training_on_a_day_already_worked_adds_no_day(ctx, week) -> None:
    """Six days in the week, then a training on Thursday (a day of the sheet) and Saturday's
    hours changed: no seventh day, accepted; once Saturday is cleared, Sunday is a sixth day."""
    for day in (D(2026, 3, 6), D(2026, 3, 7)):
        ctx.run(attendance.record_day, week["caces"], day, {week["caces_a"]: "7"})
    thursday = SessionInput("Gestes", TrainingKind.SAFETY, D(2026, 3, 5), D(2026, 3, 5), "2")
    session_id = ctx.run(trainings.save_session, None, thursday).id
    enrolment = ctx.run(enrolments.enrol, session_id, week["a"]).id
    ctx.run(attendance.record_day, session_id, D(2026, 3, 5), {enrolment: "2"})
    ctx.run(attendance.record_day, week["caces"], D(2026, 3, 7), {week["caces_a"]: "5"})
    with pytest.raises(ValidationError, match="7 jours travaillés"):
        ctx.run(attendance.record_day, week["sst"], D(2026, 3, 8), {week["sst_a"]: "7"})
    ctx.run(attendance.record_day, week["caces"], D(2026, 3, 7), {week["caces_a"]: ""})
    ctx.run(attendance.record_day, week["sst"], D(2026, 3, 8), {week["sst_a"]: "7"})
    assert ctx.read(attendance.day_attendance, week["sst"], D(2026, 3, 8)) == {week["sst_a"]: 420}
