"""Training attendance per day: paid work time that the hours area counts as training hours.

One day of a session is entered for all its participants at once (one action, one
transaction). A day outside the session or the person's contract, more than 10 hours,
a seventh day worked in the civil week (L3132-1/2, as on the sign-in sheets) or a month
already declared to the State is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import and_, func, not_, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import EnrolmentStatus
from chantier_app.domain.errors import LockedError, NotFoundError, ValidationError, Violation
from chantier_app.domain.fr_format import format_date, format_month
from chantier_app.domain.hours_rules import HoursValues, check_training_day
from chantier_app.domain.parsing import parse_minutes
from chantier_app.domain.rest_rules import check_days_per_week
from chantier_app.i18n import tr
from chantier_app.services import audit, permissions, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.hours import grid as hours
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.trainings.sessions import require_view


def day_attendance(session: Session, actor: Actor, session_id: int, day: dt.date) -> dict[int, int]:
    """Minutes entered on ``day``, by enrolment id (absent: nothing entered)."""
    require_view(actor)
    query = (
        select(m.TrainingAttendance.enrolment_id, m.TrainingAttendance.minutes)
        .join(m.Enrolment)
        .where(m.Enrolment.session_id == session_id, m.TrainingAttendance.day == day)
    )
    if (scope := permissions.scope_clause(actor)) is not None:
        query = query.join(m.Person, m.Person.id == m.Enrolment.person_id).where(scope)
    rows = session.execute(query)
    return {enrolment_id: minutes for enrolment_id, minutes in rows}


def record_day(
    session: Session,
    actor: Actor,
    session_id: int,
    day: dt.date | None,
    entries: Mapping[int, str | int | None],
) -> int:
    """Record the day's minutes for each enrolment (hours as typed; empty or 0 clears).

    Returns the number of people with time recorded that day.
    """
    roles_matrix.require(actor, Permission.TRAINING_ATTENDANCE)
    training = session.get(m.TrainingSession, session_id)
    if training is None:
        raise NotFoundError(tr("Session de formation"), session_id)
    if day is None:
        raise ValidationError(tr("Jour : obligatoire."), field="day")
    if not training.start_date <= day <= training.end_date:
        raise ValidationError(
            tr("Jour : la session a lieu du {start} au {end}.").format(
                start=format_date(training.start_date), end=format_date(training.end_date)
            ),
            field="day",
        )
    month = day.replace(day=1)
    if session.scalar(select(m.DeclaredMonth.id).where(m.DeclaredMonth.month == month)):
        raise LockedError(
            tr("Le mois de {month} est déjà déclaré : ses heures ne peuvent plus changer.").format(
                month=format_month(month)
            )
        )
    enrolments = {
        e.id: e
        for e in session.scalars(select(m.Enrolment).where(m.Enrolment.session_id == session_id))
    }
    contracts = {
        c.id: c
        for c in session.scalars(
            select(m.Contract).where(
                m.Contract.id.in_([e.contract_id for e in enrolments.values() if e.contract_id])
            )
        )
    }
    names = {
        person_id: f"{last.upper()} {first}"
        for person_id, last, first in session.execute(
            select(m.Person.id, m.Person.usage_name, m.Person.first_names).where(
                m.Person.id.in_([e.person_id for e in enrolments.values()])
            )
        )
    }
    unknown = [e for e in entries if e not in enrolments]
    if unknown:
        raise NotFoundError(tr("Inscription"), unknown[0])
    permissions.require_people(
        session,
        actor,
        {enrolments[e].person_id for e in entries},
        Permission.TRAINING_ATTENDANCE,
    )
    parsed: dict[int, int] = {}
    violations: list[Violation] = []
    for enrolment_id, raw in entries.items():
        enrolment = enrolments.get(enrolment_id)
        if enrolment is None:
            raise NotFoundError(tr("Inscription"), enrolment_id)
        field = f"minutes_{enrolment_id}"
        who = names.get(enrolment.person_id, "")
        try:
            minutes = parse_minutes(raw) or 0
        except ValueError as exc:
            violations.append(Violation("attendance_invalid", f"{who} : {exc}.", field=field))
            continue
        contract = contracts.get(enrolment.contract_id or 0)
        span = (contract.start_date, contract.effective_end) if contract else None
        violations += check_training_day(who, day, minutes, span, field)
        parsed[enrolment_id] = minutes
    violations += _seventh_day(session, enrolments, parsed, day, names)
    if violations:
        raise ValidationError(violations)

    existing = {
        a.enrolment_id: a
        for a in session.scalars(
            select(m.TrainingAttendance).where(
                m.TrainingAttendance.enrolment_id.in_(list(parsed)), m.TrainingAttendance.day == day
            )
        )
    }
    for enrolment_id, minutes in parsed.items():
        row = existing.get(enrolment_id)
        if minutes == 0:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(m.TrainingAttendance(enrolment_id=enrolment_id, day=day, minutes=minutes))
        else:
            row.minutes = minutes
    session.flush()
    totals: dict[int, int] = dict(
        session.execute(
            select(m.TrainingAttendance.enrolment_id, func.sum(m.TrainingAttendance.minutes))
            .where(m.TrainingAttendance.enrolment_id.in_(list(parsed)))
            .group_by(m.TrainingAttendance.enrolment_id)
        ).all()
    )
    for enrolment_id in parsed:
        enrolment = enrolments[enrolment_id]
        enrolment.attended_minutes = int(totals.get(enrolment_id, 0))
        if enrolment.attended_minutes and enrolment.status is EnrolmentStatus.ENROLLED:
            enrolment.status = EnrolmentStatus.ATTENDING
        audit.record(
            session,
            actor,
            audit.Action.UPDATE,
            "training_attendance",
            enrolment_id,
            person_id=enrolment.person_id,
            summary=f"présence en formation du {format_date(day)}",
        )
    # Training inside the contract is paid work time: the month's hours follow.
    touched = sorted({cid for e in parsed if (cid := enrolments[e].contract_id)})
    hours.sync_training_hours(session, actor, touched, [day], clear_missing=True)
    return sum(1 for minutes in parsed.values() if minutes)


def _seventh_day(
    session: Session,
    enrolments: Mapping[int, m.Enrolment],
    parsed: Mapping[int, int],
    day: dt.date,
    names: Mapping[int, str],
) -> list[Violation]:
    """Attendance that makes ``day`` a seventh day worked in its civil week (L3132-1: « il
    est interdit de faire travailler un même salarié plus de six jours par semaine »;
    L3132-2), the sign-in sheets' check (``rest_rules.check_days_per_week``).

    Days already worked: the person's day entries and sign-in sheets (any of their
    contracts) and their attendance at trainings (other sessions, other days of this one).
    A day already worked adds no day: training on it is never refused for this rule.
    """
    adding = {e: minutes for e, minutes in parsed.items() if minutes}
    if not adding:
        return []
    people = {enrolments[e].person_id for e in adding}
    monday = day - dt.timedelta(days=day.weekday())
    week = (monday, monday + dt.timedelta(days=6))
    worked: dict[int, dict[dt.date, HoursValues]] = {person: {} for person in people}

    def add(person_id: int, when: dt.date, values: HoursValues) -> None:
        known = worked[person_id]
        known[when] = known.get(when, HoursValues()) + values

    sheets = session.execute(
        select(
            m.Contract.person_id,
            m.DailyAttendance.day,
            m.DailyAttendance.worked_minutes,
            m.DailyAttendance.training_minutes,
            m.DailyAttendance.pmsmp_minutes,
        )
        .join(m.Contract, m.Contract.id == m.DailyAttendance.contract_id)
        .where(m.Contract.person_id.in_(people), m.DailyAttendance.day.between(*week))
    )
    for person_id, when, worked_minutes, training_minutes, pmsmp_minutes in sheets:
        add(person_id, when, HoursValues(worked_minutes, training_minutes, pmsmp_minutes))
    trainings = session.execute(
        select(m.Enrolment.person_id, m.TrainingAttendance.day, m.TrainingAttendance.minutes)
        .join(m.Enrolment, m.Enrolment.id == m.TrainingAttendance.enrolment_id)
        .where(
            m.Enrolment.person_id.in_(people),
            m.TrainingAttendance.day.between(*week),
            # this day's rows of these enrolments are the ones being replaced
            not_(
                and_(
                    m.TrainingAttendance.enrolment_id.in_(list(parsed)),
                    m.TrainingAttendance.day == day,
                )
            ),
        )
    )
    for person_id, when, minutes in trainings:
        add(person_id, when, HoursValues(training=minutes))
    found: list[Violation] = []
    for enrolment_id, minutes in adding.items():
        person_id = enrolments[enrolment_id].person_id
        days = worked[person_id]
        if days.get(day, HoursValues()).paid:
            continue  # already a day worked: no day added
        with_day = {**days, day: HoursValues(training=minutes)}
        who = names.get(person_id, "")
        found += [
            Violation(v.code, f"{who} : {v.message}", v.severity, f"minutes_{enrolment_id}")
            for v in check_days_per_week(with_day).values()
        ]
    return found


def training_minutes_by_month(
    session: Session, actor: Actor, contract_id: int
) -> dict[dt.date, int]:
    """Training minutes of a contract per month (first day of the month): for the hours area."""
    require_view(actor)
    permissions.require_contract(session, actor, contract_id, Permission.PEOPLE_VIEW)
    rows = session.execute(
        select(m.TrainingAttendance.day, m.TrainingAttendance.minutes)
        .join(m.Enrolment)
        .where(m.Enrolment.contract_id == contract_id)
    )
    months: dict[dt.date, int] = {}
    for day, minutes in rows:
        month = day.replace(day=1)
        months[month] = months.get(month, 0) + minutes
    return dict(sorted(months.items()))
