"""Attestation, monthly statement and yearly report, read back from the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from chantier_app.domain.codes.exit_reasons import ExitCategory
from chantier_app.reports.attestation import render_attestation
from chantier_app.reports.errors import DocumentError
from chantier_app.reports.monthly_statement import render_monthly_statement
from chantier_app.reports.yearly_report import render_yearly_report
from tests.reports import samples
from tests.reports.pdf import flat, page_sizes, rows


def test_attestation_reads_back() -> None:
    pdf = render_attestation(samples.attestation_document())
    text = flat(pdf)
    for expected in (
        "Attestation d'expérience professionnelle",
        "Je soussigné(e) Hélène Bérénger, représentant(e) légal(e) des Ateliers de l'Écluse",
        "Mme Élodie LEFÈVRE, née le 12/03/1985, est employée depuis le 01/09/2025",
        "en qualité d'Agent d'entretien",
        "Activités exercées : Nettoyage de locaux et de parties communes.",
        "elle a effectué 1 400,5 heures de travail et 14 heures de formation",
        "délivrée à l'intéressée",
        "Fait à Paris, le 04/01/2027.",
        "Cachet de la structure",
    ):
        assert expected in text, expected
    table = rows(pdf)
    assert table[1][:4] == [
        "Premières Heures",
        "Nettoyage — Agent d'entretien",
        "01/09/2025",
        "04/01/2026",
    ]
    assert table[2][3] == "en cours"
    assert [
        "Sauveteur secouriste du travail (SST)",
        "Croix-Rouge",
        "13/04/2026 – 14/04/2026",
        "14 h",
        "Certificat SST",
    ] in table


def test_attestation_after_the_exit_gives_both_dates() -> None:
    document = samples.attestation_document()
    last = dataclasses.replace(document.contracts[-1], ended=True)
    text = flat(
        render_attestation(dataclasses.replace(document, contracts=(document.contracts[0], last)))
    )
    assert "a été employée du 01/09/2025 au 04/01/2027" in text


@pytest.mark.parametrize(
    ("name", "signed_for"),
    [
        ("Les Ateliers du Canal", "représentant(e) légal(e) des Ateliers du Canal (SIRET"),
        ("Le Jardin de Cocagne", "représentant(e) légal(e) du Jardin de Cocagne (SIRET"),
        ("La Ressourcerie", "représentant(e) légal(e) de la Ressourcerie (SIRET"),
        ("L'Atelier Vert", "représentant(e) légal(e) de l'Atelier Vert (SIRET"),
        ("Emmaüs Défi", "représentant(e) légal(e) d'Emmaüs Défi (SIRET"),
        ("Chantier École Nord", "représentant(e) légal(e) de Chantier École Nord (SIRET"),
    ],
)
def test_attestation_names_the_structure_as_french_does(name, signed_for) -> None:
    """« de » and the article contract (« des », « du »), elide before a vowel."""
    structure = dataclasses.replace(samples.STRUCTURE, name=name)
    text = flat(render_attestation(samples.attestation_document(structure=structure)))
    assert signed_for in text
    assert f"Pour {name} : Hélène Bérénger" in text  # the signature keeps the name whole


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contracts": ()}, "Aucun contrat pour Élodie LEFÈVRE"),
        (
            {"structure": dataclasses.replace(samples.STRUCTURE, director_name=None)},
            "directeur ou de la directrice",
        ),
    ],
)
def test_attestation_bad_data(changes, message) -> None:
    with pytest.raises(DocumentError) as refused:
        render_attestation(samples.attestation_document(**changes))
    assert message in refused.value.message


def test_monthly_statement_one_line_per_contract() -> None:
    pdf = render_monthly_statement(samples.monthly_statement())
    width, height = page_sizes(pdf)[0]
    assert width > height
    table = rows(pdf)
    assert table[0][:6] == [
        "Salarié",
        "N° PASS IAE",
        "Contrat",
        "Début",
        "Fin prévue",
        "Heures travaillées",
    ]
    assert [
        "LEFÈVRE Élodie",
        "99999 12 34567",
        "CDDI chantier remobilisant",
        "05/01/2026",
        "04/01/2027",
        "112,5 h",
        "7 h",
        "",
        "",
    ] in table
    assert [
        "MÜLLER Noël",
        "99999 76 54321",
        "CDDI chantier qualifiant",
        "20/11/2025",
        "19/11/2026",
        "80 h",
        "",
        "19/11/2026",
        "Embauche en CDI non aidé",
    ] in table
    assert table[1][0] == "ÇELIK Loïc" and table[1][5] == "non saisies"  # Ç sorts with C
    assert ["Total", "", "", "", "", "192,5 h", "7 h", "", ""] in table
    text = flat(pdf)
    assert "État mensuel des heures — novembre 2026" in text
    assert "3 contrat(s), dont 1 terminé(s) dans le mois." in text
    assert "Heures non saisies pour 1 contrat(s)" in text


def test_monthly_statement_of_an_empty_month() -> None:
    text = flat(render_monthly_statement(samples.monthly_statement(lines=(), declared=True)))
    assert "Aucun contrat en cours ce mois-ci." in text
    assert "Mois déclaré" in text


def test_yearly_report_reads_back() -> None:
    pdf = render_yearly_report(samples.yearly_report())
    text = flat(pdf)
    table = rows(pdf)
    assert "Bilan annuel 2026" in text
    assert "Personnes salariées dans l'année 40 Nouvelles embauches 22" in text
    assert "ETP réalisés 22,71 ETP conventionnés 25,00 Réalisation de la convention 90,8 %" in text
    assert ["Emploi durable", "4", "25,0 %"] in table
    assert ["Retrait des sorties constatées", "1", "hors taux"] in table
    assert ["Total", "17", ""] in table
    assert "Taux de sorties dynamiques : 62,5 % (10 sur 16 sorties, hors retraits)." in text
    assert ["Femmes", "18", "45,0 %"] in table
    assert ["26 à 49 ans", "24", "60,0 %"] in table
    assert ["Bénéficiaires du RSA", "25", "62,5 %"] in table
    # The charts' labels are text too.
    assert "ETP conventionnés (25,00)" in text and "sept." in text
    assert "Page 2 sur 2" in text


def test_the_year_under_way_is_marked_provisional() -> None:
    """Printed on 03/12/2026, the 2026 report's figures will still change: it says so in its
    title, under it and in each page's footer; printed in January 2027 it does not."""
    pdf = render_yearly_report(samples.yearly_report(issued_on=dt.date(2026, 12, 3)))
    text = flat(pdf)
    assert "Bilan annuel 2026 (provisoire) Dialogue de gestion" in text
    assert "Provisoire : l'année 2026 n'est pas terminée ; chiffres arrêtés au 03/12/2026" in text
    assert "Bilan annuel 2026 (provisoire) — édité le 03/12/2026" in text  # the footer
    final = flat(render_yearly_report(samples.yearly_report(issued_on=dt.date(2027, 1, 15))))
    assert "provisoire" not in final.lower() and "Bilan annuel 2026" in final


def test_yearly_report_without_exits_or_convention() -> None:
    report = samples.yearly_report(
        exits=tuple((category, 0) for category in ExitCategory),
        dynamic_exit_rate=None,
        funded_fte=None,
        fte=Decimal(0),
    )
    text = flat(render_yearly_report(report))
    assert "Aucune sortie comptée cette année" in text
    assert "aucune convention" in text
