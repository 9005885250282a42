"""Correcting and cancelling an eligibility diagnosis from the person's « Éligibilité et
PASS IAE » tab, then reading « Historique des modifications », as the CIP does."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion as C
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.services.people import eligibility
from chantier_app.services.people.eligibility import DiagnosisInput
from chantier_app.ui.person.diagnosis_dialog import DiagnosisDialog
from chantier_app.ui.person.eligibility_corrections import CancelRecordDialog
from chantier_app.ui.person.file import PersonFile
from tests import support_factory as f
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.fit_checks import cut_texts, too_large
from tests.ui.support.support_gui import click_row, on_next_dialog

D = dt.date


def _save(qtbot, dialog: QDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def _fits(dialog: QDialog) -> None:
    """At 1280×720, shown as the user sees it: not larger than the screen, nothing cut."""
    QApplication.processEvents()
    assert too_large(dialog) is None and cut_texts(dialog) == []


def _history(file: PersonFile) -> list[list[str]]:
    file.tabs.setCurrentIndex(file._keys.index("history"))
    model = file.tab("history").model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_correct_then_cancel_a_diagnosis_and_read_the_history(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = f.person(session, "Lefèvre")
        person.birth_date = D(1990, 5, 17)
        person_id = person.id
    ctx.run(
        eligibility.add_diagnosis,
        person_id,
        DiagnosisInput(
            D(2026, 6, 1),
            DiagnosisAuthor.STRUCTURE,
            None,
            {C.LOW_EDUCATION: None, C.QPV: None, C.DELD: None},
        ),
        today=D(2026, 6, 1),
    )
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(person_id, "eligibility")
    tab = file.tab("eligibility")
    click_row(qtbot, tab.diagnosis_view, 0)

    refusals: list[str] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, DiagnosisDialog)
        _fits(dialog)
        assert dialog.windowTitle() == "Corriger le diagnostic d'éligibilité"
        # « Senior » for a woman of 36: add_diagnosis's own refusal, nothing written.
        before = dump(database)
        dialog.checks[C.SENIOR][0].setChecked(True)
        _save(qtbot, dialog)
        refusals.append(dialog.errors.message_for("criteria"))
        assert dump(database) == before
        dialog.checks[C.SENIOR][0].setChecked(False)
        dialog.checks[C.QPV][0].setChecked(False)
        dialog.checks[C.DELD][0].setChecked(False)
        dialog.checks[C.LOW_EDUCATION][0].setChecked(False)
        dialog.checks[C.RSA][0].setChecked(True)
        type_into(qtbot, dialog.checks[C.RSA][1], "Attestation CAF")
        type_into(qtbot, dialog.reason, "Criteres mal saisis")
        _save(qtbot, dialog)

    on_next_dialog(correct)
    qtbot.mouseClick(tab.findChild(QPushButton, "btn_edit_diagnosis"), Qt.MouseButton.LeftButton)
    assert refusals and "50 ans" in refusals[0], refusals
    assert [c for c, _ in tab.diagnoses.rows()[0].criteria] == [C.RSA]

    click_row(qtbot, tab.diagnosis_view, 0)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        _fits(dialog)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert any("Diagnostic d'éligibilité du 01/06/2026" in t for t in texts)
        type_into(qtbot, dialog.reason, "Mauvais dossier")
        _save(qtbot, dialog)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.findChild(QPushButton, "btn_cancel_diagnosis"), Qt.MouseButton.LeftButton)
    assert tab.diagnoses.rows() == []
    with database.reading() as session:
        assert session.scalars(select(m.EligibilityDiagnosis)).all() == []

    lines = _history(file)
    assert [line[2] for line in lines] == [
        "Annulation — diagnostic d'éligibilité",
        "Correction — diagnostic d'éligibilité",
    ]
    assert lines[0][3].startswith("diagnostic d'éligibilité du 01/06/2026 annulé (critères : ")
    assert lines[0][4] == "Mauvais dossier"
    assert lines[1][3].startswith("diagnostic d'éligibilité du 01/06/2026 : critères : ")
    assert lines[1][4] == "Criteres mal saisis"
