"""Trainings of the synthetic association: a recurring catalogue, enrolments, attendance.

Sessions recur through the years and one of each kind is always about to start (the
to-do list shows them). Short sessions have their days of attendance entered, which the
hours grid then counts as training hours; long ones (French, CléA, driving licence) are
spread over months and typed into the monthly hours.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.support_codes import EnrolmentStatus, TrainingKind, TrainingResult
from chantier_app.domain.contract_dates import add_months
from chantier_app.domain.hours_terms import month_start, public_holidays
from chantier_app.services.context import Actor
from chantier_app.services.trainings import attendance as training_attendance
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.synthetic.actions import ContractRecord

DAY_HOURS = 7


@dataclass(frozen=True)
class Course:
    title: str
    provider: str
    kind: TrainingKind
    hours: int
    days: int  # consecutive working days; 0: a long course spread over ``months``
    every_months: int
    first_in_days: int  # the next session starts this many days after the reference date
    seats: int
    certificate: str | None = None
    funding: str = "OPCO Uniformation"
    months: int = 0
    workshops: tuple[str, ...] = ()  # reserved to these workshops (empty: everyone)


COURSES = (
    Course("Sauveteur secouriste du travail (SST)", "Croix-Rouge française", TrainingKind.SAFETY,
           14, 2, 4, 10, 10, "Certificat SST"),
    Course("Hygiène alimentaire HACCP", "GRETA Paris Industrie", TrainingKind.SAFETY, 21, 3, 6,
           38, 10, "Attestation HACCP", workshops=("Restauration",)),
    Course("Gestes et postures", "Prévention BTP Formation", TrainingKind.ADAPTATION, 7, 1, 3, 5,
           12),
    Course("Français langue étrangère", "Langues Plurielles", TrainingKind.BASIC_SKILLS, 60, 0, 6,
           25, 12, funding="Fonds propres", months=5),
    Course("Certificat CléA", "AFPA", TrainingKind.PRE_QUALIFYING, 70, 0, 12, 60, 8, "CléA",
           "Plan de développement des compétences", months=3),
    Course("Permis B : code et conduite", "Auto-école solidaire", TrainingKind.DRIVING, 30, 0, 12,
           120, 6, "Permis B", "Fonds propres", months=4),
    Course("CACES R489 (chariots élévateurs)", "AFTRAL", TrainingKind.QUALIFYING, 28, 4, 6, 80,
           8, "CACES R489", workshops=("Logistique",)),
)  # fmt: skip


@dataclass
class TrainingHours:
    """Training minutes typed into the month grid for long courses, per (contract, month)."""

    minutes: dict[tuple[int, dt.date], int]


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _working_days(start: dt.date, count: int, holidays: frozenset[dt.date]) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _sessions_of(course: Course, first: dt.date, today: dt.date) -> list[dt.date]:
    """Start dates, every ``every_months`` back from the next one, within the period."""
    starts: list[dt.date] = []
    n = 0
    while True:
        start = add_months(
            today + dt.timedelta(days=course.first_in_days), -course.every_months * n
        )
        if course.days:
            start = _monday(start)
        if start < first:
            return sorted(starts)
        starts.append(start)
        n += 1


def run_catalogue(
    session: Session,
    rng: random.Random,
    director: Actor,
    records: list[ContractRecord],
    cips: dict[int, Actor],
    workshops: dict[int, str],
    first: dt.date,
    today: dt.date,
) -> TrainingHours:
    """Create the sessions, enrol people under contract, enter attendance and results."""
    holidays = public_holidays(range(first.year, today.year + 2))
    typed: dict[tuple[int, dt.date], int] = defaultdict(int)
    for course in COURSES:
        for start in _sessions_of(course, first, today):
            days = _working_days(start, course.days, holidays) if course.days else []
            end = days[-1] if days else add_months(start, course.months) - dt.timedelta(days=1)
            view = trainings.save_session(
                session,
                director,
                None,
                trainings.SessionInput(
                    course.title, course.kind, start, end, str(course.hours),
                    course.provider, course.funding, course.certificate, "Paris 19e",
                ),
            )  # fmt: skip
            chosen = _participants(rng, course, records, workshops, start, end)
            enrolled = []
            for record in chosen:
                actor = cips[record.person_id]
                enrolment = enrolments.enrol(session, actor, view.id, record.person_id)
                enrolled.append((enrolment.id, record, actor))
            if days:
                _attendance(session, rng, director, view.id, days, enrolled, today)
            elif start <= today:
                _spread(typed, course, start, end, enrolled)
            if end < today:
                _results(session, rng, course, enrolled, end)
    return TrainingHours(dict(typed))


def _participants(
    rng: random.Random,
    course: Course,
    records: list[ContractRecord],
    workshops: dict[int, str],
    start: dt.date,
    end: dt.date,
) -> list[ContractRecord]:
    """CDDI contracts running well before and after the session, not suspended around it.

    (A session in a contract's first or last days would make its month's training hours
    outweigh the contract's.)
    """
    margin = dt.timedelta(days=14)
    fits = [
        r
        for r in records
        if r.kind is not ContractKind.FIRST_HOURS
        and r.start <= start - margin
        and end + margin <= r.last_day
        and not any(s <= end + margin and start - margin <= e for s, e in r.suspended)
        and (not course.workshops or workshops[r.team_id] in course.workshops)
    ]
    by_person: dict[int, ContractRecord] = {}
    for record in fits:
        by_person.setdefault(record.person_id, record)
    candidates = sorted(by_person.values(), key=lambda r: r.person_id)
    return rng.sample(candidates, min(len(candidates), course.seats))


def _attendance(
    session: Session,
    rng: random.Random,
    director: Actor,
    session_id: int,
    days: list[dt.date],
    enrolled: list[tuple[int, ContractRecord, Actor]],
    today: dt.date,
) -> None:
    absent = {e for e, _, _ in enrolled if rng.random() < 0.06}
    for day in days:
        if day > today or not enrolled:
            continue
        entries: dict[int, str | int | None] = {
            e: "" if e in absent and day != days[0] else str(DAY_HOURS) for e, _, _ in enrolled
        }
        training_attendance.record_day(session, director, session_id, day, entries)


def _spread(
    typed: dict[tuple[int, dt.date], int],
    course: Course,
    start: dt.date,
    end: dt.date,
    enrolled: list[tuple[int, ContractRecord, Actor]],
) -> None:
    """A long course: its hours split evenly over its months (whole hours)."""
    months = []
    month = month_start(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    per_month = course.hours // len(months) * 60
    for _, record, _ in enrolled:
        for month in months:
            typed[(record.id, month)] += per_month


def _results(
    session: Session,
    rng: random.Random,
    course: Course,
    enrolled: list[tuple[int, ContractRecord, Actor]],
    end: dt.date,
) -> None:
    for enrolment_id, _record, actor in enrolled:
        if course.certificate is None:
            result, certificate = TrainingResult.NOT_APPLICABLE, None
        elif rng.random() < 0.8:
            result, certificate = TrainingResult.OBTAINED, course.certificate
        else:
            result, certificate = TrainingResult.FAILED, None
        enrolments.record_result(
            session,
            actor,
            enrolment_id,
            enrolments.ResultInput(EnrolmentStatus.COMPLETED, result, certificate, end),
        )
