"""Fiche de suivi: the full sheet, and the encadrant's sheet without any social detail."""

from __future__ import annotations

import dataclasses

from chantier_app.reports.follow_up import render_follow_up
from tests.reports import samples
from tests.reports.pdf import flat, pages_text, rows

SOCIAL_DETAILS = (
    "99999 12 34567",  # PASS IAE number, as printed on the PASS
    "999991234567",  # and as typed
    "Fin du PASS IAE",
    "Freins",
    "Mobilité",
    "Logement",
    "CV à jour",  # objectives reached
    "Préparer une PMSMP",  # next objectives
    "Bilan à 3 mois",  # an interview already held
    "conseiller en insertion (CIP) Date",  # the CIP's signature box
)


def test_full_sheet_reads_back() -> None:
    pdf = render_follow_up(samples.follow_up_document())
    text = flat(pdf)
    table = rows(pdf)
    assert "Fiche de suivi" in text and "Mme Élodie LEFÈVRE — accompagnement" in text
    assert "Nom de naissance MÜLLER Date de naissance 12/03/1985" in text
    assert "PASS IAE n° 99999 12 34567 Fin du PASS IAE 31/08/2027" in text
    assert [
        "CDDI chantier remobilisant",
        "Nettoyage — Agent d'entretien",
        "05/01/2026",
        "04/01/2027 (prévue)",
        "12 mois",
        "1",
    ] in table
    assert "Durée cumulée des CDDI : 16,1 mois" in text
    assert "Heures par mois du contrat en cours (depuis le 05/01/2026)" in text
    assert ["mars 2026", "109,5 h", "7 h", "—", "—", "—", "—", "116,5 h"] in table
    assert ["Total", "1 120 h", "7 h", "—", "—", "14 h", "—", "1 127 h"] in table
    assert [
        "Sauveteur secouriste du travail (SST)",
        "Croix-Rouge",
        "13/04/2026 – 14/04/2026",
        "14 h",
        "Obtenu : Certificat SST",
    ] in table
    assert [
        "Bilan à 3 mois",
        "07/04/2026",
        "Réalisé",
        "CV à jour",
        "Préparer une PMSMP en hôtellerie",
    ] in table
    assert ["Frein", "04/02/2026", "06/07/2026"] in table
    assert ["Mobilité", "4", "2"] in table
    assert "Observations" in text
    assert "Le conseiller en insertion (CIP)" in text
    assert "Page 1 sur 2" in pages_text(pdf)[0].replace("\n", " ")


def test_health_and_justice_never_print() -> None:
    text = flat(render_follow_up(samples.follow_up_document()))
    assert "Santé" not in text.replace("santé et justice", "")
    assert "Les freins santé et justice ne figurent pas sur ce document." in text


def test_encadrant_sheet_has_no_social_detail_even_if_given() -> None:
    # The full data is handed over on purpose: the renderer itself drops the social part.
    pdf = render_follow_up(samples.follow_up_document(encadrant=True))
    text = flat(pdf)
    assert "version encadrant technique" in text
    for detail in SOCIAL_DETAILS:
        assert detail not in text, detail
    assert samples.NIR not in text.replace(" ", "")
    assert "Rendez-vous d'accompagnement à venir" in text
    assert ["Bilan à 10 mois", "03/12/2026", "Planifié"] in rows(pdf)
    assert "Heures par mois du contrat en cours" in text
    assert "L'encadrant technique" in text
    assert "ne contient aucune donnée de l'accompagnement social" in text


def test_empty_sections_say_so() -> None:
    text = flat(
        render_follow_up(
            samples.follow_up_document(
                contracts=(),
                current_contract=None,
                hours=(),
                trainings=(),
                milestones=(),
                barriers=(),
            )
        )
    )
    for expected in (
        "Aucun contrat.",
        "Aucune heure saisie.",
        "Aucune formation.",
        "Aucun entretien.",
    ):
        assert expected in text


def test_a_first_hours_path_counts_its_own_months() -> None:
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    from chantier_app.domain.codes.contract_codes import ContractKind
    from chantier_app.reports.data import ContractLine

    first_hours = ContractLine(
        kind=ContractKind.FIRST_HOURS,
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2026, 1, 4),
        ended=False,
        months=Decimal("4.1"),
    )
    sheet = samples.follow_up_document()
    text = flat(
        render_follow_up(
            dataclasses.replace(sheet, contracts=(first_hours,), cumulative_months=Decimal(0))
        )
    )
    assert "Durée cumulée des Premières Heures : 4,1 mois (12 mois au plus)" in text
    assert "Durée cumulée des CDDI" not in text


def test_the_hours_total_is_named_for_what_it_holds() -> None:
    """Worked, training and PMSMP hours are « Heures de travail » (what FTE counts); a paid
    absence is shown apart and left out of that total, which no longer says « rémunéré »."""
    sheet = samples.follow_up_document()
    april = next(line for line in sheet.hours if line.month.month == 4)
    hours = tuple(
        dataclasses.replace(line, paid_absence_minutes=7 * 60) if line is april else line
        for line in sheet.hours
    )
    pdf = render_follow_up(dataclasses.replace(sheet, hours=hours))
    table = rows(pdf)
    header = next(row for row in table if row[:1] == ["Mois"])
    assert header[4:] == ["Abs. rémunérée", "Maladie", "Abs. injustifiée", "Heures de travail"]
    assert ["avril 2026", "110,5 h", "—", "—", "7 h", "—", "—", "110,5 h"] in table
    text = flat(pdf)
    assert "rémunéré" not in text.replace("Abs. rémunérée", "").replace("absences rémunérées", "")
    assert "Heures de travail : travaillées, formation et PMSMP (ce que comptent l'ETP" in text
