"""The employee record as typed in a form or a spreadsheet, and the checks of the whole record."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from chantier_app.domain import identity_rules as rules
from chantier_app.domain.codes import CodeEnum
from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.person_codes import (
    Civility,
    DurationBand,
    FrenchLevel,
    HousingSituation,
    Mobility,
    Nationality,
    NirMissingReason,
    RsaKind,
)
from chantier_app.domain.codes.referrers import Referrer
from chantier_app.domain.errors import Violation
from chantier_app.domain.parsing import clean_line, clean_text
from chantier_app.domain.text_rules import LINE_MAX, NAME_MAX, NOTES_MAX, text_violations
from chantier_app.i18n import tr

_INSEE_COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")


@dataclass(frozen=True)
class PersonInput:
    """Every field of the fiche salarié; free text as ``str | None``, codes already parsed."""

    civility: Civility | None
    usage_name: str | None
    first_names: str | None
    birth_date: dt.date | None
    birth_name: str | None = None
    birth_place_code: str | None = None
    birth_place: str | None = None
    birth_country: str | None = None
    nationality: Nationality | None = None
    nir: str | None = None
    nir_missing_reason: NirMissingReason | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    postal_code: str | None = None
    city: str | None = None
    address_insee_code: str | None = None
    phone: str | None = None
    email: str | None = None
    emergency_contact_name: str | None = None
    emergency_contact_phone: str | None = None
    ft_registered: bool = False
    ft_id: str | None = None
    ft_registered_since: dt.date | None = None
    education_level: EducationLevel | None = None
    rsa: RsaKind = RsaKind.NONE
    rsa_band: DurationBand | None = None
    ass: bool = False
    ass_band: DurationBand | None = None
    aah: bool = False
    aah_band: DurationBand | None = None
    rqth: bool = False
    lone_parent: bool = False
    housing: HousingSituation | None = None
    refugee: bool = False
    released_from_detention: bool = False
    qpv: bool = False
    zrr: bool = False
    mobility: Mobility | None = None
    french_level: FrenchLevel | None = None
    employed: bool = False
    unemployed_band: DurationBand | None = None
    resourceless: bool = False
    social_aid: bool = False
    ase_exit: bool = False
    oeth: bool = False
    referrer: Referrer | None = None
    referrer_contact: str | None = None
    cip_id: int | None = None
    team_id: int | None = None
    notes: str | None = None


FIELD_NAMES = [f.name for f in dataclasses.fields(PersonInput)]

# What kind of value each field holds (forms and spreadsheets read them alike).
REQUIRED_FIELDS = ("civility", "usage_name", "first_names", "birth_date")
DATE_FIELDS = frozenset({"birth_date", "ft_registered_since"})
BOOL_FIELDS = frozenset(
    {
        "ft_registered",
        "ass",
        "aah",
        "rqth",
        "lone_parent",
        "refugee",
        "released_from_detention",
        "qpv",
        "zrr",
        "employed",
        "resourceless",
        "social_aid",
        "ase_exit",
        "oeth",
    }
)
CODE_FIELDS: dict[str, type[CodeEnum]] = {
    "civility": Civility,
    "nationality": Nationality,
    "nir_missing_reason": NirMissingReason,
    "education_level": EducationLevel,
    "rsa": RsaKind,
    "rsa_band": DurationBand,
    "ass_band": DurationBand,
    "aah_band": DurationBand,
    "housing": HousingSituation,
    "mobility": Mobility,
    "french_level": FrenchLevel,
    "unemployed_band": DurationBand,
    "referrer": Referrer,
}
_TEXT_FIELDS = [
    f.name for f in dataclasses.fields(PersonInput) if f.type in ("str | None",) and f.name != "nir"
]


def normalise(data: PersonInput) -> PersonInput:
    """Trimmed text, formatted phone numbers, bands only with their resource."""
    # Any: fields named at run time (the text ones), each given a value of its own type.
    changes: dict[str, Any] = {
        name: (clean_text if name == "notes" else clean_line)(getattr(data, name))
        for name in _TEXT_FIELDS
    }
    changes.update(
        postal_code=rules.normalise_postal_code(data.postal_code),
        email=rules.normalise_email(data.email),
        phone=rules.normalise_phone(data.phone),
        emergency_contact_phone=rules.normalise_phone(data.emergency_contact_phone),
        birth_place_code=(clean_line(data.birth_place_code) or "").upper() or None,
        address_insee_code=(clean_line(data.address_insee_code) or "").upper() or None,
        ft_id=(clean_line(data.ft_id) or "").upper() or None,
        rsa_band=data.rsa_band if data.rsa is not RsaKind.NONE else None,
        ass_band=data.ass_band if data.ass else None,
        aah_band=data.aah_band if data.aah else None,
    )
    return dataclasses.replace(data, **changes)


def validate_person(data: PersonInput, *, today: dt.date) -> tuple[PersonInput, list[Violation]]:
    """The record as it will be stored, and every broken rule (errors block the save)."""
    data = normalise(data)
    violations: list[Violation] = []
    if data.civility is None:
        violations.append(
            Violation("civility_required", tr("Civilité : obligatoire."), field="civility")
        )
    if not data.usage_name:
        violations.append(
            Violation("usage_name_required", tr("Nom d'usage : obligatoire."), field="usage_name")
        )
    if not data.first_names:
        violations.append(
            Violation("first_names_required", tr("Prénom(s) : obligatoire."), field="first_names")
        )
    if data.birth_date is None:
        violations.append(
            Violation(
                "birth_date_required", tr("Date de naissance : obligatoire."), field="birth_date"
            )
        )
    violations += rules.check_birth_date(data.birth_date, reference=today)
    nir = rules.check_nir(
        data.nir,
        civility=data.civility,
        birth_date=data.birth_date,
        missing_reason=data.nir_missing_reason,
    )
    violations += nir.violations
    data = dataclasses.replace(data, nir=nir.nir, nir_missing_reason=nir.missing_reason)
    if data.birth_place_code and not _INSEE_COMMUNE.match(data.birth_place_code):
        violations.append(
            Violation(
                "birth_place_code_format",
                tr(
                    "Code INSEE de la commune de naissance : 5 caractères (ex. 75056, 2A004, 99350)."
                ),
                field="birth_place_code",
            )
        )
    if data.address_insee_code and not _INSEE_COMMUNE.match(data.address_insee_code):
        violations.append(
            Violation(
                "address_insee_code_format",
                tr(
                    "Code INSEE de la commune de résidence : 5 caractères (ex. 75119 pour "
                    "Paris 19e, 2A004) ; ce n'est pas le code postal."
                ),
                field="address_insee_code",
            )
        )
    violations += _text_violations(data)
    violations += rules.check_postal_code(data.postal_code)
    violations += rules.check_email(data.email)
    violations += rules.check_phone(data.phone)
    violations += rules.check_phone(data.emergency_contact_phone, field="emergency_contact_phone")
    if data.ft_registered_since and data.ft_registered_since > today:
        violations.append(
            Violation(
                "ft_registered_since_future",
                tr("Inscrit à France Travail depuis : la date est dans le futur."),
                field="ft_registered_since",
            )
        )
    return data, violations


_NAMES = ("usage_name", "birth_name", "first_names")


def _text_violations(data: PersonInput) -> list[Violation]:
    """No control character nor bidi override in any text, and each within its length."""
    found = []
    for name in _TEXT_FIELDS:
        limit = NAME_MAX if name in _NAMES else NOTES_MAX if name == "notes" else LINE_MAX
        found += text_violations(
            name, FIELD_LABELS.get(name, name), getattr(data, name),
            max_length=limit, multiline=name == "notes",
        )  # fmt: skip
    return found


# French names of the fields: form labels, spreadsheet headers and audit summaries.
FIELD_LABELS: dict[str, str] = {
    "civility": tr("Civilité"),
    "usage_name": tr("Nom d'usage"),
    "birth_name": tr("Nom de naissance"),
    "first_names": tr("Prénom(s)"),
    "birth_date": tr("Date de naissance"),
    "birth_place_code": tr("Code INSEE de naissance"),
    "birth_place": tr("Lieu de naissance"),
    "birth_country": tr("Pays de naissance"),
    "nationality": tr("Nationalité"),
    "nir": tr("NIR"),
    "nir_missing_reason": tr("Motif d'absence du NIR"),
    "address_line1": tr("Adresse"),
    "address_line2": tr("Complément d'adresse"),
    "postal_code": tr("Code postal"),
    "city": tr("Ville"),
    "address_insee_code": tr("Code INSEE de la commune de résidence"),
    "phone": tr("Téléphone"),
    "email": tr("E-mail"),
    "emergency_contact_name": tr("Personne à prévenir"),
    "emergency_contact_phone": tr("Téléphone de la personne à prévenir"),
    "ft_registered": tr("Inscrit à France Travail"),
    "ft_id": tr("Identifiant France Travail"),
    "ft_registered_since": tr("Inscrit à France Travail depuis"),
    "education_level": tr("Niveau de formation"),
    "rsa": tr("RSA"),
    "rsa_band": tr("Durée RSA"),
    "ass": tr("ASS"),
    "ass_band": tr("Durée ASS"),
    "aah": tr("AAH"),
    "aah_band": tr("Durée AAH"),
    "rqth": tr("RQTH"),
    "lone_parent": tr("Parent isolé"),
    "housing": tr("Hébergement"),
    "refugee": tr("Réfugié ou demandeur d'asile"),
    "released_from_detention": tr("Sortant de détention"),
    "qpv": tr("Résident QPV"),
    "zrr": tr("Résident ZRR"),
    "mobility": tr("Mobilité"),
    "french_level": tr("Niveau de français"),
    "employed": tr("En emploi à l'embauche"),
    "unemployed_band": tr("Sans emploi depuis"),
    "resourceless": tr("Sans ressources"),
    "social_aid": tr("Bénéficiaire d'une aide sociale"),
    "ase_exit": tr("Sortant de l'aide sociale à l'enfance (ASE)"),
    "oeth": tr("Bénéficiaire de l'obligation d'emploi (OETH)"),
    "referrer": tr("Orienteur"),
    "referrer_contact": tr("Conseiller orienteur"),
    "cip_id": tr("CIP référent"),
    "team_id": tr("Équipe"),
    "notes": tr("Notes"),
}
