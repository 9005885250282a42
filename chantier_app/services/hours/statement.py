"""The State's monthly statement (EMI): one line per contract running in the month, with the
hours worked and, when the contract ended that month, its actual end date and exit reason.

Exported to XLSX or CSV (``services/tabular.py``) to key it into the State's extranet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.fr_format import format_month
from chantier_app.domain.hours_terms import month_end, month_start
from chantier_app.i18n import tr
from chantier_app.services import audit, roles_matrix, tabular
from chantier_app.services.context import Actor
from chantier_app.services.hours._common import (
    declared_months,
    month_rows,
    values_of,
)
from chantier_app.services.hours._contracts import load_contracts
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class StatementLine:
    person_id: int
    person_name: str
    birth_date: dt.date | None
    pass_number: str
    contract_id: int
    contract_kind: str
    contract_start: dt.date
    planned_end: dt.date
    worked_minutes: int  # paid work time: worked, paid training, PMSMP
    absence_minutes: int  # paid absence, sick leave, unjustified absence
    actual_end_date: dt.date | None  # only when the contract ended this month
    end_reason: str
    exit_reason_code: str
    exit_reason: str


@dataclass(frozen=True)
class MonthlyStatement:
    month: dt.date
    lines: tuple[StatementLine, ...]
    declared: bool
    workshop_id: int | None = None

    @property
    def worked_minutes(self) -> int:
        return sum(line.worked_minutes for line in self.lines)

    @property
    def missing_hours(self) -> int:
        """Lines with no hour at all: often a month not entered yet."""
        return sum(1 for line in self.lines if not line.worked_minutes and not line.absence_minutes)


def monthly_statement(
    session: Session, actor: Actor, month: dt.date, workshop_id: int | None = None
) -> MonthlyStatement:
    roles_matrix.require(actor, Permission.FIGURES_VIEW)
    month = month_start(month)
    last = month_end(month)
    loaded = load_contracts(session, month, last, workshop_id=workshop_id)
    stored = month_rows(session, [(c.contract.id, month) for c in loaded])
    person_ids = {c.contract.person_id for c in loaded}
    births = {
        person_id: birth
        for person_id, birth in session.execute(
            sa.select(m.Person.id, m.Person.birth_date).where(m.Person.id.in_(person_ids))
        )
    }
    passes: dict[int, list[m.PassIae]] = {}
    for pass_iae in session.scalars(
        sa.select(m.PassIae)
        .where(m.PassIae.person_id.in_(person_ids))
        .order_by(m.PassIae.start_date)
    ):
        passes.setdefault(pass_iae.person_id, []).append(pass_iae)
    lines = []
    for item in loaded:
        contract = item.contract
        values = values_of(stored.get((contract.id, month)))
        ended = contract.actual_end_date is not None and month <= contract.actual_end_date <= last
        lines.append(
            StatementLine(
                person_id=contract.person_id,
                person_name=item.person_name,
                birth_date=births.get(contract.person_id),
                pass_number=_pass_number(passes.get(contract.person_id, []), last),
                contract_id=contract.id,
                contract_kind=contract.kind.label,
                contract_start=contract.start_date,
                planned_end=contract.end_date,
                worked_minutes=values.paid,
                absence_minutes=values.total - values.paid,
                actual_end_date=contract.actual_end_date if ended else None,
                end_reason=contract.end_reason.label if ended and contract.end_reason else "",
                exit_reason_code=contract.exit_reason.value
                if ended and contract.exit_reason
                else "",
                exit_reason=contract.exit_reason.label if ended and contract.exit_reason else "",
            )
        )
    return MonthlyStatement(
        month, tuple(lines), month in declared_months(session, [month]), workshop_id
    )


def _pass_number(passes: list[m.PassIae], month_last_day: dt.date) -> str:
    """The latest PASS IAE started by the end of the month."""
    started = [p for p in passes if p.start_date <= month_last_day]
    return started[-1].number if started else ""


def hours_decimal(minutes: int) -> Decimal:
    """Hours with two decimals, as the extranet takes them."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


HEADERS = [
    tr("Salarié"),
    tr("Date de naissance"),
    tr("N° PASS IAE"),
    tr("Contrat"),
    tr("Début du contrat"),
    tr("Fin prévue"),
    tr("Heures travaillées"),
    tr("Heures d'absence"),
    tr("Date de fin réelle"),
    tr("Motif de fin"),
    tr("Code motif de sortie"),
    tr("Motif de sortie"),
]


def statement_rows(statement: MonthlyStatement) -> list[list[tabular.Cell]]:
    return [
        [
            line.person_name,
            line.birth_date,
            line.pass_number,
            line.contract_kind,
            line.contract_start,
            line.planned_end,
            hours_decimal(line.worked_minutes),
            hours_decimal(line.absence_minutes),
            line.actual_end_date,
            line.end_reason,
            line.exit_reason_code,
            line.exit_reason,
        ]
        for line in statement.lines
    ]


def export_statement(
    session: Session, actor: Actor, month: dt.date, path: Path, workshop_id: int | None = None
) -> Path:
    """Write the month's statement to ``path`` (.xlsx or .csv); the export is audited."""
    roles_matrix.require(actor, Permission.EXPORT_PERSONAL)
    file_format = tabular.export_format(path)
    statement = monthly_statement(session, actor, month, workshop_id)
    rows = statement_rows(statement)
    tabular.write_table(path, HEADERS, rows, sheet_title=format_month(statement.month))
    audit.record(
        session,
        actor,
        audit.Action.EXPORT,
        "monthly_statement",
        summary=tr("Relevé mensuel de {month} exporté ({n} lignes, {fmt}) : {name}").format(
            month=format_month(statement.month), n=len(rows), fmt=file_format, name=path.name
        ),
    )
    return path
