"""French phrases the documents compose from data: durations, hours, identities, money.

No ReportLab here. Numbers and dates come from ``domain.fr_format``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.person_codes import Civility
from chantier_app.domain.fr_format import format_date, format_minutes, format_number, strip_accents
from chantier_app.domain.identity_rules import format_nir
from chantier_app.i18n import tr
from chantier_app.reports.data import PersonIdentity, StructureInfo, TrainingLine

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


def months_words(months: Decimal) -> str:
    """« 14 mois », « 14,5 mois »."""
    decimals = 0 if months == months.to_integral_value() else 1
    return f"{format_number(months, decimals)} {tr('mois')}"


def training_row(line: TrainingLine, result: str) -> list[str]:
    """A training as the documents list it: title, provider, dates, hours, ``result``."""
    return [
        line.title,
        line.provider or "",
        f"{format_date(line.start_date)} – {format_date(line.end_date)}",
        format_minutes(line.minutes) if line.minutes else "",
        result,
    ]


def money(value: Decimal) -> str:
    return f"{format_number(value, 2)} €"


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


def de(word: str | None) -> str:
    """« de » as French writes it before ``word``: « d' » before a vowel or a mute h
    (« d'Agent d'entretien », « de Cuisinier »)."""
    first = strip_accents((word or "").strip()[:1]).lower()
    return "d'" if first and first in "aeiouyh" else tr("de ")


_ARTICLES = (
    # (the name's article, « de » joined to it): « de » + « les » is « des », + « le » « du »
    ("les ", "des "),
    ("le ", "du "),
    ("la ", "de la "),
    ("l'", "de l'"),
    ("l\u2019", "de l\u2019"),
)


def of_name(name: str) -> str:
    """« de » and a proper name as French writes them, the article contracted: « des
    Ateliers du Canal » (not « de Les Ateliers du Canal »), « du Jardin de Cocagne », « de la
    Ressourcerie », « de l'Atelier », « d'Emmaüs Défi », « de Chantier École »."""
    name = name.strip()
    lowered = name.lower()
    for article, joined in _ARTICLES:
        if lowered.startswith(article) and len(name) > len(article):
            return joined + name[len(article) :]
    return de(name) + name


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
