"""XLSX files as les emplois de l'inclusion exports job applications (its headers and formats)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from chantier_app.domain.emplois_export import HEADERS


def application(**values: object) -> dict[str, object]:
    """One accepted application, the platform's values; ``values`` override by header."""
    row: dict[str, object] = {
        "Civilité candidat": "MME",
        "Nom candidat": "Diallo",
        "Prénom candidat": "Aïssatou",
        "Email candidat": "aissatou.diallo@exemple.fr",
        "Téléphone candidat": "0612345678",
        "Date de naissance candidat": dt.datetime(1988, 4, 12),
        "Ville candidat": "Paris",
        "Département candidat": "75019",
        "Nom structure employeur": "Les Ateliers du Canal",
        "Type employeur": "ACI",
        "Métiers": "Agent de propreté",
        "Source de la candidature": "Prescripteur habilité",
        "Nom organisation prescripteur": "France Travail - Agence Paris 19",
        "Nom utilisateur prescripteur": "Julie MARTIN",
        "Date de la candidature": dt.datetime(2026, 2, 10),
        "Statut de la candidature": "Candidature acceptée",
        "Dates de début d’embauche": dt.datetime(2026, 3, 2),
        "Dates de fin d’embauche": dt.datetime(2026, 9, 1),
        "Motifs de refus": "",
        "Éligibilité IAE validée": "oui",
        "Eligible au contrôle": "non",
        "Numéro PASS IAE": "999992612345",
        "Début PASS IAE": dt.datetime(2026, 3, 2),
        "Fin PASS IAE": dt.datetime(2028, 2, 29),  # 730 days, as the platform issues it
        "Statut PASS IAE": "Valide",
    }
    row.update(values)
    return row


def write_export(path: Path, rows: list[dict[str, object]]) -> Path:
    """The sheet as the platform streams it: header row, then one row per application,
    dates as Excel dates (shown dd/mm/yyyy), empty cells where the platform writes ""."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append([row.get(h) for h in HEADERS])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "DD/MM/YYYY"
    workbook.save(path)
    return path


MASKED = {
    "Civilité candidat": "",
    "Nom candidat": "N…",
    "Prénom candidat": "V… S…",
    "Email candidat": "",
    "Téléphone candidat": "",
    "Date de naissance candidat": None,
    "Ville candidat": "",
    "Département candidat": "",
    "Numéro PASS IAE": "999992600001",
}
REFUSED = {
    "Nom candidat": "Martin",
    "Prénom candidat": "Paul",
    "Civilité candidat": "M",
    "Date de naissance candidat": dt.datetime(1975, 1, 3),
    "Statut de la candidature": "Candidature déclinée",
    "Motifs de refus": "Candidat non joignable",
    "Numéro PASS IAE": "",
    "Début PASS IAE": None,
    "Fin PASS IAE": None,
    "Statut PASS IAE": "",
}
