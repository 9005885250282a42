"""The plain data of the control file (« dossier de contrôle ») and of one person's whole file.

No ReportLab here: the services build these, the PDF and the XLSX are drawn from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from chantier_app.domain.codes.exit_reasons import ExitCategory
from chantier_app.domain.pmsmp import SameHostCount
from chantier_app.reports.data import StructureInfo

DIAGNOSIS_TARGET_DAYS = 30  # the diagnosis within the first month of the path


@dataclass(frozen=True)
class Renewal:
    effective: dt.date
    new_end: dt.date | None
    review: dt.date | None  # the review before it (a renewal needs one)
    justified: bool  # a justification is recorded (its text may tell health facts: on site)


@dataclass(frozen=True)
class BeyondLimit:
    months: Decimal  # successive CDDI months at the period's end
    reason_recorded: bool
    until: dt.date | None


@dataclass(frozen=True)
class ControlPerson:
    """One file of the control: what the inspector checks, without any reserved fact."""

    person_id: int
    name: str
    birth_date: dt.date | None
    pass_number: str | None
    pass_start: dt.date | None
    pass_end: dt.date | None
    eligibility: str  # « 1 critère de niveau 1, 2 de niveau 2 », « validée sur les emplois »
    criteria: tuple[str, ...]  # labels; a health, disability or justice one as « réservé »
    hired_on: dt.date  # the path's first day
    entered: bool  # hired in the period
    exit_date: dt.date | None  # exit in the period
    exit_category: ExitCategory | None
    contracts: tuple[str, ...]
    paid_minutes: int  # in the period
    fte: Decimal  # paid minutes over the annual full time
    diagnosis_date: dt.date | None
    diagnosis_delay: int | None  # days after hiring
    interviews: tuple[tuple[dt.date, str], ...]
    renewals: tuple[Renewal, ...]
    beyond_24: BeyondLimit | None
    exit_review: dt.date | None

    @property
    def diagnosis_late(self) -> bool:
        return self.diagnosis_delay is None or self.diagnosis_delay > DIAGNOSIS_TARGET_DAYS


@dataclass(frozen=True)
class ControlPmsmp:
    person_name: str
    host: str
    target_job: str | None
    start: dt.date
    end: dt.date
    days: int
    within_month: bool  # one month per agreement at most (D5135-3)
    same_host_agreements: int  # with the same host over the 12 months up to its end
    same_host_days: int
    outcome: str

    @property
    def within_limits(self) -> bool:
        """One month, and D5135-3's same-host limits as domain/pmsmp.SameHostCount reads them."""
        same = SameHostCount(self.same_host_agreements, self.same_host_days)
        return self.within_month and same.within_limits


@dataclass(frozen=True)
class FteYearLine:
    year: int
    realised: Decimal  # paid minutes of the months in the period, over the annual full time
    funded: Decimal | None


@dataclass(frozen=True)
class ControlFile:
    structure: StructureInfo
    start: dt.date
    end: dt.date
    people: tuple[ControlPerson, ...]
    pmsmps: tuple[ControlPmsmp, ...]
    exits: tuple[tuple[ExitCategory, int], ...]
    dynamic_rate: Decimal | None  # percent of the exits counted
    sustainable_rate: Decimal | None
    target_dynamic: Decimal | None
    target_sustainable: Decimal | None
    fte_years: tuple[FteYearLine, ...]
    contracts_count: int
    issued_on: dt.date

    @property
    def entries(self) -> int:
        return sum(1 for p in self.people if p.entered)

    @property
    def exits_count(self) -> int:
        return sum(n for _, n in self.exits)

    @property
    def paid_minutes(self) -> int:
        return sum(p.paid_minutes for p in self.people)


@dataclass(frozen=True)
class MonthLine:
    month: dt.date
    paid_minutes: int
    absent_minutes: int


@dataclass(frozen=True)
class PersonFile:
    """« Tirer un dossier au hasard »: one person's whole file, as the inspector reads it."""

    structure: StructureInfo
    person: ControlPerson
    drawn_among: int  # how many files the draw was made among
    start: dt.date
    end: dt.date
    diagnosis: tuple[str, ...]  # the eligibility diagnosis: date, author, criteria
    passes: tuple[str, ...]  # each PASS with its suspensions and prolongations (dates)
    amendments: tuple[str, ...]
    months: tuple[MonthLine, ...]
    trainings: tuple[str, ...]
    pmsmps: tuple[str, ...]
    issued_on: dt.date
