"""Correcting and cancelling a PASS IAE, its suspension and prolongation from the person's
« Éligibilité et PASS IAE » tab, then reading « Historique des modifications »."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.services.people import pass_iae
from chantier_app.services.people.pass_iae import PassInput, ProlongationInput, SuspensionInput
from chantier_app.ui.person.eligibility_corrections import CancelRecordDialog
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.person.pass_dialogs import PassDialog, SuspensionDialog
from tests import support_factory as f
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _history, _save
from tests.ui.support.support_gui import click_row, on_next_dialog, row_of

D = dt.date


def _click(qtbot, tab, name: str) -> None:
    qtbot.mouseClick(tab.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_correct_and_cancel_a_pass_and_its_decisions_then_read_the_history(
    qtbot, ctx, database
) -> None:
    with database.transaction() as session:
        person = f.person(session, "Lefèvre")
        person.birth_date = D(1990, 5, 17)
        person_id = person.id
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
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(person_id, "eligibility")
    tab = file.tab("eligibility")

    # The PASS's number was typed wrong: a bad one is refused, nothing written.
    refusals: list[str] = []

    def correct_pass(dialog: QDialog) -> None:
        assert isinstance(dialog, PassDialog)
        _fits(dialog)
        assert dialog.windowTitle() == "Corriger le PASS IAE"
        before = dump(database)
        type_into(qtbot, dialog.number, "12345")
        _save(qtbot, dialog)
        refusals.append(dialog.errors.message_for("number"))
        assert dump(database) == before
        type_into(qtbot, dialog.number, "99999 25 54321")
        type_into(qtbot, dialog.why, "Faute de frappe")
        _save(qtbot, dialog)

    on_next_dialog(correct_pass)
    _click(qtbot, tab, "btn_edit_pass")
    assert refusals == ["Numéro du PASS IAE : 12 chiffres attendus (ex. 99999 26 12345)."]
    assert tab.current_pass().number == "999992554321"

    # The prolongation was a mistake: cancelled, confirmed with its reason (it started from
    # the end the suspension gave: it goes first).
    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Prolongation"))

    def cancel_prolongation(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        _fits(dialog)
        assert dialog.windowTitle() == "Annuler la prolongation du PASS IAE"
        type_into(qtbot, dialog.reason, "Decision refusee")
        _save(qtbot, dialog)

    on_next_dialog(cancel_prolongation)
    _click(qtbot, tab, "btn_cancel_event")
    assert [e.kind for e in tab.events.rows()] == ["suspension"]
    assert tab.current_pass().end == D(2027, 1, 10)

    # The suspension ended on the 20th, not the 10th: the end of the PASS follows.
    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Suspension"))

    def correct_suspension(dialog: QDialog) -> None:
        assert isinstance(dialog, SuspensionDialog)
        _fits(dialog)
        type_into(qtbot, dialog.end, "20/05/2025")
        _save(qtbot, dialog)

    on_next_dialog(correct_suspension)
    _click(qtbot, tab, "btn_correct_event")
    assert tab.current_pass().end == D(2027, 1, 20)  # ten more days suspended
    assert [e.end for e in tab.events.rows()] == [D(2025, 5, 20)]

    # Then the whole PASS, on the wrong person's file.
    def cancel_pass(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        _fits(dialog)
        type_into(qtbot, dialog.reason, "Mauvais dossier")
        _save(qtbot, dialog)

    on_next_dialog(cancel_pass)
    _click(qtbot, tab, "btn_cancel_pass")
    assert tab.passes.rows() == []
    with database.reading() as session:
        assert session.scalars(select(m.PassIae)).all() == []

    lines = _history(file)
    assert [line[2] for line in lines] == [
        "Annulation — PASS IAE",
        "Correction — suspension du PASS IAE",
        "Annulation — prolongation du PASS IAE",
        "Correction — PASS IAE",
    ]
    assert lines[0][3].startswith("PASS IAE du 01/01/2025 annulé ; n° 99999 25 54321")
    assert lines[0][4] == "Mauvais dossier"
    assert lines[2][3].startswith("prolongation du PASS IAE du 11/01/2027 au 30/06/2027 annulée")
    assert lines[1][3] == (
        "suspension du PASS IAE du 01/05/2025 au 10/05/2025 : fin : 10/05/2025 → 20/05/2025"
    )
    assert lines[3][3] == "PASS IAE : numéro : 99999 25 12345 → 99999 25 54321"
    assert lines[3][4] == "Faute de frappe"
