"""The dashboard's figures as plain data, importable without SQLAlchemy.

The first screen is drawn before SQLAlchemy is even imported (``dashboard/first_screen``),
so the results it shows are defined here, and screens import them from here; the services
that compute them from the database (``dashboard.overview``, ``dashboard.todo``,
``hours.fte``, ``contracts.exits``) return them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.contract_codes import DerogationKind
from chantier_app.domain.codes.exit_reasons import ExitCategory, ExitReason
from chantier_app.domain.codes.support_codes import MilestoneKind
from chantier_app.domain.derogations import DerogationPeriod
from chantier_app.domain.fr_format import format_date, format_minutes
from chantier_app.domain.fte import FteYear
from chantier_app.domain.path_end import PathContract, report_due
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
    PATH_REPORT = "path_report"
    DEROGATION = "derogation"

    @property
    def label(self) -> str:
        return {
            TodoKind.MILESTONE: tr("Entretien"),
            TodoKind.ACTION: tr("Action"),
            TodoKind.PMSMP: tr("PMSMP"),
            TodoKind.TRAINING: tr("Formation"),
            TodoKind.PATH_REPORT: tr("Bilan d'accompagnement"),
            TodoKind.DEROGATION: tr("Dérogation horaire"),
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


def person_name(last: str, first: str) -> str:
    return f"{last.upper()} {first}"


def milestone_item(
    milestone_id: int,
    kind: MilestoneKind,
    due: dt.date,
    planned: dt.date | None,
    person: tuple[int, str, str, int | None],  # id, usage name, first names, CIP
    today: dt.date,
) -> TodoItem:
    when = planned or due
    detail = (
        tr("rendez-vous le {date}").format(date=format_date(planned))
        if planned
        else tr("échéance le {date}").format(date=format_date(due))
    )
    pid, last, first, cip = person
    return TodoItem(
        TodoKind.MILESTONE, milestone_id, when, pid, person_name(last, first), kind.label,
        detail, "support", cip, when < today,
    )  # fmt: skip


def derogation_item(
    contract_id: int,
    period: DerogationPeriod,
    weekly_minutes: int,
    person: tuple[int, str, str, int | None],
    today: dt.date,
) -> TodoItem:
    """A derogation below 20 h lapsing before the contract ends: its renewal to ask."""
    title = tr("Dérogation de moins de 20 h à renouveler ({hours} par semaine)").format(
        hours=format_minutes(weekly_minutes)
    )
    detail = tr("fin le {date} ; {how}").format(
        date=format_date(period.end),
        how=tr("nouvelle décision du préfet (D5132-43-8)")
        if period.kind is DerogationKind.COLLECTIVE
        else tr("prolongation après un bilan de l'employeur (D5132-43-5)"),
    )
    pid, last, first, cip = person
    return TodoItem(
        TodoKind.DEROGATION, contract_id, period.end, pid, person_name(last, first), title,
        detail, "contracts", cip, period.end < today,
    )  # fmt: skip


def action_item(
    action_id: int,
    barrier: Barrier,
    description: str,
    partner: str | None,
    due: dt.date,
    person: tuple[int, str, str, int | None],
    today: dt.date,
) -> TodoItem:
    detail = barrier.label + (f" — {partner}" if partner else "")
    pid, last, first, cip = person
    return TodoItem(
        TodoKind.ACTION, action_id, due, pid, person_name(last, first), description, detail,
        "support", cip, due < today,
    )  # fmt: skip


def pmsmp_item(
    pmsmp_id: int,
    host: str,
    start: dt.date,
    end: dt.date,
    person: tuple[int, str, str, int | None],
    today: dt.date,
) -> TodoItem:
    ended = end < today
    title = (tr("Bilan de la PMSMP à saisir") if ended else tr("Fin de PMSMP")) + f" — {host}"
    detail = tr("du {start} au {end}").format(start=format_date(start), end=format_date(end))
    pid, last, first, cip = person
    return TodoItem(
        TodoKind.PMSMP, pmsmp_id, end, pid, person_name(last, first), title, detail, "support",
        cip, ended,
    )  # fmt: skip


def training_item(
    enrolment_id: int,
    title: str,
    start: dt.date,
    provider: str | None,
    person: tuple[int, str, str, int | None],
) -> TodoItem:
    detail = tr("début le {date}").format(date=format_date(start)) + (
        f" — {provider}" if provider else ""
    )
    pid, last, first, cip = person
    return TodoItem(
        TodoKind.TRAINING, enrolment_id, start, pid, person_name(last, first), title, detail,
        "trainings", cip, False,
    )  # fmt: skip


def path_report_items(
    contracts: list[tuple[int, PathContract]],  # (person id, contract), every contract
    passes: dict[int, list[tuple[dt.date, dt.date]]],  # person id -> PASS (start, end)
    written: dict[int, dt.date],  # person id -> latest bilan (not cancelled)
    people: dict[int, tuple[int, str, str, int | None]],  # the to-do's people
    today: dt.date,
) -> list[TodoItem]:
    """« Bilan d'accompagnement à préparer » when a path nears its end (``domain.path_end``),
    unless a bilan was written since the contract started."""
    by_person: dict[int, list[PathContract]] = {}
    for person_id, contract in contracts:
        by_person.setdefault(person_id, []).append(contract)
    items = []
    for person_id, own in by_person.items():
        if person_id not in people:
            continue
        for contract in own:
            if contract.ended or written.get(person_id, dt.date.min) >= contract.start:
                continue
            starts = [s for s, _e in passes.get(person_id, []) if s <= contract.start]
            others = [c for c in own if c.contract_id != contract.contract_id]
            due = report_due(contract, others, max(starts, default=None), today)
            if due is None:
                continue
            pid, last, first, cip = people[person_id]
            # To do now: the path ends within the month (its date is in the detail).
            items.append(
                TodoItem(
                    TodoKind.PATH_REPORT, contract.contract_id, min(due.due, today), pid,
                    person_name(last, first), tr("Bilan d'accompagnement à préparer"),
                    due.reason, "support", cip, False,
                )
            )  # fmt: skip
    return items


def todo_order(items: list[TodoItem]) -> list[TodoItem]:
    """Overdue first, then by date."""
    return sorted(items, key=lambda i: (not i.overdue, i.due_date, i.person_name, i.kind.value))


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

    @classmethod
    def of(cls, start: dt.date, end: dt.date, by_reason: dict[ExitReason, int]) -> ExitsSummary:
        """From the number of exits of each reason."""
        categories = {category: 0 for category in ExitCategory}
        for reason, n in by_reason.items():
            categories[reason.category] += n
        return cls(
            start=start,
            end=end,
            by_category=tuple(categories.items()),
            by_reason=tuple(sorted(by_reason.items(), key=lambda item: item[0].value)),
        )

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
