"""A person's path as it will happen: contracts and what changes them, decided in advance.

Pure: the plan follows the legal limits (4 months minimum, 24 months of successive CDDI
within the PASS IAE, 12 months of Premières Heures, trial periods, one-month PMSMP) so the
services accept every step. Events after the reference date are planned too; the runner
only carries out those that have happened by then.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from chantier_app.domain.codes.contract_codes import (
    ContractKind,
    EndReason,
    ExtensionReason,
)
from chantier_app.domain.codes.exit_reasons import ExitReason as X
from chantier_app.domain.codes.support_codes import PmsmpOutcome
from chantier_app.domain.contract_dates import (
    ONE_DAY,
    add_months,
    age_on,
    last_day_of,
    max_trial_days,
)
from chantier_app.domain.pass_iae import default_end
from chantier_app.synthetic import names
from chantier_app.synthetic.profile import WorkshopSpec

_T = TypeVar("_T")

PH = ContractKind.FIRST_HOURS
REMOB = ContractKind.CDDI_REMOBILISING
QUALIF = ContractKind.CDDI_QUALIFYING

# Exits at the term of the contract, and after an early end, by reason (weights).
TERM_EXITS = (
    (X.CDI, 7), (X.CDI_AIDED, 2), (X.CDD_6M_PLUS, 9), (X.TEMP_6M_PLUS, 3),
    (X.CIVIL_SERVICE, 1), (X.BUSINESS_CREATION, 1), (X.CDD_UNDER_6M, 9),
    (X.TEMP_UNDER_6M, 6), (X.AIDED_CONTRACT, 3), (X.OTHER_SIAE, 3),
    (X.QUALIFYING_TRAINING, 7), (X.PRE_QUALIFYING_TRAINING, 4), (X.OTHER_POSITIVE, 3),
    (X.JOBSEEKER, 20), (X.INACTIVE, 5), (X.NO_NEWS, 6), (X.OTHER_EXIT, 2),
    (X.LONG_SICKNESS, 1), (X.MOVED_AWAY, 2),
)  # fmt: skip
EARLY_EXITS = {
    EndReason.MUTUAL_AGREEMENT: ((X.CDD_UNDER_6M, 4), (X.TEMP_UNDER_6M, 3), (X.RESIGNATION, 4),
                                 (X.MOVED_AWAY, 2), (X.OTHER_POSITIVE, 1), (X.JOBSEEKER, 3)),
    EndReason.HIRED_ELSEWHERE: ((X.CDI, 5), (X.CDD_6M_PLUS, 4), (X.TEMP_6M_PLUS, 1),
                                (X.QUALIFYING_TRAINING, 2), (X.CIVIL_SERVICE, 1)),
    EndReason.SERIOUS_MISCONDUCT: ((X.SERIOUS_MISCONDUCT, 1),),
    EndReason.UNFITNESS: ((X.LONG_SICKNESS, 2), (X.INACTIVE, 1)),
    EndReason.TRIAL_EMPLOYEE: ((X.RESIGNATION, 2), (X.NO_NEWS, 2)),
    EndReason.TRIAL_EMPLOYER: ((X.JOBSEEKER, 2), (X.NO_NEWS, 1)),
    EndReason.DEATH: ((X.DEATH, 1),),
}  # fmt: skip
EARLY_REASONS = (
    (EndReason.MUTUAL_AGREEMENT, 34), (EndReason.HIRED_ELSEWHERE, 34),
    (EndReason.SERIOUS_MISCONDUCT, 6), (EndReason.UNFITNESS, 4), (EndReason.DEATH, 1),
)  # fmt: skip


OUTCOMES = (
    PmsmpOutcome.CONFIRMED_PROJECT,
    PmsmpOutcome.DISCOVERY,
    PmsmpOutcome.HIRING,
    PmsmpOutcome.NOT_CONFIRMED,
    PmsmpOutcome.ABANDONED,
)


def pick(rng: random.Random, weighted: Sequence[tuple[_T, int]]) -> _T:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


@dataclass(frozen=True)
class Renewal:
    signed_on: dt.date
    new_end: dt.date
    extension: ExtensionReason = ExtensionReason.NONE


@dataclass(frozen=True)
class HoursChange:
    signed_on: dt.date
    effective: dt.date
    minutes: int  # weekly for a CDDI, monthly for Premières Heures


@dataclass(frozen=True)
class Placement:
    """A PMSMP: the contract is suspended meanwhile (the support services do it)."""

    start: dt.date
    end: dt.date
    host: str
    job: str
    outcome: PmsmpOutcome


@dataclass(frozen=True)
class TrialElsewhere:
    start: dt.date
    end: dt.date
    employer: str


@dataclass(frozen=True)
class End:
    on: dt.date
    reason: EndReason
    exit: X | None  # None: Premières Heures followed by a CDDI


@dataclass
class ContractPlan:
    kind: ContractKind
    start: dt.date
    end: dt.date  # the planned end when signed
    minutes: int  # weekly (CDDI) or monthly (Premières Heures)
    trial_days: int
    renewals: list[Renewal] = field(default_factory=list)
    changes: list[HoursChange] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    trial_elsewhere: TrialElsewhere | None = None
    end_event: End | None = None
    exam_on: dt.date | None = None  # chantier qualifiant: the diploma's exam

    @property
    def planned_end(self) -> dt.date:
        return self.renewals[-1].new_end if self.renewals else self.end

    @property
    def last_day(self) -> dt.date:
        return self.end_event.on if self.end_event else self.planned_end


@dataclass
class PathPlan:
    contracts: list[ContractPlan]
    pass_start: dt.date | None  # before the first CDDI
    prolongation: tuple[dt.date, dt.date] | None = None  # PASS IAE, beyond 24 months
    sick_leave: tuple[dt.date, dt.date] | None = None  # long sickness: the PASS is suspended

    @property
    def last_day(self) -> dt.date:
        return self.contracts[-1].last_day


def _months(rng: random.Random, choices: tuple[int, ...]) -> int:
    return rng.choice(choices)


def _early_end(rng: random.Random, contract: ContractPlan, first_day: dt.date) -> End:
    """An end before the planned term, on a day after ``first_day``."""
    trial_end = contract.start + dt.timedelta(days=contract.trial_days) - ONE_DAY
    if contract.trial_days and rng.random() < 0.18:
        reason = rng.choice([EndReason.TRIAL_EMPLOYEE, EndReason.TRIAL_EMPLOYER])
        on = contract.start + dt.timedelta(days=rng.randint(2, max(2, contract.trial_days - 1)))
        return End(min(on, trial_end), reason, pick(rng, EARLY_EXITS[reason]))
    reason = pick(rng, EARLY_REASONS)
    span = (contract.planned_end - first_day).days
    on = first_day + dt.timedelta(days=rng.randint(1, max(1, span - 1)))
    exit_reason = pick(rng, EARLY_EXITS[reason])
    if on < add_months(contract.start, 3) - ONE_DAY and reason is not EndReason.DEATH:
        exit_reason = X.TOO_SHORT  # under three months: withdrawn from the rates
    return End(on, reason, exit_reason)


def _term_exit(rng: random.Random, birth: dt.date, on: dt.date) -> X:
    if age_on(birth, on) >= 60 and rng.random() < 0.4:
        return X.RETIREMENT
    return pick(rng, TERM_EXITS)


def _first_hours(rng: random.Random, start: dt.date) -> ContractPlan:
    months = rng.choice((3, 4, 4, 6))
    monthly = rng.choice((20, 30, 40)) * 60
    plan = ContractPlan(PH, start, last_day_of(start, months), monthly, 0)
    for step in range(1, months):
        if monthly >= 60 * 60 or rng.random() < 0.2:
            continue
        monthly = min(72 * 60, monthly + rng.choice((10, 15, 20)) * 60)
        effective = add_months(start, step)
        plan.changes.append(HoursChange(effective - dt.timedelta(days=5), effective, monthly))
    return plan


def _cddi(
    rng: random.Random, kind: ContractKind, workshop: WorkshopSpec, start: dt.date
) -> ContractPlan:
    months = 12 if kind is QUALIF else _months(rng, (4, 4, 4, 4, 6))
    end = last_day_of(start, months)
    weekly = workshop.weekly_hours
    if kind is REMOB and rng.random() < 0.1:
        weekly = 20
    plan = ContractPlan(kind, start, end, weekly * 60, max_trial_days(start, end))
    if rng.random() < 0.5 and weekly < 30:
        effective = add_months(start, rng.randint(1, 2))
        plan.changes.append(HoursChange(effective - dt.timedelta(days=7), effective, 30 * 60))
        if rng.random() < 0.3:  # back to the initial hours (health, childcare…)
            later = add_months(effective, 1)
            plan.changes.append(HoursChange(later - dt.timedelta(days=7), later, weekly * 60))
    return plan


def _renew(
    rng: random.Random,
    plan: ContractPlan,
    path_cap: dt.date,
    extended_cap: dt.date | None,
    limit24: dt.date,
) -> None:
    """Renewal decisions at each planned end, within 24 months (or the extension)."""
    chances = (0.5, 0.4, 0.33, 0.27, 0.22, 0.18) if plan.kind is REMOB else (0.3,)
    for chance in chances:
        if rng.random() >= chance:
            return
        current = plan.planned_end
        months = rng.choice((3, 4, 4, 6) if plan.kind is REMOB else (3, 6))
        new_end = last_day_of(current + ONE_DAY, months)
        extension = ExtensionReason.NONE
        if new_end > path_cap:
            if extended_cap is None or current >= extended_cap:
                if (path_cap - current).days < 60:
                    return
                new_end = path_cap
            else:
                new_end = min(new_end, extended_cap)
                if new_end > limit24:
                    extension = ExtensionReason.SENIOR_OR_RQTH
        signed = current - dt.timedelta(days=rng.randint(6, 20))
        plan.renewals.append(Renewal(signed, new_end, extension))


def _placement(rng: random.Random, plan: ContractPlan) -> None:
    """Inside one period of the contract (the initial one or a renewal), never across."""
    ends = [plan.end, *(r.new_end for r in plan.renewals)]
    starts = [add_months(plan.start, 2), *(e + dt.timedelta(days=10) for e in ends[:-1])]
    periods = [(s, e - dt.timedelta(days=40)) for s, e in zip(starts, ends, strict=True)]
    periods = [(s, e) for s, e in periods if e > s]
    if not periods:
        return
    earliest, latest = rng.choice(periods)
    start = earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))
    end = start + dt.timedelta(days=rng.choice((4, 11, 13, 20, 27)))
    host, job = rng.choice(names.PMSMP_HOSTS)
    outcome = rng.choice(OUTCOMES)
    plan.placements.append(Placement(start, end, host, job, outcome))


def plan_path(
    rng: random.Random,
    workshop: WorkshopSpec,
    start: dt.date,
    birth: dt.date,
    rqth: bool,
) -> PathPlan:
    """The whole path of a person hired on ``start`` in ``workshop``."""
    contracts: list[ContractPlan] = []
    cddi_start = start
    if workshop.first_hours and rng.random() < 0.4:
        first = _first_hours(rng, start)
        contracts.append(first)
        moves = rng.random() < 0.55
        if moves:
            cddi_start = add_months(start, rng.randint(2, 3))
            first.end_event = End(cddi_start - ONE_DAY, EndReason.MOVE_TO_CDDI, None)
        elif rng.random() < 0.3:
            first.end_event = _early_end(rng, first, start)
        else:
            first.end_event = End(first.end, EndReason.TERM, _term_exit(rng, birth, first.end))
        first.changes = [c for c in first.changes if c.effective < first.end_event.on]
        if not moves:
            return PathPlan(contracts, None)
    pass_start = cddi_start - dt.timedelta(days=rng.randint(2, 20))
    plan = _cddi(rng, workshop.kind, workshop, cddi_start)
    contracts.append(plan)
    pass_end = default_end(pass_start)
    cap = min(last_day_of(cddi_start, 24), pass_end)
    senior = age_on(birth, cap) >= 50
    extended = None
    if (senior or rqth) and rng.random() < 0.5:
        extended = min(last_day_of(cddi_start, 36), pass_end + dt.timedelta(days=365))
    _renew(rng, plan, cap, extended, last_day_of(cddi_start, 24))
    prolongation = None
    if plan.planned_end > pass_end:
        prolongation = (pass_end + ONE_DAY, last_day_of(pass_end + ONE_DAY, 12))
    if rng.random() < 0.22:
        _placement(rng, plan)
    if plan.kind is QUALIF:
        plan.exam_on = add_months(plan.start, 11) - dt.timedelta(days=rng.randint(0, 20))
    sick = None
    roll = rng.random()
    if roll < 0.42:
        plan.end_event = _early_end(rng, plan, plan.start)
        if plan.end_event.reason is EndReason.HIRED_ELSEWHERE and rng.random() < 0.5:
            trial = TrialElsewhere(
                plan.end_event.on - dt.timedelta(days=13),
                plan.end_event.on,
                rng.choice(names.OTHER_EMPLOYERS),
            )
            ends = [plan.end, *(r.new_end for r in plan.renewals)]
            across = any(trial.start <= end < trial.end for end in ends)  # not renewed yet
            if trial.start > plan.start + dt.timedelta(days=plan.trial_days) and not across:
                plan.trial_elsewhere = trial
        # Reviews, renewals, placements after the end never happen.
        plan.renewals = [r for r in plan.renewals if r.signed_on < plan.end_event.on]
        plan.changes = [c for c in plan.changes if c.effective < plan.end_event.on]
        limit = plan.end_event.on - dt.timedelta(days=15)
        if plan.trial_elsewhere is not None:
            limit = plan.trial_elsewhere.start - dt.timedelta(days=15)
        plan.placements = [p for p in plan.placements if p.end < limit]
        if plan.exam_on and plan.exam_on >= plan.end_event.on:
            plan.exam_on = None
        if plan.planned_end <= pass_end:
            prolongation = None
    else:
        plan.end_event = End(
            plan.planned_end, EndReason.TERM, _term_exit(rng, birth, plan.planned_end)
        )
        if roll > 0.97 and (plan.planned_end - plan.start).days > 120:
            sick_start = add_months(plan.start, 2)
            sick = (sick_start, sick_start + dt.timedelta(days=rng.choice((20, 34, 48))))
            if any(p.start <= sick[1] and sick[0] <= p.end for p in plan.placements):
                sick = None
    return PathPlan(contracts, pass_start, prolongation, sick)
