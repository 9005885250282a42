"""Right of access (RGPD art. 15): everything held on one person, in one JSON (complete, every
row of every table about them) and one PDF (readable). The export is recorded in the trail.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from chantier_app import __version__
from chantier_app.db import models as m
from chantier_app.db.base import Base, now
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.errors import StorageError
from chantier_app.domain.fr_format import format_date, format_minutes, format_month, format_number
from chantier_app.environment import os_clause
from chantier_app.i18n import tr
from chantier_app.reports.person_data import PersonDataDocument, Section, build_pdf
from chantier_app.services import audit, permissions
from chantier_app.services.context import Actor
from chantier_app.services.privacy._access_labels import (
    AUDIT_ACTIONS,
    AUDIT_ENTITIES,
    SECTIONS,
    column_label,
)
from chantier_app.services.roles_matrix import Permission

Rows = list[dict[str, Any]]
# (table, model, owner's id column; record_version's may be NULL: a training session's, 0024)
_Owned = tuple[str, type[Base], InstrumentedAttribute[int] | InstrumentedAttribute[int | None]]


def _rows(session: Session, model: type[Base], where: sa.ColumnElement[bool]) -> Rows:
    columns = [c.key for c in sa.inspect(model).column_attrs]
    return [
        {name: getattr(obj, name) for name in columns}
        for obj in session.scalars(
            sa.select(model).where(where).order_by(*sa.inspect(model).primary_key),
            # Everything held on the person: a contract cancelled by mistake is held too.
            execution_options=including_cancelled(),
        )
    ]


def _ids(rows: Rows) -> list[int]:
    return [row["id"] for row in rows]


def _collect(session: Session, person_id: int) -> dict[str, Rows]:
    """Every row about the person, table by table (a few queries per table)."""
    t: dict[str, Rows] = {"person": _rows(session, m.Person, m.Person.id == person_id)}
    by_person: tuple[_Owned, ...] = (  # (table, model, its column naming the person)
        ("eligibility_diagnosis", m.EligibilityDiagnosis, m.EligibilityDiagnosis.person_id),
        ("pass_iae", m.PassIae, m.PassIae.person_id),
        ("contract", m.Contract, m.Contract.person_id),
        ("milestone", m.Milestone, m.Milestone.person_id),
        ("barrier_score", m.BarrierScore, m.BarrierScore.person_id),
        ("barrier_action", m.BarrierAction, m.BarrierAction.person_id),
        ("pmsmp", m.Pmsmp, m.Pmsmp.person_id),
        ("sensitive_note", m.SensitiveNote, m.SensitiveNote.person_id),
        ("enrolment", m.Enrolment, m.Enrolment.person_id),
        ("emplois_hire", m.EmploisHire, m.EmploisHire.person_id),
        ("path_report", m.PathReport, m.PathReport.person_id),
        ("record_version", m.RecordVersion, m.RecordVersion.person_id),
    )
    for name, model, owner in by_person:
        t[name] = _rows(session, model, owner == person_id)
    diagnoses, passes, contracts = _ids(t["eligibility_diagnosis"]), _ids(t["pass_iae"]), _ids(t["contract"])  # fmt: skip
    crit = m.EligibilityCriterionProof
    t["eligibility_criterion"] = _rows(session, crit, crit.diagnosis_id.in_(diagnoses))
    t["pass_suspension"] = _rows(session, m.PassSuspension, m.PassSuspension.pass_id.in_(passes))
    t["pass_prolongation"] = _rows(session, m.PassProlongation, m.PassProlongation.pass_id.in_(passes))  # fmt: skip
    by_contract: tuple[_Owned, ...] = (  # (table, model, its column naming the contract)
        ("amendment", m.Amendment, m.Amendment.contract_id),
        ("contract_suspension", m.ContractSuspension, m.ContractSuspension.contract_id),
        ("contract_derogation", m.ContractDerogation, m.ContractDerogation.contract_id),
        ("monthly_hours", m.MonthlyHours, m.MonthlyHours.contract_id),
        ("daily_attendance", m.DailyAttendance, m.DailyAttendance.contract_id),
    )
    for name, model, owner in by_contract:
        t[name] = _rows(session, model, owner.in_(contracts))
    enrolments = _ids(t["enrolment"])
    sessions = sorted({row["session_id"] for row in t["enrolment"]})
    t["training_session"] = _rows(session, m.TrainingSession, m.TrainingSession.id.in_(sessions))
    t["training_attendance"] = _rows(session, m.TrainingAttendance, m.TrainingAttendance.enrolment_id.in_(enrolments))  # fmt: skip
    t["audit_entry"] = _rows(session, m.AuditEntry, m.AuditEntry.person_id == person_id)
    return t


def _json_value(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def to_json(tables: dict[str, Rows], person_id: int, exported_at: dt.datetime) -> str:
    payload = {
        "export": {
            "application": "chantier_app", "version": __version__, "person_id": person_id,
            "exported_at": exported_at.isoformat(),
            "note": tr("Toutes les données enregistrées sur la personne, table par table."),
        },
        "tables": {name: [{k: _json_value(v) for k, v in row.items()} for row in rows] for name, rows in tables.items()},
    }  # fmt: skip
    return json.dumps(payload, ensure_ascii=False, indent=2)


# Readable document -------------------------------------------------------------------------
_NAMED_IDS = {
    "cip_id": "staff", "author_id": "staff", "author_staff_id": "staff", "created_by_id": "staff",
    "updated_by_id": "staff", "declared_by_id": "staff", "cancelled_by_id": "staff",
    "team_id": "team", "workshop_id": "workshop", "session_id": "session",
}  # fmt: skip


def _names(session: Session) -> dict[str, dict[int, str]]:
    return {
        "staff": {
            i: f"{f} {n}"
            for i, f, n in session.execute(
                sa.select(m.Staff.id, m.Staff.first_name, m.Staff.last_name)
            )
        },
        "team": {i: n for i, n in session.execute(sa.select(m.Team.id, m.Team.name))},
        "workshop": {i: n for i, n in session.execute(sa.select(m.Workshop.id, m.Workshop.name))},
        "session": {  # a cancelled enrolment's session named too, cancelled or not
            i: n
            for i, n in session.execute(
                sa.select(m.TrainingSession.id, m.TrainingSession.title),
                execution_options=including_cancelled(),
            )
        },
    }


def _shown(table: str, column: str, grid: bool) -> bool:
    """Ids mean nothing to a reader (names replace staff, teams...); grids stay narrow."""
    if column in _NAMED_IDS:
        return True
    if grid and column in ("created_at", "updated_at"):
        return False
    meta = Base.metadata.tables[table].c[column]
    return not (meta.primary_key or meta.foreign_keys or column in ("person_id", "entity_id"))


def readable(column: str, value: object, names: dict[str, dict[int, str]]) -> str:
    if value is None or value == "":
        return ""
    if column == "action" and isinstance(value, str):  # the trail's codes
        return AUDIT_ACTIONS.get(value, value)
    if column == "entity" and isinstance(value, str):
        return AUDIT_ENTITIES.get(value, value)
    if column in _NAMED_IDS:  # an id (an int), shown as the name it stands for
        known = names[_NAMED_IDS[column]]
        return known.get(value, str(value)) if isinstance(value, int) else str(value)
    if isinstance(value, bool):
        return tr("oui") if value else tr("non")
    if isinstance(value, CodeEnum):
        return value.label
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return format_month(value) if column == "month" else format_date(value)
    if isinstance(value, Decimal):
        return format_number(value, 2)
    if isinstance(value, int) and (column.endswith("_minutes") or column == "minutes"):
        return format_minutes(value)
    return str(value)


def sections(tables: dict[str, Rows], names: dict[str, dict[int, str]]) -> tuple[Section, ...]:
    found = []
    for table, title, grid in SECTIONS:
        rows = tables.get(table, [])
        columns = [c for c in (rows[0] if rows else {}) if _shown(table, c, grid)]
        found.append(
            Section(
                title, grid, tuple(column_label(table, c) for c in columns),
                tuple(tuple(readable(c, row[c], names) for c in columns) for row in rows),
            )
        )  # fmt: skip
    return tuple(found)


@dataclass(frozen=True)
class AccessExport:
    json_path: Path
    pdf_path: Path
    rows: int


def export_person_data(
    session: Session, actor: Actor, person_id: int, folder: Path, *, when: dt.datetime | None = None
) -> AccessExport:
    """Write ``donnees-personne-<n°>-<date>.json`` and ``.pdf`` in ``folder`` (direction)."""
    person = permissions.require_person(session, actor, person_id, Permission.ACCESS_EXPORT)
    when = when or now()
    tables = _collect(session, person_id)
    document = PersonDataDocument(
        tr("Données personnelles de {name}").format(name=person.display_name),
        (
            tr("Extraction faite le {date} par {who}, au titre du droit d'accès (RGPD, article 15).").format(
                date=when.strftime("%d/%m/%Y à %H:%M"), who=actor.name
            ),
            tr("Le fichier JSON joint contient les mêmes données, complètes et sans mise en forme."),
        ),
        sections(tables, _names(session)),
    )  # fmt: skip
    stem = f"donnees-personne-{person_id}-{when:%Y%m%d-%H%M%S}"
    json_path, pdf_path = folder / f"{stem}.json", folder / f"{stem}.pdf"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        json_path.write_text(to_json(tables, person_id, when), encoding="utf-8")
        pdf_path.write_bytes(build_pdf(document))
    except OSError as exc:
        raise StorageError(tr("Écriture impossible dans {folder} : {error}.").format(folder=folder, error=os_clause(exc))) from exc  # fmt: skip
    count = sum(len(rows) for rows in tables.values())
    audit.record(
        session, actor, audit.Action.EXPORT, "person", person_id, person_id=person_id,
        summary=tr("droit d'accès : {n} enregistrements exportés (JSON et PDF, {file})").format(n=count, file=stem),
    )  # fmt: skip
    return AccessExport(json_path, pdf_path, count)


def table_names() -> Sequence[str]:
    return [table for table, _title, _grid in SECTIONS]
