"""Who the synthetic people are: the employee record, the eligibility diagnosis, barriers.

Pure functions of a ``random.Random``: the same draws give the same people. Every record
passes the checks of the employee record (NIR key, phones, postal codes, ages), and the
diagnosis holds the criteria the person's situation really meets (eligible by construction).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, replace

from dateutil.relativedelta import relativedelta
from stdnum.fr import nir as stdnum_nir

from chantier_app.domain.asp_fields import band_since
from chantier_app.domain.asp_referentials import country_by_name
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.education_levels import EducationLevel
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion as C
from chantier_app.domain.codes.person_codes import (
    Civility,
    DiagnosisAuthor,
    DurationBand,
    FrenchLevel,
    HousingSituation,
    Mobility,
    Nationality,
    NirMissingReason,
    RsaKind,
)
from chantier_app.domain.codes.referrers import Referrer
from chantier_app.domain.contract_dates import age_on
from chantier_app.domain.eligibility import assess
from chantier_app.domain.person_record import PersonInput
from chantier_app.synthetic import names

REFERRERS = (
    Referrer.FRANCE_TRAVAIL, Referrer.FRANCE_TRAVAIL, Referrer.MISSION_LOCALE, Referrer.PLIE,
    Referrer.DEPARTMENT_SOCIAL_SERVICE, Referrer.SPIP, Referrer.CHRS, Referrer.CCAS,
)  # fmt: skip
_PROOFS = {
    C.RSA: "Attestation CAF",
    C.ASS: "Notification France Travail",
    C.AAH: "Notification MDPH",
    C.DETLD: "Historique d'inscription France Travail",
    C.DELD: "Historique d'inscription France Travail",
    C.LOW_EDUCATION: "Déclaration sur l'honneur",
    C.DISABLED_WORKER: "Notification RQTH",
    C.REFUGEE: "Titre de séjour",
    C.QPV: "Justificatif de domicile",
    C.JUSTICE: "Attestation du SPIP",
}


@dataclass(frozen=True)
class Diagnosis:
    made_on: dt.date
    author: DiagnosisAuthor
    author_name: str | None
    criteria: dict[C, str | None]


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


def _nir(rng: random.Random, index: int, civility: Civility, birth: dt.date) -> str:
    """A valid NIR, unique by construction (the commune and order come from ``index``)."""
    sex = "1" if civility is Civility.MR else "2"
    department = rng.choice(["75", "93", "94", "92", "69", "13", "59", "2A"])
    commune = f"{1 + (index // 999) % 989:03d}"
    order = f"{1 + index % 999:03d}"
    digits = {"2A": "19", "2B": "18"}.get(department, department)
    key = stdnum_nir.calc_check_digits(f"{sex}{birth:%y}{birth:%m}{digits}{commune}{order}")
    return f"{sex}{birth:%y}{birth:%m}{department}{commune}{order}{key}"


def _phone(rng: random.Random, prefix: str = "06") -> str:
    pairs = " ".join(f"{rng.randint(10, 99)}" for _ in range(4))
    return f"{prefix} {pairs}"


def _band(rng: random.Random) -> DurationBand:
    return rng.choice(list(DurationBand))


def make_person(
    rng: random.Random,
    index: int,
    arrival: dt.date,
    cip_id: int | None,
    team_id: int | None,
) -> PersonInput:
    """The employee record of a person hired around ``arrival``."""
    civility = Civility.MRS if rng.random() < 0.42 else Civility.MR
    first = rng.choice(names.WOMEN if civility is Civility.MRS else names.MEN)
    surname = rng.choice(names.SURNAMES)
    if rng.random() < 0.12:
        surname = f"{surname}-{rng.choice(names.SURNAMES)}"
    age = rng.choice([19, 21, 23, 25, 28, 31, 34, 37, 40, 43, 46, 49, 52, 55, 58, 61])
    age += rng.randint(0, 2)
    birth = arrival - relativedelta(years=age) - dt.timedelta(days=rng.randint(0, 364))
    foreign = rng.random() < 0.27
    nationality = (
        (Nationality.EU if rng.random() < 0.2 else Nationality.NON_EU)
        if foreign
        else Nationality.FRENCH
    )
    place, country = (
        rng.choice(names.FOREIGN_BIRTHPLACES)
        if foreign
        else (rng.choice(names.FRENCH_BIRTHPLACES), "France")
    )
    nir = None if foreign and rng.random() < 0.6 else _nir(rng, index, civility, birth)
    postal_code, city = rng.choice(names.CITIES)
    rsa = rng.choices(
        [RsaKind.NONE, RsaKind.NOT_INCREASED, RsaKind.INCREASED], weights=[45, 45, 10]
    )[0]
    ft_since = arrival - dt.timedelta(days=rng.randint(60, 1600))
    education = rng.choices(list(EducationLevel), weights=[8, 6, 1, 2, 3, 8, 6, 22, 14, 6, 24])[0]
    french = (
        rng.choice([FrenchLevel.BELOW_A1, FrenchLevel.BEGINNER, FrenchLevel.INTERMEDIATE])
        if foreign
        else rng.choices([FrenchLevel.NATIVE, FrenchLevel.FLUENT], weights=[9, 1])[0]
    )
    email = None
    if rng.random() < 0.6:
        email = f"{ascii_fold(first).lower()}.{ascii_fold(surname).lower()}{index}@exemple.fr"
    return PersonInput(
        civility=civility,
        usage_name=surname,
        first_names=first,
        birth_date=birth,
        birth_name=surname
        if civility is Civility.MR or rng.random() < 0.7
        else rng.choice(names.SURNAMES),
        birth_place=place,
        birth_country=country,
        # Derived, not drawn: the demo's other draws stay as they were.
        birth_place_code=_birth_code(place, country),
        nationality=nationality,
        nir=nir,
        nir_missing_reason=None
        if nir
        else rng.choice([NirMissingReason.FOREIGN_PENDING, NirMissingReason.TEMPORARY]),
        address_line1=f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}",
        postal_code=postal_code,
        city=city,
        address_insee_code=names.RESIDENCE_CODES.get((postal_code, city)),
        phone=_phone(rng, rng.choice(["06", "07"])) if rng.random() < 0.93 else None,
        email=email,
        emergency_contact_name=f"{rng.choice(names.WOMEN + names.MEN)} {surname}",
        emergency_contact_phone=_phone(rng),
        ft_registered=True,
        ft_id=f"{rng.randint(1000000, 9999999)}X",
        ft_registered_since=ft_since,
        unemployed_band=band_since(ft_since, arrival),
        education_level=education,
        rsa=rsa,
        rsa_band=None if rsa is RsaKind.NONE else _band(rng),
        ass=rsa is RsaKind.NONE and rng.random() < 0.12,
        ass_band=_band(rng),
        aah=rng.random() < 0.04,
        aah_band=_band(rng),
        rqth=rng.random() < 0.11,
        lone_parent=civility is Civility.MRS and rng.random() < 0.35,
        housing=rng.choices(list(HousingSituation), weights=[38, 22, 18, 10, 7, 5])[0],
        refugee=foreign and nationality is Nationality.NON_EU and rng.random() < 0.45,
        released_from_detention=civility is Civility.MR and rng.random() < 0.08,
        qpv=rng.random() < 0.55,
        mobility=rng.choices(list(Mobility), weights=[10, 12, 68, 10])[0],
        french_level=french,
        referrer=rng.choice(REFERRERS),
        referrer_contact=rng.choice(names.REFERRER_CONTACTS),
        cip_id=cip_id,
        team_id=team_id,
    )


def _birth_code(place: str, country: str) -> str | None:
    """The INSEE code of birth: the commune in France, « 99 » and the country abroad."""
    if country == "France":
        return names.BIRTHPLACE_CODES.get(place)
    found = country_by_name(country)
    return f"99{found.code}" if found else None


def criteria_of(person: PersonInput, on: dt.date) -> list[C]:
    """The criteria the person's recorded situation meets on ``on``."""
    found = []
    if person.rsa is not RsaKind.NONE:
        found.append(C.RSA)
    if person.ass:
        found.append(C.ASS)
    if person.aah:
        found.append(C.AAH)
    months = 0
    if person.ft_registered_since:
        months = (on - person.ft_registered_since).days * 12 // 365
    if months >= 24:
        found.append(C.DETLD)
    elif months >= 12:
        found.append(C.DELD)
    if person.education_level is not None and person.education_level.at_most_cap_bep:
        found.append(C.LOW_EDUCATION)
    assert person.birth_date is not None
    age = age_on(person.birth_date, on)
    if age >= 50:
        found.append(C.SENIOR)
    if age < 26:
        found.append(C.YOUTH)
    if person.rqth:
        found.append(C.DISABLED_WORKER)
    if person.lone_parent:
        found.append(C.LONE_PARENT)
    if person.housing in (
        HousingSituation.HOMELESS,
        HousingSituation.EMERGENCY,
        HousingSituation.HOSTEL,
    ):
        found.append(C.HOMELESS)
    if person.refugee:
        found.append(C.REFUGEE)
    if person.qpv:
        found.append(C.QPV)
    if person.released_from_detention:
        found.append(C.JUSTICE)
    if person.french_level is FrenchLevel.BELOW_A1:
        found.append(C.FRENCH_BELOW_A1)
    if person.mobility is Mobility.LIMITED:
        found.append(C.MOBILITY)
    return found


def make_eligible(person: PersonInput, on: dt.date) -> PersonInput:
    """A person the ACI may hire: 1 level-1 or 3 level-2 criteria (else on the RSA)."""
    if assess(criteria_of(person, on)).eligible:
        return person
    return replace(person, rsa=RsaKind.NOT_INCREASED, rsa_band=DurationBand.AT_LEAST_24M)


def make_diagnosis(rng: random.Random, person: PersonInput, made_on: dt.date) -> Diagnosis:
    criteria = {c: _PROOFS.get(c) for c in criteria_of(person, made_on)}
    if rng.random() < 0.15:
        return Diagnosis(made_on, DiagnosisAuthor.STRUCTURE, None, criteria)
    return Diagnosis(made_on, DiagnosisAuthor.PRESCRIBER, person.referrer_contact, criteria)


def initial_barriers(rng: random.Random, person: PersonInput) -> dict[Barrier, int]:
    """Scores at the initial diagnosis, from what the record says of the person."""
    language = {
        FrenchLevel.BELOW_A1: 5,
        FrenchLevel.BEGINNER: 4,
        FrenchLevel.INTERMEDIATE: 3,
    }.get(person.french_level or FrenchLevel.NATIVE, 1)
    housing = {
        HousingSituation.HOMELESS: 5,
        HousingSituation.EMERGENCY: 4,
        HousingSituation.HOSTEL: 3,
        HousingSituation.FAMILY: 3,
        HousingSituation.OTHER: 2,
    }.get(person.housing or HousingSituation.OWN, 1)
    mobility = {Mobility.LIMITED: 4, Mobility.PUBLIC_TRANSPORT: 2}.get(
        person.mobility or Mobility.LICENCE_AND_VEHICLE, 1
    )
    return {
        Barrier.LANGUAGE: language,
        Barrier.ADMINISTRATIVE: min(5, rng.randint(1, 4) + (person.nir is None)),
        Barrier.HOUSING: housing,
        Barrier.MOBILITY: mobility,
        Barrier.HEALTH: rng.randint(3, 4) if person.rqth else rng.randint(1, 2),
        Barrier.JUSTICE: 4 if person.released_from_detention else 1,
        Barrier.FINANCES: rng.randint(3, 4) if person.rsa is not RsaKind.NONE else 2,
        Barrier.AVAILABILITY: rng.randint(3, 4) if person.lone_parent else 1,
    }


def evolve(rng: random.Random, scores: dict[Barrier, int]) -> dict[Barrier, int]:
    """A review later: most barriers ease a little, a few get worse."""
    changed = {}
    for barrier, score in scores.items():
        draw = rng.random()
        if score > 1 and draw < 0.35:
            score -= 1
        elif score < 5 and draw > 0.94:
            score += 1
        changed[barrier] = score
    return changed
