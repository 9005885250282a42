"""What the contract rules need to know about a person, as plain data (no ORM objects).

Services build a ``ContractHistory`` from the database; dialogs keep one to check a
proposal live while the user types; tests write them by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from chantier_app.domain.codes.contract_codes import (
    ContractKind,
    DerogationKind,
    EndReason,
    ExtensionReason,
)
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.contract_dates import ONE_DAY, Span, period_days
from chantier_app.domain.derogations import DerogationPeriod
from chantier_app.domain.pass_iae import PassPeriod, pass_on


@dataclass(frozen=True)
class ContractPeriod:
    """One contract of the person as the rules see it (its current planned or actual end)."""

    contract_id: int | None
    kind: ContractKind
    start: dt.date
    end: dt.date  # actual end when ended, else planned end (after renewals)
    ended: bool = False
    trial_days: int | None = None
    weekly_minutes: int | None = None
    monthly_minutes: int | None = None
    derogation: DerogationKind = DerogationKind.NONE
    suspensions: tuple[Span, ...] = ()
    derogations: tuple[DerogationPeriod, ...] = ()  # periods below 20 h a week

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def trial_end(self) -> dt.date | None:
        if not self.trial_days:
            return None
        return self.start + dt.timedelta(days=self.trial_days) - ONE_DAY

    @property
    def days(self) -> int:
        return period_days(self.start, self.end)


@dataclass(frozen=True)
class PersonFacts:
    birth_date: dt.date | None = None
    rqth: bool = False


@dataclass(frozen=True)
class ContractHistory:
    """A person's contracts, PASS IAE and the done dates of their review milestones."""

    person: PersonFacts = field(default_factory=PersonFacts)
    contracts: tuple[ContractPeriod, ...] = ()
    passes: tuple[PassPeriod, ...] = ()
    review_dates: tuple[dt.date, ...] = ()

    def contract(self, contract_id: int) -> ContractPeriod | None:
        return next((c for c in self.contracts if c.contract_id == contract_id), None)

    def derogations(self) -> tuple[DerogationPeriod, ...]:
        """Every derogation period of the person, over all their contracts."""
        return tuple(d for c in self.contracts for d in c.derogations)

    def pass_at(self, day: dt.date) -> PassPeriod | None:
        """The PASS IAE valid on ``day`` (the latest one when several are)."""
        return pass_on(self.passes, day)


@dataclass(frozen=True)
class ProposedContract:
    """A new contract (hire, or the CDDI after Premières Heures)."""

    kind: ContractKind
    start: dt.date
    end: dt.date
    weekly_minutes: int | None = None
    monthly_minutes: int | None = None
    trial_days: int | None = None
    derogation: DerogationKind = DerogationKind.NONE
    derogation_period: DerogationPeriod | None = None  # the decision entered with the hire
    recorded_derogations: tuple[DerogationPeriod, ...] = ()  # when checking stored data
    adjusted_sentence: bool = False
    extension_reason: ExtensionReason = ExtensionReason.NONE
    extension_until: dt.date | None = None
    training_provider: str | None = None
    target_diploma: str | None = None
    # The Premières Heures contract this CDDI follows (it ends the day before ``start``).
    follows_contract_id: int | None = None


@dataclass(frozen=True)
class ProposedRenewal:
    """Renewal amendment: the contract's planned end moves to ``new_end``."""

    contract_id: int
    new_end: dt.date
    decided_on: dt.date
    extension_reason: ExtensionReason = ExtensionReason.NONE
    extension_until: dt.date | None = None
    derogation_period: DerogationPeriod | None = None  # a new period for the months added


@dataclass(frozen=True)
class ProposedHoursChange:
    """Amendment of the working time from ``effective_date``."""

    contract_id: int
    effective_date: dt.date
    weekly_minutes: int | None = None
    monthly_minutes: int | None = None
    derogation: DerogationKind = DerogationKind.NONE
    derogation_period: DerogationPeriod | None = None  # a new period from the amendment


@dataclass(frozen=True)
class ProposedSuspension:
    contract_id: int
    start: dt.date
    end: dt.date
    is_pmsmp: bool = False
    is_trial_elsewhere: bool = False
    other_employer: str | None = None
    offer_qualifies: bool | None = None  # trial elsewhere: a CDI or a CDD of 6 months or more


@dataclass(frozen=True)
class ProposedEnd:
    """End of a contract (early or at its term) and, unless it moves to a CDDI, the exit."""

    contract_id: int
    end: dt.date
    end_reason: EndReason | None
    exit_reason: ExitReason | None
