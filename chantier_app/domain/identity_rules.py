"""Checks of the employee record's identity and contact fields (NIR, SIRET, dates, contacts).

Each check returns a list of ``Violation`` (empty when the value is fine) with a stable
code and a French message naming the field. Normalisers return the value as stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum import exceptions as stdnum_errors
from stdnum.fr import nir as stdnum_nir
from stdnum.fr import siret as stdnum_siret

from chantier_app.domain.codes.person_codes import Civility, NirMissingReason
from chantier_app.domain.contract_dates import age_on
from chantier_app.domain.errors import Violation
from chantier_app.i18n import tr

MIN_AGE = 16
MAX_AGE = 80
_POSTAL_CODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-8])\d{3}$")
_SEX_DIGITS = {Civility.MR: "1", Civility.MRS: "2"}
TEMPORARY_NIR_DIGITS = ("7", "8")


def _v(code: str, message: str, field: str) -> Violation:
    return Violation(code, message, field=field)


# NIR ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NirCheck:
    """The NIR as it will be stored (None when missing or temporary) and what is wrong."""

    nir: str | None
    missing_reason: NirMissingReason | None
    violations: list[Violation]


def compact_nir(text: str | None) -> str:
    return stdnum_nir.compact(text or "")


def is_temporary_nir(text: str | None) -> bool:
    """A temporary number (NIA / NTT) starts with 7 or 8: it counts as no NIR."""
    return compact_nir(text).startswith(TEMPORARY_NIR_DIGITS)


def check_nir(
    text: str | None,
    *,
    civility: Civility | None,
    birth_date: dt.date | None,
    missing_reason: NirMissingReason | None,
) -> NirCheck:
    """Key and format through python-stdnum, then sex digit, birth year and month."""
    nir = compact_nir(text)
    if not nir or is_temporary_nir(nir):
        violations = []
        if missing_reason is None:
            message = (
                tr(
                    "Motif d'absence du NIR : obligatoire, le numéro saisi est provisoire "
                    "(commence par 7 ou 8) et compte comme absent."
                )
                if nir
                else tr("Motif d'absence du NIR : obligatoire quand le NIR n'est pas renseigné.")
            )
            violations.append(_v("nir_missing_reason_required", message, "nir_missing_reason"))
        return NirCheck(None, missing_reason, violations)
    try:
        stdnum_nir.validate(nir)
    except stdnum_errors.InvalidLength:
        return _bad_nir(
            nir, "nir_length", tr("NIR : 15 caractères attendus (13 chiffres et la clé).")
        )
    except stdnum_errors.InvalidChecksum:
        return _bad_nir(
            nir, "nir_key", tr("NIR : la clé ne correspond pas au numéro (erreur de saisie ?).")
        )
    except stdnum_errors.ValidationError:
        return _bad_nir(
            nir,
            "nir_format",
            tr("NIR : format invalide (chiffres uniquement, 2A ou 2B pour la Corse)."),
        )
    return NirCheck(nir, None, _nir_consistency(nir, civility, birth_date))


def _bad_nir(nir: str, code: str, message: str) -> NirCheck:
    return NirCheck(nir, None, [_v(code, message, "nir")])


# INSEE's months of birth in a NIR: 01-12, or a pseudo-month for a person registered from
# an incomplete civil status, 20-42 or 50-99 (INSEE, RNIPP; the national platform's
# validator, itou/utils/validators.py validate_nir, refuses 13-19 and 43-49 alike). 00 is
# not attributed. Only 01-12 can be compared with a birth date.
NIR_PSEUDO_MONTHS = (range(20, 43), range(50, 100))


def valid_nir_month(month: int) -> bool:
    return 1 <= month <= 12 or any(month in r for r in NIR_PSEUDO_MONTHS)


def _nir_consistency(nir: str, civility: Civility | None, birth: dt.date | None) -> list[Violation]:
    violations = []
    sex = nir[0]
    if sex not in ("1", "2"):
        violations.append(
            _v(
                "nir_sex_digit",
                tr("NIR : le premier chiffre doit être 1 (homme) ou 2 (femme)."),
                "nir",
            )
        )
    elif civility is not None and _SEX_DIGITS[civility] != sex:
        violations.append(
            _v(
                "nir_sex_mismatch",
                tr(
                    "NIR : le premier chiffre ({digit}) ne correspond pas à la civilité « {civility} »."
                ).format(digit=sex, civility=civility.label),
                "nir",
            )
        )
    month = int(nir[3:5])
    if not valid_nir_month(month):
        violations.append(
            _v(
                "nir_birth_month_invalid",
                tr(
                    "NIR : le mois de naissance (chiffres 4 et 5) vaut {month} ; l'INSEE "
                    "n'attribue que 01 à 12, ou 20 à 42 et 50 à 99 quand l'état civil est "
                    "incomplet."
                ).format(month=f"{month:02d}"),
                "nir",
            )
        )
    if birth is not None:
        if nir[1:3] != f"{birth.year % 100:02d}":
            violations.append(
                _v(
                    "nir_birth_year_mismatch",
                    tr(
                        "NIR : l'année de naissance (chiffres 2 et 3) ne correspond pas à la date de naissance."
                    ),
                    "nir",
                )
            )
        if 1 <= month <= 12 and month != birth.month:
            violations.append(
                _v(
                    "nir_birth_month_mismatch",
                    tr(
                        "NIR : le mois de naissance (chiffres 4 et 5) ne correspond pas à la date de naissance."
                    ),
                    "nir",
                )
            )
    return violations


def format_nir(nir: str | None) -> str:
    """« 1 85 05 75 056 123 45 » for reading; empty when absent."""
    return stdnum_nir.format(nir) if nir else ""


# SIRET -------------------------------------------------------------------------------------
def check_siret(text: str | None, field: str = "siret") -> list[Violation]:
    """14 digits with a valid Luhn key (python-stdnum); empty is fine."""
    if not text or not text.strip():
        return []
    try:
        stdnum_siret.validate(text)
    except stdnum_errors.InvalidLength:
        return [_v("siret_length", tr("SIRET : 14 chiffres attendus."), field)]
    except stdnum_errors.InvalidChecksum:
        return [
            _v(
                "siret_key",
                tr("SIRET : la clé de contrôle est fausse (erreur de saisie ?)."),
                field,
            )
        ]
    except stdnum_errors.ValidationError:
        return [_v("siret_format", tr("SIRET : chiffres uniquement."), field)]
    return []


def compact_siret(text: str | None) -> str | None:
    return stdnum_siret.compact(text) if text and text.strip() else None


# Birth date --------------------------------------------------------------------------------
def check_birth_date(
    birth: dt.date | None, *, reference: dt.date, field: str = "birth_date"
) -> list[Violation]:
    """Plausible for a hire: between 16 and 80 years old on ``reference`` (hiring or today)."""
    if birth is None:
        return []
    if birth > reference:
        return [_v("birth_date_future", tr("Date de naissance : elle est dans le futur."), field)]
    age = age_on(birth, reference)
    if age < MIN_AGE:
        return [
            _v(
                "birth_date_too_young",
                tr("Date de naissance : la personne aurait {age} ans, {min} ans minimum.").format(
                    age=age, min=MIN_AGE
                ),
                field,
            )
        ]
    if age > MAX_AGE:
        return [
            _v(
                "birth_date_too_old",
                tr(
                    "Date de naissance : la personne aurait {age} ans, {max} ans maximum (erreur de saisie ?)."
                ).format(age=age, max=MAX_AGE),
                field,
            )
        ]
    return []


# Contact -----------------------------------------------------------------------------------
def normalise_postal_code(text: str | None) -> str | None:
    cleaned = (text or "").replace(" ", "").strip()
    return cleaned or None


def check_postal_code(text: str | None, field: str = "postal_code") -> list[Violation]:
    """French postal code: 5 digits, department 01 to 98 (Corsica 20xxx, overseas 97xxx/98xxx)."""
    code = normalise_postal_code(text)
    if code is None or _POSTAL_CODE.match(code):
        return []
    return [_v("postal_code_format", tr("Code postal : 5 chiffres attendus (ex. 75019)."), field)]


def normalise_email(text: str | None) -> str | None:
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    return _normalised_email(cleaned) or cleaned


def check_email(text: str | None, field: str = "email") -> list[Violation]:
    cleaned = (text or "").strip()
    if not cleaned:
        return []
    if _normalised_email(cleaned) is None:
        return [
            _v("email_format", tr("E-mail : adresse invalide (ex. prenom.nom@exemple.fr)."), field)
        ]
    return []


# A record is normalised then checked: the same address is validated twice (issue 22). A
# str, or None when invalid.
@functools.lru_cache(maxsize=1024)
def _normalised_email(cleaned: str) -> str | None:
    try:
        return validate_email(cleaned, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


# Overseas departments dial « 0590… », « 0694… » like the mainland but have their own codes.
_FRENCH_REGIONS = ("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF")
_FRENCH_CODES = tuple(phonenumbers.country_code_for_region(r) for r in _FRENCH_REGIONS)
_FRENCH_NATIONAL = re.compile(r"0([1-9])[ .-]?(\d\d)[ .-]?(\d\d)[ .-]?(\d\d)[ .-]?(\d\d)")


# Cached: a record is normalised then checked, so each number is parsed twice (issue 22).
# Callers only read the result (PhoneNumber is mutable: never change one they get).
@functools.lru_cache(maxsize=1024)
def _parse_phone(text: str) -> phonenumbers.PhoneNumber | None:
    national = _FRENCH_NATIONAL.fullmatch(text)
    if national is not None:
        return _parse_national(int("".join(national.groups())))
    for region in _FRENCH_REGIONS:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return number
        if text.lstrip().startswith("+"):
            break  # an explicit country code: no other region to try
    # A well-formed French number in a range not yet allocated (e.g. 07 0x) is still accepted:
    # refusing a real new number would be worse than letting a rare typo through.
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code == 33 and phonenumbers.is_possible_number(number):
        return number
    return None


def _parse_national(digits: int) -> phonenumbers.PhoneNumber | None:
    """« 06 12 34 56 78 », most numbers: the answer of the loop above (each region's valid
    number, then the « possible » French one), without ``parse``'s generic steps, ten times
    for a number in an unallocated range (issue 22). For such a text ``parse`` strips the
    leading 0 whenever the number can be valid: the same objects, checked against the loop
    on 60,000 numbers of every French and overseas range."""
    for code in _FRENCH_CODES:
        number = phonenumbers.PhoneNumber(country_code=code, national_number=digits)
        if phonenumbers.is_valid_number(number):
            return number
    number = phonenumbers.PhoneNumber(country_code=33, national_number=digits)
    return number if phonenumbers.is_possible_number(number) else None


def check_phone(text: str | None, field: str = "phone") -> list[Violation]:
    """French numbers (« 06 12 34 56 78 », « +33 6 12 34 56 78 », overseas) or +country code."""
    cleaned = (text or "").strip()
    if not cleaned or _parse_phone(cleaned) is not None:
        return []
    label = {"phone": tr("Téléphone"), "emergency_contact_phone": tr("Téléphone du contact")}
    return [
        _v(
            "phone_format",
            tr("{label} : numéro invalide (ex. 06 12 34 56 78 ou +33 6 12 34 56 78).").format(
                label=label.get(field, tr("Téléphone"))
            ),
            field,
        )
    ]


def normalise_phone(text: str | None) -> str | None:
    """French numbers as « 06 12 34 56 78 », others in international format."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    number = _parse_phone(cleaned)
    if number is None:
        return cleaned
    if number.country_code in (33, 262, 269, 508, 590, 594, 596):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
