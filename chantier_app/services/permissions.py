"""Who may do what: the roles matrix, enforced here in services (not only hidden in the UI)."""

from __future__ import annotations

import enum

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import PermissionDeniedError
from chantier_app.i18n import tr
from chantier_app.services.context import Actor


class Permission(enum.StrEnum):
    PEOPLE_VIEW = "people_view"
    PEOPLE_EDIT = "people_edit"
    NIR_VIEW = "nir_view"
    ELIGIBILITY_VIEW = "eligibility_view"  # diagnosis criteria and proofs
    SENSITIVE_VIEW = "sensitive_view"  # health and justice notes
    SENSITIVE_EDIT = "sensitive_edit"
    CONTRACTS_VIEW = "contracts_view"
    CONTRACTS_EDIT = "contracts_edit"
    HOURS_EDIT = "hours_edit"
    HOURS_DECLARE = "hours_declare"  # lock / unlock a declared month
    SUPPORT_VIEW = "support_view"  # milestones, barriers' details, actions, PMSMP
    SUPPORT_EDIT = "support_edit"
    TRAININGS_EDIT = "trainings_edit"
    TRAINING_ATTENDANCE = "training_attendance"
    DOCUMENTS_ALL = "documents_all"
    DOCUMENTS_SUPERVISOR = "documents_supervisor"  # sign-in sheets, encadrant follow-up sheet
    EXPORT_PERSONAL = "export_personal"
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
}
MATRIX: dict[Role, frozenset[Permission]] = {
    Role.DIRECTION: frozenset(Permission),
    Role.CIP: _CIP,
    Role.SUPERVISOR: _SUPERVISOR,
}

_LABELS = {
    Permission.PEOPLE_EDIT: tr("modifier les dossiers des salariés"),
    Permission.NIR_VIEW: tr("voir le numéro de sécurité sociale"),
    Permission.SENSITIVE_VIEW: tr("voir les notes de santé et de justice"),
    Permission.SENSITIVE_EDIT: tr("écrire des notes de santé et de justice"),
    Permission.CONTRACTS_EDIT: tr("modifier les contrats"),
    Permission.HOURS_DECLARE: tr("déclarer ou déverrouiller un mois"),
    Permission.SUPPORT_VIEW: tr("voir l'accompagnement socioprofessionnel"),
    Permission.SUPPORT_EDIT: tr("modifier l'accompagnement"),
    Permission.SETTINGS_EDIT: tr("modifier les paramètres"),
    Permission.ACCOUNTS_MANAGE: tr("gérer les comptes"),
    Permission.AUDIT_VIEW: tr("consulter le journal"),
    Permission.PURGE: tr("anonymiser des données"),
}


def allowed(actor: Actor, permission: Permission) -> bool:
    return permission in MATRIX[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    """Raise a French PermissionDeniedError when the actor's role lacks ``permission``."""
    if not allowed(actor, permission):
        what = _LABELS.get(permission, permission.value)
        raise PermissionDeniedError(
            tr("Action refusée : le rôle « {role} » ne permet pas de {what}.").format(
                role=actor.role.label, what=what
            )
        )
