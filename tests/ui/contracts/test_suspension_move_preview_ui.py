"""« Ce que la correction change » in « Corriger la suspension » and « Annuler le passage en
CDDI », read as the user sees it in the person's file before saving."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import SuspensionReason
from chantier_app.services import contracts
from chantier_app.services.contracts import SuspensionInput
from chantier_app.services.hours import grid as hours
from chantier_app.ui.contracts.event_correction_dialogs import (
    CancelSuspensionDialog,
    CorrectSuspensionDialog,
)
from chantier_app.ui.contracts.move_correction_dialog import CancelMoveDialog
from tests.services.contracts import test_event_corrections as events
from tests.services.contracts import test_move_corrections as moves
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.contracts.test_event_corrections_ui import _file, _select
from tests.ui.people.test_diagnosis_corrections_ui import _fits

D = dt.date
place = events.place  # a person, a workshop, its team
world = moves.world  # Premières Heures from 05/01/2026 moved to a CDDI on 01/04/2026


def _panel(dialog) -> list[str]:
    assert dialog.consequences.isVisible()
    assert dialog.consequences.title() == "Ce que la correction change"
    return dialog.consequences.text.replace("\u00a0", " ").splitlines()


def test_correcting_a_suspension_shows_the_hours_planned_then_saves(
    qtbot, ctx, database, place
) -> None:
    contract = events._hire(ctx, place)  # 26 h a week, 01/01/2026 to 30/06/2026
    reason = SuspensionReason.OTHER
    suspension = ctx.run(
        contracts.suspend, SuspensionInput(contract, reason, D(2026, 3, 2), D(2026, 3, 13))
    )
    ctx.run(hours.declare_month, D(2026, 3, 1))
    file = _file(qtbot, ctx, place["person"])
    file.resize(1280, 720)
    tab = file.tab("contracts")
    _select(tab, suspension_id=suspension.id)
    qtbot.mouseClick(tab.correct_suspension_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CorrectSuspensionDialog)
    assert _panel(dialog)[0].startswith("Rien d'autre ne change")
    type_into(qtbot, dialog.start, "09/03/2026")
    type_into(qtbot, dialog.end, "03/04/2026")
    assert _panel(dialog) == [
        "Heures prévues de mars 2026 : 62,4 h → 26 h (déjà déclaré à l'ASP).",
        "Heures prévues d'avril 2026 : 109,2 h → 93,6 h.",
    ]
    assert "<b>déjà déclaré à l'ASP</b>" in dialog.consequences.label.text()
    QApplication.processEvents()
    _fits(dialog)
    # March is declared: the reason is asked, under its own name.
    assert dialog.error_labels["reason"].text() == (
        "Motif de la correction : obligatoire, un mois de la suspension a été déclaré."
    )
    type_into(qtbot, dialog.reason, "Dates de la suspension mal saisies")
    if dialog.acknowledge.isVisible():
        dialog.acknowledge.click()
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        row = session.get(m.ContractSuspension, suspension.id)
        assert (row.start_date, row.end_date) == (D(2026, 3, 9), D(2026, 4, 3))

    _select(tab, suspension_id=suspension.id)
    qtbot.mouseClick(tab.cancel_suspension_button, Qt.MouseButton.LeftButton)
    cancel = tab.dialog
    assert isinstance(cancel, CancelSuspensionDialog)
    assert _panel(cancel) == [
        "Heures prévues de mars 2026 : 26 h → 114,4 h (déjà déclaré à l'ASP).",
        "Heures prévues d'avril 2026 : 93,6 h → 109,2 h.",
    ]
    assert cancel.error_labels["reason"].text() == (
        "Motif de l'annulation : obligatoire, un mois de la suspension a été déclaré."
    )
    cancel.reject()


def test_cancelling_a_move_shows_the_cddi_gone_and_the_first_hours_back(
    qtbot, ctx, database, world
) -> None:
    ctx.run(hours.declare_month, D(2026, 4, 1))  # the CDDI's first month
    file = _file(qtbot, ctx, world["person"])
    file.resize(1280, 720)
    tab = file.tab("contracts")
    _select(tab, contract_id=world["cddi"], amendment_id=None, suspension_id=None)
    assert tab.cancel_move_button.isEnabled()
    qtbot.mouseClick(tab.cancel_move_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CancelMoveDialog)
    lines = _panel(dialog)
    assert lines[0] == (
        "Relevé mensuel d'avril 2026 : une ligne s'ajoute pour les Premières Heures (déjà déclaré à l'ASP)."
    )
    assert "Bilan de sortie prévu le 30/09/2026 : retiré avec le CDDI." in lines
    assert lines[-1] == (
        "Relevé mensuel d'avril 2026 : la ligne du CDDI disparaît (déjà déclaré à l'ASP)."
    )
    QApplication.processEvents()
    _fits(dialog)
    assert dialog.error_labels["reason"].text() == (
        "Motif de l'annulation : obligatoire, un mois du CDDI a été déclaré."
    )
    type_into(qtbot, dialog.reason, "Passage saisi sur la mauvaise personne")
    if dialog.acknowledge.isVisible():
        dialog.acknowledge.click()
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        assert session.get(m.Contract, world["cddi"]) is None
