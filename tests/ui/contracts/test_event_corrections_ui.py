"""Correcting and cancelling a suspension, cancelling an hours amendment, as a user does
from the timeline of the person's file, then reading « Historique des modifications »."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import SuspensionReason
from chantier_app.domain.fr_format import format_date
from chantier_app.services import contracts
from chantier_app.services.contracts import HoursChangeInput, RenewalInput, SuspensionInput
from chantier_app.ui.contracts.event_correction_dialogs import (
    CancelAmendmentDialog,
    CancelSuspensionDialog,
    CorrectSuspensionDialog,
)
from chantier_app.ui.person.file import PersonFile
from tests.contract_factories import add_contract, add_person, add_review, add_workshop
from tests.ui.contracts.test_contracts_tab import Nav, type_into

TODAY = dt.date.today()
START, END = TODAY - dt.timedelta(days=60), TODAY + dt.timedelta(days=120)
H = 60


@pytest.fixture
def running(database) -> tuple[int, int]:
    """A person in a CDDI of a team since 60 days."""
    with database.transaction() as session:
        person = add_person(session, pass_start=START)
        workshop, team = add_workshop(session)
        contract = add_contract(
            session, person, START, END, workshop_id=workshop, team_id=team, job_title="Agent"
        )
    return person, contract


def _file(qtbot, ctx, person: int) -> PersonFile:
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.show()
    file.load(person, "contracts")
    return file


def _select(tab, **wanted: int) -> None:
    """Pick the timeline's line of that suspension or amendment, as the user clicks it."""
    for row in range(tab.proxy.rowCount()):
        line = tab.model.row(tab.proxy.source_row(tab.proxy.index(row, 0)))
        if all(getattr(line, key) == value for key, value in wanted.items()):
            tab.table.selectRow(row)
            return
    raise AssertionError(wanted)


def _history_lines(file: PersonFile) -> list[list[str]]:
    file.tabs.setCurrentIndex(file._keys.index("history"))
    model = file.tab("history").model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_correct_then_cancel_a_suspension_from_its_line(
    qtbot, qtmodeltester, ctx, database, running
) -> None:
    person, contract = running
    first, last = TODAY + dt.timedelta(days=7), TODAY + dt.timedelta(days=20)
    suspension = ctx.run(
        contracts.suspend, SuspensionInput(contract, SuspensionReason.PMSMP, first, last)
    )
    file = _file(qtbot, ctx, person)
    tab = file.tab("contracts")
    assert not tab.correct_suspension_button.isEnabled()  # no suspension line picked yet
    _select(tab, suspension_id=suspension.id)
    assert tab.correct_suspension_button.isEnabled()
    assert not tab.cancel_amendment_button.isEnabled()

    qtbot.mouseClick(tab.correct_suspension_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CorrectSuspensionDialog) and dialog.isVisible()
    assert "Correction : rien n'a changé." in dialog.messages
    # Past the contract's end: the suspension's own rule, shown while typing.
    type_into(qtbot, dialog.end, format_date(END + dt.timedelta(days=3)))
    assert "la suspension doit être comprise dans le contrat" in dialog.messages
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.end, format_date(last - dt.timedelta(days=4)))
    assert dialog.messages == "" and dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        row = session.get(m.ContractSuspension, suspension.id)
        assert row.end_date == last - dt.timedelta(days=4)

    (line,) = _history_lines(file)
    qtmodeltester.check(file.tab("history").model)
    assert line[2] == "Correction — suspension du contrat"
    assert f"fin : {format_date(last)} → {format_date(last - dt.timedelta(days=4))}" in line[3]

    file.tabs.setCurrentIndex(file._keys.index("contracts"))
    _select(tab, suspension_id=suspension.id)
    qtbot.mouseClick(tab.cancel_suspension_button, Qt.MouseButton.LeftButton)
    cancel = tab.dialog
    assert isinstance(cancel, CancelSuspensionDialog)
    assert cancel.ok_button.isEnabled(), cancel.messages
    qtbot.mouseClick(cancel.ok_button, Qt.MouseButton.LeftButton)
    assert cancel.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        assert session.scalars(select(m.ContractSuspension)).all() == []
    assert all(line.suspension_id is None for line in tab.model.rows())
    assert [line[2] for line in _history_lines(file)] == [
        "Annulation — suspension du contrat",
        "Correction — suspension du contrat",
    ]


def test_cancel_the_last_hours_amendment_from_its_line(qtbot, ctx, database, running) -> None:
    person, contract = running
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(contract, TODAY + dt.timedelta(days=7), 30 * H)
    )
    with database.transaction() as session:
        session.get(m.Amendment, amendment.id).print_count = 1  # signed on paper
    file = _file(qtbot, ctx, person)
    tab = file.tab("contracts")
    _select(tab, amendment_id=amendment.id)
    assert tab.cancel_amendment_button.isEnabled()
    assert not tab.correct_suspension_button.isEnabled()
    qtbot.mouseClick(tab.cancel_amendment_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CancelAmendmentDialog)
    assert "L'annuler rend au contrat sa durée d'avant (26" in dialog.intro.text()
    assert dialog.error_labels["reason"].text() == (
        "Motif de l'annulation : obligatoire, l'avenant a déjà été imprimé."
    )
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.reason, "Avenant saisi par erreur")
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        assert session.get(m.Contract, contract).weekly_minutes == 26 * H
        assert session.scalars(select(m.Amendment)).all() == []  # no reader sees it
        kept = session.scalars(select(m.Amendment), execution_options=including_cancelled())
        assert [a.cancellation_reason for a in kept] == ["Avenant saisi par erreur"]
    (line,) = _history_lines(file)
    assert line[2] == "Annulation — avenant"
    assert "Avenant saisi par erreur" in line


def test_cancel_the_last_renewal_from_its_line(qtbot, ctx, database, running) -> None:
    person, contract = running
    with database.transaction() as session:
        add_review(session, person, TODAY - dt.timedelta(days=5))
    renewed_end = END + dt.timedelta(days=90)
    amendment = ctx.run(
        contracts.renew,
        RenewalInput(contract, renewed_end),
        acknowledge=["pass_iae_ends_before_contract"],
    )
    file = _file(qtbot, ctx, person)
    assert f"en contrat jusqu'au {format_date(renewed_end)}" in file.facts_label.text()
    tab = file.tab("contracts")
    _select(tab, amendment_id=amendment.id)
    assert tab.cancel_amendment_button.isEnabled()
    qtbot.mouseClick(tab.cancel_amendment_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CancelAmendmentDialog)
    assert f"L'annuler rend au contrat sa fin d'avant ({format_date(END)})" in dialog.intro.text()
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        assert session.get(m.Contract, contract).end_date == END
    # The header follows the cancellation at once.
    assert f"en contrat jusqu'au {format_date(END)}" in file.facts_label.text()
    (line,) = _history_lines(file)
    assert line[2] == "Annulation — avenant"
    assert f"fin : {format_date(renewed_end)} → {format_date(END)}" in line[3]
