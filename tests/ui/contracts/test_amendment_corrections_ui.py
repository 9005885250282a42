"""Correcting and cancelling an amendment as a user does from its line in the person's file,
then reading « Historique des modifications » (Avant / Après); an invalid correction saves
nothing (every table compared)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.fr_format import format_date
from chantier_app.services import contracts
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.contracts import HoursChangeInput, RenewalInput
from chantier_app.ui.contracts.event_correction_dialogs import (
    CancelAmendmentDialog,
    CorrectAmendmentDialog,
)
from chantier_app.ui.person.file import PersonFile
from tests.contract_factories import add_contract, add_person, add_review, add_workshop
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.contracts.test_event_corrections_ui import _history_lines, _select
from tests.ui.support.support_gui import click_row

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
    file.resize(1280, 720)
    file.show()
    file.load(person, "contracts")
    QApplication.processEvents()  # a tab built into a shown file is shown by a queued call
    return file


def _look(widget: QWidget, name: str) -> None:
    """Save the picture when asked (CHANTIER_SCREENSHOTS=folder), to look at it."""
    folder = os.environ.get("CHANTIER_SCREENSHOTS")
    if folder:
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def _open_correct(file: PersonFile, amendment_id: int) -> CorrectAmendmentDialog:
    tab = file.tab("contracts")
    _select(tab, amendment_id=amendment_id)
    assert tab.correct_amendment_button.text() == "Corriger l'avenant…"
    assert tab.correct_amendment_button.isEnabled()
    tab.correct_amendment_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, CorrectAmendmentDialog) and dialog.isVisible()
    return dialog


def _selected_history(qtbot, file: PersonFile, row: int) -> str:
    history = file.tab("history")
    click_row(qtbot, history.table, row)
    return history.previous.text().replace("\u202f", " ")


def test_correct_an_hours_amendment_then_read_before_and_after(
    qtbot, ctx, database, running
) -> None:
    person, contract = running
    effective = TODAY + dt.timedelta(days=7)
    amendment = ctx.run(contracts.change_hours, HoursChangeInput(contract, effective, 30 * H))
    with database.transaction() as session:
        session.get(m.Amendment, amendment.id).print_count = 1  # signed on paper
    file = _file(qtbot, ctx, person)
    tab = file.tab("contracts")
    assert not tab.correct_amendment_button.isEnabled()  # no amendment line picked yet
    dialog = _open_correct(file, amendment.id)
    assert dialog.windowTitle() == "Corriger l'avenant"
    assert "Correction : rien n'a changé." in dialog.messages
    assert dialog.hours.text() == "30"

    # Invalid: below 20 h with no derogation, the rule of an entry, shown while typing.
    before = dump(database)
    type_into(qtbot, dialog.hours, "16")
    assert "20" in dialog.error_labels["weekly_minutes"].text(), dialog.messages
    assert not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dump(database) == before  # nothing written, not even a line

    type_into(qtbot, dialog.hours, "28")
    # Printed: a reason is asked, and what it changes is read before saving.
    assert dialog.error_labels["reason"].text() == (
        "Motif de la correction : obligatoire, l'avenant a déjà été imprimé."
    )
    assert "Heures prévues" in dialog.consequences.text
    type_into(qtbot, dialog.reason, "28 h convenues a la signature")
    assert dialog.ok_button.isEnabled(), dialog.messages
    _look(dialog, "corriger-avenant")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        assert session.get(m.Amendment, amendment.id).new_weekly_minutes == 28 * H
        assert session.get(m.Contract, contract).weekly_minutes == 28 * H
    # The paper signed says 30 h: the tab says a new amendment must be signed.
    assert tab.notice_label.isVisible()
    assert "Faites signer l'avenant corrigé" in tab.notice_label.text()
    _look(file, "onglet-contrats-avenant-corrige")

    (line,) = _history_lines(file)
    assert line[2] == "Correction — avenant"
    assert "durée : 30 h → 28 h par semaine" in line[3].replace("\u202f", " ")
    assert line[4] == "28 h convenues a la signature"
    assert _selected_history(qtbot, file, 0) == (
        "Avant : Nouvelles heures par semaine : 30 h\nAprès : Nouvelles heures par semaine : 28 h"
    )
    _look(file, "historique-avenant-corrige")


def test_correct_a_renewal_then_cancel_it_and_read_the_history(
    qtbot, ctx, database, running
) -> None:
    person, contract = running
    with database.transaction() as session:
        add_review(session, person, TODAY - dt.timedelta(days=5))
    end = END
    renewed, corrected = end + dt.timedelta(days=90), end + dt.timedelta(days=60)
    amendment = ctx.run(
        contracts.renew,
        RenewalInput(contract, renewed),
        acknowledge=["pass_iae_ends_before_contract"],
    )
    file = _file(qtbot, ctx, person)
    dialog = _open_correct(file, amendment.id)
    type_into(qtbot, dialog.new_end, format_date(corrected))
    if not dialog.ok_button.isEnabled() and dialog.acknowledge.isVisible():
        dialog.acknowledge.setChecked(True)  # the entry's own warnings, read again
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert f"en contrat jusqu'au {format_date(corrected)}" in file.facts_label.text()

    tab = file.tab("contracts")
    file.tabs.setCurrentIndex(file._keys.index("contracts"))
    _select(tab, amendment_id=amendment.id)
    tab.cancel_amendment_button.click()
    cancel = tab.dialog
    assert isinstance(cancel, CancelAmendmentDialog)
    type_into(qtbot, cancel.reason, "Renouvellement jamais signe")
    assert cancel.ok_button.isEnabled(), cancel.messages
    qtbot.mouseClick(cancel.ok_button, Qt.MouseButton.LeftButton)
    assert cancel.result() == QDialog.DialogCode.Accepted
    assert f"en contrat jusqu'au {format_date(end)}" in file.facts_label.text()
    with database.reading() as session:  # kept, cancelled: who, when, why
        row = session.scalars(select(m.Amendment), execution_options=including_cancelled()).one()
        assert row.cancelled_at is not None
        assert row.cancellation_reason == "Renouvellement jamais signe"
    assert all(line.amendment_id is None for line in tab.model.rows())

    cancelled, correction = _history_lines(file)
    assert [cancelled[2], correction[2]] == ["Annulation — avenant", "Correction — avenant"]
    assert cancelled[4] == "Renouvellement jamais signe"
    before, after = _selected_history(qtbot, file, 0).split("\n")
    assert f"Nouvelle fin : {format_date(corrected)}" in before
    assert after == "Après : retiré du dossier"
    assert _selected_history(qtbot, file, 1) == (
        f"Avant : Nouvelle fin : {format_date(renewed)}\n"
        f"Après : Nouvelle fin : {format_date(corrected)}"
    )


@pytest.mark.parametrize("field", ["effective", "signed"])
def test_an_unreadable_date_saves_nothing(qtbot, ctx, database, running, field) -> None:
    person, contract = running
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(contract, TODAY + dt.timedelta(days=7), 30 * H)
    )
    file = _file(qtbot, ctx, person)
    dialog = _open_correct(file, amendment.id)
    before = dump(database)
    type_into(qtbot, dialog.effective if field == "effective" else dialog.signed_on, "31/02/20")
    assert not dialog.ok_button.isEnabled()
    assert ("Date d'effet" if field == "effective" else "Avenant signé le") in dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dump(database) == before


def test_a_cip_may_not_correct_someone_elses_amendment(qtbot, ctx, database, running) -> None:
    """The direction, or the amendment's author the day she entered it (roles matrix)."""
    person, contract = running
    amendment = ctx.run(
        contracts.change_hours, HoursChangeInput(contract, TODAY + dt.timedelta(days=7), 30 * H)
    )
    with database.transaction() as session:
        cip = m.Staff(last_name="Bensaid", first_name="Rachid", role=Role.CIP)
        session.add(cip)
        session.flush()
        actor = Actor(cip.id, "Rachid Bensaid", Role.CIP, frozenset())
    file = _file(qtbot, AppContext(database, actor), person)
    tab = file.tab("contracts")
    _select(tab, amendment_id=amendment.id)
    assert tab.selected_amendment() is not None
    assert not tab.correct_amendment_button.isEnabled()
    assert not tab.cancel_amendment_button.isEnabled()
