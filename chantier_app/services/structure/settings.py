"""The structure's settings (name, SIRET, holidays, FTE base, retention, idle lock) and the
first start's set-up, which creates the structure and the director's account."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import ValidationError, Violation
from chantier_app.domain.fr_format import format_number
from chantier_app.domain.identity_rules import (
    check_email,
    check_phone,
    check_postal_code,
    check_siret,
    compact_siret,
    normalise_email,
    normalise_phone,
    normalise_postal_code,
)
from chantier_app.domain.parsing import clean_line, parse_decimal
from chantier_app.domain.password_rules import check_login, check_password, normalise_login
from chantier_app.domain.text_rules import LINE_MAX, text_violations
from chantier_app.i18n import tr
from chantier_app.services import audit, roles_matrix
from chantier_app.services.context import Actor
from chantier_app.services.roles_matrix import Permission
from chantier_app.services.safety import _key_slots as keys
from chantier_app.services.structure.accounts import actor_for, hash_password
from chantier_app.services.structure.staff import check_names

# Subdivisions of ``holidays.France`` with public holidays of their own.
HOLIDAY_REGIONS: tuple[tuple[str | None, str], ...] = (
    (None, tr("France métropolitaine")),
    ("57", tr("Moselle")),
    ("6AE", tr("Alsace (Bas-Rhin, Haut-Rhin)")),
    ("971", tr("Guadeloupe")),
    ("972", tr("Martinique")),
    ("973", tr("Guyane")),
    ("974", tr("La Réunion")),
    ("976", tr("Mayotte")),
)
# Bounds of each number setting: (minimum, maximum, French label).
BOUNDS = {
    "annual_fulltime_hours": (1000, 2000, tr("Durée annuelle d'un temps plein (heures)")),
    "retention_support_years": (1, 10, tr("Conservation de l'accompagnement (années)")),
    "retention_hr_years": (5, 30, tr("Conservation des contrats et heures (années)")),
    "idle_lock_minutes": (1, 240, tr("Verrouillage après inactivité (minutes)")),
    "schedule_diagnosis_months": (1, 6, tr("Diagnostic à faire dans les (mois)")),
    "schedule_plan_months": (1, 12, tr("Projet professionnel dans les (mois)")),
    "schedule_renewal_months": (0, 3, tr("Bilan avant renouvellement (mois avant la fin)")),
}


@dataclass(frozen=True)
class StructureInput:
    """The settings form; numbers as typed (hours in hours, the wage as « 11,88 »)."""

    name: str | None
    siret: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    postal_code: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    director_name: str | None = None
    holiday_region: str | None = None
    annual_fulltime_hours: int = 1607
    hourly_wage: str | None = None
    retention_support_years: int = 2
    retention_hr_years: int = 5
    idle_lock_minutes: int = 15
    cip_sees_all_sensitive: bool = False
    schedule_diagnosis_months: int = 1
    schedule_plan_months: int = 2
    schedule_renewal_months: int = 1
    schedule_reviews: bool = True
    schedule_follow_ups: bool = True


def get_structure(session: Session, actor: Actor) -> StructureInput | None:
    """The settings as the form shows them (None before the first set-up)."""
    s = session.scalars(select(m.Structure).limit(1)).first()
    if s is None:
        return None
    wage = format_number(s.hourly_wage, 2) if s.hourly_wage is not None else None
    return StructureInput(
        s.name, s.siret, s.address_line1, s.address_line2, s.postal_code, s.city, s.phone,
        s.email, s.director_name, s.holiday_region, s.annual_fulltime_minutes // 60, wage,
        s.retention_support_years, s.retention_hr_years, s.idle_lock_minutes,
        s.cip_sees_all_sensitive, s.schedule_diagnosis_months, s.schedule_plan_months,
        s.schedule_renewal_months, s.schedule_reviews, s.schedule_follow_ups,
    )  # fmt: skip


def _check(data: StructureInput) -> tuple[dict[str, object], list[Violation]]:
    """The values to store, and every broken rule."""
    found: list[Violation] = []
    if clean_line(data.name) is None:
        found.append(
            Violation("name_missing", tr("Nom de la structure : obligatoire."), field="name")
        )
    found += check_siret(data.siret) + check_postal_code(data.postal_code)
    found += check_phone(data.phone) + check_email(data.email)
    for field, label, value in (
        ("name", tr("Nom de la structure"), data.name),
        ("address_line1", tr("Adresse"), data.address_line1),
        ("address_line2", tr("Complément d'adresse"), data.address_line2),
        ("city", tr("Ville"), data.city),
        ("director_name", tr("Directeur ou directrice"), data.director_name),
    ):
        found += text_violations(field, label, clean_line(value), max_length=LINE_MAX)
    if data.holiday_region not in {code for code, _label in HOLIDAY_REGIONS}:
        found.append(
            Violation(
                "region_unknown", tr("Jours fériés : région inconnue."), field="holiday_region"
            )
        )
    for name, (low, high, label) in BOUNDS.items():
        value = getattr(data, name)
        if not low <= value <= high:
            found.append(
                Violation(
                    f"{name}_range",
                    tr("{label} : entre {low} et {high}.").format(label=label, low=low, high=high),
                    field=name,
                )
            )
    wage: Decimal | None = None
    try:
        wage = parse_decimal(data.hourly_wage)
    except ValueError as exc:
        found.append(
            Violation(
                "wage_unreadable", tr("Salaire horaire : {e}.").format(e=exc), field="hourly_wage"
            )
        )
    if wage is not None and not Decimal(0) < wage < Decimal(1000):
        found.append(
            Violation(
                "wage_range",
                tr("Salaire horaire : un montant positif, en euros."),
                field="hourly_wage",
            )
        )
    values: dict[str, object] = {
        "name": clean_line(data.name), "siret": compact_siret(data.siret),
        "address_line1": clean_line(data.address_line1), "address_line2": clean_line(data.address_line2),
        "postal_code": normalise_postal_code(data.postal_code), "city": clean_line(data.city),
        "phone": normalise_phone(data.phone), "email": normalise_email(data.email),
        "director_name": clean_line(data.director_name), "holiday_region": data.holiday_region,
        "annual_fulltime_minutes": data.annual_fulltime_hours * 60, "hourly_wage": wage,
        "retention_support_years": data.retention_support_years,
        "retention_hr_years": data.retention_hr_years,
        "idle_lock_minutes": data.idle_lock_minutes,
        "cip_sees_all_sensitive": data.cip_sees_all_sensitive,
        "schedule_diagnosis_months": data.schedule_diagnosis_months,
        "schedule_plan_months": data.schedule_plan_months,
        "schedule_renewal_months": data.schedule_renewal_months,
        "schedule_reviews": data.schedule_reviews,
        "schedule_follow_ups": data.schedule_follow_ups,
    }  # fmt: skip
    if data.schedule_plan_months < data.schedule_diagnosis_months:
        found.append(
            Violation(
                "schedule_plan_before_diagnosis",
                tr("Projet professionnel : prévu au plus tôt avec le diagnostic, pas avant."),
                field="schedule_plan_months",
            )
        )
    return values, found


FIELD_LABELS = {
    "name": tr("nom"), "siret": tr("SIRET"), "address_line1": tr("adresse"),
    "address_line2": tr("complément d'adresse"), "postal_code": tr("code postal"),
    "city": tr("ville"), "phone": tr("téléphone"), "email": tr("e-mail"),
    "director_name": tr("directeur ou directrice"), "holiday_region": tr("jours fériés"),
    "annual_fulltime_minutes": tr("temps plein annuel"), "hourly_wage": tr("salaire horaire"),
    "retention_support_years": tr("conservation de l'accompagnement"),
    "retention_hr_years": tr("conservation des contrats et heures"),
    "idle_lock_minutes": tr("verrouillage"),
    "cip_sees_all_sensitive": tr("notes confidentielles visibles de tous les CIP"),
    "schedule_diagnosis_months": tr("échéance du diagnostic"),
    "schedule_plan_months": tr("échéance du projet professionnel"),
    "schedule_renewal_months": tr("bilan avant renouvellement"),
    "schedule_reviews": tr("bilans à 3, 6 et 10 mois"),
    "schedule_follow_ups": tr("suivis après la sortie"),
}  # fmt: skip


def save_structure(session: Session, actor: Actor, data: StructureInput) -> list[str]:
    """Save the settings (direction only); returns the French names of what changed."""
    roles_matrix.require(actor, Permission.SETTINGS_EDIT)
    structure = session.scalars(select(m.Structure).limit(1)).first()
    if structure is None:
        raise ValidationError(tr("La structure n'est pas encore créée."))
    values, found = _check(data)
    if found:
        raise ValidationError(found)
    before = {name: getattr(structure, name) for name in values}
    changed = audit.changed_fields(before, values)
    for name in changed:
        setattr(structure, name, values[name])
    if changed:
        audit.record(
            session, actor, audit.Action.UPDATE, "structure", structure.id,
            summary=tr("paramètres modifiés : {f}").format(f=", ".join(FIELD_LABELS[n] for n in changed)),
        )  # fmt: skip
    return [FIELD_LABELS[n] for n in changed]


@dataclass(frozen=True)
class SetupInput:
    """The first start: the structure and the director's account."""

    structure: StructureInput
    last_name: str | None
    first_name: str | None
    login: str | None
    password: str
    confirmation: str


def first_setup(session: Session, actor: Actor, data: SetupInput) -> Actor:
    """Create the structure and its director; refused once a structure exists."""
    if session.scalars(select(m.Structure).limit(1)).first() is not None:
        raise ValidationError(tr("La structure est déjà créée : connectez-vous."))
    values, found = _check(data.structure)
    found += check_names(data.last_name, data.first_name)
    login = normalise_login(data.login)
    found += check_login(login) + check_password(data.password, login=login)
    if data.password != data.confirmation:
        found.append(
            Violation(
                "password_confirmation",
                tr("Confirmation : elle diffère du mot de passe."),
                field="confirmation",
            )
        )
    if found:
        raise ValidationError(found)
    director = m.Staff(
        last_name=clean_line(data.last_name), first_name=clean_line(data.first_name),
        role=Role.DIRECTION, login=login, password_hash=hash_password(data.password),
    )  # fmt: skip
    if not values["director_name"]:
        values["director_name"] = director.display_name
    structure = m.Structure(**values)
    session.add_all([structure, director])
    session.flush()
    keys.set_account_slot(session, director.id, login, data.password)  # encrypted folder only
    new_actor = actor_for(director)
    audit.record(session, new_actor, audit.Action.CREATE, "structure", structure.id, summary=tr("structure créée"))  # fmt: skip
    audit.record(
        session, new_actor, audit.Action.CREATE, "staff", director.id,
        summary=tr("compte de direction créé : {name}").format(name=director.display_name),
    )  # fmt: skip
    return new_actor
