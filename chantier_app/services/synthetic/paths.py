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
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from chantier_app.domain.codes.contract_codes import (
    ContractKind,
    EndReason,
    PassProlongationReason,
    PassSuspensionReason,
    SuspensionReason,
)
from chantier_app.domain.codes.support_codes import SensitiveNoteKind, TrainingResult
from chantier_app.domain.contract_dates import age_on
from chantier_app.domain.errors import DuplicateError
from chantier_app.domain.person_record import PersonInput
from chantier_app.services import (
    contracts,
    eligibility,
    pass_iae,
    people,
    pmsmp,
    sensitive_notes,
    trainings,
)
from chantier_app.services.context import Actor
from chantier_app.services.synthetic import followup, identities, names
from chantier_app.services.synthetic.plans import ContractPlan, PathPlan, plan_path
from chantier_app.services.synthetic.structure import TeamSlot

EARLY_NOTICE_DAYS = 14  # contracts and placements are entered up to two weeks ahead
WAGE = Decimal("11.88")


@dataclass
class ContractRecord:
    """A contract as carried out: what trainings and hours need to know of it."""

    id: int
    person_id: int
    kind: ContractKind
    team_id: int
    start: dt.date
    last_day: dt.date  # the actual end if recorded, else the planned end
    suspended: list[tuple[dt.date, dt.date]] = field(default_factory=list)


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


class PersonRun:
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
                steps.append(_Step(signed, 0, lambda c=contract, s=signed: self._hire(c, s, plan)))
            else:
                previous = plan.contracts[number - 1]
                steps.append(
                    _Step(
                        signed,
                        0,
                        lambda c=contract, p=previous, s=signed: self._move(p, c, s, plan),
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
            steps.append(_Step(change.signed_on, 1, lambda c=change, n=number: self._change(n, c)))
        for renewal in contract.renewals:
            steps.append(
                _Step(
                    renewal.signed_on,
                    1,
                    lambda r=renewal, n=number: self._renew(n, r, plan, record),
                )
            )
        for placement in contract.placements:
            agreed = placement.start - dt.timedelta(days=EARLY_NOTICE_DAYS)
            steps.append(_Step(agreed, 1, lambda p=placement, n=number: self._placement(n, p)))
        if contract.trial_elsewhere is not None:
            trial = contract.trial_elsewhere
            steps.append(_Step(trial.start, 1, lambda n=number: self._trial(n, contract)))
        if contract.exam_on is not None:
            exam = contract.exam_on
            steps.append(
                _Step(exam + dt.timedelta(days=15), 2, lambda n=number: self._exam(n, exam))
            )
        end = contract.end_event
        if end is not None and end.reason is not EndReason.MOVE_TO_CDDI:
            # Recorded on the last day; a term in the coming days is not recorded yet.
            on = end.on if end.on < self.today else end.on + dt.timedelta(days=1)
            steps.append(_Step(on, 3, lambda n=number: self._end(n, contract)))
        return steps

    def _contract_input(self, contract: ContractPlan, signed: dt.date) -> contracts.ContractInput:
        workshop = self.team.workshop
        return contracts.ContractInput(
            person_id=self.person_id,
            kind=contract.kind,
            start_date=contract.start,
            end_date=contract.end,
            workshop_id=self.team.workshop_id,
            team_id=self.team.id,
            job_title=workshop.job_title,
            signed_on=signed,
            weekly_minutes=None if contract.kind.hours_per_month else contract.minutes,
            monthly_minutes=contract.minutes if contract.kind.hours_per_month else None,
            trial_days=contract.trial_days,
            hourly_wage=WAGE,
            training_provider=workshop.training_provider
            if contract.kind is ContractKind.CDDI_QUALIFYING
            else None,
            target_diploma=workshop.target_diploma
            if contract.kind is ContractKind.CDDI_QUALIFYING
            else None,
        )

    def _ensure_pass(self, plan: PathPlan) -> None:
        if self.pass_id is not None or plan.pass_start is None:
            return
        number = f"99999{plan.pass_start.year % 100:02d}{self.index:05d}"
        self.pass_id = pass_iae.add_pass(
            self.session,
            self.cip,
            self.person_id,
            pass_iae.PassInput(number, plan.pass_start),
        )

    def _record(self, view: contracts.ContractView, contract: ContractPlan) -> None:
        self.contracts.append(
            ContractRecord(
                view.id, self.person_id, contract.kind, self.team.id, contract.start, contract.end
            )
        )

    def _hire(self, contract: ContractPlan, signed: dt.date, plan: PathPlan) -> None:
        if contract.kind.is_cddi:
            self._ensure_pass(plan)
        view = contracts.hire(self.session, self.cip, self._contract_input(contract, signed))
        self._record(view, contract)

    def _move(
        self, previous: ContractPlan, contract: ContractPlan, signed: dt.date, plan: PathPlan
    ) -> None:
        self._ensure_pass(plan)
        first_hours = self.contracts[-1]
        view = contracts.move_to_cddi(
            self.session, self.cip, first_hours.id, self._contract_input(contract, signed)
        )
        first_hours.last_day = contract.start - dt.timedelta(days=1)
        self._record(view, contract)

    def _current(self, number: int) -> ContractRecord:
        return self.contracts[number]

    def _change(self, number: int, change) -> None:  # type: ignore[no-untyped-def]
        record = self._current(number)
        per_month = record.kind.hours_per_month
        contracts.change_hours(
            self.session,
            self.cip,
            contracts.HoursChangeInput(
                record.id,
                change.effective,
                weekly_minutes=None if per_month else change.minutes,
                monthly_minutes=change.minutes if per_month else None,
                signed_on=change.signed_on,
                reason="Augmentation progressive du temps de travail",
            ),
        )

    def _renew(self, number: int, renewal, plan: PathPlan, record: PersonInput) -> None:  # type: ignore[no-untyped-def]
        current = self._current(number)
        if plan.prolongation is not None and self.pass_id is not None:
            start, end = plan.prolongation
            if renewal.new_end > start - dt.timedelta(days=1):
                assert record.birth_date is not None
                reason = (
                    PassProlongationReason.SENIOR
                    if age_on(record.birth_date, start) >= 50
                    else PassProlongationReason.RQTH
                )
                pass_iae.add_prolongation(
                    self.session,
                    self.cip,
                    self.pass_id,
                    pass_iae.ProlongationInput(reason, start, end, decided_on=renewal.signed_on),
                )
                plan.prolongation = None
        contracts.renew(
            self.session,
            self.cip,
            contracts.RenewalInput(
                current.id,
                renewal.new_end,
                signed_on=renewal.signed_on,
                extension_reason=renewal.extension,
                reason="Poursuite du parcours après le bilan",
            ),
            today=self.today,
        )
        current.last_day = renewal.new_end

    def _placement(self, number: int, placement) -> None:  # type: ignore[no-untyped-def]
        view = pmsmp.create_pmsmp(
            self.session,
            self.cip,
            self.person_id,
            pmsmp.PmsmpInput(
                placement.host, placement.start, placement.end, target_job=placement.job
            ),
        )
        self._current(number).suspended.append((placement.start, placement.end))
        if placement.end < self.today - dt.timedelta(days=3):
            pmsmp.record_outcome(
                self.session, self.cip, view.id, placement.outcome, "Bilan fait avec le tuteur."
            )

    def _trial(self, number: int, contract: ContractPlan) -> None:
        trial = contract.trial_elsewhere
        assert trial is not None
        record = self._current(number)
        contracts.suspend(
            self.session,
            self.cip,
            contracts.SuspensionInput(
                record.id,
                SuspensionReason.TRIAL_ELSEWHERE,
                trial.start,
                trial.end,
                other_employer=trial.employer,
            ),
        )
        record.suspended.append((trial.start, trial.end))

    def _exam(self, number: int, exam: dt.date) -> None:
        result = self.rng.choices(
            [TrainingResult.OBTAINED, TrainingResult.PARTIAL, TrainingResult.FAILED],
            weights=[70, 10, 20],
        )[0]
        trainings.set_qualification(
            self.session, self.cip, self._current(number).id, self.team.workshop.target_diploma,
            exam, result,
        )  # fmt: skip

    def _end(self, number: int, contract: ContractPlan) -> None:
        end = contract.end_event
        assert end is not None
        record = self._current(number)
        contracts.end_contract(
            self.session,
            self.cip,
            contracts.EndInput(record.id, end.on, end.reason, end.exit),
        )
        followup.catch_up(
            self.session, self.rng, self.support, end.on + dt.timedelta(days=1), self.today
        )
        record.last_day = end.on
        self.ended = end.on

    def _sick(self, start: dt.date, end: dt.date) -> None:
        if self.pass_id is None:
            return
        pass_iae.add_suspension(
            self.session,
            self.cip,
            self.pass_id,
            pass_iae.SuspensionInput(PassSuspensionReason.SICKNESS, start, end),
        )

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
