"""Cancelling a move from Premières Heures to CDDI from the person's « Contrats » tab: the
Premières Heures come back as they were, the header says so, the history keeps the CDDI."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.fr_format import format_date
from chantier_app.services import contracts
from chantier_app.services.contracts import ContractInput
from chantier_app.services.history import row_values
from chantier_app.ui.contracts.move_correction_dialog import CancelMoveDialog
from tests.contract_factories import add_person, add_workshop
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.contracts.test_corrections_ui import _file, _header
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _history

TODAY = dt.date.today()  # the file's header speaks of today
H = 60


def test_cancel_a_move_to_cddi_and_read_the_history(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, pass_start=TODAY - dt.timedelta(days=200))
        workshop, team = add_workshop(session)
    placed = {"workshop_id": workshop, "team_id": team, "job_title": "Agent d'entretien"}
    start, end = TODAY - dt.timedelta(days=120), TODAY + dt.timedelta(days=200)
    first = ctx.run(
        contracts.hire,
        ContractInput(
            person, ContractKind.FIRST_HOURS, start, end, monthly_minutes=40 * H, **placed
        ),
    )
    with database.reading() as session:
        before = {
            k: v
            for k, v in row_values(session.get(m.Contract, first.id)).items()
            if k != "updated_at"
        }
    moved = TODAY - dt.timedelta(days=30)
    cddi = ctx.run(
        contracts.move_to_cddi,
        first.id,
        ContractInput(
            person, ContractKind.CDDI_REMOBILISING, moved, moved + dt.timedelta(days=182),
            weekly_minutes=26 * H, **placed,
        ),
    )  # fmt: skip
    with database.transaction() as session:
        session.get(m.Contract, cddi.id).print_count = 1  # the CDDI was printed and signed
    file = _file(qtbot, ctx, person)
    file.resize(1280, 720)
    tab = file.tab("contracts")
    assert "CDDI chantier remobilisant" in _header(file)
    assert tab.cancel_move_button.isEnabled()
    qtbot.mouseClick(tab.cancel_move_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CancelMoveDialog) and dialog.isVisible()
    _fits(dialog)
    # Printed: the reason is asked before anything can be saved.
    assert "Motif de l'annulation : obligatoire, le CDDI a déjà été imprimé." in dialog.messages
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.reason, "Passage saisi trop tot")
    assert dialog.messages == "" and dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    with database.reading() as session:
        assert session.get(m.Contract, cddi.id) is None
        after = {
            k: v
            for k, v in row_values(session.get(m.Contract, first.id)).items()
            if k != "updated_at"
        }
    assert after == before  # the Premières Heures as hired, before the move
    assert "Premières Heures" in _header(file) and format_date(end) in _header(file)
    assert not tab.cancel_move_button.isEnabled()

    lines = _history(file)
    assert [line[2] for line in lines] == ["Annulation — passage en CDDI"]
    assert lines[0][3].startswith(f"passage en CDDI du {format_date(moved)} annulé")
    assert lines[0][4] == "Passage saisi trop tot"
