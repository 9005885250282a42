"""Export the people list (the rows the user sees) to XLSX or CSV, audited.

Columns are the employee record's French field names, so an export can be imported back,
then where each person stands (situation, contract, PASS IAE). The NIR is written only
for roles allowed to see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.pass_iae import format_number
from chantier_app.domain.person_record import FIELD_LABELS, FIELD_NAMES
from chantier_app.i18n import tr
from chantier_app.services import audit, tabular
from chantier_app.services.context import Actor
from chantier_app.services.people.views import SITUATION_FIELDS, _names, list_people
from chantier_app.services.roles_matrix import Permission, allowed, require


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int


def _cell(value: object) -> tabular.Cell:
    if isinstance(value, CodeEnum):
        return value.label
    if isinstance(value, bool):
        return tr("oui") if value else tr("non")
    if value is None or isinstance(value, str | int | dt.date):
        return value
    return str(value)


def export_people(
    session: Session,
    actor: Actor,
    path: Path,
    person_ids: Sequence[int] | None = None,
    *,
    today: dt.date | None = None,
) -> ExportResult:
    """Write ``person_ids`` (all when None), in that order, to ``path`` (.xlsx or .csv)."""
    require(actor, Permission.PEOPLE_VIEW)
    require(actor, Permission.EXPORT_PERSONAL)
    tabular.export_format(path)  # refused before any work
    fields = [f for f in FIELD_NAMES if f != "nir" or allowed(actor, Permission.NIR_VIEW)]
    if not allowed(actor, Permission.SITUATION_VIEW):
        fields = [f for f in fields if f not in SITUATION_FIELDS]
    rows_by_id = {row.id: row for row in list_people(session, actor, today=today)}
    ids = list(rows_by_id) if person_ids is None else [i for i in person_ids if i in rows_by_id]
    people = {
        p.id: p for p in session.scalars(select(m.Person).where(m.Person.anonymised_at.is_(None)))
    }
    headers = [FIELD_LABELS[f] for f in fields] + [
        tr("Situation"),
        tr("Contrat"),
        tr("N° PASS IAE"),
        tr("Fin du PASS IAE"),
    ]
    teams, staff = _names(session)
    lines = []
    for person_id in ids:
        person, row = people[person_id], rows_by_id[person_id]
        cells = []
        for name in fields:
            value = getattr(person, name)
            if name == "team_id":
                value = teams.get(value) if value else None
            elif name == "cip_id":
                value = staff.get(value) if value else None
            cells.append(_cell(value))
        cells += [
            row.status_text,
            row.contract_kind.label if row.contract_kind else None,
            format_number(row.pass_number) if row.pass_number else None,
            row.pass_end,
        ]
        lines.append(cells)
    tabular.write_table(path, headers, lines, sheet_title=tr("Salariés"))
    audit.record(
        session,
        actor,
        audit.Action.EXPORT,
        "person",
        summary=tr("liste de {n} salarié(s) exportée ({file}){nir}").format(
            n=len(lines),
            file=path.name,
            nir=tr(", avec NIR") if "nir" in fields else "",
        ),
    )
    return ExportResult(path, len(lines))
