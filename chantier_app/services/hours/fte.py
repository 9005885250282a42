"""FTE consumed against the convention's funded FTE, month by month, and the year-end projection.
Conventions (funded FTE per year, global or per workshop) are created and edited here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.record_kinds import RecordKind, VersionAction
from chantier_app.domain.errors import NotFoundError, ValidationError, Violation
from chantier_app.domain.fte import plan_year
from chantier_app.domain.parsing import clean_text, parse_decimal
from chantier_app.domain.text_rules import checked_notes
from chantier_app.i18n import tr
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.dashboard.figures import FteReport, WorkshopChoice
from chantier_app.services.history import row_values
from chantier_app.services.hours._common import (
    annual_fulltime_minutes,
    holidays_for,
)
from chantier_app.services.hours._contracts import load_contracts
from chantier_app.services.roles_matrix import Permission

# Paid time counts towards FTE: work, paid training inside the contract, PMSMP.
PAID_MINUTES = (
    m.MonthlyHours.worked_minutes + m.MonthlyHours.training_minutes + m.MonthlyHours.pmsmp_minutes
)

_Query = TypeVar("_Query", bound=sa.Select[*tuple[Any, ...]])


def on_live_contracts(query: _Query) -> _Query:
    """``query`` on month rows, kept to those of contracts not cancelled: joined with their
    contract, which every query leaves out once cancelled (``db.cancellable``). A total of
    the structure's hours reads no contract otherwise, and would count a hire cancelled."""
    return query.join(m.Contract, m.Contract.id == m.MonthlyHours.contract_id)


def workshops(session: Session, actor: Actor) -> tuple[WorkshopChoice, ...]:
    rows = session.execute(sa.select(m.Workshop.id, m.Workshop.name).order_by(m.Workshop.name))
    return tuple(WorkshopChoice(id, name) for id, name in rows)


def fte_report(
    session: Session, actor: Actor, year: int, workshop_id: int | None = None
) -> FteReport:
    """Recorded paid hours up to the last month entered; the contracts' plan after it, at the
    rate of presence observed so far this year."""
    roles_matrix.require(actor, Permission.FIGURES_VIEW)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    query = (
        sa.select(
            m.MonthlyHours.month,
            m.MonthlyHours.contract_id,
            PAID_MINUTES,
            m.MonthlyHours.worked_minutes,
        )
        .join(m.Contract, m.Contract.id == m.MonthlyHours.contract_id)
        .where(m.MonthlyHours.month.between(first, last))
    )
    if workshop_id is not None:
        query = query.where(m.Contract.workshop_id == workshop_id)
    recorded: dict[dt.date, int] = defaultdict(int)
    recorded_keys: set[tuple[int, dt.date]] = set()
    entered: set[dt.date] = set()
    for month, contract_id, paid, worked in session.execute(query):
        recorded[month] += int(paid)
        recorded_keys.add((contract_id, month))
        if worked:
            entered.add(month)
    contracts = load_contracts(session, first, last, workshop_id=workshop_id)
    report = plan_year(
        year,
        annual_fulltime_minutes(session),
        [c.terms for c in contracts],
        recorded,
        recorded_keys,
        holidays_for(session, [year]),
        _funded_fte(session, year, workshop_id),
        entered,
    )
    all_workshops = workshops(session, actor)
    scope = next((w.name for w in all_workshops if w.id == workshop_id), tr("Toute la structure"))
    return FteReport(report, workshop_id, scope, all_workshops)


def _funded_fte(session: Session, year: int, workshop_id: int | None) -> Decimal | None:
    """The workshop's convention; for the whole structure, the global convention or else the
    sum of the workshops' ones."""
    rows = session.execute(
        sa.select(m.Convention.workshop_id, m.Convention.funded_fte).where(
            m.Convention.year == year
        )
    ).all()
    by_workshop = dict(rows)
    if workshop_id is not None:
        return by_workshop.get(workshop_id)
    if None in by_workshop:
        return by_workshop[None]
    return sum(by_workshop.values(), Decimal(0)) if by_workshop else None


# Conventions ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConventionView:
    id: int
    year: int
    workshop_id: int | None
    workshop_name: str
    funded_fte: Decimal
    reference: str
    aid_amount: Decimal | None
    notes: str
    target_dynamic_rate: Decimal | None = None  # percent of the exits counted
    target_sustainable_rate: Decimal | None = None


@dataclass(frozen=True)
class ConventionInput:
    year: int
    workshop_id: int | None
    funded_fte: str | Decimal | None
    reference: str | None = None
    aid_amount: str | Decimal | None = None
    notes: str | None = None
    id: int | None = None
    target_dynamic_rate: str | Decimal | None = None
    target_sustainable_rate: str | Decimal | None = None


def list_conventions(session: Session, actor: Actor) -> list[ConventionView]:
    roles_matrix.require(actor, Permission.FIGURES_VIEW)
    rows = session.execute(
        sa.select(m.Convention, m.Workshop.name)
        .outerjoin(m.Workshop, m.Workshop.id == m.Convention.workshop_id)
        .order_by(m.Convention.year.desc(), m.Workshop.name.nulls_first())
    )
    return [_view(c, name) for c, name in rows]


def _view(convention: m.Convention, workshop_name: str | None) -> ConventionView:
    return ConventionView(
        id=convention.id,
        year=convention.year,
        workshop_id=convention.workshop_id,
        workshop_name=workshop_name or tr("Globale (toute la structure)"),
        funded_fte=convention.funded_fte,
        reference=convention.reference or "",
        aid_amount=convention.aid_amount,
        notes=convention.notes or "",
        target_dynamic_rate=convention.target_dynamic_rate,
        target_sustainable_rate=convention.target_sustainable_rate,
    )


def save_convention(session: Session, actor: Actor, data: ConventionInput) -> ConventionView:
    """Create or edit a year's convention; one per year and workshop (or global)."""
    roles_matrix.require(actor, Permission.SETTINGS_EDIT)
    violations = []
    funded: Decimal | None = None
    aid: Decimal | None = None
    try:
        funded = parse_decimal(data.funded_fte)
    except ValueError as exc:
        violations.append(
            Violation("fte_unreadable", f"{tr('ETP conventionnés')} : {exc}", field="funded_fte")
        )
    if funded is None and not violations:
        violations.append(
            Violation("fte_missing", tr("ETP conventionnés : à renseigner."), field="funded_fte")
        )
    elif funded is not None and not Decimal(0) < funded <= Decimal(1000):
        violations.append(
            Violation(
                "fte_range",
                tr("ETP conventionnés : un nombre positif (au plus 1 000)."),
                field="funded_fte",
            )
        )
    try:
        aid = parse_decimal(data.aid_amount)
    except ValueError as exc:
        violations.append(
            Violation("aid_unreadable", f"{tr('Montant')} : {exc}", field="aid_amount")
        )
    if aid is not None and aid < 0:
        violations.append(
            Violation("aid_negative", tr("Montant : ne peut pas être négatif."), field="aid_amount")
        )
    targets: dict[str, Decimal | None] = {}
    for key, label in (("target_dynamic_rate", tr("Objectif de sorties dynamiques")),
                        ("target_sustainable_rate", tr("Objectif de sorties en emploi durable"))):  # fmt: skip
        try:
            value = parse_decimal(getattr(data, key))
        except ValueError as exc:
            violations.append(Violation(f"{key}_unreadable", f"{label} : {exc}", field=key))
            continue
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            violations.append(Violation(f"{key}_range", tr("{label} : un pourcentage entre 0 et "
                                        "100.").format(label=label), field=key))  # fmt: skip
        targets[key] = value
    if not 2000 <= data.year <= 2100:
        violations.append(Violation("year_range", tr("Année : entre 2000 et 2100."), field="year"))
    duplicate = session.scalar(
        sa.select(m.Convention.id).where(
            m.Convention.year == data.year,
            m.Convention.workshop_id.is_(None)
            if data.workshop_id is None
            else m.Convention.workshop_id == data.workshop_id,
        )
    )
    if duplicate is not None and duplicate != data.id:
        violations.append(
            Violation(
                "convention_duplicate",
                tr("Une convention existe déjà pour cette année et cet atelier."),
                field="workshop",
            )
        )
    if violations:
        raise ValidationError(violations)
    assert funded is not None  # refused above when missing or unreadable
    convention = m.Convention() if data.id is None else session.get(m.Convention, data.id)
    if convention is None:
        raise NotFoundError(tr("Convention"), data.id)
    before = _fields(convention)
    previous = row_values(convention) if data.id is not None else None
    convention.year = data.year
    convention.workshop_id = data.workshop_id
    convention.funded_fte = funded
    convention.reference = clean_text(data.reference)
    convention.aid_amount = aid
    convention.notes = checked_notes(data.notes)
    convention.target_dynamic_rate = targets.get("target_dynamic_rate")
    convention.target_sustainable_rate = targets.get("target_sustainable_rate")
    after = _fields(convention)
    session.add(convention)
    session.flush()
    changed = audit.changed_fields(before, after)
    if previous is not None and changed:
        _keep_version(session, actor, convention.id, VersionAction.CORRECT, previous, changed)
    audit.record(
        session,
        actor,
        audit.Action.CREATE if data.id is None else audit.Action.UPDATE,
        "convention",
        convention.id,
        summary=tr("Convention {year} : {fields}").format(
            year=convention.year, fields=", ".join(changed)
        ),
    )
    name = session.scalar(sa.select(m.Workshop.name).where(m.Workshop.id == convention.workshop_id))
    return _view(convention, name)


def _fields(convention: m.Convention) -> dict[str, object]:
    return {
        "année": convention.year,
        "atelier": convention.workshop_id,
        "ETP conventionnés": convention.funded_fte,
        "référence": convention.reference,
        "montant": convention.aid_amount,
        "notes": convention.notes,
        "objectif de sorties dynamiques": convention.target_dynamic_rate,
        "objectif de sorties en emploi durable": convention.target_sustainable_rate,
    }


def _keep_version(
    session: Session,
    actor: Actor,
    convention_id: int,
    action: VersionAction,
    previous: dict[str, object],
    changed: Sequence[str],
) -> None:
    """The convention as it was, kept in ``record_version`` (of no one's file: person_id
    NULL). The trail's own line (written by the caller, as before) names what changed."""
    summary = (
        tr("Convention : {fields} corrigé(s)").format(fields=", ".join(changed))
        if action is VersionAction.CORRECT
        else tr("Convention supprimée")
    )
    session.add(
        m.RecordVersion(
            kind=RecordKind.CONVENTION.value,
            record_id=convention_id,
            person_id=None,
            action=action.value,
            staff_id=actor.staff_id,
            staff_name=actor.name,
            reason=None,
            summary=summary,
            previous=json.dumps(previous, ensure_ascii=False, sort_keys=True),
        )
    )


def delete_convention(session: Session, actor: Actor, convention_id: int) -> None:
    roles_matrix.require(actor, Permission.SETTINGS_EDIT)
    convention = session.get(m.Convention, convention_id)
    if convention is None:
        raise NotFoundError(tr("Convention"), convention_id)
    # Its figures stay in its previous version: a deletion by mistake can be entered again
    # as it was (issue 15: every slip can be corrected, the previous version kept).
    _keep_version(session, actor, convention.id, VersionAction.CANCEL, row_values(convention), ())
    session.delete(convention)
    audit.record(
        session,
        actor,
        audit.Action.DELETE,
        "convention",
        convention_id,
        summary=tr("Convention {year} supprimée").format(year=convention.year),
    )
