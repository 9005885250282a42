"""The dated steps of a person's path, each one service call (or two) as staff would make it:
hire, move to CDDI, change of hours, renewal (with a PASS prolongation when due), PMSMP,
trial at another employer, exam result, end and exit, PASS suspension for sickness."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from chantier_app.domain import pass_iae as pass_rules
from chantier_app.domain.codes.contract_codes import (
    ContractKind,
    PassProlongationReason,
    PassSuspensionReason,
    SuspensionReason,
)
from chantier_app.domain.codes.support_codes import TrainingResult
from chantier_app.domain.contract_dates import add_months, age_on
from chantier_app.domain.person_record import PersonInput
from chantier_app.services import contracts
from chantier_app.services.context import Actor
from chantier_app.services.contracts.hiring import ContractInput
from chantier_app.services.people import pass_iae
from chantier_app.services.support import pmsmp
from chantier_app.services.trainings import sessions as trainings
from chantier_app.synthetic import followup
from chantier_app.synthetic.plans import ContractPlan, HoursChange, PathPlan, Placement, Renewal
from chantier_app.synthetic.structure import TeamSlot

if TYPE_CHECKING:  # the package's names load lazily (PEP 562): to mypy, they are Any
    from chantier_app.services.contracts.views import ContractView

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


class ContractActions:
    """The steps' service calls; ``PersonRun`` holds the state they share."""

    session: Session
    index: int
    today: dt.date
    cip: Actor
    team: TeamSlot
    rng: random.Random
    person_id: int
    pass_id: int | None
    contracts: list[ContractRecord]
    ended: dt.date | None
    support: followup.SupportState

    def _contract_input(self, contract: ContractPlan, signed: dt.date) -> ContractInput:
        workshop = self.team.workshop
        return ContractInput(
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

    def _record(self, view: ContractView, contract: ContractPlan) -> None:
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

    def _change(self, number: int, change: HoursChange) -> None:
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

    def _renew(self, number: int, renewal: Renewal, plan: PathPlan, record: PersonInput) -> None:
        current = self._current(number)
        if plan.prolongation is not None and self.pass_id is not None:
            start, _end = plan.prolongation
            if renewal.new_end > start - dt.timedelta(days=1):
                # As the platform decides it: from the PASS's current last day (moved by
                # any suspension since the plan was drawn), 12 months, asked in its window.
                last_day = pass_iae.suggested_prolongation_start(
                    self.session, self.cip, self.pass_id
                )
                assert record.birth_date is not None
                reason = (
                    PassProlongationReason.SENIOR
                    if age_on(record.birth_date, last_day + dt.timedelta(days=1)) >= 50
                    else PassProlongationReason.RQTH
                )
                window = pass_rules.request_window(last_day)
                asked = renewal.signed_on if window.contains(renewal.signed_on) else None
                pass_iae.add_prolongation(
                    self.session,
                    self.cip,
                    self.pass_id,
                    pass_iae.ProlongationInput(
                        reason, last_day, add_months(last_day, 12), decided_on=asked
                    ),
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

    def _placement(self, number: int, placement: Placement) -> None:
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
