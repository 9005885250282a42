"""The contract and its amendments, read back from the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from chantier_app.domain.codes.contract_codes import (
    AmendmentKind,
    ContractKind,
    DerogationKind,
    ExtensionReason,
)
from chantier_app.reports.amendment import render_amendment
from chantier_app.reports.contract import render_contract
from chantier_app.reports.errors import DocumentError
from tests.reports import samples
from tests.reports.pdf import flat


def _contract(**terms) -> str:
    changed = dataclasses.replace(samples.TERMS, **terms)
    return flat(render_contract(samples.contract_document(contract=changed)))


def test_cddi_contract_has_parties_terms_and_legal_clauses() -> None:
    text = flat(render_contract(samples.contract_document()))
    for expected in (
        "Contrat à durée déterminée d'insertion (chantier remobilisant)",
        "Mme Élodie LEFÈVRE, née le 12/03/1985 à Besançon, demeurant 4 rue de Crimée, 75019 Paris",
        "n° de sécurité sociale 2 85 03 25 108 015 48",
        "SIRET 732 829 320 00074",
        "représentée par Hélène Bérénger",
        "L5132-15-1 du Code du travail",
        "PASS IAE n° 99999 12 34567",
        "prend effet le 05/01/2026 et prend fin le 04/07/2026, soit une durée de 6 mois",
        "Agent d'entretien au sein de l'atelier « Nettoyage »",
        "fixée à 26 heures",
        "période d'essai de 14 jours",
        "11,88 € par heure",
        "Rachid Bensaïd, conseiller en insertion professionnelle",
        "période de mise en situation en milieu professionnel (PMSMP)",
        "rompu sans préavis",
        "Fait à Paris, le 02/01/2026",
        "Pour l'employeur : Hélène Bérénger",
        "La salariée : Élodie LEFÈVRE",  # the text follows her civility
        "ci-après « la salariée »",
        "La salariée occupe l'emploi d'Agent d'entretien",
        "dont un remis à la salariée",
        "Page 1 sur 2",
    ):
        assert expected in text, expected
    assert "Formation qualifiante" not in text
    assert "Dérogation" not in text


def test_premieres_heures_counts_hours_per_month_without_trial() -> None:
    text = _contract(
        kind=ContractKind.FIRST_HOURS, weekly_minutes=None, monthly_minutes=40 * 60, trial_days=None
    )
    assert "Contrat Premières Heures" in text
    assert "dispositif Premières Heures" in text
    assert "durée mensuelle de travail est fixée à 40 heures" in text
    assert "Période d'essai" not in text
    # Its own limit: 12 months in all, not the CDDI's 24 (60 with a reason).
    assert "ne peut excéder 12 mois" in text
    assert "24 mois" not in text and "60 mois" not in text


def test_a_first_hours_renewal_counts_first_hours_months_against_12() -> None:
    first_hours = dataclasses.replace(
        samples.TERMS, kind=ContractKind.FIRST_HOURS, weekly_minutes=None, monthly_minutes=2400
    )
    document = samples.amendment_document(contract=first_hours, cumulative_months=Decimal(8))
    text = flat(render_amendment(document))
    assert "parcours Premières Heures de la salariée atteint ainsi 8 mois (12 mois au plus)" in text
    assert "24 mois" not in text
    cddi = flat(render_amendment(samples.amendment_document()))
    assert "d'insertion successifs de la salariée atteint ainsi 12 mois" in cddi
    assert "Premières Heures" not in cddi


def test_qualifying_contract_names_the_diploma_and_provider() -> None:
    text = _contract(
        kind=ContractKind.CDDI_QUALIFYING,
        end_date=dt.date(2027, 1, 4),
        trial_days=30,
        target_diploma="Titre professionnel Agent de restauration",
        training_provider="GRETA Paris Industrie",
    )
    assert "Formation qualifiante" in text
    assert "préparant au Titre professionnel Agent de restauration, dispensée par GRETA" in text
    assert "soit une durée de 12 mois" in text
    assert "période d'essai de 30 jours" in text


def test_hours_below_twenty_print_the_derogation() -> None:
    text = _contract(
        weekly_minutes=15 * 60,
        derogation=DerogationKind.INDIVIDUAL,
        derogation_reference="Décision DDETS du 12/12/2025",
    )
    assert "dérogation individuelle (D5132-43-5)" in text
    assert "Décision DDETS du 12/12/2025" in text


def test_nir_is_printed_only_when_given() -> None:
    text = flat(render_contract(samples.contract_document(nir=None)))
    assert "sécurité sociale 2" not in text


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (samples.contract_document(contract=None), "Aucun contrat à imprimer pour Élodie LEFÈVRE"),
        (
            samples.contract_document(
                contract=dataclasses.replace(samples.TERMS, hourly_wage=None)
            ),
            "salaire horaire",
        ),
        (
            samples.contract_document(
                contract=dataclasses.replace(samples.TERMS, weekly_minutes=None)
            ),
            "durée du travail",
        ),
        (
            samples.contract_document(
                person=dataclasses.replace(samples.PERSON, birth_date=None, address_lines=())
            ),
            "date de naissance, adresse manquante(s)",
        ),
    ],
)
def test_bad_contract_data_gives_a_french_error(document, message) -> None:
    with pytest.raises(DocumentError) as refused:
        render_contract(document)
    assert message in refused.value.message


def test_renewal_amendment() -> None:
    text = flat(render_amendment(samples.amendment_document()))
    for expected in (
        "Avenant n° 1 au contrat à durée déterminée d'insertion (chantier remobilisant)",
        "Renouvellement",
        "conclu pour la période du 05/01/2026 au 04/07/2026",
        "dont le terme était fixé au 04/07/2026, est renouvelé à compter du 05/07/2026 jusqu'au 04/01/2027",
        "atteint ainsi 12 mois",
        "Poursuite du parcours : projet professionnel en construction",
        "demeurent inchangées",
        "Fait à Paris, le 20/06/2026",
        "Page 1 sur 1",
    ):
        assert expected in text, expected
    assert "au-delà de 24 mois" not in text


def test_renewal_beyond_24_months_states_the_reason() -> None:
    document = samples.amendment_document()
    amendment = dataclasses.replace(
        document.amendment, extension_reason=ExtensionReason.SENIOR_OR_RQTH
    )
    text = flat(
        render_amendment(
            dataclasses.replace(document, amendment=amendment, cumulative_months=Decimal("26.5"))
        )
    )
    assert "atteint ainsi 26,5 mois" in text
    assert "Prolongation au-delà de 24 mois" in text
    assert "salarié de 50 ans et plus ou travailleur handicapé" in text


def test_hours_change_amendment() -> None:
    document = samples.amendment_document()
    amendment = dataclasses.replace(
        document.amendment,
        kind=AmendmentKind.HOURS_CHANGE,
        new_end_date=None,
        previous_weekly_minutes=26 * 60,
        new_weekly_minutes=30 * 60,
        reason=None,
    )
    text = flat(render_amendment(dataclasses.replace(document, amendment=amendment)))
    assert "Modification de la durée du travail" in text
    assert "la durée du travail passe de 26 heures par semaine à 30 heures par semaine" in text
    assert "renouvelé" not in text


def test_renewal_without_new_end_is_refused() -> None:
    document = samples.amendment_document()
    amendment = dataclasses.replace(document.amendment, new_end_date=None)
    with pytest.raises(DocumentError, match="nouvelle date de fin"):
        render_amendment(dataclasses.replace(document, amendment=amendment))


def test_other_amendment_states_the_change() -> None:
    document = samples.amendment_document()
    amendment = dataclasses.replace(
        document.amendment,
        kind=AmendmentKind.OTHER,
        new_end_date=None,
        reason="changement d'équipe : Équipe B à compter de cette date",
    )
    text = flat(render_amendment(dataclasses.replace(document, amendment=amendment)))
    assert "Autre modification" in text
    assert "le contrat est modifié comme suit : changement d'équipe : Équipe B" in text
    assert "Article 2 – Motif" not in text  # the reason is the change itself, said once


def test_a_mans_contract_says_le_salarie() -> None:
    from chantier_app.domain.codes.person_codes import Civility

    man = dataclasses.replace(samples.PERSON, civility=Civility.MR, first_names="Karim")
    text = flat(render_contract(samples.contract_document(person=man)))
    for expected in (
        "ci-après « le salarié »",
        "Le salarié occupe l'emploi d'Agent d'entretien",
        "à l'initiative du salarié lorsqu'il justifie",
        "dont un remis au salarié",
        "Le salarié : Karim LEFÈVRE",
    ):
        assert expected in text, expected
    assert "salariée" not in text


def test_de_is_elided_before_a_vowel_or_a_mute_h() -> None:
    from chantier_app.reports.wording import de

    assert [de(w) for w in ("Agent d'entretien", "Équipier", "Hôte", "Cuisinier", None)] == [
        "d'",
        "d'",
        "d'",
        "de ",
        "de ",
    ]
