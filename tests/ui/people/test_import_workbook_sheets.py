"""A workbook of several sheets (issue 23, point 11): the import says which sheet it reads
and names the others, instead of reading the first one without a word."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from chantier_app.db import models as m
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


FEBRUARY = [
    PEOPLE[0],
    ["M.", "Diallo", "Amadou", "03/09/1988", "", "Non communiqué par la personne"],
    ["Mme", "Kovac", "Ana", "21/01/1995", "", "Non communiqué par la personne"],
]


def test_the_people_import_names_the_sheet_it_reads(qtbot, demo_ctx, tmp_path) -> None:
    path = _workbook(
        tmp_path / "embauches.xlsx",
        {"Janvier": PEOPLE, "Février": [PEOPLE[0]], "Notes": [["à revoir"]]},
    )
    dialog = ImportDialog(demo_ctx, path)
    qtbot.addWidget(dialog)
    assert "1 ligne(s) prête(s)" in dialog.summary.text()
    assert (
        "Feuille lue : « Janvier », choisie parmi les 3 feuilles du classeur."
        in dialog.summary.text()
    )


def test_the_user_chooses_the_sheet_to_import(qtbot, demo_ctx, tmp_path, monkeypatch) -> None:
    """The rows of the second sheet are no longer out of reach: the user picks the sheet in
    the dialog, the preview and the import read that one only."""
    path = _workbook(
        tmp_path / "embauches.xlsx",
        {"Janvier": PEOPLE, "Février": FEBRUARY, "Notes": [["à revoir"]]},
    )
    dialog = ImportDialog(demo_ctx, path)
    qtbot.addWidget(dialog)
    dialog.show()
    choice = dialog.sheet_choice
    assert choice.isVisible()
    assert [choice.itemText(i) for i in range(choice.count())] == ["Janvier", "Février", "Notes"]
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_Down)  # as a user goes down the list: « Février »
    assert choice.currentText() == "Février"
    assert "2 ligne(s) prête(s)" in dialog.summary.text()
    assert "Feuille lue : « Février »" in dialog.summary.text()
    dialog.grab().save(str(tmp_path / "feuilles.png"))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result.created == 2
    with demo_ctx.database.reading() as session:
        names = set(session.scalars(select(m.Person.usage_name)))
    assert {"Diallo", "Kovac"} <= names and "Ouattara" not in names


def test_a_single_sheet_says_nothing_more(qtbot, demo_ctx, tmp_path) -> None:
    dialog = ImportDialog(demo_ctx, _workbook(tmp_path / "une.xlsx", {"Salariés": PEOPLE}))
    qtbot.addWidget(dialog)
    assert "Feuille lue" not in dialog.summary.text()
    assert dialog.sheet_choice.count() == 1 and dialog.sheet is None
    assert not dialog.sheet_row.isVisibleTo(dialog)


def test_the_hours_preview_names_the_sheet_it_reads(demo_ctx, tmp_path) -> None:
    path = _workbook(
        tmp_path / "heures.xlsx",
        {"Mars": [["Nom", "Prénom", "Mois", "Heures"], ["Inconnu", "Personne", "03/2026", "35"]],
         "Avril": [["Nom"]]},
    )  # fmt: skip
    preview = demo_ctx.read(hours_import.preview_import, path)
    assert preview.sheet_note is not None
    assert preview.sheet_note.startswith("Feuille lue : « Mars », la première des 2 feuilles")
