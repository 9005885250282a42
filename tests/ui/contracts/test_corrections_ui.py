"""Correcting a contract, cancelling an exit and reading the history, as a user does in the
person's file; the file's header follows every contract action."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import EndReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.fr_format import format_date
from chantier_app.ui.contracts.correction_dialogs import CancelExitDialog, CorrectDialog
from chantier_app.ui.contracts.dialogs import EndDialog, RenewDialog
from chantier_app.ui.contracts.hire_dialog import HireDialog
from chantier_app.ui.person.file import PersonFile
from tests.contract_factories import add_contract, add_person, add_review, add_workshop
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.contracts.test_event_corrections_ui import _history_lines

TODAY = dt.date.today()  # the file's header speaks of today
START, END = TODAY - dt.timedelta(days=60), TODAY + dt.timedelta(days=120)


def _file(qtbot, ctx, person: int) -> PersonFile:
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.show()
    file.load(person, "contracts")
    return file


def _header(file: PersonFile) -> str:
    return file.facts_label.text()


@pytest.fixture
def running(database) -> tuple[int, int, int]:
    """A person in a CDDI of a team since 60 days, a second team of the same workshop."""
    with database.transaction() as session:
        person = add_person(session, pass_start=START)
        workshop, team = add_workshop(session)
        other = m.Team(workshop_id=workshop, name="Équipe B")
        session.add(other)
        session.flush()
        contract = add_contract(
            session, person, START, END, workshop_id=workshop, team_id=team, job_title="Agent"
        )
        add_review(session, person, TODAY - dt.timedelta(days=5))
    return person, contract, other.id


def test_correct_a_contract_and_read_it_in_the_history(
    qtbot, qtmodeltester, ctx, database, running
) -> None:
    person, contract, team_b = running
    file = _file(qtbot, ctx, person)
    tab = file.tab("contracts")
    assert tab.correct_button.isEnabled() and not tab.cancel_exit_button.isEnabled()
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CorrectDialog) and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # nothing changed yet
    assert "Correction : rien n'a changé." in dialog.messages
    # A start that makes the CDDI shorter than 4 months: the hire's own refusal.
    type_into(qtbot, dialog.start, format_date(END - dt.timedelta(days=60)))
    assert "un CDDI dure au moins 4 mois" in dialog.messages
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.start, format_date(START + dt.timedelta(days=3)))
    dialog.team.set_value(team_b)
    type_into(qtbot, dialog.job, "Agent de proprete")
    assert dialog.messages == "" and dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert (row.start_date, row.team_id, row.job_title) == (
            START + dt.timedelta(days=3),
            team_b,
            "Agent de proprete",
        )
    assert tab.notice_label.isHidden()  # never printed: nothing to sign again

    file.tabs.setCurrentIndex(file._keys.index("history"))
    history = file.tab("history")
    qtmodeltester.check(history.model)
    assert history.model.rowCount() == 1
    line = [history.model.index(0, c).data() for c in range(history.model.columnCount())]
    assert line[2] == "Correction — contrat"
    assert (
        f"début : {format_date(START)} → {format_date(START + dt.timedelta(days=3))}" in (line[3])
    )
    assert "équipe : Équipe Nettoyage → Équipe B" in line[3]
    assert history.previous.text() == (
        f"Avant : Équipe : Équipe Nettoyage ; Poste : Agent ; Début : {format_date(START)}\n"
        "Après : Équipe : Équipe B ; Poste : Agent de proprete ; "
        f"Début : {format_date(START + dt.timedelta(days=3))}"
    )


def test_a_printed_contract_asks_a_reason_then_says_to_sign_again(
    qtbot, ctx, database, running
) -> None:
    person, contract, _team_b = running
    with database.transaction() as session:
        session.get(m.Contract, contract).print_count = 1
    file = _file(qtbot, ctx, person)
    tab = file.tab("contracts")
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    type_into(qtbot, dialog.job, "Agent polyvalent")
    assert dialog.error_labels["reason"].text() == (
        "Motif de la correction : obligatoire, le contrat a déjà été imprimé."
    )
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.reason, "Intitule mal saisi")
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages
    assert not tab.notice_label.isHidden()
    assert "Faites signer un nouveau contrat" in tab.notice_label.text()


def test_the_header_follows_hire_renewal_exit_and_its_cancellation(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, pass_start=TODAY - dt.timedelta(days=120))
        add_workshop(session)
    file = _file(qtbot, ctx, person)
    assert "Sans contrat" in _header(file)
    tab = file.tab("contracts")

    qtbot.mouseClick(tab.hire_button, Qt.MouseButton.LeftButton)
    hire = tab.dialog
    assert isinstance(hire, HireDialog)
    hire.workshop.setCurrentIndex(1)
    type_into(qtbot, hire.job_title, "Agent d'entretien")
    type_into(qtbot, hire.start, format_date(TODAY))
    assert hire.ok_button.isEnabled(), hire.messages
    planned_end = hire.end.text()
    qtbot.mouseClick(hire.ok_button, Qt.MouseButton.LeftButton)
    assert f"en contrat jusqu'au {planned_end}" in _header(file)

    with database.transaction() as session:
        add_review(session, person, TODAY)
    qtbot.mouseClick(tab.renew_button, Qt.MouseButton.LeftButton)
    renew = tab.dialog
    assert isinstance(renew, RenewDialog)
    renewed_end = renew.new_end.text()
    if renew.acknowledge.isVisible():
        renew.acknowledge.click()
    assert renew.ok_button.isEnabled(), renew.messages
    qtbot.mouseClick(renew.ok_button, Qt.MouseButton.LeftButton)
    assert f"en contrat jusqu'au {renewed_end}" in _header(file)

    # Ended yesterday (entered by mistake): the header says so at once.
    with database.transaction() as session:
        contract = session.scalars(select(m.Contract)).one()
        contract.start_date = contract.start_date - dt.timedelta(days=60)  # begun earlier
        contract_id = contract.id
    tab.refresh()
    qtbot.mouseClick(tab.end_button, Qt.MouseButton.LeftButton)
    end = tab.dialog
    assert isinstance(end, EndDialog)
    yesterday = TODAY - dt.timedelta(days=1)
    type_into(qtbot, end.end, format_date(yesterday))
    end.end_reason.set_value(EndReason.HIRED_ELSEWHERE)
    end.exit_reason.set_value(ExitReason.CDI)
    if end.acknowledge.isVisible():
        end.acknowledge.click()
    qtbot.mouseClick(end.ok_button, Qt.MouseButton.LeftButton)
    assert f"Sorti(e) le {format_date(yesterday)}".lower() in _header(file).lower()

    # No contract running any more: the user picks the contract's line, as the tab says.
    assert not tab.cancel_exit_button.isEnabled()
    assert "choisissez une ligne pour agir sur un contrat passé" in tab.target_label.text()
    tab.table.selectRow(0)
    assert tab.cancel_exit_button.isEnabled()
    qtbot.mouseClick(tab.cancel_exit_button, Qt.MouseButton.LeftButton)
    cancel = tab.dialog
    assert isinstance(cancel, CancelExitDialog)
    assert "Embauche en CDI non aidé (Emploi durable)" in cancel.intro.text()
    assert cancel.ok_button.isEnabled(), cancel.messages
    qtbot.mouseClick(cancel.ok_button, Qt.MouseButton.LeftButton)
    assert f"en contrat jusqu'au {renewed_end}" in _header(file)
    with database.reading() as session:
        row = session.get(m.Contract, contract_id)
        assert (row.actual_end_date, row.exit_reason) == (None, None)
        versions = session.scalar(select(func.count()).select_from(m.RecordVersion))
    assert versions == 1
    assert not tab.cancel_exit_button.isEnabled() and tab.end_button.isEnabled()
    # « Historique des modifications » keeps the exit cancelled, with what it was.
    (line,) = _history_lines(file)
    assert line[2] == "Annulation — sortie"
    assert f"sortie du {format_date(yesterday)} annulée" in line[3]
