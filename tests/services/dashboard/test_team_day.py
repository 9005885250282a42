"""An encadrant's day: their teams' hours still to enter, sheets, arrivals and departures,
the week's trainings; nobody from another team."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.support_codes import EnrolmentStatus, TrainingKind
from chantier_app.services.context import AppContext
from chantier_app.services.dashboard.teams import team_day
from chantier_app.services.hours import grid as hours
from tests.conftest import TODAY
from tests.team_factory import demo_actor


@pytest.fixture
def marc(demo_database) -> AppContext:
    return AppContext(demo_database, demo_actor(demo_database, "encadrant1"))


def _team_people(ctx: AppContext) -> set[int]:
    with ctx.database.reading() as session:
        return set(
            session.scalars(
                select(m.Contract.person_id).where(m.Contract.team_id.in_(ctx.actor.team_ids))
            )
        )


def test_the_day_names_only_the_encadrants_teams(marc) -> None:
    day = marc.read(team_day, TODAY)
    assert day.teams == ("Nettoyage — Équipe A",)
    assert day.month == dt.date(2026, 11, 1)  # after the 10th: the month under way
    mine = _team_people(marc)
    shown = [p.person_id for p in day.missing_hours] + [c.person.person_id for c in day.changes]
    assert shown and set(shown) <= mine
    assert {s.team for s in day.sheets} == {"Nettoyage — Équipe A"}
    assert [s.monday for s in day.sheets] == [dt.date(2026, 11, 23), dt.date(2026, 11, 30)]


def test_hours_entered_take_the_person_off_the_missing_list(marc) -> None:
    day = marc.read(team_day, TODAY)
    first = day.missing_hours[0]
    grid = marc.read(hours.month_grid, day.month)
    row = next(r for r in grid.rows if r.person_id == first.person_id)
    marc.run(hours.save_month, day.month, [hours.MonthEntry(row.contract_id, {HoursCategory.WORKED: "7"})],
             acknowledge_warnings=True)  # fmt: skip
    after = marc.read(team_day, TODAY)
    assert first.person_id not in [p.person_id for p in after.missing_hours]
    assert len(after.missing_hours) == len(day.missing_hours) - 1


def test_arrivals_two_weeks_ahead_and_ends_a_month_ahead(marc) -> None:
    day = marc.read(team_day, TODAY)
    for change in day.changes:
        limit = 14 if change.arrives else 30
        assert TODAY <= change.day <= TODAY + dt.timedelta(days=limit)
    assert [c.day for c in day.changes] == sorted(c.day for c in day.changes)


def test_the_weeks_trainings_of_the_team(marc, demo_database) -> None:
    mine = _team_people(marc)
    with demo_database.transaction() as session:
        person = session.scalars(
            select(m.Person).where(m.Person.id.in_(mine), m.Person.team_id.in_(marc.actor.team_ids))
        ).first()
        other = session.scalars(
            select(m.Person).where(m.Person.team_id.not_in(marc.actor.team_ids))
        ).first()
        course = m.TrainingSession(title="Conduite d'autolaveuse", kind=TrainingKind.ADAPTATION,
                                   start_date=TODAY + dt.timedelta(days=2),
                                   end_date=TODAY + dt.timedelta(days=2), duration_minutes=420)  # fmt: skip
        later = m.TrainingSession(title="Habilitation électrique", kind=TrainingKind.SAFETY,
                                  start_date=TODAY + dt.timedelta(days=9),
                                  end_date=TODAY + dt.timedelta(days=10), duration_minutes=840)  # fmt: skip
        session.add_all([course, later])
        session.flush()
        session.add_all(
            [
                m.Enrolment(session_id=course.id, person_id=person.id),
                m.Enrolment(session_id=course.id, person_id=other.id),
                m.Enrolment(session_id=later.id, person_id=person.id),
            ]
        )
        person_id = person.id
    day = marc.read(team_day, TODAY)
    ours = [
        t for t in day.trainings if t.title in ("Conduite d'autolaveuse", "Habilitation électrique")
    ]
    assert [(t.title, t.person.person_id) for t in ours] == [("Conduite d'autolaveuse", person_id)]
    with demo_database.transaction() as session:
        enrolment = session.scalars(select(m.Enrolment).where(m.Enrolment.person_id == person_id,
                                    m.Enrolment.session_id == course.id)).one()  # fmt: skip
        enrolment.status = EnrolmentStatus.ABANDONED
    assert "Conduite d'autolaveuse" not in [t.title for t in marc.read(team_day, TODAY).trainings]
