"""A PASS IAE or a diagnosis saved by another office while its dialog was open here: the save
from the dialog is refused in French above its buttons (who saved, at what time), the form
kept as typed, the other office's values kept (issue 21, several writers)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from chantier_app.db import models as m
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion as C
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.services.people import eligibility, pass_iae
from chantier_app.services.people.diagnosis_corrections import correct_diagnosis
from chantier_app.services.people.eligibility import DiagnosisInput
from chantier_app.services.people.pass_corrections import correct_pass
from chantier_app.services.people.pass_iae import PassInput
from chantier_app.ui.person.diagnosis_dialog import DiagnosisDialog
from chantier_app.ui.person.eligibility_corrections import CancelRecordDialog
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.person.pass_dialogs import PassDialog
from tests import support_factory as f
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.other_office import stale_text
from tests.ui.people.test_diagnosis_corrections_ui import _save
from tests.ui.support.support_gui import click_row, on_next_dialog

D = dt.date


def _file(qtbot, ctx, person_id: int) -> PersonFile:
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(person_id, "eligibility")
    return file


def _person(database) -> int:
    with database.transaction() as session:
        person = f.person(session, "Lefèvre")
        person.birth_date = D(1990, 5, 17)
        return person.id


def _pass_row(ctx, pass_id: int) -> tuple[str, str | None, int]:
    with ctx.database.reading() as session:
        row = session.get(m.PassIae, pass_id)
        assert row is not None
        return row.number, row.notes, row.version


def test_a_pass_corrected_elsewhere_refuses_the_dialogs_correction_and_cancellation(
    qtbot, ctx, database, other_office
) -> None:
    person_id = _person(database)
    pass_id = ctx.run(pass_iae.add_pass, person_id, PassInput("99999 25 12345", D(2025, 1, 1)))
    file = _file(qtbot, ctx, person_id)
    tab = file.tab("eligibility")
    shown = tab.current_pass()
    assert shown is not None and shown.version == 1
    seen: list[tuple[str, bool, str]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, PassDialog)
        # Meanwhile, another office corrects the notes of the same PASS.
        other_office.run(
            correct_pass,
            pass_id,
            PassInput("99999 25 12345", D(2025, 1, 1), notes="Décision reçue par courrier"),
            "Notes complétées",
            expected_version=1,
        )
        type_into(qtbot, dialog.number, "99999 25 54321")
        type_into(qtbot, dialog.why, "Faute de frappe")
        _save(qtbot, dialog)
        seen.append((dialog.general_error.text(), dialog.isVisible(), dialog.number.text()))

    on_next_dialog(correct)
    qtbot.mouseClick(tab.findChild(QPushButton, "btn_edit_pass"), Qt.MouseButton.LeftButton)
    refusal = stale_text(ctx, "pass_iae", pass_id)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")
    assert seen == [(refusal, True, "99999 25 54321")]  # still open, the number as typed
    assert _pass_row(ctx, pass_id) == ("999992512345", "Décision reçue par courrier", 2)

    # The tab still shows the copy loaded before: cancelling from it is refused too.
    cancelled: list[str] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        type_into(qtbot, dialog.reason, "Mauvais dossier")
        _save(qtbot, dialog)
        cancelled.append(dialog.general_error.text())

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.findChild(QPushButton, "btn_cancel_pass"), Qt.MouseButton.LeftButton)
    assert cancelled == [refusal]
    assert _pass_row(ctx, pass_id) == ("999992512345", "Décision reçue par courrier", 2)

    # Reloaded, the correction goes through on top of the other office's.
    tab.refresh()
    assert tab.current_pass().version == 2

    def correct_again(dialog: QDialog) -> None:
        type_into(qtbot, dialog.number, "99999 25 54321")
        type_into(qtbot, dialog.why, "Faute de frappe")
        _save(qtbot, dialog)

    on_next_dialog(correct_again)
    qtbot.mouseClick(tab.findChild(QPushButton, "btn_edit_pass"), Qt.MouseButton.LeftButton)
    assert _pass_row(ctx, pass_id) == ("999992554321", "Décision reçue par courrier", 3)


def test_a_diagnosis_corrected_elsewhere_refuses_the_dialogs_correction_and_cancellation(
    qtbot, ctx, database, other_office
) -> None:
    person_id = _person(database)
    criteria = {C.LOW_EDUCATION: None, C.QPV: None, C.DELD: None}
    diagnosis_id = ctx.run(
        eligibility.add_diagnosis,
        person_id,
        DiagnosisInput(D(2026, 6, 1), DiagnosisAuthor.STRUCTURE, None, criteria),
        today=D(2026, 6, 1),
    )
    file = _file(qtbot, ctx, person_id)
    tab = file.tab("eligibility")
    click_row(qtbot, tab.diagnosis_view, 0)
    # Another office completes a proof only (no column of the diagnosis's own row changes):
    # that is a new version of the diagnosis too.
    other_office.run(
        correct_diagnosis,
        diagnosis_id,
        DiagnosisInput(
            D(2026, 6, 1),
            DiagnosisAuthor.STRUCTURE,
            None,
            {**criteria, C.DELD: "Attestation France Travail"},
        ),
        "Justificatif reçu",
        expected_version=1,
    )
    seen: list[tuple[str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, DiagnosisDialog)
        dialog.checks[C.QPV][0].setChecked(False)
        type_into(qtbot, dialog.reason, "Criteres mal saisis")
        _save(qtbot, dialog)
        seen.append((dialog.general_error.text(), dialog.isVisible()))

    on_next_dialog(correct)
    qtbot.mouseClick(tab.findChild(QPushButton, "btn_edit_diagnosis"), Qt.MouseButton.LeftButton)
    refusal = stale_text(ctx, "eligibility_diagnosis", diagnosis_id)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")
    assert seen == [(refusal, True)]
    cancelled: list[str] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        type_into(qtbot, dialog.reason, "Mauvais dossier")
        _save(qtbot, dialog)
        cancelled.append(dialog.general_error.text())

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.findChild(QPushButton, "btn_cancel_diagnosis"), Qt.MouseButton.LeftButton)
    assert cancelled == [refusal]
    (kept,) = ctx.read(eligibility.list_diagnoses, person_id)
    assert kept.version == 2
    assert dict(kept.criteria) == {**criteria, C.DELD: "Attestation France Travail"}
