"""The fiche salarié ASP: each field as the Extranet asks it; each missing or wrong field found."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from chantier_app.domain.asp_fields import FieldStatus, band_since
from chantier_app.domain.asp_record import AspSource, build_record
from chantier_app.domain.asp_referentials import parse_lane
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

COMPLETE = AspSource(
    civility=Civility.MRS,
    usage_name="Lefèvre",
    birth_name="Müller",
    first_names="Élodie Anne",
    birth_date=dt.date(1990, 5, 17),
    birth_place_code="75056",
    birth_place="Paris",
    birth_country="France",
    nir="290057505612345",
    address_line1="12 bis, rue des Lilas",
    address_line2="Bat B",
    postal_code="75019",
    address_insee_code="75119",
    employed=False,
    unemployed_band=DurationBand.FROM_12_TO_23M,
    resourceless=False,
    ft_registered=True,
    ft_id="1234567A",
    ft_registered_since=dt.date(2025, 1, 10),
    education_level=EducationLevel("50"),
    rsa=RsaKind.NOT_INCREASED,
    rsa_band=DurationBand.AT_LEAST_24M,
    ass=False,
    ass_band=None,
    aah=False,
    aah_band=None,
    rqth=False,
    oeth=False,
    social_aid=False,
    ase_exit=False,
    lone_parent=True,
    housing=HousingSituation.EMERGENCY,
    refugee=False,
    released_from_detention=False,
    french_level=FrenchLevel.FLUENT,
    mobility=Mobility.PUBLIC_TRANSPORT,
    referrer=Referrer.FRANCE_TRAVAIL,
    pass_number="999992612345",
    pass_start=dt.date(2026, 3, 2),
    pass_end=dt.date(2028, 3, 1),
    hiring_date=dt.date(2026, 3, 2),
    structure_siret="12345678900017",
)


def test_a_complete_record_reads_as_typed_in_the_extranet() -> None:
    record = build_record(COMPLETE)
    assert record.complete and not record.warnings
    value = {f.key: f.value for f in record.fields}
    assert value["nomUsage"] == "LEFEVRE" and value["nomNaissance"] == "MULLER"
    assert value["prenom"] == "ELODIE ANNE"
    assert value["dateNaissance"] == "17/05/1990"
    assert value["codeComInsee"] == "75056 (département 075)"
    assert value["codeInseePays"] == "100 – FRANCE" and value["codeGroupePays"] == "1 – France"
    assert value["passIae"] == "99999 26 12345" and value["passDateFin"] == "01/03/2028"
    assert value["adrNumeroVoie"] == "12" and value["codeextensionvoie"] == "B – Bis"
    assert value["codetypevoie"] == "RUE – Rue" and value["adrLibelleVoie"] == "DES LILAS"
    assert value["codeinseecom"] == "75119" and value["codepostalcedex"] == "75019"
    assert value["orienteur"] == "03 – France Travail"
    assert value["salarieBenefRSA"] == "OUI-NM – RSA non majoré"
    assert value["salarieBenefRSADepuis"] == "04 – 24 mois et plus"
    assert value["salarieSansEmploiDepuis"] == "03 – De 12 à 23 mois"
    # Registered on 10/01/2025, hired on 02/03/2026: 13 months.
    assert value["inscritPoleEmploiDepuis"] == "03 – De 12 à 23 mois"
    assert value["salarieHebergement"] == "Oui" and value["salarieParentIsole"] == "Oui"
    assert value["salarieMobilite"] == "Non"


@pytest.mark.parametrize(
    ("level", "typed"),
    [
        (FrenchLevel.BELOW_A1, "Oui"),
        (FrenchLevel.BEGINNER, "Non"),
        (FrenchLevel.NATIVE, "Non"),
    ],
)
def test_french_follows_the_asp_meaning_of_9_july_2026(level: FrenchLevel, typed: str) -> None:
    """salarieLangueFrancaise true = the person does NOT master French (below A1)."""
    field = build_record(dataclasses.replace(COMPLETE, french_level=level)).field(
        "salarieLangueFrancaise"
    )
    assert field.value == typed and field.status is FieldStatus.OK
    assert "9 juillet 2026" in field.message


# Each made-up person lacks one thing: exactly that field is reported, naming what to fix.
MISSING_CASES = [
    ({"civility": None}, "civilite", FieldStatus.MISSING, "Civilité"),
    ({"usage_name": ""}, "nomUsage", FieldStatus.MISSING, "Nom d'usage"),
    ({"first_names": None}, "prenom", FieldStatus.MISSING, "Prénom"),
    ({"birth_date": None}, "dateNaissance", FieldStatus.MISSING, "Date de naissance"),
    ({"birth_place_code": None, "birth_country": None}, "codeComInsee", FieldStatus.MISSING,
     "Code INSEE de naissance"),
    ({"birth_place_code": "99999"}, "codeInseePays", FieldStatus.INVALID, "pays"),
    ({"nir": None}, "salarieNIR", FieldStatus.MISSING, "NTT"),
    ({"nir": "790057505612345"}, "salarieNIR", FieldStatus.MISSING, "provisoire"),
    ({"pass_number": None}, "passIae", FieldStatus.MISSING, "PASS IAE"),
    ({"pass_start": None}, "passDateDeb", FieldStatus.MISSING, "PASS"),
    ({"address_line1": None}, "codetypevoie", FieldStatus.MISSING, "Adresse"),
    ({"address_line1": "Chez M. Dupont"}, "codetypevoie", FieldStatus.INVALID, "type de voie"),
    ({"address_insee_code": None}, "codeinseecom", FieldStatus.MISSING, "code INSEE"),
    ({"postal_code": None}, "codepostalcedex", FieldStatus.MISSING, "Code postal"),
    ({"referrer": None}, "orienteur", FieldStatus.MISSING, "Orienteur"),
    ({"education_level": None}, "niveauFormation", FieldStatus.MISSING, "Niveau de formation"),
    ({"unemployed_band": None}, "salarieSansEmploiDepuis", FieldStatus.MISSING, "durée"),
    ({"employed": True}, "salarieTypeEmployeur", FieldStatus.MISSING, "Type d'employeur"),
    ({"ft_registered_since": None}, "inscritPoleEmploiDepuis", FieldStatus.MISSING, "date"),
    ({"ft_id": None}, "numeroIDE", FieldStatus.MISSING, "Identifiant France Travail"),
    ({"ft_id": "12AB"}, "numeroIDE", FieldStatus.INVALID, "11 chiffres"),
    ({"rsa_band": None}, "salarieBenefRSADepuis", FieldStatus.MISSING, "RSA"),
    ({"ass": True}, "salarieBenefASSDepuis", FieldStatus.MISSING, "ASS"),
    ({"aah": True}, "salarieBenefAAHDepuis", FieldStatus.MISSING, "AAH"),
    ({"housing": None}, "salarieHebergement", FieldStatus.MISSING, "Hébergement"),
    ({"french_level": None}, "salarieLangueFrancaise", FieldStatus.MISSING, "français"),
    ({"mobility": None}, "salarieMobilite", FieldStatus.MISSING, "Mobilité"),
    ({"structure_siret": None}, "siret", FieldStatus.MISSING, "SIRET"),
    ({"usage_name": "Dupont 2"}, "nomUsage", FieldStatus.INVALID, "lettres"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "key", "status", "words"), MISSING_CASES)
def test_each_missing_or_wrong_field_is_reported(
    change: dict[str, object], key: str, status: FieldStatus, words: str
) -> None:
    record = build_record(dataclasses.replace(COMPLETE, **change))  # type: ignore[arg-type]
    assert not record.complete
    field = record.field(key)
    assert field.status is status
    assert words.lower() in field.message.lower()
    # Nothing else broke: the other fields are as in the complete record.
    others = {f.key for f in record.problems} - {key}
    assert others <= {"codeInseePays", "codeGroupePays", "adrLibelleVoie"}


def test_bands_absent_resources_and_france_travail_are_optional() -> None:
    record = build_record(
        dataclasses.replace(
            COMPLETE, rsa=RsaKind.NONE, rsa_band=None, ft_registered=False, ft_id=None
        )
    )
    assert record.complete
    assert record.field("salarieBenefRSADepuis").status is FieldStatus.OPTIONAL
    assert record.field("numeroIDE").status is FieldStatus.OPTIONAL


def test_born_abroad_gives_the_country_and_its_group() -> None:
    abroad = dataclasses.replace(COMPLETE, birth_place_code="99350", birth_place="Casablanca")
    record = build_record(abroad)
    assert record.field("codeInseePays").value == "350 – MAROC"
    assert record.field("codeGroupePays").value == "3 – Hors CEE"
    by_name = build_record(
        dataclasses.replace(COMPLETE, birth_place_code=None, birth_country="Portugal")
    )
    assert by_name.complete and by_name.field("codeGroupePays").value == "2 – CEE"


def test_long_first_names_are_cut_between_words_as_the_asp_keeps_them() -> None:
    record = build_record(
        dataclasses.replace(COMPLETE, first_names="Marie-Christine Françoise Bernadette Élise")
    )
    field = record.field("prenom")
    assert field.status is FieldStatus.WARNING and record.complete
    assert field.value == "MARIE-CHRISTINE FRANCOISE"


def test_a_complement_with_signs_is_flagged_as_not_sent() -> None:
    record = build_record(
        dataclasses.replace(COMPLETE, address_line2="Bât. B, 3e étage (code 1234)")
    )
    assert record.field("adrCpltDistribution").status is FieldStatus.WARNING


@pytest.mark.parametrize(
    ("since", "day", "band"),
    [
        (dt.date(2026, 1, 10), dt.date(2026, 7, 9), DurationBand.UNDER_6M),
        (dt.date(2026, 1, 10), dt.date(2026, 7, 10), DurationBand.FROM_6_TO_11M),
        (dt.date(2025, 7, 10), dt.date(2026, 7, 9), DurationBand.FROM_6_TO_11M),
        (dt.date(2025, 7, 10), dt.date(2026, 7, 10), DurationBand.FROM_12_TO_23M),
        (dt.date(2024, 7, 10), dt.date(2026, 7, 10), DurationBand.AT_LEAST_24M),
    ],
)
def test_duration_bands_at_their_boundaries(
    since: dt.date, day: dt.date, band: DurationBand
) -> None:
    assert band_since(since, day) is band


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("12 bis, rue des Lilas", ("12", "B", "RUE", "DES LILAS")),
        ("3 av. de la République", ("3", None, "AV", "DE LA REPUBLIQUE")),
        ("Lieu-dit Les Granges", (None, None, "LD", "LES GRANGES")),
        ("14 boulevard de Belleville (bât B)", ("14", None, "BD", "DE BELLEVILLE BAT B")),
        ("7t impasse du Moulin", ("7", "T", "IMP", "DU MOULIN")),
        ("5 Grande Rue", ("5", None, "GR", "GRANDE RUE")),
    ],
)
def test_addresses_in_the_asp_normalised_form(line: str, parts: tuple[str | None, ...]) -> None:
    lane = parse_lane(line)
    assert (lane.number, lane.extension, lane.lane_type, lane.lane_name) == parts
