"""An encadrant's day on the Tableau de bord: their teams' hours still to enter, the sign-in
sheets to print, who arrives or leaves soon, and the week's trainings.

Nothing social nor sensitive: names, contract dates, training titles (the encadrant's own
screens already show them). A contract's end reason is never read here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import EnrolmentStatus
from chantier_app.domain.fr_format import fold, team_label
from chantier_app.domain.hours_terms import month_end, month_to_enter
from chantier_app.services import permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission

ARRIVALS_DAYS = 14  # a newcomer is announced two weeks ahead
ENDS_DAYS = 30  # and a departure a month ahead, as the Contracts page's alert


@dataclass(frozen=True)
class TeamPerson:
    person_id: int
    name: str  # « DURAND Marie », as the lists write it
    team: str  # « Nettoyage — Équipe A »


@dataclass(frozen=True)
class ComingChange:
    person: TeamPerson
    day: dt.date
    arrives: bool  # True: the contract starts that day; False: it ends


@dataclass(frozen=True)
class WeekTraining:
    person: TeamPerson
    title: str
    provider: str | None
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class SheetToPrint:
    team_id: int
    team: str
    monday: dt.date


@dataclass(frozen=True)
class TeamDay:
    today: dt.date
    teams: tuple[str, ...]
    month: dt.date  # the month whose hours are being entered
    missing_hours: tuple[TeamPerson, ...]
    sheets: tuple[SheetToPrint, ...]
    changes: tuple[ComingChange, ...]
    trainings: tuple[WeekTraining, ...]


def team_day(session: Session, actor: Actor, today: dt.date | None = None) -> TeamDay:
    """The day of the actor's teams (every active team for whoever sees every person)."""
    roles_matrix.require(actor, Permission.HOURS_EDIT)
    today = today or dt.date.today()
    teams = _teams(session, actor)
    team_ids = sorted(teams)
    month = month_to_enter(today)
    monday = today - dt.timedelta(days=today.weekday())
    sheets = [
        SheetToPrint(team_id, teams[team_id], week)
        for week in (monday, monday + dt.timedelta(days=7))
        for team_id in sorted(teams, key=lambda t: fold(teams[t]))
    ]
    return TeamDay(
        today=today,
        teams=tuple(sorted(teams.values(), key=fold)),
        month=month,
        missing_hours=_missing_hours(session, team_ids, teams, month),
        sheets=tuple(sheets),
        changes=_changes(session, team_ids, teams, today),
        trainings=_trainings(session, teams, monday),
    )


def _teams(session: Session, actor: Actor) -> dict[int, str]:
    query = (
        sa.select(m.Team.id, m.Team.name, m.Workshop.name)
        .join(m.Workshop, m.Workshop.id == m.Team.workshop_id)
        .where(m.Team.active.is_(True))
    )
    if not permissions.sees_everyone(actor):
        query = query.where(m.Team.id.in_(sorted(actor.team_ids)))
    return {tid: team_label(workshop, name) for tid, name, workshop in session.execute(query)}


def _name(usage: str, first: str) -> str:
    return f"{usage.upper()} {first}"


def _effective_end() -> sa.ColumnElement[dt.date]:
    return sa.func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)


def _missing_hours(
    session: Session, team_ids: list[int], teams: dict[int, str], month: dt.date
) -> tuple[TeamPerson, ...]:
    """Contracts of the teams running that month with no hour of any kind entered yet."""
    h = m.MonthlyHours
    entered = (
        h.worked_minutes
        + h.training_minutes
        + h.pmsmp_minutes
        + h.paid_absence_minutes
        + h.sick_minutes
        + h.unjustified_minutes
    )
    rows = session.execute(
        sa.select(m.Person.id, m.Person.usage_name, m.Person.first_names, m.Contract.team_id)
        .join(m.Person, m.Person.id == m.Contract.person_id)
        .outerjoin(h, sa.and_(h.contract_id == m.Contract.id, h.month == month))
        .where(m.Contract.team_id.in_(team_ids))
        .where(m.Contract.start_date <= month_end(month), _effective_end() >= month)
        .where(sa.func.coalesce(entered, 0) == 0)
    ).all()
    found = {
        TeamPerson(pid, _name(usage, first), teams[team])
        for pid, usage, first, team in rows
        if team in teams
    }
    return tuple(sorted(found, key=lambda p: (fold(p.team), fold(p.name))))


def _changes(
    session: Session, team_ids: list[int], teams: dict[int, str], today: dt.date
) -> tuple[ComingChange, ...]:
    c = m.Contract
    rows = session.execute(
        sa.select(
            m.Person.id, m.Person.usage_name, m.Person.first_names, c.team_id, c.start_date,
            _effective_end(),
        )
        .join(m.Person, m.Person.id == c.person_id)
        .where(c.team_id.in_(team_ids))
        .where(
            sa.or_(
                c.start_date.between(today, today + dt.timedelta(days=ARRIVALS_DAYS)),
                _effective_end().between(today, today + dt.timedelta(days=ENDS_DAYS)),
            )
        )
    ).all()  # fmt: skip
    found = []
    for pid, usage, first, team, start, end in rows:
        person = TeamPerson(pid, _name(usage, first), teams.get(team or 0, ""))
        if today <= start <= today + dt.timedelta(days=ARRIVALS_DAYS):
            found.append(ComingChange(person, start, True))
        if today <= end <= today + dt.timedelta(days=ENDS_DAYS):
            found.append(ComingChange(person, end, False))
    found.sort(key=lambda x: (x.day, fold(x.person.name)))
    return tuple(found)


def _trainings(
    session: Session, teams: dict[int, str], monday: dt.date
) -> tuple[WeekTraining, ...]:
    """Trainings that the teams' people attend some day of this week (not abandoned)."""
    sunday = monday + dt.timedelta(days=6)
    s, e = m.TrainingSession, m.Enrolment
    query = (
        sa.select(
            m.Person.id, m.Person.usage_name, m.Person.first_names, m.Person.team_id,
            s.title, s.provider, s.start_date, s.end_date,
        )
        .join(e, e.session_id == s.id)
        .join(m.Person, m.Person.id == e.person_id)
        .where(s.start_date <= sunday, s.end_date >= monday)
        .where(e.status != EnrolmentStatus.ABANDONED)
        .where(m.Person.team_id.in_(sorted(teams)))
        .where(m.Person.anonymised_at.is_(None))
    )  # fmt: skip
    found = [
        WeekTraining(
            TeamPerson(pid, _name(usage, first), teams.get(team or 0, "")),
            title,
            provider,
            start,
            end,
        )
        for pid, usage, first, team, title, provider, start, end in session.execute(query)
    ]
    found.sort(key=lambda t: (t.start, fold(t.title), fold(t.person.name)))
    return tuple(found)
