"""The dashboard's figures as plain data, importable without SQLAlchemy.

The first screen is drawn before SQLAlchemy is even imported (``services/first_screen``),
so the results it shows are defined here; the services that compute them from the
database (``dashboard``, ``todo``, ``fte``, ``exits``) re-export them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

from chantier_app.domain.codes.exit_reasons import ExitCategory, ExitReason
from chantier_app.domain.fte import FteYear
from chantier_app.i18n import tr

HORIZON_DAYS = 14  # the to-do list: what is due within two weeks


# Tableau de bord ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Overview:
    people_active: int
    contracts_in_force: int
    paid_minutes_this_year: int
    annual_fulltime_minutes: int

    @property
    def fte_this_year(self) -> Decimal:
        if not self.annual_fulltime_minutes:
            return Decimal(0)
        return Decimal(self.paid_minutes_this_year) / Decimal(self.annual_fulltime_minutes)


@dataclass(frozen=True)
class Heading:
    structure_name: str | None
    is_demo: bool


# À faire -------------------------------------------------------------------------------------
class TodoKind(enum.StrEnum):
    MILESTONE = "milestone"
    ACTION = "action"
    PMSMP = "pmsmp"
    TRAINING = "training"

    @property
    def label(self) -> str:
        return {
            TodoKind.MILESTONE: tr("Entretien"),
            TodoKind.ACTION: tr("Action"),
            TodoKind.PMSMP: tr("PMSMP"),
            TodoKind.TRAINING: tr("Formation"),
        }[self]


@dataclass(frozen=True)
class TodoItem:
    kind: TodoKind
    ref_id: int
    due_date: dt.date
    person_id: int
    person_name: str
    title: str
    detail: str
    tab_key: str  # the tab of the person's file to open
    cip_id: int | None
    overdue: bool


# ETP ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkshopChoice:
    id: int
    name: str


@dataclass(frozen=True)
class FteReport:
    fte: FteYear
    workshop_id: int | None
    scope: str  # « Toute la structure » or the workshop's name
    workshops: tuple[WorkshopChoice, ...]


# Sorties -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExitsSummary:
    start: dt.date
    end: dt.date
    by_category: tuple[tuple[ExitCategory, int], ...]  # every category, in the State's order
    by_reason: tuple[tuple[ExitReason, int], ...]  # reasons used in the period, by code

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_category)

    def count(self, category: ExitCategory) -> int:
        return dict(self.by_category).get(category, 0)

    @property
    def excluded(self) -> int:
        return self.count(ExitCategory.EXCLUDED)

    @property
    def counted(self) -> int:
        """The denominator: every exit minus those withdrawn from the rates."""
        return self.total - self.excluded

    @property
    def dynamic(self) -> int:
        return sum(n for category, n in self.by_category if category.dynamic)

    @property
    def dynamic_rate(self) -> Decimal | None:
        """Sorties dynamiques / counted exits, as a fraction (None when nothing to count)."""
        if not self.counted:
            return None
        return Decimal(self.dynamic) / Decimal(self.counted)
