"""The dialogue de gestion, frozen: the yearly report saved as a dated version, with the figures
as they were presented to the State, listed and reprinted as they were, whatever is corrected
afterwards (hours, exits, contracts). A version is never changed; it can be withdrawn (kept,
with the reason) when it was frozen by mistake.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.db.base import now
from chantier_app.domain.codes.exit_reasons import ExitCategory
from chantier_app.domain.errors import NotFoundError, ValidationError
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.parsing import clean_line, clean_text
from chantier_app.domain.text_rules import checked_notes, checked_reason
from chantier_app.i18n import tr
from chantier_app.reports.data import Count, StructureInfo, YearlyReport
from chantier_app.reports.drawing import draw
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.documents import _report
from chantier_app.services.documents.printing import DocumentKind, require_print
from chantier_app.services.roles_matrix import Permission

PAYLOAD_VERSION = 1


@dataclass(frozen=True)
class FrozenReportView:
    id: int
    year: int
    frozen_at: dt.datetime
    frozen_by: str
    label: str
    notes: str
    withdrawn: bool
    withdrawn_reason: str


# The report as JSON (every value exact: Decimal as text, dates ISO) and back ------------------
def to_payload(report: YearlyReport) -> str:
    data = dataclasses.asdict(dataclasses.replace(report, structure=dataclasses.replace(
        report.structure, texts_dir=None)))  # fmt: skip
    return json.dumps(
        {"version": PAYLOAD_VERSION, "report": data}, default=_json, ensure_ascii=False
    )


def _json(value: object) -> object:
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    raise TypeError(type(value))


def _value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"decimal"}:
        return Decimal(value["decimal"])
    if isinstance(value, dict) and set(value) == {"date"}:
        return dt.date.fromisoformat(value["date"])
    return value


def from_payload(payload: str) -> YearlyReport:
    data = json.loads(payload)["report"]
    structure = data.pop("structure")
    structure["address_lines"] = tuple(structure["address_lines"])
    return YearlyReport(
        structure=StructureInfo(**structure),
        year=data["year"],
        people_employed=data["people_employed"],
        new_hires=data["new_hires"],
        contracts_started=data["contracts_started"],
        paid_minutes=data["paid_minutes"],
        fte=_value(data["fte"]),
        funded_fte=_value(data["funded_fte"]),
        fte_by_month=tuple((_value(d), _value(v)) for d, v in data["fte_by_month"]),
        exits=tuple((ExitCategory.from_code(c), n) for c, n in data["exits"]),
        dynamic_exit_rate=_value(data["dynamic_exit_rate"]),
        women=data["women"],
        men=data["men"],
        age_bands=tuple(Count(**c) for c in data["age_bands"]),
        resources=tuple(Count(**c) for c in data["resources"]),
        education=tuple(Count(**c) for c in data["education"]),
        issued_on=_value(data["issued_on"]),
        frozen_label=data.get("frozen_label"),
    )


# Use cases ----------------------------------------------------------------------------------
def _require(actor: Actor) -> None:
    # Freezing says « this is what we presented to the State »: the direction's declaration.
    roles_matrix.require(actor, Permission.HOURS_DECLARE)
    require_print(actor, DocumentKind.YEARLY_REPORT)


def freeze_yearly_report(
    session: Session,
    actor: Actor,
    year: int,
    label: str | None,
    notes: str | None = None,
    *,
    today: dt.date | None = None,
) -> int:
    """Save the year's report as it is now, under a label (« Dialogue de gestion du … »)."""
    _require(actor)
    today = today or dt.date.today()
    if not 2000 <= year <= 2100:
        raise ValidationError(tr("Année : entre 2000 et 2100."), field="year")
    label = clean_line(label) or tr("Dialogue de gestion du {date}").format(date=format_date(today))
    report = _report.yearly_report_data(session, year, today=today)
    frozen = dataclasses.replace(
        report,
        frozen_label=tr("Version figée le {date} : {label}").format(date=format_date(today),
                                                                    label=label),
    )  # fmt: skip
    row = m.FrozenYearlyReport(year=year, frozen_at=now(), frozen_by_id=actor.staff_id,
                               frozen_by_name=actor.name, label=label,
                               payload=to_payload(frozen), notes=checked_notes(notes))  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, audit.Action.CREATE, "frozen_yearly_report", row.id,
                 summary=tr("bilan annuel {year} figé : {label}").format(year=year, label=label))  # fmt: skip
    return row.id


def list_frozen_reports(session: Session, actor: Actor) -> list[FrozenReportView]:
    """Every frozen version, newest first (withdrawn ones too, marked)."""
    roles_matrix.require(actor, Permission.FIGURES_VIEW)
    rows = session.scalars(
        select(m.FrozenYearlyReport).order_by(
            m.FrozenYearlyReport.year.desc(), m.FrozenYearlyReport.frozen_at.desc(),
            m.FrozenYearlyReport.id.desc(),
        )
    )  # fmt: skip
    return [
        FrozenReportView(r.id, r.year, r.frozen_at, r.frozen_by_name or tr("Système"), r.label,
                         r.notes or "", r.withdrawn_at is not None, r.withdrawn_reason or "")
        for r in rows
    ]  # fmt: skip


def _load(session: Session, report_id: int) -> m.FrozenYearlyReport:
    row = session.get(m.FrozenYearlyReport, report_id)
    if row is None:
        raise NotFoundError(tr("Bilan annuel figé"), report_id)
    return row


def frozen_report(session: Session, actor: Actor, report_id: int) -> YearlyReport:
    """The figures exactly as they were frozen."""
    roles_matrix.require(actor, Permission.FIGURES_VIEW)
    return from_payload(_load(session, report_id).payload)


def print_frozen_report(session: Session, actor: Actor, report_id: int) -> bytes:
    """The frozen version's PDF, drawn from its own figures (never today's)."""
    require_print(actor, DocumentKind.YEARLY_REPORT)
    report = frozen_report(session, actor, report_id)
    return draw(("yearly_report", "render_yearly_report", report))


def withdraw_frozen_report(
    session: Session, actor: Actor, report_id: int, reason: str | None
) -> None:
    """A version frozen by mistake is withdrawn, never deleted: kept with the reason."""
    _require(actor)
    row = _load(session, report_id)
    if row.withdrawn_at is not None:
        return
    if not clean_text(reason):
        raise ValidationError(tr("Motif du retrait : obligatoire."), field="reason")
    row.withdrawn_at, row.withdrawn_reason = now(), checked_reason(reason)
    audit.record(session, actor, audit.Action.UPDATE, "frozen_yearly_report", row.id,
                 summary=tr("bilan annuel {year} figé retiré").format(year=row.year))  # fmt: skip
