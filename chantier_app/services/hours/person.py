"""One person's hours month by month, across all their contracts (the person's « Heures » tab)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.hours_rules import HoursValues
from chantier_app.i18n import tr
from chantier_app.services import permissions
from chantier_app.services.context import Actor
from chantier_app.services.hours._common import declared_months, values_of
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class PersonMonth:
    month: dt.date
    contract_id: int
    contract_kind: str
    values: HoursValues
    from_daily: bool
    declared: bool


def person_hours(session: Session, actor: Actor, person_id: int) -> list[PersonMonth]:
    """Newest month first; two queries."""
    permissions.require_person(session, actor, person_id, Permission.CONTRACTS_VIEW)
    rows = session.execute(
        sa.select(m.MonthlyHours, m.Contract.kind)
        .join(m.Contract, m.Contract.id == m.MonthlyHours.contract_id)
        .where(m.Contract.person_id == person_id)
        .order_by(m.MonthlyHours.month.desc(), m.Contract.start_date.desc())
    ).all()
    declared = declared_months(session, [row.month for row, _kind in rows])
    return [
        PersonMonth(
            month=row.month,
            contract_id=row.contract_id,
            contract_kind=kind.label,
            values=values_of(row),
            from_daily=row.from_daily,
            declared=row.month in declared,
        )
        for row, kind in rows
    ]


def source_label(month: PersonMonth) -> str:
    return tr("Feuille d'émargement") if month.from_daily else tr("Saisie mensuelle")
