"""The data of team and month documents: sign-in sheets and the monthly statement."""

from __future__ import annotations

import datetime as dt

import holidays as holidays_lib
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.errors import NotFoundError
from chantier_app.domain.fr_format import fold
from chantier_app.i18n import tr
from chantier_app.reports.data import MonthlyStatement, SignInPerson, SignInSheet, StatementLine
from chantier_app.reports.errors import DocumentError
from chantier_app.services.documents._common import (
    month_bounds,
    pass_for,
    person_identity,
    structure_info,
    structure_row,
)


def get_team(session: Session, team_id: int) -> m.Team:
    team = session.get(m.Team, team_id)
    if team is None:
        raise NotFoundError(tr("Équipe"), team_id)
    return team


def _public_holidays(
    first: dt.date, last: dt.date, region: str | None
) -> list[tuple[dt.date, str]]:
    """France's public holidays in the period, with the structure's region (Alsace-Moselle...)."""
    years = list(range(first.year, last.year + 1))
    try:
        calendar = holidays_lib.country_holidays(
            "FR", subdiv=region or None, years=years, language="fr"
        )
    except NotImplementedError as error:
        raise DocumentError(
            tr(
                "La région des jours fériés « {region} » des paramètres de la structure est "
                "inconnue (exemples : 57 pour la Moselle, 6AE pour l'Alsace, 974 pour La "
                "Réunion) : corrigez-la avant d'imprimer."
            ).format(region=region)
        ) from error
    return sorted((day, name) for day, name in calendar.items() if first <= day <= last)


def _effective_end() -> ColumnElement[dt.date]:
    return func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)


def _contracts_between(first: dt.date, last: dt.date) -> ColumnElement[bool]:
    return and_(m.Contract.start_date <= last, _effective_end() >= first)


def sign_in_data(
    session: Session, team_id: int, first: dt.date, last: dt.date, *, monthly: bool
) -> SignInSheet:
    structure = structure_row(session)
    team = get_team(session, team_id)
    # A contract names its team; an older one without a team counts in the person's team.
    rows = session.execute(
        select(m.Contract, m.Person)
        .join(m.Person, m.Person.id == m.Contract.person_id)
        .where(_contracts_between(first, last))
        .where(
            or_(
                m.Contract.team_id == team_id,
                and_(m.Contract.team_id.is_(None), m.Person.team_id == team_id),
            )
        )
        .where(m.Person.anonymised_at.is_(None))
    ).all()
    spans: dict[int, tuple[m.Person, dt.date, dt.date]] = {}
    for contract, person in rows:
        start, end = contract.start_date, contract.effective_end
        if person.id in spans:
            _, known_start, known_end = spans[person.id]
            start, end = min(start, known_start), max(end, known_end)
        spans[person.id] = (person, start, end)
    people = sorted(
        (
            SignInPerson(person_identity(p).sort_name, start, end)
            for p, start, end in spans.values()
        ),
        key=lambda row: fold(row.name),
    )
    return SignInSheet(
        structure=structure_info(structure),
        team=team.name,
        workshop=team.workshop.name,
        first_day=first,
        last_day=last,
        monthly=monthly,
        people=tuple(people),
        supervisor_names=tuple(s.display_name for s in team.supervisors),
        holidays=tuple(_public_holidays(first, last, structure.holiday_region)),
    )


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def monthly_statement_data(session: Session, month: dt.date) -> MonthlyStatement:
    structure = structure_info(structure_row(session))
    first, last = month_bounds(month)
    rows = session.execute(
        select(m.Contract, m.Person)
        .join(m.Person, m.Person.id == m.Contract.person_id)
        .where(_contracts_between(first, last))
        .options(selectinload(m.Person.passes).selectinload(m.PassIae.suspensions))
        .options(selectinload(m.Person.passes).selectinload(m.PassIae.prolongations))
    ).all()
    hours = {
        row.contract_id: row
        for row in session.scalars(
            select(m.MonthlyHours).where(
                m.MonthlyHours.month == first,
                m.MonthlyHours.contract_id.in_([c.id for c, _ in rows]),
            )
        )
    }
    declared = session.scalar(
        select(func.count()).select_from(m.DeclaredMonth).where(m.DeclaredMonth.month == first)
    )
    lines = []
    for contract, person in rows:
        entry = hours.get(contract.id)
        ended = contract.actual_end_date is not None and first <= contract.actual_end_date <= last
        pass_iae = pass_for(person.passes, min(last, contract.effective_end))
        lines.append(
            StatementLine(
                person_name=person_identity(person).sort_name,
                pass_number=pass_iae.number if pass_iae else None,
                kind=contract.kind,
                start_date=contract.start_date,
                planned_end=contract.end_date,
                worked_minutes=entry.worked_minutes if entry else None,
                training_minutes=entry.training_minutes if entry else 0,
                actual_end=contract.actual_end_date if ended else None,
                exit_reason=contract.exit_reason if ended else None,
            )
        )
    return MonthlyStatement(
        structure=structure, month=first, lines=tuple(lines), declared=bool(declared)
    )
