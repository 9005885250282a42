"""One person's history carried out through the services, in the order it happened.

The record and the diagnosis first; then each dated step of the plan (hire, change of
hours, PMSMP, renewal after its review, trial at another employer, end and exit), with the
interviews due before each step held first, as a counsellor would. Steps after the
reference date have not happened yet and are left out.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy.orm import Session

from chantier_app.domain.codes.contract_codes import EndReason
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.domain.errors import DuplicateError
from chantier_app.domain.person_record import PersonInput
from chantier_app.services.context import Actor
from chantier_app.services.people import eligibility
from chantier_app.services.people import records as people
from chantier_app.services.support import sensitive_notes
from chantier_app.synthetic import followup, identities, names
from chantier_app.synthetic.actions import ContractActions, ContractRecord
from chantier_app.synthetic.plans import ContractPlan, PathPlan, plan_path
from chantier_app.synthetic.structure import TeamSlot

EARLY_NOTICE_DAYS = 14  # contracts and placements are entered up to two weeks ahead


@dataclass
class PersonRecord:
    id: int
    cip: Actor
    contracts: list[ContractRecord]
    sick_leave: tuple[dt.date, dt.date] | None
    last_day: dt.date | None  # of the last contract, when it has ended


def fresh(session: Session) -> None:
    """Write what is pending, then forget loaded rows: the next step reads the database anew.

    Services add rows by id (a PMSMP's suspension, an amendment), which collections loaded
    earlier in the same session would not show; the application never keeps a session
    across actions, and neither does the generator across steps.
    """
    session.flush()
    session.expire_all()


@dataclass
class _Step:
    on: dt.date
    order: int
    run: Callable[[], None]


class PersonRun(ContractActions):
    """Carries out one person's plan; ``records`` holds what later phases need."""

    def __init__(
        self, session: Session, index: int, seed: int, today: dt.date, cip: Actor, team: TeamSlot
    ) -> None:
        self.session = session
        self.index = index
        self.today = today
        self.cip = cip
        self.team = team
        self.rng = random.Random(f"{seed}-person-{index}")
        self.person_id = 0
        self.pass_id: int | None = None
        self.contracts: list[ContractRecord] = []
        self.ended: dt.date | None = None

    # The whole person ------------------------------------------------------------------
    def run(self, arrival: dt.date) -> PersonRecord:
        rng, today = self.rng, self.today
        record = identities.make_person(rng, self.index, arrival, self.cip.staff_id, self.team.id)
        assert record.birth_date is not None
        plan = plan_path(rng, self.team.workshop, arrival, record.birth_date, record.rqth)
        made_on = min(arrival - dt.timedelta(days=rng.randint(5, 70)), today)
        record = identities.make_eligible(record, made_on)
        diagnosis = identities.make_diagnosis(rng, record, made_on)
        self.person_id = self._create(record)
        eligibility.add_diagnosis(
            self.session,
            self.cip,
            self.person_id,
            eligibility.DiagnosisInput(
                diagnosis.made_on,
                diagnosis.author,
                diagnosis.author_name,
                diagnosis.criteria,
            ),
            today=today,
        )
        self.support = followup.SupportState(
            self.person_id, self.cip, identities.initial_barriers(rng, record)
        )
        steps = self._steps(plan, record)
        for step in sorted(steps, key=lambda s: (s.on, s.order)):
            if step.on > today:
                break
            fresh(self.session)
            followup.catch_up(self.session, rng, self.support, step.on, today)
            step.run()
        fresh(self.session)
        followup.catch_up(
            self.session, rng, self.support, today - dt.timedelta(days=followup.OPEN_WINDOW_DAYS),
            today,
        )  # fmt: skip
        followup.settle_upcoming(self.session, rng, self.support, today)
        self._notes(record, plan)
        self.session.flush()
        self.session.expunge_all()
        return PersonRecord(self.person_id, self.cip, self.contracts, plan.sick_leave, self.ended)

    def _create(self, record: PersonInput) -> int:
        """Same names and birth date as someone already there: a second first name."""
        for attempt in range(5):
            try:
                return people.create_person(self.session, self.cip, record, today=self.today)
            except DuplicateError:
                extra = self.rng.choice(names.WOMEN if attempt % 2 else names.MEN)
                record = PersonInput(
                    **{**record.__dict__, "first_names": f"{record.first_names} {extra}"}
                )
        raise RuntimeError("no unique name found")

    # Steps -------------------------------------------------------------------------------
    def _steps(self, plan: PathPlan, record: PersonInput) -> list[_Step]:
        steps: list[_Step] = []
        for number, contract in enumerate(plan.contracts):
            signed = contract.start - dt.timedelta(days=self.rng.randint(2, 10))
            if number == 0:
                steps.append(_Step(signed, 0, partial(self._hire, contract, signed, plan)))
            else:
                previous = plan.contracts[number - 1]
                steps.append(
                    _Step(
                        signed,
                        0,
                        partial(self._move, previous, contract, signed, plan),
                    )
                )
            steps += self._contract_steps(number, contract, plan, record)
        if plan.sick_leave is not None:
            start, end = plan.sick_leave
            steps.append(_Step(end + dt.timedelta(days=1), 2, lambda: self._sick(start, end)))
        return steps

    def _contract_steps(
        self, number: int, contract: ContractPlan, plan: PathPlan, record: PersonInput
    ) -> list[_Step]:
        steps = []
        for change in contract.changes:
            steps.append(_Step(change.signed_on, 1, partial(self._change, number, change)))
        for renewal in contract.renewals:
            steps.append(
                _Step(
                    renewal.signed_on,
                    1,
                    partial(self._renew, number, renewal, plan, record),
                )
            )
        for placement in contract.placements:
            agreed = placement.start - dt.timedelta(days=EARLY_NOTICE_DAYS)
            steps.append(_Step(agreed, 1, partial(self._placement, number, placement)))
        if contract.trial_elsewhere is not None:
            trial = contract.trial_elsewhere
            steps.append(_Step(trial.start, 1, partial(self._trial, number, contract)))
        if contract.exam_on is not None:
            exam = contract.exam_on
            steps.append(_Step(exam + dt.timedelta(days=15), 2, partial(self._exam, number, exam)))
        end = contract.end_event
        if end is not None and end.reason is not EndReason.MOVE_TO_CDDI:
            # Recorded on the last day; a term in the coming days is not recorded yet.
            on = end.on if end.on < self.today else end.on + dt.timedelta(days=1)
            steps.append(_Step(on, 3, partial(self._end, number, contract)))
        return steps

    def _notes(self, record: PersonInput, plan: PathPlan) -> None:
        if not self.contracts:
            return
        written = min(self.contracts[0].start + dt.timedelta(days=20), self.today)
        notes = []
        if record.released_from_detention and self.rng.random() < 0.6:
            notes.append((SensitiveNoteKind.JUSTICE, self.rng.choice(names.JUSTICE_NOTES)))
        if (record.rqth or plan.sick_leave) and self.rng.random() < 0.5:
            notes.append((SensitiveNoteKind.HEALTH, self.rng.choice(names.HEALTH_NOTES)))
        for kind, text in notes:
            sensitive_notes.add_note(
                self.session,
                self.cip,
                self.person_id,
                sensitive_notes.NoteInput(kind, written, text),
            )
