"""The diagnosis and PASS IAE correction and cancellation dialogs say what the service would
refuse while the user types (its ``check_*`` function), the field and the rule in French,
and keep their save button disabled while it refuses, as the contract corrections do.
A cancellation's reason is « Motif de l'annulation », and its message names it so."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion as C
from chantier_app.domain.codes.person_codes import DiagnosisAuthor
from chantier_app.services.people import eligibility, pass_iae
from chantier_app.services.people.eligibility import DiagnosisInput
from chantier_app.services.people.pass_iae import PassInput, ProlongationInput, SuspensionInput
from chantier_app.ui.person.diagnosis_dialog import DiagnosisDialog
from chantier_app.ui.person.eligibility_corrections import CancelRecordDialog
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.person.pass_dialogs import PassDialog, ProlongationDialog, SuspensionDialog
from tests import support_factory as f
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _history, _save
from tests.ui.support.support_gui import click_row, on_next_dialog, row_of

D = dt.date
HIRED = "un contrat a commencé le 08/06/2026 sur ce diagnostic."
DECLARED = "un mois couvert par le PASS a été déclaré à l'ASP."


def _file(qtbot, ctx, person_id: int) -> PersonFile:
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(person_id, "eligibility")
    return file


def _click(qtbot, tab, name: str) -> None:
    qtbot.mouseClick(tab.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def _seen(dialog) -> tuple[str, bool]:
    return dialog.messages, dialog.save_button.isEnabled()


def test_the_diagnosis_dialogs_check_while_typing(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = f.person(session, "Lefèvre")
        person.birth_date = D(1990, 5, 17)
        f.contract(session, person, D(2026, 6, 8), D(2026, 12, 7))
        person_id = person.id
    ctx.run(
        eligibility.add_diagnosis,
        person_id,
        DiagnosisInput(
            D(2026, 6, 1), DiagnosisAuthor.STRUCTURE, None, {C.LOW_EDUCATION: None, C.QPV: None}
        ),
        today=D(2026, 6, 1),
    )
    file = _file(qtbot, ctx, person_id)  # kept: the tab lives in it
    tab = file.tab("eligibility")
    click_row(qtbot, tab.diagnosis_view, 0)
    seen: list[tuple[str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, DiagnosisDialog)
        _fits(dialog)
        assert dialog.save_button.text() == "Enregistrer la correction"
        seen.append(_seen(dialog))  # as opened: nothing corrected yet
        dialog.checks[C.SENIOR][0].setChecked(True)  # a woman of 36
        seen.append((dialog.error_text("criteria"), dialog.save_button.isEnabled()))
        before = dump(database)
        _save(qtbot, dialog)  # disabled: nothing happens, nothing written
        assert dialog.isVisible() and dump(database) == before
        dialog.checks[C.SENIOR][0].setChecked(False)
        dialog.checks[C.DELD][0].setChecked(True)
        seen.append((dialog.error_text("reason"), dialog.save_button.isEnabled()))
        type_into(qtbot, dialog.reason, "Critere oublie")
        seen.append(_seen(dialog))
        _save(qtbot, dialog)

    on_next_dialog(correct)
    _click(qtbot, tab, "btn_edit_diagnosis")
    assert seen[0] == ("Correction : rien n'a changé.", False)
    assert "50 ans" in seen[1][0] and not seen[1][1], seen[1]
    assert seen[2] == (f"Motif de la correction : obligatoire, {HIRED}", False)
    assert seen[3] == ("", True)
    assert {c for c, _ in tab.diagnoses.rows()[0].criteria} == {C.LOW_EDUCATION, C.QPV, C.DELD}

    click_row(qtbot, tab.diagnosis_view, 0)
    seen.clear()
    labels: list[str] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        _fits(dialog)
        labels.append(dialog.form.labelForField(dialog.reason.parentWidget()).text())
        seen.append(_seen(dialog))
        type_into(qtbot, dialog.reason, "Mauvais dossier")
        seen.append(_seen(dialog))
        _save(qtbot, dialog)

    on_next_dialog(cancel)
    _click(qtbot, tab, "btn_cancel_diagnosis")
    assert labels == ["Motif de l'annulation :"]
    assert seen == [(f"Motif de l'annulation : obligatoire, {HIRED}", False), ("", True)]
    assert tab.diagnoses.rows() == []


def test_the_pass_dialogs_check_while_typing(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = f.person(session, "Lefèvre")
        person.birth_date = D(1990, 5, 17)
        person_id = person.id
        session.add(m.DeclaredMonth(month=D(2025, 3, 1), declared_at=dt.datetime(2025, 4, 5, 9)))
    pass_id = ctx.run(pass_iae.add_pass, person_id, PassInput("99999 25 12345", D(2025, 1, 1)))
    ctx.run(
        pass_iae.add_suspension,
        pass_id,
        SuspensionInput(PassSuspensionReason.SICKNESS, D(2025, 5, 1), D(2025, 5, 10)),
    )
    ctx.run(
        pass_iae.add_prolongation,
        pass_id,
        ProlongationInput(PassProlongationReason.DIFFICULTIES, D(2027, 1, 10), D(2027, 6, 30)),
    )
    file = _file(qtbot, ctx, person_id)  # kept: the tab lives in it
    tab = file.tab("eligibility")
    seen: list[tuple[str, bool]] = []

    def correct_pass(dialog: QDialog) -> None:
        assert isinstance(dialog, PassDialog)
        _fits(dialog)
        seen.append(_seen(dialog))
        type_into(qtbot, dialog.number, "12345")
        seen.append((dialog.error_text("number"), dialog.save_button.isEnabled()))
        type_into(qtbot, dialog.number, "99999 25 54321")
        seen.append((dialog.error_text("reason"), dialog.save_button.isEnabled()))
        type_into(qtbot, dialog.why, "Faute de frappe")
        seen.append(_seen(dialog))
        _save(qtbot, dialog)

    on_next_dialog(correct_pass)
    _click(qtbot, tab, "btn_edit_pass")
    assert seen == [
        ("Correction : rien n'a changé.", False),
        ("Numéro du PASS IAE : 12 chiffres attendus (ex. 99999 26 12345).", False),
        (f"Motif de la correction : obligatoire, {DECLARED}", False),
        ("", True),
    ]
    assert tab.current_pass().number == "999992554321"

    # The suspension: a prolongation started from the end it gave, so it cannot move.
    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Suspension"))
    seen.clear()

    def correct_suspension(dialog: QDialog) -> None:
        assert isinstance(dialog, SuspensionDialog)
        _fits(dialog)
        type_into(qtbot, dialog.end, "20/05/2025")
        seen.append(_seen(dialog))
        qtbot.wait(20)  # the dialog grows once its labels have their sizes
        _fits(dialog)  # the messages grow the dialog, none is cut

    on_next_dialog(correct_suspension)
    _click(qtbot, tab, "btn_correct_event")
    assert seen[0][0].split("\n") == [
        f"Motif de la correction : obligatoire, {DECLARED}",
        "La prolongation du 11/01/2027 au 30/06/2027 part de la fin du PASS telle qu'elle était ; "
        "annulez d'abord les prolongations, corrigez, puis saisissez-les de nouveau.",
    ]
    assert not seen[0][1]

    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Prolongation"))
    seen.clear()

    def correct_prolongation(dialog: QDialog) -> None:
        assert isinstance(dialog, ProlongationDialog)
        _fits(dialog)
        type_into(qtbot, dialog.end, "01/08/2028")
        seen.append((dialog.error_text("end_date"), dialog.save_button.isEnabled()))
        type_into(qtbot, dialog.end, "31/12/2027")
        seen.append((dialog.error_text("correction_reason"), dialog.save_button.isEnabled()))
        type_into(qtbot, dialog.why, "Decision du 12/06")
        seen.append(_seen(dialog))
        _save(qtbot, dialog)

    on_next_dialog(correct_prolongation)
    _click(qtbot, tab, "btn_correct_event")
    assert "12 mois" in seen[0][0] and not seen[0][1], seen[0]
    assert seen[1:] == [(f"Motif de la correction : obligatoire, {DECLARED}", False), ("", True)]
    assert tab.current_pass().end == D(2027, 12, 31)

    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Prolongation"))
    seen.clear()

    def cancel_prolongation(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        _fits(dialog)
        seen.append(_seen(dialog))
        type_into(qtbot, dialog.reason, "Decision refusee")
        seen.append(_seen(dialog))
        _save(qtbot, dialog)

    on_next_dialog(cancel_prolongation)
    _click(qtbot, tab, "btn_cancel_event")
    assert seen == [(f"Motif de l'annulation : obligatoire, {DECLARED}", False), ("", True)]
    assert [e.kind for e in tab.events.rows()] == ["suspension"]

    # The suspension too, now nothing started from the end it gave.
    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Suspension"))

    def cancel_suspension(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        assert dialog.windowTitle() == "Annuler la suspension du PASS IAE"
        type_into(qtbot, dialog.reason, "Arret jamais transmis")
        _save(qtbot, dialog)

    on_next_dialog(cancel_suspension)
    _click(qtbot, tab, "btn_cancel_event")
    assert tab.events.rows() == [] and tab.current_pass().end == D(2026, 12, 31)

    # Each change read in « Historique des modifications », latest first.
    lines = _history(file)
    assert [line[2] for line in lines] == [
        "Annulation — suspension du PASS IAE",
        "Annulation — prolongation du PASS IAE",
        "Correction — prolongation du PASS IAE",
        "Correction — PASS IAE",
    ]
    assert [line[4] for line in lines] == [
        "Arret jamais transmis",
        "Decision refusee",
        "Decision du 12/06",
        "Faute de frappe",
    ]
    history = file.tab("history")
    texts = []
    for row in range(4):
        click_row(qtbot, history.table, row)
        texts.append(history.previous.text().split("\n")[1])
    assert texts[:2] == ["Après : retiré du dossier"] * 2
    assert texts[2] == "Après : Fin : 31/12/2027"
    assert texts[3] == "Après : Numéro : 99999 25 54321"
    file.tabs.setCurrentIndex(file._keys.index("eligibility"))

    seen.clear()

    def cancel_pass(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        seen.append(_seen(dialog))
        dialog.reject()

    on_next_dialog(cancel_pass)
    _click(qtbot, tab, "btn_cancel_pass")
    assert seen == [(f"Motif de l'annulation : obligatoire, {DECLARED}", False)]
