"""The roles matrix: which role may do what (no database: the first screen and the pages'
visibility ask it before SQLAlchemy loads). ``services.permissions`` adds the checks on
*which people* (they query the database)."""

from __future__ import annotations

import datetime as dt
import enum

from chantier_app.domain.codes.record_kinds import RecordKind
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError
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
    # Correct or cancel a contract or an exit recorded another day or by someone else.
    CONTRACTS_CORRECT = "contracts_correct"
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
    BACKUP_COPY = "backup_copy"  # « Sauvegarder vers… »: every record, out of the application


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
    Permission.CONTRACTS_CORRECT,
    Permission.ACCESS_EXPORT,
    Permission.BACKUP_COPY,
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
    Permission.CONTRACTS_CORRECT: tr(
        "corriger ou annuler un contrat ou une sortie enregistré un autre jour ou par une "
        "autre personne"
    ),
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
    Permission.BACKUP_COPY: tr("copier toutes les données hors de l'application"),
}
SENSITIVE = frozenset({Permission.SENSITIVE_VIEW, Permission.SENSITIVE_EDIT})


# Corrections and cancellations: who holds the first right may always; the author of the
# record may on the day they recorded it, while their role may still enter such records.
CORRECTIONS: dict[RecordKind, tuple[Permission, Permission]] = {
    RecordKind.CONTRACT: (Permission.CONTRACTS_CORRECT, Permission.CONTRACTS_EDIT),
    RecordKind.EXIT: (Permission.CONTRACTS_CORRECT, Permission.CONTRACTS_EDIT),
    RecordKind.SUSPENSION: (Permission.CONTRACTS_CORRECT, Permission.CONTRACTS_EDIT),
    RecordKind.AMENDMENT: (Permission.CONTRACTS_CORRECT, Permission.CONTRACTS_EDIT),
    # Support records: whoever manages them (the CIP, the direction) on any day.
    RecordKind.ENROLMENT: (Permission.TRAININGS_EDIT, Permission.TRAININGS_EDIT),
    RecordKind.TRAINING_SESSION: (Permission.TRAININGS_EDIT, Permission.TRAININGS_EDIT),
    RecordKind.MILESTONE: (Permission.SUPPORT_EDIT, Permission.SUPPORT_EDIT),
    RecordKind.BARRIER_SCORE: (Permission.SUPPORT_EDIT, Permission.SUPPORT_EDIT),
    RecordKind.BARRIER_ACTION: (Permission.SUPPORT_EDIT, Permission.SUPPORT_EDIT),
    RecordKind.PMSMP: (Permission.SUPPORT_EDIT, Permission.SUPPORT_EDIT),
    RecordKind.SENSITIVE_NOTE: (Permission.SENSITIVE_EDIT, Permission.SENSITIVE_EDIT),
    # The eligibility diagnosis and the PASS IAE: who records them (the CIP, the direction).
    RecordKind.DIAGNOSIS: (Permission.PEOPLE_EDIT, Permission.PEOPLE_EDIT),
    RecordKind.PASS_IAE: (Permission.PEOPLE_EDIT, Permission.PEOPLE_EDIT),
    RecordKind.PASS_SUSPENSION: (Permission.PEOPLE_EDIT, Permission.PEOPLE_EDIT),
    RecordKind.PASS_PROLONGATION: (Permission.PEOPLE_EDIT, Permission.PEOPLE_EDIT),
    # A move to CDDI is two contracts: the direction, or who recorded it that day.
    RecordKind.MOVE_TO_CDDI: (Permission.CONTRACTS_CORRECT, Permission.CONTRACTS_EDIT),
    # A declared month: who declares months (the direction), never its author's role alone.
    RecordKind.MONTH_HOURS: (Permission.HOURS_DECLARE, Permission.HOURS_DECLARE),
    # Hours of a month not declared yet: whoever enters hours, any day, whoever entered them
    # (the encadrant for the people of their teams only: services.permissions' scope).
    RecordKind.OPEN_MONTH_HOURS: (Permission.HOURS_EDIT, Permission.HOURS_EDIT),
    # The structure's conventions: who edits the settings (the direction).
    RecordKind.CONVENTION: (Permission.SETTINGS_EDIT, Permission.SETTINGS_EDIT),
}


def may_correct(
    actor: Actor,
    kind: RecordKind,
    *,
    author_id: int | None,
    recorded_on: dt.date | None,
    today: dt.date,
) -> bool:
    """May ``actor`` correct or cancel a record of ``kind`` written by ``author_id`` on
    ``recorded_on``?"""
    anyone, author = CORRECTIONS[kind]
    if allowed(actor, anyone):
        return True
    return (
        allowed(actor, author)
        and actor.staff_id is not None
        and author_id == actor.staff_id
        and recorded_on == today
    )


def may_always(kind: RecordKind) -> list[Role]:
    """The roles that may correct any record of ``kind``, whoever recorded it and when."""
    return [role for role in Role if CORRECTIONS[kind][0] in MATRIX[role]]


def require_correction(
    actor: Actor,
    kind: RecordKind,
    *,
    author_id: int | None,
    recorded_on: dt.date | None,
    today: dt.date,
) -> None:
    """A French refusal naming who may: the author on the same day, else the right."""
    if not may_correct(actor, kind, author_id=author_id, recorded_on=recorded_on, today=today):
        anyone, _author = CORRECTIONS[kind]
        raise PermissionDeniedError(
            tr(
                "Action refusée : le rôle « {role} » ne permet pas de {what} ; son auteur "
                "peut le faire le jour même."
            ).format(role=actor.role.label, what=LABELS[anyone])
        )


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
