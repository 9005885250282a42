"""French phrases the documents compose from data: durations, hours, identities, money.

No ReportLab here. Numbers and dates come from ``domain.fr_format``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from stdnum.fr import nir as stdnum_nir

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.fr_format import format_date, format_minutes, format_number
from chantier_app.i18n import tr
from chantier_app.reports.data import PersonIdentity, StructureInfo

BLANK = "…………………"  # to be filled by hand

CONTRACT_TITLES = {
    ContractKind.FIRST_HOURS: tr("Contrat Premières Heures"),
    ContractKind.CDDI_REMOBILISING: tr(
        "Contrat à durée déterminée d'insertion (chantier remobilisant)"
    ),
    ContractKind.CDDI_QUALIFYING: tr(
        "Contrat à durée déterminée d'insertion (chantier qualifiant)"
    ),
}


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def hours_words(minutes: int) -> str:
    """« 26 heures », « 1,5 heure », « 26,5 heures »."""
    value = format_minutes(minutes, unit=False)
    return f"{value} {tr('heure') if minutes < 120 else tr('heures')}"


def days_words(days: int) -> str:
    return f"{days} {tr('jour') if days <= 1 else tr('jours')}"


def duration_words(start: dt.date, end: dt.date) -> str:
    """Length of a period, both days included: « 6 mois », « 4 mois et 12 jours »."""
    span = relativedelta(end + dt.timedelta(days=1), start)
    months = span.years * 12 + span.months
    parts = []
    if months:
        parts.append(f"{months} {tr('mois')}")
    if span.days or not parts:
        parts.append(days_words(span.days))
    return f" {tr('et')} ".join(parts)


def months_words(months: Decimal) -> str:
    """« 14 mois », « 14,5 mois »."""
    decimals = 0 if months == months.to_integral_value() else 1
    return f"{format_number(months, decimals)} {tr('mois')}"


def money(value: Decimal) -> str:
    return f"{format_number(value, 2)} €"


def format_nir(nir: str | None) -> str:
    """« 2 85 03 75 115 042 57 » (sex, year, month, department, commune, order, key)."""
    if not nir:
        return ""
    try:
        return str(stdnum_nir.format(nir))
    except Exception:  # an unusual value is printed as it is stored
        return nir


def format_siret(siret: str | None) -> str:
    """« 732 829 320 00074 » (SIREN, then the establishment's number)."""
    if not siret:
        return ""
    digits = siret.replace(" ", "")
    if len(digits) != 14 or not digits.isdigit():
        return siret
    return f"{digits[0:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"


def structure_address(structure: StructureInfo) -> str:
    return ", ".join(structure.address_lines)


def born(person: PersonIdentity) -> str:
    return gendered(person, tr("né"), tr("née"))


def identity_phrase(person: PersonIdentity, nir: str | None = None) -> str:
    """« née le 12/03/1985 à Paris, demeurant 12 rue de Flandre, 75019 Paris, … »"""
    parts = []
    if person.birth_date:
        birth = f"{born(person)} {tr('le')} {format_date(person.birth_date)}"
        if person.birth_place:
            birth += f" {tr('à')} {person.birth_place}"
        parts.append(birth)
    if person.address_lines:
        parts.append(f"{tr('demeurant')} {', '.join(person.address_lines)}")
    if nir:
        parts.append(f"{tr('n° de sécurité sociale')} {format_nir(nir)}")
    return ", ".join(parts)


def gendered(person: PersonIdentity, masculine: str, feminine: str) -> str:
    return feminine if person.civility is Civility.MRS else masculine


def period_phrase(person: PersonIdentity, first: dt.date, last: dt.date, *, ongoing: bool) -> str:
    """« a été employée du 02/01/2025 au 30/06/2026 » or « est employé depuis le … »."""
    employed = gendered(person, tr("employé"), tr("employée"))
    if ongoing:
        return tr("est {employed} depuis le {start}").format(
            employed=employed, start=format_date(first)
        )
    return tr("a été {employed} du {start} au {end}").format(
        employed=employed, start=format_date(first), end=format_date(last)
    )
