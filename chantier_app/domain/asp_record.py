"""The State's employee record (fiche salarié ASP), field by field, as the Extranet IAE asks it.

The fields and their rules are those of les emplois de l'inclusion's serializers
(``itou/employee_record/serializers.py``: ``_PersonSerializer``, ``_AddressSerializer``,
``_SituationSerializer``), which send the same record to the ASP: names upper case without
accents, first names at most 30 characters, dates dd/mm/yyyy, birth place as INSEE commune
and department (« 099 » abroad), country code and group, the address in the ASP's
normalised form, the situation's booleans and duration bands (ref_duree_allocation_emploi:
01 to 04), the orienteur (ref_orienteur_v5) and the education level (ref_niveau_formation).

Since 9 July 2026 the ASP reads ``salarieLangueFrancaise`` true as « the person does NOT
master French » (les emplois, ``itou/api/employee_record_api/serializers.py``: « ASP
inverted the meaning of this field on 2026-07-09 »): it is true when the French level is
below A1, the eligibility criterion « Maîtrise de la langue française inférieure au niveau A1 ».
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from chantier_app.domain import asp_referentials as ref
from chantier_app.domain.asp_fields import (
    ADDRESS,
    PERSON,
    STRUCTURE,
    AspField,
    FieldStatus,
    situation_fields,
)
from chantier_app.domain.asp_fields import (
    field as _f,
)
from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.person_codes import (
    Civility,
    DurationBand,
    FrenchLevel,
    HousingSituation,
    Mobility,
    RsaKind,
)
from chantier_app.domain.codes.referrers import Referrer
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.pass_iae import format_number
from chantier_app.i18n import tr

MEASURE_ACI = "ACI_DC"  # « Droit Commun - Atelier et Chantier d'Insertion »
MAX_FIRST_NAMES = 30  # « ASP limits first names to 30 chars »
LANGUAGE_CHANGE = dt.date(2026, 7, 9)
_NAME_CHARS = re.compile(r"^[A-Z][A-Z' -]*$")
_COMPLEMENT = re.compile(r"^[a-zA-Z0-9@ ]{,32}$")  # ASP rule T030_c026_rg002
_NIR_DIGITS = re.compile(r"^[0-9AB]{15}$")


@dataclass(frozen=True)
class AspSource:
    """What the application holds that the employee record needs (plain values)."""

    civility: Civility | None
    usage_name: str | None
    birth_name: str | None
    first_names: str | None
    birth_date: dt.date | None
    birth_place_code: str | None
    birth_place: str | None
    birth_country: str | None
    nir: str | None
    address_line1: str | None
    address_line2: str | None
    postal_code: str | None
    address_insee_code: str | None
    employed: bool
    unemployed_band: DurationBand | None
    resourceless: bool
    ft_registered: bool
    ft_id: str | None
    ft_registered_since: dt.date | None
    education_level: EducationLevel | None
    rsa: RsaKind
    rsa_band: DurationBand | None
    ass: bool
    ass_band: DurationBand | None
    aah: bool
    aah_band: DurationBand | None
    rqth: bool
    oeth: bool
    social_aid: bool
    ase_exit: bool
    lone_parent: bool
    housing: HousingSituation | None
    refugee: bool
    released_from_detention: bool
    french_level: FrenchLevel | None
    mobility: Mobility | None
    referrer: Referrer | None
    pass_number: str | None = None
    pass_start: dt.date | None = None
    pass_end: dt.date | None = None
    hiring_date: dt.date | None = None  # the path's first day: « inscrit depuis » counts to it
    structure_siret: str | None = None


@dataclass(frozen=True)
class AspRecord:
    fields: tuple[AspField, ...]

    @property
    def problems(self) -> tuple[AspField, ...]:
        return tuple(f for f in self.fields if f.status.blocking)

    @property
    def warnings(self) -> tuple[AspField, ...]:
        return tuple(f for f in self.fields if f.status is FieldStatus.WARNING)

    @property
    def complete(self) -> bool:
        return not self.problems

    def field(self, key: str) -> AspField:
        return next(f for f in self.fields if f.key == key)


def asp_name(text: str | None) -> str:
    """Upper case, accents dropped (the ASP's letters), as the platform's ``unidecode().upper()``."""
    return ref.ascii_upper(text or "")


def asp_first_names(text: str | None) -> tuple[str, bool]:
    """The first names as sent (30 characters at most, cut between words) and whether cut."""
    names = asp_name(text)
    if len(names) <= MAX_FIRST_NAMES:
        return names, False
    return names[:MAX_FIRST_NAMES].rsplit(" ", 1)[0], True


def build_record(source: AspSource) -> AspRecord:
    """Every field of the employee record, with what is missing or invalid."""
    fields: list[AspField] = []
    fields += _structure(source)
    fields += _person(source)
    fields += _address(source)
    fields += situation_fields(source)
    return AspRecord(tuple(fields))


def _structure(s: AspSource) -> list[AspField]:
    siret = (s.structure_siret or "").replace(" ", "")
    return [
        _f(STRUCTURE, "mesure", tr("Mesure"), MEASURE_ACI, source=None),
        _f(
            STRUCTURE,
            "siret",
            tr("SIRET de la structure"),
            siret,
            source="structure",
            missing=tr("SIRET de la structure : à renseigner dans les Paramètres."),
        ),
    ]


def _person(s: AspSource) -> list[AspField]:
    out = [
        _f(
            PERSON,
            "passIae",
            tr("Numéro de PASS IAE"),
            format_number(s.pass_number) if s.pass_number else "",
            source="pass",
            missing=tr("PASS IAE : aucun PASS enregistré pour ce parcours."),
        ),
        _f(
            PERSON,
            "civilite",
            tr("Civilité"),
            s.civility.value if s.civility else "",
            source="civility",
            missing=tr("Civilité : obligatoire."),
        ),
    ]
    usage = asp_name(s.usage_name)
    out.append(_name_field("nomUsage", tr("Nom d'usage"), usage, "usage_name", required=True))
    out.append(_name_field("nomNaissance", tr("Nom de naissance"), asp_name(s.birth_name),
                           "birth_name", required=False))  # fmt: skip
    first, cut = asp_first_names(s.first_names)
    field = _name_field("prenom", tr("Prénom(s)"), first, "first_names", required=True)
    if cut and not field.status.blocking:
        field = AspField(
            PERSON, "prenom", field.label, first, FieldStatus.WARNING,
            tr("Prénom(s) : plus de 30 caractères, l'ASP n'en garde que « {kept} ».").format(
                kept=first
            ),
            "first_names",
        )  # fmt: skip
    out.append(field)
    out.append(
        _f(
            PERSON,
            "dateNaissance",
            tr("Date de naissance"),
            format_date(s.birth_date) if s.birth_date else "",
            source="birth_date",
            missing=tr("Date de naissance : obligatoire."),
        )
    )
    out += _birth_place(s)
    out.append(
        _f(PERSON, "passDateDeb", tr("Début du PASS IAE"),
           format_date(s.pass_start) if s.pass_start else "", source="pass",
           missing=tr("Début du PASS IAE : aucun PASS enregistré."))
    )  # fmt: skip
    out.append(
        _f(PERSON, "passDateFin", tr("Fin du PASS IAE"),
           format_date(s.pass_end) if s.pass_end else "", source="pass",
           missing=tr("Fin du PASS IAE : aucun PASS enregistré."))
    )  # fmt: skip
    out.append(_nir(s))
    return out


def _name_field(key: str, label: str, value: str, source: str, *, required: bool) -> AspField:
    if not value:
        if required:
            return AspField(PERSON, key, label, "", FieldStatus.MISSING,
                            tr("{label} : obligatoire.").format(label=label), source)  # fmt: skip
        return AspField(PERSON, key, label, "", FieldStatus.OPTIONAL, "", source)
    if not _NAME_CHARS.match(value):
        return AspField(
            PERSON, key, label, value, FieldStatus.INVALID,
            tr("{label} : lettres, espaces, tirets et apostrophes seulement pour l'ASP.").format(
                label=label
            ),
            source,
        )  # fmt: skip
    return AspField(PERSON, key, label, value, FieldStatus.OK, "", source)


def _birth_place(s: AspSource) -> list[AspField]:
    """codeComInsee (commune and department), codeInseePays, codeGroupePays."""
    code = (s.birth_place_code or "").upper()
    label_commune = tr("Commune de naissance (code INSEE, département)")
    label_country = tr("Pays de naissance (code INSEE)")
    label_group = tr("Groupe de pays")
    if code.startswith("99"):
        country = ref.countries().get(code[2:])
        if country is None:
            return [
                _f(PERSON, "codeComInsee", label_commune, tr("— (né(e) à l'étranger, département 099)"),
                   source="birth_place_code"),
                AspField(PERSON, "codeInseePays", label_country, code, FieldStatus.INVALID,
                         tr("Code INSEE de naissance : « {code} » n'est pas un pays de la liste de l'ASP.")
                         .format(code=code), "birth_place_code"),
                _f(PERSON, "codeGroupePays", label_group, "", source="birth_place_code",
                   missing=tr("Groupe de pays : il suit du pays de naissance.")),
            ]  # fmt: skip
        return _abroad(country, label_commune, label_country, label_group)
    if code:
        department = code[:3] if code.startswith("97") else code[:2]
        department = department.zfill(3) if len(department) == 2 else department
        return [
            _f(PERSON, "codeComInsee", label_commune,
               f"{code} ({tr('département')} {department})", source="birth_place_code"),
            _f(PERSON, "codeInseePays", label_country, f"{ref.FRANCE_CODE} – FRANCE",
               source="birth_place_code"),
            _f(PERSON, "codeGroupePays", label_group, tr("1 – France"), source="birth_place_code"),
        ]  # fmt: skip
    country = ref.country_by_name(s.birth_country)
    if country is not None and country.code != ref.FRANCE_CODE:
        return _abroad(country, label_commune, label_country, label_group)
    missing = tr(
        "Code INSEE de naissance : obligatoire pour une personne née en France (ex. 75056), "
        "ou « 99 » suivi du code du pays pour une personne née à l'étranger (ex. 99350)."
    )
    if s.birth_country and country is None:
        missing = tr(
            "Pays de naissance : « {country} » n'est pas reconnu dans la liste de l'ASP ; "
            "saisissez le code INSEE de naissance (99 suivi du code du pays)."
        ).format(country=s.birth_country)
    return [
        _f(PERSON, "codeComInsee", label_commune, "", source="birth_place_code", missing=missing),
        _f(PERSON, "codeInseePays", label_country,
           f"{ref.FRANCE_CODE} – FRANCE" if country else "", source="birth_country",
           missing=tr("Pays de naissance : obligatoire.")),
        _f(PERSON, "codeGroupePays", label_group, tr("1 – France") if country else "",
           source="birth_country", missing=tr("Groupe de pays : il suit du pays de naissance.")),
    ]  # fmt: skip


def _abroad(
    country: ref.Country, label_commune: str, label_country: str, label_group: str
) -> list[AspField]:
    groups = {"1": tr("France"), "2": tr("CEE"), "3": tr("Hors CEE")}
    return [
        _f(PERSON, "codeComInsee", label_commune, tr("— (né(e) à l'étranger, département 099)"),
           source="birth_place_code"),
        _f(PERSON, "codeInseePays", label_country, f"{country.code} – {country.name}",
           source="birth_place_code"),
        _f(PERSON, "codeGroupePays", label_group,
           f"{country.group} – {groups.get(country.group, '')}", source="birth_place_code"),
    ]  # fmt: skip


def _nir(s: AspSource) -> AspField:
    label = tr("NIR (numéro de sécurité sociale)")
    nir = (s.nir or "").replace(" ", "").upper()
    if not nir or nir.startswith(("7", "8")):
        # The platform then sends an NTT (numéro technique temporaire) instead.
        return AspField(
            PERSON, "salarieNIR", label, "", FieldStatus.MISSING,
            tr("NIR absent ou provisoire : l'Extranet demande alors un NTT (numéro technique "
               "temporaire) ; demandez-le à la CPAM ou enregistrez le NIR."),
            "nir",
        )  # fmt: skip
    if not _NIR_DIGITS.match(nir):
        return AspField(PERSON, "salarieNIR", label, nir, FieldStatus.INVALID,
                        tr("NIR : 15 caractères attendus."), "nir")  # fmt: skip
    return AspField(PERSON, "salarieNIR", label, nir, FieldStatus.OK, "", "nir")


def _address(s: AspSource) -> list[AspField]:
    lane = ref.parse_lane(s.address_line1)
    no_address = tr("Adresse : obligatoire (numéro, type et nom de la voie).")
    out = [
        _f(ADDRESS, "adrNumeroVoie", tr("Numéro dans la voie"), lane.number or "",
           source="address_line1"),
        _f(ADDRESS, "codeextensionvoie", tr("Extension (bis, ter…)"),
           f"{lane.extension} – {ref.EXTENSION_LABELS[lane.extension]}" if lane.extension else "",
           source="address_line1"),
    ]  # fmt: skip
    if lane.lane_type is None:
        status = FieldStatus.MISSING if not s.address_line1 else FieldStatus.INVALID
        message = (
            no_address
            if not s.address_line1
            else tr(
                "Adresse : type de voie non reconnu dans « {line} » (rue, avenue, chemin, "
                "lieu-dit…) ; écrivez-le en toutes lettres après le numéro."
            ).format(line=s.address_line1)
        )
        out.append(AspField(ADDRESS, "codetypevoie", tr("Type de voie"), "", status, message,
                            "address_line1"))  # fmt: skip
    else:
        label = ref.lane_types().get(lane.lane_type, "")
        out.append(_f(ADDRESS, "codetypevoie", tr("Type de voie"),
                      f"{lane.lane_type} – {label}", source="address_line1"))  # fmt: skip
    out.append(
        _f(ADDRESS, "adrLibelleVoie", tr("Libellé de la voie"), lane.lane_name or "",
           source="address_line1", missing=no_address)
    )  # fmt: skip
    complement = ref.ascii_upper(s.address_line2 or "")
    if complement and not _COMPLEMENT.match(complement):
        out.append(
            AspField(
                ADDRESS, "adrCpltDistribution", tr("Complément d'adresse"), complement,
                FieldStatus.WARNING,
                tr("Complément d'adresse : plus de 32 caractères ou des signes (lettres, "
                   "chiffres, @ et espaces seulement) : l'ASP ne le recevra pas."),
                "address_line2",
            )
        )  # fmt: skip
    else:
        out.append(_f(ADDRESS, "adrCpltDistribution", tr("Complément d'adresse"), complement,
                      source="address_line2"))  # fmt: skip
    out.append(
        _f(ADDRESS, "codeinseecom", tr("Commune de résidence (code INSEE)"),
           s.address_insee_code or "", source="address_insee_code",
           missing=tr("Code INSEE de la commune de résidence : obligatoire (ce n'est pas le "
                      "code postal ; ex. 75119 pour Paris 19e)."))
    )  # fmt: skip
    out.append(
        _f(ADDRESS, "codepostalcedex", tr("Code postal"), s.postal_code or "",
           source="postal_code", missing=tr("Code postal : obligatoire."))
    )  # fmt: skip
    return out
