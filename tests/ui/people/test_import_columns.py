"""The people import's « Colonnes » step with a spreadsheet that has no NIR column: the user
matches a column, gives the NIR's missing reason as a default, sees the rows valid and
imports them; the next file starts from that choice (issue 19)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import NirMissingReason
from chantier_app.ui.people.import_dialog import ImportDialog

REASON = "Non communiqué par la personne"


def _csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    path.write_text("\n".join(";".join(r) for r in [headers, *rows]), encoding="utf-8")
    return path


def _dialog(qtbot, ctx, path: Path) -> ImportDialog:
    dialog = ImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_file_without_nir_is_matched_given_a_default_and_imported(
    qtbot, demo_ctx, tmp_path, monkeypatch
) -> None:
    headers = ["Civilité", "Nom", "Prénom", "Naissance", "Remarque"]
    path = _csv(
        tmp_path / "excel.csv",
        headers,
        [
            ["Mme", "Zerbib", "Nadia", "03/02/1985", "x"],
            ["M.", "Quennec", "Yann", "15/11/1979", ""],
        ],
    )
    dialog = _dialog(qtbot, demo_ctx, path)
    step = dialog.columns_step
    assert step is not None and dialog.pages.currentWidget() is step  # the step comes first
    assert step.combos["usage_name"].currentText() == "Nom"  # the automatic matching
    assert step.combos["birth_date"].currentText() == "(aucune colonne)"
    assert step.rows_model.rowCount() == 2
    assert step.rows_model.data(step.rows_model.index(0, 3), Qt.ItemDataRole.DisplayRole) == (
        "03/02/1985"
    )
    step.combos["birth_date"].setCurrentIndex(step.combos["birth_date"].findText("Naissance"))
    assert not step.defaults["birth_date"].isEnabled()
    step.defaults["nir_missing_reason"].setText(REASON)
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)

    assert dialog.pages.currentIndex() == 0 and dialog.import_button.isVisible()
    assert "2 ligne(s) prête(s) à importer, 0 ligne(s) en erreur" in dialog.summary.text()
    assert f"Motif d'absence du NIR = « {REASON} »" in dialog.summary.text()
    asked: list[str] = []

    def answer(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert asked and REASON in asked[0]  # the default, confirmed before anything is written
    assert dialog.result.created == 2 and not dialog.isVisible()
    with demo_ctx.database.reading() as session:
        saved = session.execute(
            select(m.Person.first_names, m.Person.birth_date, m.Person.nir_missing_reason).where(
                m.Person.usage_name.in_(["Zerbib", "Quennec"])
            )
        ).all()
    assert sorted((n, d.isoformat(), r) for n, d, r in saved) == [
        ("Nadia", "1985-02-03", NirMissingReason.NOT_PROVIDED),
        ("Yann", "1979-11-15", NirMissingReason.NOT_PROVIDED),
    ]

    # The next file of the same spreadsheet: the choice is remembered.
    again = _dialog(qtbot, demo_ctx, _csv(tmp_path / "suite.csv", headers, [["Mme", "Roux", "Léa", "01/01/1990", ""]]))  # fmt: skip
    assert again.columns_step is not None
    assert again.columns_step.combos["birth_date"].currentText() == "Naissance"
    assert again.columns_step.defaults["nir_missing_reason"].text() == REASON


def test_headers_that_all_match_still_lead_to_the_step_from_the_preview(
    qtbot, demo_ctx, tmp_path
) -> None:
    headers = ["Civilité", "Nom", "Prénom", "Date de naissance"]
    path = _csv(tmp_path / "simple.csv", headers, [["Mme", "Zerbib", "Nadia", "03/02/1985"]])
    dialog = _dialog(qtbot, demo_ctx, path)
    assert dialog.pages.currentIndex() == 0  # nothing to match: the preview at once
    row = dialog.model.rows()[0]
    assert not row.valid and "bouton « Colonnes… »" in row.errors[0]
    qtbot.mouseClick(dialog.columns_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentWidget() is dialog.columns_step
    assert dialog.columns_step is not None
    dialog.columns_step.defaults["nir_missing_reason"].setText(REASON)
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    assert "1 ligne(s) prête(s) à importer" in dialog.summary.text()
