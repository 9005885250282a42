"""The generation, phase by phase, in batches of service calls per transaction.

1. the association (settings, staff, workshops, teams);
2. people in order of arrival, each with their whole path (``paths``), a batch a transaction;
3. what the demo must show (a PMSMP in progress, a couple of sensitive notes);
4. the training catalogue, enrolments, attendance and results (``catalogue``);
5. every team's monthly hours, then the conventions with the State, then months declared;
6. former employees' files archived a year after they left.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.services.context import Actor
from chantier_app.services.hours import fte
from chantier_app.services.people import records as people
from chantier_app.services.support import pmsmp, sensitive_notes
from chantier_app.synthetic import catalogue, monthly, names
from chantier_app.synthetic.monthly import Sessions
from chantier_app.synthetic.paths import PersonRecord, PersonRun
from chantier_app.synthetic.profile import Profile
from chantier_app.synthetic.structure import Staffing, create_structure

Progress = Callable[[str, int, int], None]
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Summary:
    people: int
    contracts: int
    amendments: int
    hours_rows: int
    milestones: int
    barrier_scores: int
    enrolments: int
    audit_entries: int
    seconds: dict[str, float] = field(default_factory=dict)  # per phase


def _arrivals(profile: Profile, today: dt.date, rng: random.Random) -> list[dt.date]:
    """Evenly spread over the period (with some jitter), on Mondays, up to two weeks ahead.

    A cohort hired in the first weeks stands for the people already there when the
    history starts, so a long history is at its usual size from its first year.
    """
    first = today - relativedelta(months=profile.months)
    cohort = round(profile.people * profile.cohort)
    span = (today + dt.timedelta(days=14) - first).days
    days = []
    for index in range(profile.people):
        if index < cohort:
            offset = rng.randint(0, 42)
        else:
            offset = int((index - cohort + rng.random()) * span / (profile.people - cohort))
        day = first + dt.timedelta(days=offset)
        days.append(day + dt.timedelta(days=(7 - day.weekday()) % 7))
    return sorted(days)


MAX_FUNDED_FTE = Decimal(1000)


class Generation:
    def __init__(
        self,
        sessions: Sessions,
        actor: Actor,
        profile: Profile,
        today: dt.date,
        seed: int,
        progress: Progress | None,
    ) -> None:
        self.sessions = sessions
        self.actor = actor
        self.profile = profile
        self.today = today
        self.seed = seed
        self.progress = progress or (lambda _phase, _done, _total: None)
        self.rng = random.Random(f"{seed}-generation")
        self.first = today - relativedelta(months=profile.months)
        self.seconds: dict[str, float] = {}
        self.records: list[PersonRecord] = []

    def _timed(self, phase: str, work: Callable[[], object]) -> None:
        started = time.perf_counter()
        work()
        self.seconds[phase] = time.perf_counter() - started

    def run(self) -> Summary:
        self._timed("structure", self._structure)
        self._timed("people", self._people)
        self._timed("showcase", self._showcase)
        self._timed("trainings", self._trainings)
        self._timed("hours", self._hours)
        self._timed("conventions", self._conventions)
        self._timed("archives", self._archives)
        return self._summary()

    def _structure(self) -> None:
        with self.sessions() as session:
            self.staffing: Staffing = create_structure(session, self.actor, self.profile, self.seed)

    def _people(self) -> None:
        arrivals = _arrivals(self.profile, self.today, self.rng)
        teams, weights = self.staffing.teams, self.staffing.weights
        batch = self.profile.people_per_batch
        for start in range(0, len(arrivals), batch):
            with self.sessions() as session:
                for index in range(start, min(start + batch, len(arrivals))):
                    team = self.rng.choices(teams, weights=weights)[0]
                    cip = self.rng.choice(self.staffing.cips)
                    run = PersonRun(session, index, self.seed, self.today, cip, team)
                    self.records.append(run.run(arrivals[index]))
            self.progress("people", min(start + batch, len(arrivals)), len(arrivals))

    def _showcase(self) -> None:
        """The demo shows a PMSMP under way and a couple of sensitive notes, whatever the draw."""
        today = self.today
        with self.sessions() as session:
            running = [
                (person, c)
                for person in self.records
                for c in person.contracts
                if c.kind.is_cddi
                and c.start <= today - dt.timedelta(days=30)
                and c.last_day >= today + dt.timedelta(days=40)
                and not any(
                    s <= today + dt.timedelta(days=14) and today <= e for s, e in c.suspended
                )
            ]
            under_way = session.scalar(
                select(func.count())
                .select_from(m.Pmsmp)
                .where(m.Pmsmp.start_date <= today, m.Pmsmp.end_date >= today)
            )
            if not under_way and running:
                person, contract = running[len(running) // 2]
                host, job = names.PMSMP_HOSTS[0]
                pmsmp.create_pmsmp(
                    session, person.cip, person.id,
                    pmsmp.PmsmpInput(host, today - dt.timedelta(days=3),
                                     today + dt.timedelta(days=11), target_job=job),
                )  # fmt: skip
                contract.suspended.append(
                    (today - dt.timedelta(days=3), today + dt.timedelta(days=11))
                )
            notes = session.scalar(select(func.count()).select_from(m.SensitiveNote)) or 0
            for person, contract in running[: max(0, 2 - notes)]:
                sensitive_notes.add_note(
                    session, person.cip, person.id,
                    sensitive_notes.NoteInput(
                        SensitiveNoteKind.HEALTH, contract.start + dt.timedelta(days=20),
                        names.HEALTH_NOTES[0],
                    ),
                )  # fmt: skip

    def _trainings(self) -> None:
        contracts = [c for person in self.records for c in person.contracts]
        cips = {person.id: person.cip for person in self.records}
        workshops = {t.id: t.workshop.name for t in self.staffing.teams}
        with self.sessions() as session:
            session.flush()
            session.expunge_all()
            self.typed = catalogue.run_catalogue(
                session, random.Random(f"{self.seed}-trainings"), self.staffing.director,
                contracts, cips, workshops, self.first, self.today,
            ).minutes  # fmt: skip

    def _hours(self) -> None:
        sick = {
            c.id: person.sick_leave
            for person in self.records
            if person.sick_leave
            for c in person.contracts
        }
        monthly.enter_hours(
            self.sessions, self.seed, self.staffing.teams, self.first, self.today, self.typed,
            sick, lambda done, total: self.progress("hours", done, total),
        )  # fmt: skip

    def _conventions(self) -> None:
        """The funded FTE of each whole year: what was planned, rounded up to a quarter."""
        director = self.staffing.director
        first_year = self.first.year + (self.first > dt.date(self.first.year, 1, 31))
        with self.sessions() as session:
            for year in range(first_year, self.today.year + 1):
                report = fte.fte_report(session, director, year).fte
                planned = report.projected_fte * Decimal("1.04")
                funded = ((planned * 4).to_integral_value(ROUND_CEILING) / 4).quantize(CENTS)
                # The service takes at most 1,000 FTE on one convention (fte.save_convention);
                # the 50,000 people of scale 10 plan more (issue 22's large dataset).
                funded = min(funded, MAX_FUNDED_FTE)
                if funded <= 0:
                    continue
                fte.save_convention(
                    session, director,
                    fte.ConventionInput(
                        year, None, funded, f"ACI-75-{year}-018",
                        aid_amount=(funded * 23_000).quantize(Decimal(1)),
                    ),
                )  # fmt: skip
        monthly.declare_months(self.sessions, director, self.first, self.today)

    def _archives(self) -> None:
        rng = random.Random(f"{self.seed}-archives")
        with self.sessions() as session:
            for person in self.records:
                ended = person.last_day
                if (
                    ended is not None
                    and ended < self.today - dt.timedelta(days=365)  # left over a year ago
                    and all(c.last_day <= ended for c in person.contracts)
                    and rng.random() < 0.5
                ):
                    people.archive_person(session, person.cip, person.id, today=self.today)

    def _summary(self) -> Summary:
        def count(model: type) -> int:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

        with self.sessions() as session:
            return Summary(
                people=count(m.Person),
                contracts=count(m.Contract),
                amendments=count(m.Amendment),
                hours_rows=count(m.MonthlyHours),
                milestones=count(m.Milestone),
                barrier_scores=count(m.BarrierScore),
                enrolments=count(m.Enrolment),
                audit_entries=count(m.AuditEntry),
                seconds=dict(self.seconds),
            )


def generate(
    sessions: Sessions,
    actor: Actor,
    profile: Profile,
    *,
    today: dt.date,
    seed: int,
    progress: Progress | None = None,
) -> Summary:
    """Fill an empty database; ``sessions()`` opens the transaction of each batch."""
    return Generation(sessions, actor, profile, today, seed, progress).run()
