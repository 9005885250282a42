"""A workbook of several sheets (issue 23, point 11): the import says which sheet it reads
and names the others, instead of reading the first one without a word."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from chantier_app.services.hours import imports as hours_import
from chantier_app.ui.people.import_dialog import ImportDialog

PEOPLE = [
    ["Civilité", "Nom", "Prénom", "Date de naissance", "NIR", "Motif d'absence du NIR"],
    ["Mme", "Ouattara", "Mariam", "12/04/1992", "", "Non communiqué par la personne"],
]


def _workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_the_people_import_names_the_sheet_it_reads(qtbot, demo_ctx, tmp_path) -> None:
    path = _workbook(
        tmp_path / "embauches.xlsx",
        {"Janvier": PEOPLE, "Février": [PEOPLE[0]], "Notes": [["à revoir"]]},
    )
    dialog = ImportDialog(demo_ctx, path)
    qtbot.addWidget(dialog)
    assert "1 ligne(s) prête(s)" in dialog.summary.text()
    assert (
        "Feuille lue : « Janvier », la première des 3 feuilles du classeur (les autres, "
        "« Février », « Notes », ne sont pas lues" in dialog.summary.text()
    )


def test_a_single_sheet_says_nothing_more(qtbot, demo_ctx, tmp_path) -> None:
    dialog = ImportDialog(demo_ctx, _workbook(tmp_path / "une.xlsx", {"Salariés": PEOPLE}))
    qtbot.addWidget(dialog)
    assert "Feuille lue" not in dialog.summary.text()


def test_the_hours_preview_names_the_sheet_it_reads(demo_ctx, tmp_path) -> None:
    path = _workbook(
        tmp_path / "heures.xlsx",
        {"Mars": [["Nom", "Prénom", "Mois", "Heures"], ["Inconnu", "Personne", "03/2026", "35"]],
         "Avril": [["Nom"]]},
    )  # fmt: skip
    preview = demo_ctx.read(hours_import.preview_import, path)
    assert preview.sheet_note is not None
    assert preview.sheet_note.startswith("Feuille lue : « Mars », la première des 2 feuilles")
