"""« Ce que la correction change » in the contract's correction dialogs, as a user reads it:
type a start that leaves hours outside, read the panel, confirm, find it in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import EndReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.codes.support_codes import MilestoneKind
from chantier_app.domain.correction_consequences import of_month
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.hours_terms import month_start
from chantier_app.services import contracts
from chantier_app.services.contracts import EndInput, RenewalInput
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from chantier_app.services.support import schedule
from chantier_app.ui.contracts.correction_dialogs import CancelExitDialog, CorrectDialog
from chantier_app.ui.contracts.event_correction_dialogs import CancelAmendmentDialog
from tests.contract_factories import add_contract, add_person, add_review, add_workshop, snapshot
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.contracts.test_corrections_ui import _file
from tests.ui.contracts.test_event_corrections_ui import _select
from tests.ui.fit_checks import cut_texts, too_large

TODAY = dt.date.today()
# The first of a month two months ago: its hours are entered and declared.
START = month_start(TODAY) - relativedelta(months=2)
END = START + relativedelta(months=6) - dt.timedelta(days=1)


@pytest.fixture
def declared(ctx, database) -> tuple[int, int]:
    """A CDDI since START with its schedule, 100 h entered in START's month, declared."""
    with database.transaction() as session:
        person = add_person(session, pass_start=START)
        workshop, team = add_workshop(session)
        contract = add_contract(
            session, person, START, END, workshop_id=workshop, team_id=team, job_title="Agent"
        )
    ctx.run(schedule.on_contract_changed, contract)
    ctx.run(
        hours.save_month,
        START,
        [MonthEntry(contract, {HoursCategory.WORKED: "100"})],
        acknowledge_warnings=True,
    )
    ctx.run(hours.declare_month, START)
    return person, contract


def _welcome(database, contract: int) -> dt.date:
    with database.reading() as session:
        return session.scalars(
            select(m.Milestone.due_date).where(
                m.Milestone.contract_id == contract, m.Milestone.kind == MilestoneKind.WELCOME
            )
        ).one()


def _confirm(qtbot, dialog) -> None:
    if dialog.acknowledge.isVisible():
        dialog.acknowledge.setChecked(True)
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages


def test_a_later_start_shows_the_hours_and_the_declared_month_then_saves(
    qtbot, ctx, database, declared
) -> None:
    person, contract = declared
    file = _file(qtbot, ctx, person)
    tab = file.tab("contracts")
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CorrectDialog)
    assert dialog.ok_button.text() == "Enregistrer la correction"
    assert dialog.consequences.isVisible()
    assert dialog.consequences.title() == "Ce que la correction change"
    assert dialog.consequences.text.startswith("Rien d'autre ne change")

    new_start = START + dt.timedelta(days=9)
    type_into(qtbot, dialog.start, format_date(new_start))
    lines = dialog.consequences.text.replace("\u00a0", " ").splitlines()
    assert lines[0].startswith(
        f"Heures {of_month(START)} (100 h déjà saisies) : le contrat ne couvre plus que du "
        f"{format_date(new_start)}"
    )
    assert lines[0].endswith("vérifiez-les (déjà déclaré à l'ASP).")
    assert (
        f"« Début du contrat » {format_date(START)} → {format_date(new_start)} "
        "(déjà déclaré à l'ASP)."
    ) in lines[1]
    assert (
        f"Entretien d'accueil : déplacé du {format_date(START)} au {format_date(new_start)}."
        in lines
    )
    assert "<b>déjà déclaré à l'ASP</b>" in dialog.consequences.label.text()
    QApplication.processEvents()  # the dialog grows to its new lines, none cut at 1280×720
    assert too_large(dialog) is None and cut_texts(dialog) == []
    # A declared statement would change: the correction asks why before it saves.
    assert dialog.error_labels["reason"].text() == (
        "Motif de la correction : obligatoire, un relevé mensuel déjà déclaré à l'ASP changerait."
    )
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.reason, "Debut mal saisi")
    _confirm(qtbot, dialog)

    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert row.start_date == new_start
        worked = session.scalars(
            select(m.MonthlyHours.worked_minutes).where(m.MonthlyHours.contract_id == contract)
        ).all()
    assert worked == [100 * 60]  # the hours stay as entered, to check by hand
    assert _welcome(database, contract) == new_start  # the panel said it would move


def test_a_start_past_the_hours_entered_is_shown_in_red_and_not_saved(
    qtbot, ctx, database, declared
) -> None:
    person, contract = declared
    file = _file(qtbot, ctx, person)
    tab = file.tab("contracts")
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    before = snapshot(database)
    type_into(qtbot, dialog.start, format_date(START + relativedelta(months=1)))
    assert (
        "(100 h déjà saisies) : hors des dates du contrat corrigé ; corrigez d'abord ces "
        "heures (page Heures) (déjà déclaré à l'ASP)."
    ) in dialog.consequences.text
    assert "color: #b00020" in dialog.consequences.label.text()  # the blocking line in red
    QApplication.processEvents()
    assert too_large(dialog) is None and cut_texts(dialog) == []
    assert "Heures déjà saisies" in dialog.messages
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter does not save a refused one
    assert dialog.isVisible()
    dialog.reject()
    assert snapshot(database) == before
    assert _welcome(database, contract) == START


def test_cancelling_an_exit_shows_the_declared_statement_and_reopens(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, pass_start=START)
        workshop, team = add_workshop(session)
        contract = add_contract(
            session, person, START, END, workshop_id=workshop, team_id=team, job_title="Agent"
        )
    exit_day = START + relativedelta(months=1) + dt.timedelta(days=14)
    ctx.run(
        contracts.end_contract,
        EndInput(contract, exit_day, EndReason.MUTUAL_AGREEMENT, ExitReason.JOBSEEKER),
    )
    ctx.run(hours.declare_month, month_start(exit_day))
    file = _file(qtbot, ctx, person)
    tab = file.tab("contracts")
    tab.table.selectRow(0)  # no contract running: the user picks the ended one
    qtbot.mouseClick(tab.cancel_exit_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CancelExitDialog)
    assert dialog.ok_button.text() == "Annuler la sortie et rouvrir le contrat"
    text = dialog.consequences.text.replace("\u00a0", " ")
    assert (
        f"« Date de fin réelle » {format_date(exit_day)} → (vide) ; « Motif de fin » "
        f"{EndReason.MUTUAL_AGREEMENT.label} → (vide)"
    ) in text
    assert "(déjà déclaré à l'ASP)." in text
    assert f"Bilan de sortie : déplacé du {format_date(exit_day)} au {format_date(END)}." in text
    category = ExitReason.JOBSEEKER.category.label
    assert f"une sortie « {category} » de moins (1 → 0)" in text  # the year's figures
    assert not dialog.ok_button.isEnabled()  # the exit's month is declared: a reason
    # The message names the field it stands under, « Motif de l'annulation ».
    assert dialog.error_labels["reason"].text() == (
        "Motif de l'annulation : obligatoire, le mois de la sortie a été déclaré."
    )
    type_into(qtbot, dialog.reason, "Sortie saisie sur la mauvaise personne")
    _confirm(qtbot, dialog)
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert (row.actual_end_date, row.exit_reason) == (None, None)


def test_cancelling_a_renewal_shows_the_end_it_gives_back(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, pass_start=START)
        workshop, team = add_workshop(session)
        contract = add_contract(
            session, person, START, END, workshop_id=workshop, team_id=team, job_title="Agent"
        )
        add_review(session, person, TODAY)
    renewed_end = END + relativedelta(months=4)
    amendment = ctx.run(
        contracts.renew,
        RenewalInput(contract, renewed_end),
        acknowledge=["pass_iae_ends_before_contract"],
    )
    file = _file(qtbot, ctx, person)
    tab = file.tab("contracts")
    _select(tab, amendment_id=amendment.id)
    qtbot.mouseClick(tab.cancel_amendment_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CancelAmendmentDialog)
    assert dialog.ok_button.text() == f"Annuler l'avenant n° {amendment.number}"
    assert (
        f"Bilan de sortie : déplacé du {format_date(renewed_end)} au {format_date(END)}."
        in dialog.consequences.text
    )
    _confirm(qtbot, dialog)
    with database.reading() as session:
        assert session.get(m.Contract, contract).end_date == END
