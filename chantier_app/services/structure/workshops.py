"""Workshops (ateliers, chantiers) and their teams, with the encadrants leading each team.

Nothing is deleted: a workshop or team no longer used is deactivated, so past contracts
and hours keep their labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import NotFoundError, ValidationError, Violation
from chantier_app.domain.parsing import clean_line, parse_minutes
from chantier_app.domain.text_rules import LINE_MAX, text_violations
from chantier_app.i18n import tr
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission


@dataclass(frozen=True)
class TeamView:
    id: int
    workshop_id: int
    name: str
    active: bool
    supervisor_ids: tuple[int, ...]
    supervisor_names: tuple[str, ...]


@dataclass(frozen=True)
class WorkshopView:
    id: int
    name: str
    contract_kind: ContractKind
    activity: str | None
    default_weekly_minutes: int | None
    target_diploma: str | None
    training_provider: str | None
    active: bool
    teams: tuple[TeamView, ...]


@dataclass(frozen=True)
class WorkshopInput:
    name: str | None
    contract_kind: ContractKind = ContractKind.CDDI_REMOBILISING
    activity: str | None = None
    default_weekly_hours: str | None = None  # as typed: « 26 », « 26:30 »
    target_diploma: str | None = None
    training_provider: str | None = None
    active: bool = True


@dataclass(frozen=True)
class TeamInput:
    workshop_id: int | None
    name: str | None
    supervisor_ids: Sequence[int] = ()
    active: bool = True


@dataclass(frozen=True)
class StaffChoice:
    id: int
    name: str


def _team_view(team: m.Team) -> TeamView:
    return TeamView(
        team.id, team.workshop_id, team.name, team.active,
        tuple(s.id for s in team.supervisors), tuple(s.display_name for s in team.supervisors),
    )  # fmt: skip


def list_workshops(session: Session, actor: Actor) -> list[WorkshopView]:
    """Every workshop and team, the inactive ones included (they are shown greyed)."""
    rows = session.scalars(
        select(m.Workshop)
        .options(selectinload(m.Workshop.teams).selectinload(m.Team.supervisors))
        .order_by(m.Workshop.active.desc(), m.Workshop.name)
    )
    return [
        WorkshopView(
            w.id,
            w.name,
            w.contract_kind,
            w.activity,
            w.default_weekly_minutes,
            w.target_diploma,
            w.training_provider,
            w.active,
            tuple(_team_view(t) for t in w.teams),
        )
        for w in rows
    ]


def supervisor_choices(session: Session, actor: Actor) -> list[StaffChoice]:
    """Active encadrants, for a team's supervisors."""
    rows = session.scalars(
        select(m.Staff)
        .where(m.Staff.role == Role.SUPERVISOR, m.Staff.active.is_(True))
        .order_by(m.Staff.last_name, m.Staff.first_name)
    )
    return [StaffChoice(s.id, s.display_name) for s in rows]


def save_workshop(
    session: Session, actor: Actor, workshop_id: int | None, data: WorkshopInput
) -> int:
    """Create (``workshop_id`` None), rename, change or deactivate a workshop."""
    roles_matrix.require(actor, Permission.SETTINGS_EDIT)
    row = session.get(m.Workshop, workshop_id) if workshop_id is not None else None
    if workshop_id is not None and row is None:
        raise NotFoundError(tr("Atelier"), workshop_id)
    found: list[Violation] = []
    name = clean_line(data.name)
    found += text_violations("name", tr("Nom de l'atelier"), name, max_length=LINE_MAX)
    if name is None:
        found.append(
            Violation("workshop_name", tr("Nom de l'atelier : obligatoire."), field="name")
        )
    elif session.scalar(
        select(m.Workshop.id).where(
            func.lower(m.Workshop.name) == name.lower(), m.Workshop.id != (workshop_id or -1)
        )
    ):
        found.append(
            Violation("workshop_taken", tr("Nom de l'atelier : déjà utilisé."), field="name")
        )
    weekly = None
    try:
        weekly = parse_minutes(data.default_weekly_hours)
    except ValueError as exc:
        found.append(
            Violation(
                "workshop_hours",
                tr("Heures par semaine : {e}.").format(e=exc),
                field="default_weekly_hours",
            )
        )
    if weekly is not None and not 60 <= weekly <= 35 * 60:
        found.append(
            Violation(
                "workshop_hours_range",
                tr("Heures par semaine : entre 1 et 35."),
                field="default_weekly_hours",
            )
        )
    if found:
        raise ValidationError(found)
    assert name is not None  # refused above when missing
    creating = row is None
    if row is None:
        row = m.Workshop(name=name)
        session.add(row)
    row.name, row.contract_kind, row.activity = name, data.contract_kind, clean_line(data.activity)
    row.default_weekly_minutes, row.active = weekly, data.active
    row.target_diploma, row.training_provider = (
        clean_line(data.target_diploma),
        clean_line(data.training_provider),
    )
    session.flush()
    audit.record(
        session, actor, audit.Action.CREATE if creating else audit.Action.UPDATE, "workshop", row.id,
        summary=(tr("atelier créé : {n}") if creating else tr("atelier modifié : {n}")).format(n=name)
        + ("" if data.active else tr(" (désactivé)")),
    )  # fmt: skip
    return row.id


def save_team(session: Session, actor: Actor, team_id: int | None, data: TeamInput) -> TeamView:
    """Create, rename, deactivate a team, and choose its encadrants."""
    roles_matrix.require(actor, Permission.SETTINGS_EDIT)
    row = session.get(m.Team, team_id) if team_id is not None else None
    if team_id is not None and row is None:
        raise NotFoundError(tr("Équipe"), team_id)
    found: list[Violation] = []
    name = clean_line(data.name)
    found += text_violations("name", tr("Nom de l'équipe"), name, max_length=LINE_MAX)
    if data.workshop_id is None or session.get(m.Workshop, data.workshop_id) is None:
        found.append(Violation("team_workshop", tr("Atelier : à choisir."), field="workshop_id"))
    if name is None:
        found.append(Violation("team_name", tr("Nom de l'équipe : obligatoire."), field="name"))
    elif session.scalar(
        select(m.Team.id).where(
            m.Team.workshop_id == data.workshop_id,
            func.lower(m.Team.name) == name.lower(),
            m.Team.id != (team_id or -1),
        )
    ):
        found.append(
            Violation(
                "team_taken", tr("Nom de l'équipe : déjà utilisé dans cet atelier."), field="name"
            )
        )
    supervisors = list(
        session.scalars(select(m.Staff).where(m.Staff.id.in_(list(data.supervisor_ids))))
    )
    if len(supervisors) != len(set(data.supervisor_ids)) or any(
        s.role is not Role.SUPERVISOR for s in supervisors
    ):
        found.append(
            Violation(
                "team_supervisors",
                tr("Encadrants : seulement des comptes d'encadrant technique."),
                field="supervisor_ids",
            )
        )
    if found:
        raise ValidationError(found)
    assert name is not None and data.workshop_id is not None  # refused above when missing
    creating = row is None
    if row is None:
        row = m.Team(workshop_id=data.workshop_id, name=name)
        session.add(row)
    row.workshop_id, row.name, row.active = data.workshop_id, name, data.active
    row.supervisors = supervisors
    session.flush()
    audit.record(
        session, actor, audit.Action.CREATE if creating else audit.Action.UPDATE, "team", row.id,
        summary=(tr("équipe créée : {n}") if creating else tr("équipe modifiée : {n}")).format(n=name)
        + ("" if data.active else tr(" (désactivée)")),
    )  # fmt: skip
    return _team_view(row)
