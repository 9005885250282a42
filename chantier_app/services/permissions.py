"""Who may do what: the roles matrix and each role's people, enforced here in services.

Two questions, asked by every service before it reads or writes:
- may the actor's role do this at all (``require``: the matrix below);
- may the actor do it for *this* person (``require_person``): an encadrant sees only the
  people of their team(s); a CIP reads health and justice notes only of the people they
  follow, unless the director allows every CIP to (``Structure.cip_sees_all_sensitive``).
The UI hides what a role cannot do, but these checks are the guard.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import NotFoundError, PermissionDeniedError
from chantier_app.i18n import tr
from chantier_app.services.context import Actor


class Permission(enum.StrEnum):
    PEOPLE_VIEW = "people_view"  # identity and contact details
    PEOPLE_EDIT = "people_edit"
    NIR_VIEW = "nir_view"
    SITUATION_VIEW = "situation_view"  # resources, RQTH, housing, justice, referral, notes
    ELIGIBILITY_VIEW = "eligibility_view"  # diagnosis criteria and proofs
    SENSITIVE_VIEW = "sensitive_view"  # health and justice notes
    SENSITIVE_EDIT = "sensitive_edit"
    CONTRACTS_VIEW = "contracts_view"
    CONTRACTS_EDIT = "contracts_edit"
    HOURS_EDIT = "hours_edit"
    HOURS_DECLARE = "hours_declare"  # lock / unlock a declared month
    FIGURES_VIEW = "figures_view"  # FTE, exits, monthly statement, conventions
    SUPPORT_VIEW = "support_view"  # milestones, barriers' details, actions, PMSMP
    SUPPORT_EDIT = "support_edit"
    TRAININGS_EDIT = "trainings_edit"
    TRAINING_ATTENDANCE = "training_attendance"
    DOCUMENTS_ALL = "documents_all"
    DOCUMENTS_SUPERVISOR = "documents_supervisor"  # sign-in sheets, encadrant follow-up sheet
    EXPORT_PERSONAL = "export_personal"
    ACCESS_EXPORT = "access_export"  # right of access: everything held on one person
    SETTINGS_EDIT = "settings_edit"
    ACCOUNTS_MANAGE = "accounts_manage"
    AUDIT_VIEW = "audit_view"
    PURGE = "purge"  # retention: anonymise


_SUPERVISOR = frozenset(
    {
        Permission.PEOPLE_VIEW,
        Permission.CONTRACTS_VIEW,
        Permission.HOURS_EDIT,
        Permission.TRAINING_ATTENDANCE,
        Permission.DOCUMENTS_SUPERVISOR,
    }
)
_CIP = frozenset(Permission) - {
    Permission.SETTINGS_EDIT,
    Permission.ACCOUNTS_MANAGE,
    Permission.AUDIT_VIEW,
    Permission.PURGE,
    Permission.HOURS_DECLARE,
    Permission.ACCESS_EXPORT,
}
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.DIRECTION: frozenset(Permission),
    Role.CIP: _CIP,
    Role.SUPERVISOR: _SUPERVISOR,
}

LABELS = {
    Permission.PEOPLE_VIEW: tr("consulter les dossiers des salariés"),
    Permission.PEOPLE_EDIT: tr("modifier les dossiers des salariés"),
    Permission.NIR_VIEW: tr("voir le numéro de sécurité sociale"),
    Permission.SITUATION_VIEW: tr("voir la situation sociale des salariés"),
    Permission.ELIGIBILITY_VIEW: tr("voir le diagnostic d'éligibilité et ses justificatifs"),
    Permission.SENSITIVE_VIEW: tr("voir les notes de santé et de justice"),
    Permission.SENSITIVE_EDIT: tr("écrire des notes de santé et de justice"),
    Permission.CONTRACTS_VIEW: tr("consulter les contrats"),
    Permission.CONTRACTS_EDIT: tr("modifier les contrats"),
    Permission.HOURS_EDIT: tr("saisir les heures"),
    Permission.HOURS_DECLARE: tr("déclarer ou déverrouiller un mois"),
    Permission.FIGURES_VIEW: tr("voir les chiffres de la structure (ETP, sorties, relevés)"),
    Permission.SUPPORT_VIEW: tr("voir l'accompagnement socioprofessionnel"),
    Permission.SUPPORT_EDIT: tr("modifier l'accompagnement"),
    Permission.TRAININGS_EDIT: tr("gérer les formations"),
    Permission.TRAINING_ATTENDANCE: tr("saisir les présences en formation"),
    Permission.DOCUMENTS_ALL: tr("imprimer tous les documents"),
    Permission.DOCUMENTS_SUPERVISOR: tr("imprimer les feuilles d'émargement et fiches de suivi"),
    Permission.EXPORT_PERSONAL: tr("exporter des données personnelles"),
    Permission.ACCESS_EXPORT: tr("exporter toutes les données d'une personne"),
    Permission.SETTINGS_EDIT: tr("modifier les paramètres"),
    Permission.ACCOUNTS_MANAGE: tr("gérer les comptes"),
    Permission.AUDIT_VIEW: tr("consulter le journal"),
    Permission.PURGE: tr("anonymiser des données"),
}
SENSITIVE = frozenset({Permission.SENSITIVE_VIEW, Permission.SENSITIVE_EDIT})


def allowed(actor: Actor, permission: Permission) -> bool:
    return permission in MATRIX[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    """Raise a French PermissionDeniedError when the actor's role lacks ``permission``."""
    if not allowed(actor, permission):
        raise PermissionDeniedError(
            tr("Action refusée : le rôle « {role} » ne permet pas de {what}.").format(
                role=actor.role.label, what=LABELS[permission]
            )
        )


# Which people ----------------------------------------------------------------------------
def sees_everyone(actor: Actor) -> bool:
    """Direction and CIP work with every person; an encadrant with the people of their teams."""
    return actor.role is not Role.SUPERVISOR


def scope_clause(actor: Actor) -> ColumnElement[bool] | None:
    """A filter on ``Person`` for the actor's people (None: everybody).

    An encadrant's people are those of their teams: the person's team, or a contract
    (running or past) in one of their teams.
    """
    if sees_everyone(actor):
        return None
    teams = sorted(actor.team_ids)
    in_team_contract = select(m.Contract.person_id).where(m.Contract.team_id.in_(teams))
    return or_(m.Person.team_id.in_(teams), m.Person.id.in_(in_team_contract))


def team_in_scope(actor: Actor, team_id: int | None) -> bool:
    """An encadrant prints and enters for their own teams only."""
    return sees_everyone(actor) or (team_id is not None and team_id in actor.team_ids)


def people_in_scope(session: Session, actor: Actor) -> frozenset[int] | None:
    """Ids of the actor's people (None: everybody): one query, for filtering lists."""
    clause = scope_clause(actor)
    if clause is None:
        return None
    return frozenset(session.scalars(select(m.Person.id).where(clause)))


def in_scope(session: Session, actor: Actor, person_id: int) -> bool:
    clause = scope_clause(actor)
    if clause is None:
        return True
    found = session.scalar(select(m.Person.id).where(m.Person.id == person_id, clause))
    return found is not None


def may_read_sensitive(session: Session, actor: Actor, person: m.Person) -> bool:
    """Health and justice notes: direction; the person's CIP; every CIP if the director allows."""
    if not allowed(actor, Permission.SENSITIVE_VIEW):
        return False
    if actor.role is Role.DIRECTION:
        return True
    if actor.staff_id is not None and person.cip_id == actor.staff_id:
        return True
    return bool(session.scalar(select(m.Structure.cip_sees_all_sensitive).limit(1)))


OUT_OF_TEAM = tr("Action refusée : ce salarié ne fait pas partie de vos équipes.")
NOT_FOLLOWED = tr(
    "Action refusée : les notes de santé et de justice de ce salarié sont réservées à son "
    "CIP référent et à la direction."
)


def require_person(
    session: Session, actor: Actor, person_id: int, permission: Permission
) -> m.Person:
    """The role's right, then the person: theirs to see (team, followed for sensitive notes)."""
    require(actor, permission)
    person = session.get(m.Person, person_id)
    if person is None or person.anonymised_at is not None:
        raise NotFoundError(tr("Salarié"), person_id)
    if not in_scope(session, actor, person_id):
        raise PermissionDeniedError(OUT_OF_TEAM)
    if permission in SENSITIVE and not may_read_sensitive(session, actor, person):
        raise PermissionDeniedError(NOT_FOLLOWED)
    return person


def require_contract(
    session: Session, actor: Actor, contract_id: int, permission: Permission
) -> m.Contract:
    """The contract, if the actor may act on its person (anonymised people included)."""
    require(actor, permission)
    contract = session.get(m.Contract, contract_id)
    if contract is None:
        raise NotFoundError(tr("Contrat"), contract_id)
    if not in_scope(session, actor, contract.person_id):
        raise PermissionDeniedError(OUT_OF_TEAM)
    return contract


def require_people(
    session: Session, actor: Actor, person_ids: set[int], permission: Permission
) -> None:
    """Every one of ``person_ids`` is the actor's (one query): for batch actions."""
    require(actor, permission)
    scope = people_in_scope(session, actor)
    if scope is not None and not person_ids <= scope:
        raise PermissionDeniedError(OUT_OF_TEAM)


@dataclass(frozen=True)
class PersonRights:
    """What the actor may do on one person's file: for the UI to hide or disable."""

    sensitive_view: bool
    sensitive_edit: bool


def person_rights(session: Session, actor: Actor, person_id: int) -> PersonRights:
    person = require_person(session, actor, person_id, Permission.PEOPLE_VIEW)
    sensitive = may_read_sensitive(session, actor, person)
    return PersonRights(
        sensitive_view=sensitive,
        sensitive_edit=sensitive and allowed(actor, Permission.SENSITIVE_EDIT),
    )
