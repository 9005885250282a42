"""The plain data each printed document is built from.

No ReportLab here: services import these classes without paying for ReportLab's import.
Hours are integer minutes, money and FTE ``Decimal``, dates ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import (
    AmendmentKind,
    ContractKind,
    DerogationKind,
    EndReason,
    ExtensionReason,
)
from chantier_app.domain.codes.exit_reasons import ExitCategory, ExitReason
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.codes.support_codes import MilestoneKind, MilestoneStatus, TrainingResult


@dataclass(frozen=True)
class StructureInfo:
    """The association, as printed in every header."""

    name: str
    siret: str | None
    address_lines: tuple[str, ...]  # street lines, then « 75019 Paris »
    city: str | None
    phone: str | None = None
    email: str | None = None
    director_name: str | None = None
    # The association's own wording of the documents (its data folder's « textes »), read
    # by the drawing, in this process or a batch's worker; None: the texts shipped.
    texts_dir: Path | None = None


@dataclass(frozen=True)
class PersonIdentity:
    """Who the document is about. Never the NIR (the contract adds it apart)."""

    civility: Civility
    usage_name: str
    first_names: str
    birth_name: str | None = None
    birth_date: dt.date | None = None
    birth_place: str | None = None
    address_lines: tuple[str, ...] = ()
    phone: str | None = None

    @property
    def full_name(self) -> str:
        """« Élodie LEFÈVRE », for sentences."""
        return f"{self.first_names} {self.usage_name.upper()}"

    @property
    def sort_name(self) -> str:
        """« LEFÈVRE Élodie », for lists."""
        return f"{self.usage_name.upper()} {self.first_names}"

    @property
    def formal_name(self) -> str:
        """« Mme Élodie LEFÈVRE »"""
        return f"{self.civility.label} {self.full_name}"


@dataclass(frozen=True)
class ContractTerms:
    """What a contract says as it was signed: its terms before any amendment."""

    kind: ContractKind
    start_date: dt.date
    end_date: dt.date
    workshop: str | None = None
    activity: str | None = None
    team: str | None = None
    job_title: str | None = None
    weekly_minutes: int | None = None
    monthly_minutes: int | None = None
    trial_days: int | None = None
    hourly_wage: Decimal | None = None
    derogation: DerogationKind = DerogationKind.NONE
    derogation_reference: str | None = None
    # The derogation's period recorded with the contract (D5132-43-5, -8), when known.
    derogation_start: dt.date | None = None
    derogation_end: dt.date | None = None
    training_provider: str | None = None
    target_diploma: str | None = None
    signed_on: dt.date | None = None


@dataclass(frozen=True)
class ContractDocument:
    structure: StructureInfo
    person: PersonIdentity
    contract: ContractTerms | None
    nir: str | None = None  # printed on the contract only, when the reader may see it
    pass_number: str | None = None
    cip_name: str | None = None
    cip_is_woman: bool = False  # « conseillère en insertion professionnelle »
    issued_on: dt.date | None = None
    # The printed copy's number (1: the one signed, then duplicates); None: not counted.
    copy_number: int | None = None


@dataclass(frozen=True)
class AmendmentTerms:
    number: int
    kind: AmendmentKind
    effective_date: dt.date
    previous_end_date: dt.date
    new_end_date: dt.date | None = None
    previous_weekly_minutes: int | None = None
    new_weekly_minutes: int | None = None
    previous_monthly_minutes: int | None = None
    new_monthly_minutes: int | None = None
    previous_derogation: DerogationKind = DerogationKind.NONE
    previous_derogation_reference: str | None = None
    new_derogation: DerogationKind = DerogationKind.NONE
    new_derogation_reference: str | None = None
    # An hours amendment: the derogation it sets; a renewal below 20 h: the one it runs under.
    new_derogation_start: dt.date | None = None  # that derogation's period, when recorded
    new_derogation_end: dt.date | None = None
    extension_reason: ExtensionReason = ExtensionReason.NONE
    reason: str | None = None
    signed_on: dt.date | None = None


@dataclass(frozen=True)
class AmendmentDocument:
    structure: StructureInfo
    person: PersonIdentity
    contract: ContractTerms
    amendment: AmendmentTerms
    cumulative_months: Decimal | None = None  # successive CDDI, this amendment included
    issued_on: dt.date | None = None
    copy_number: int | None = None  # as ContractDocument's


@dataclass(frozen=True)
class ContractLine:
    """One contract in a history table (follow-up sheet, attestation)."""

    kind: ContractKind
    start_date: dt.date
    end_date: dt.date  # actual end when ended, else planned end
    ended: bool
    months: Decimal
    workshop: str | None = None
    job_title: str | None = None
    amendments: int = 0
    worked_minutes: int = 0
    end_reason: EndReason | None = None


@dataclass(frozen=True)
class MonthHours:
    month: dt.date  # first day of the month
    worked_minutes: int = 0
    training_minutes: int = 0
    pmsmp_minutes: int = 0
    paid_absence_minutes: int = 0
    sick_minutes: int = 0
    unjustified_minutes: int = 0

    @property
    def paid_minutes(self) -> int:
        """Work time: worked, paid training, PMSMP (``HoursValues.paid``: what FTE counts);
        paid absence is paid but not in it, hence « Heures de travail », not « rémunéré »."""
        return self.worked_minutes + self.training_minutes + self.pmsmp_minutes


@dataclass(frozen=True)
class TrainingLine:
    title: str
    start_date: dt.date
    end_date: dt.date
    provider: str | None = None
    minutes: int = 0
    result: TrainingResult | None = None
    certificate: str | None = None


@dataclass(frozen=True)
class MilestoneLine:
    kind: MilestoneKind
    date: dt.date  # done date when done, else planned or due date
    status: MilestoneStatus
    objectives_reached: str | None = None
    next_objectives: str | None = None

    @property
    def done(self) -> bool:
        return self.status is MilestoneStatus.DONE


@dataclass(frozen=True)
class BarrierHistory:
    barrier: Barrier
    scores: tuple[tuple[dt.date, int], ...]  # by date


@dataclass(frozen=True)
class FollowUpDocument:
    """Fiche de suivi. ``encadrant``: the supervisor's variant, without any social detail."""

    structure: StructureInfo
    person: PersonIdentity
    issued_on: dt.date
    encadrant: bool = False
    team: str | None = None
    cip_name: str | None = None
    supervisor_names: tuple[str, ...] = ()
    pass_number: str | None = None
    pass_end: dt.date | None = None
    contracts: tuple[ContractLine, ...] = ()
    cumulative_months: Decimal = Decimal(0)
    current_contract: ContractLine | None = None
    hours: tuple[MonthHours, ...] = ()  # months of the current contract
    trainings: tuple[TrainingLine, ...] = ()
    milestones: tuple[MilestoneLine, ...] = ()
    barriers: tuple[BarrierHistory, ...] = ()


@dataclass(frozen=True)
class SignInPerson:
    name: str  # « LEFÈVRE Élodie »
    start_date: dt.date  # the contract's dates: days outside are struck out
    end_date: dt.date


@dataclass(frozen=True)
class SignInSheet:
    """Feuille d'émargement of one team, for a week or a month."""

    structure: StructureInfo
    team: str
    first_day: dt.date
    last_day: dt.date
    monthly: bool
    people: tuple[SignInPerson, ...]
    workshop: str | None = None
    supervisor_names: tuple[str, ...] = ()
    holidays: tuple[tuple[dt.date, str], ...] = ()

    @property
    def days(self) -> list[dt.date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + dt.timedelta(days=n) for n in range(count)]


@dataclass(frozen=True)
class AttestationDocument:
    """Attestation d'expérience: the contracts, the job, the hours, trainings and certificates."""

    structure: StructureInfo
    person: PersonIdentity
    contracts: tuple[ContractLine, ...]
    issued_on: dt.date
    worked_minutes: int = 0
    training_minutes: int = 0
    activities: tuple[str, ...] = ()  # the workshops' activities (tasks carried out)
    trainings: tuple[TrainingLine, ...] = ()


@dataclass(frozen=True)
class StatementLine:
    """One contract in the monthly statement: what the State's EMI asks for."""

    person_name: str
    pass_number: str | None
    kind: ContractKind
    start_date: dt.date
    planned_end: dt.date
    worked_minutes: int | None  # None: hours not entered for the month
    training_minutes: int = 0
    actual_end: dt.date | None = None  # only when the contract ended that month
    exit_reason: ExitReason | None = None


@dataclass(frozen=True)
class MonthlyStatement:
    structure: StructureInfo
    month: dt.date
    lines: tuple[StatementLine, ...]
    declared: bool = False


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class YearlyReport:
    """Bilan annuel (dialogue de gestion): people, FTE, exits, demographics."""

    structure: StructureInfo
    year: int
    people_employed: int
    new_hires: int
    contracts_started: int
    paid_minutes: int  # worked, trained and PMSMP time: what FTE counts
    fte: Decimal
    funded_fte: Decimal | None
    fte_by_month: tuple[tuple[dt.date, Decimal], ...]
    exits: tuple[tuple[ExitCategory, int], ...]
    dynamic_exit_rate: Decimal | None  # percentage, None when no exit counts
    women: int
    men: int
    age_bands: tuple[Count, ...]
    resources: tuple[Count, ...]  # RSA, RQTH, QPV...
    education: tuple[Count, ...]
    issued_on: dt.date | None = None
    # A version frozen as presented to the State (« dialogue de gestion »): what it says.
    frozen_label: str | None = None

    @property
    def provisional(self) -> bool:
        """Printed before the year is over: its figures will still change."""
        return self.issued_on is not None and self.issued_on <= dt.date(self.year, 12, 31)


@dataclass(frozen=True)
class PathReportDocument:
    """Bilan d'accompagnement: only the sections the CIP ticked, as they reviewed them."""

    structure: StructureInfo
    person_name: str  # « Élodie LEFÈVRE »
    written_on: dt.date
    author_name: str | None
    recipient: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (title, lines)
    handed_over: str | None = None  # « remis le … à … », once recorded
    issued_on: dt.date | None = None
