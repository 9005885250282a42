"""What can be printed: the pickers' choices, a person's documents, batches, team names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.domain.fr_format import fold, format_date, match_key
from chantier_app.i18n import tr
from chantier_app.services import permissions
from chantier_app.services.context import Actor
from chantier_app.services.documents._common import month_bounds, team_label
from chantier_app.services.documents.printing import (
    DocumentKind,
    DocumentRequest,
    can_print,
    require_print,
)


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


@dataclass(frozen=True)
class DocumentOptions:
    """What the Documents page offers: the kinds this actor may print, people, teams, years."""

    kinds: tuple[DocumentKind, ...]
    people: tuple[Choice, ...]
    teams: tuple[Choice, ...]
    years: tuple[int, ...]


@dataclass(frozen=True)
class PersonDocument:
    label: str
    request: DocumentRequest


def document_options(session: Session, actor: Actor) -> DocumentOptions:
    require_print(actor)
    people_query = (
        select(m.Person.id, m.Person.usage_name, m.Person.first_names)
        .where(m.Person.anonymised_at.is_(None))
        .where(m.Person.id.in_(select(m.Contract.person_id)))
    )
    if (scope := permissions.scope_clause(actor)) is not None:
        people_query = people_query.where(scope)
    people = session.execute(people_query).all()
    teams = [
        team
        for team in session.scalars(
            select(m.Team).where(m.Team.active.is_(True)).options(selectinload(m.Team.workshop))
        )
        if permissions.team_in_scope(actor, team.id)
    ]
    first, last = session.execute(
        select(func.min(m.Contract.start_date), func.max(m.Contract.end_date))
    ).one()
    years = tuple(range(last.year, first.year - 1, -1)) if first and last else ()
    return DocumentOptions(
        kinds=tuple(kind for kind in DocumentKind if can_print(actor, kind)),
        people=tuple(
            sorted(
                (
                    Choice(pid, f"{usage.upper()} {first_names}")
                    for pid, usage, first_names in people
                ),
                key=lambda c: fold(c.label),
            )
        ),
        teams=tuple(
            sorted((Choice(t.id, team_label(t)) for t in teams), key=lambda c: fold(c.label))
        ),
        years=years,
    )


def person_documents(session: Session, actor: Actor, person_id: int) -> tuple[PersonDocument, ...]:
    """Each contract, each amendment, the follow-up sheets and the attestation of a person."""
    require_print(actor)
    if not permissions.in_scope(session, actor, person_id):
        raise PermissionDeniedError(permissions.OUT_OF_TEAM)
    contracts = session.scalars(
        select(m.Contract)
        .where(m.Contract.person_id == person_id)
        .options(selectinload(m.Contract.amendments))
        .order_by(m.Contract.start_date)
    ).all()
    found: list[PersonDocument] = []
    for contract in contracts:
        found.append(
            PersonDocument(
                tr("Contrat — {kind} du {start}").format(
                    kind=contract.kind.label, start=format_date(contract.start_date)
                ),
                DocumentRequest(DocumentKind.CONTRACT, person_id, contract_id=contract.id),
            )
        )
        for amendment in contract.amendments:
            found.append(
                PersonDocument(
                    tr("Avenant n° {n} — {kind}, à compter du {day}").format(
                        n=amendment.number,
                        kind=amendment.kind.label.lower(),
                        day=format_date(amendment.effective_date),
                    ),
                    DocumentRequest(DocumentKind.AMENDMENT, person_id, amendment_id=amendment.id),
                )
            )
    found.append(
        PersonDocument(
            DocumentKind.FOLLOW_UP.label, DocumentRequest(DocumentKind.FOLLOW_UP, person_id)
        )
    )
    found.append(
        PersonDocument(
            DocumentKind.FOLLOW_UP_SUPERVISOR.label,
            DocumentRequest(DocumentKind.FOLLOW_UP_SUPERVISOR, person_id),
        )
    )
    if contracts:
        found.append(
            PersonDocument(
                DocumentKind.ATTESTATION.label, DocumentRequest(DocumentKind.ATTESTATION, person_id)
            )
        )
    return tuple(doc for doc in found if can_print(actor, doc.request.kind))


def team_follow_up_requests(
    session: Session, actor: Actor, team_id: int, *, encadrant: bool, today: dt.date
) -> list[DocumentRequest]:
    """One follow-up sheet per person of the team with a contract in force ``today``."""
    kind = DocumentKind.FOLLOW_UP_SUPERVISOR if encadrant else DocumentKind.FOLLOW_UP
    require_print(actor)
    if not permissions.team_in_scope(actor, team_id):
        raise PermissionDeniedError(permissions.OUT_OF_TEAM)
    end = func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)
    rows = session.execute(
        select(m.Person.id, m.Person.usage_name, m.Person.first_names)
        .join(m.Contract, m.Contract.person_id == m.Person.id)
        .where(m.Contract.start_date <= today, end >= today)
        .where(
            or_(
                m.Contract.team_id == team_id,
                and_(m.Contract.team_id.is_(None), m.Person.team_id == team_id),
            )
        )
        .where(m.Person.anonymised_at.is_(None))
        .distinct()
    ).all()
    ordered = sorted(rows, key=lambda r: fold(f"{r.usage_name} {r.first_names}"))
    return [DocumentRequest(kind, person_id=row.id) for row in ordered]


def month_sign_in_requests(session: Session, actor: Actor, month: dt.date) -> list[DocumentRequest]:
    """One sheet per active team with someone under contract in the month."""
    require_print(actor)
    first, last = month_bounds(month)
    end = func.coalesce(m.Contract.actual_end_date, m.Contract.end_date)
    busy = (
        select(func.coalesce(m.Contract.team_id, m.Person.team_id))
        .join(m.Person, m.Person.id == m.Contract.person_id)
        .where(m.Contract.start_date <= last, end >= first)
    )
    teams = session.scalars(
        select(m.Team)
        .where(m.Team.active.is_(True), m.Team.id.in_(busy))
        .options(selectinload(m.Team.workshop))
    ).all()
    mine = [t for t in teams if permissions.team_in_scope(actor, t.id)]
    ordered = sorted(mine, key=lambda t: fold(team_label(t)))
    return [DocumentRequest(DocumentKind.SIGN_IN, team_id=t.id, month=first) for t in ordered]


def all_teams(session: Session, actor: Actor) -> list[Choice]:
    """Every team, for a document request by team name (the command line)."""
    require_print(actor)
    teams = session.scalars(select(m.Team).options(selectinload(m.Team.workshop))).all()
    return sorted((Choice(t.id, team_label(t)) for t in teams), key=lambda c: fold(c.label))


def find_teams(session: Session, actor: Actor, name: str) -> list[Choice]:
    """Teams matching ``name`` (« Équipe A », « Nettoyage/Équipe A », accents and case aside)."""
    require_print(actor)
    wanted = match_key(name)
    teams = session.scalars(select(m.Team).options(selectinload(m.Team.workshop))).all()
    return [
        Choice(t.id, team_label(t))
        for t in teams
        if wanted in (match_key(t.name), match_key(team_label(t)))
    ]
