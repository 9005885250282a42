"""Correcting a contract's terms from « Corriger le contrat », as a user does: end date,
weekly hours, kind; what it changes shown first; a refused correction leaves the database
as it was; the history shows the previous terms; the reprint shows the corrected ones."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import ContractKind, DerogationKind
from chantier_app.domain.codes.support_codes import MilestoneKind
from chantier_app.domain.fr_format import format_date
from chantier_app.services.context import Actor
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from chantier_app.services.support import schedule
from chantier_app.ui.contracts.correction_dialogs import CorrectDialog
from chantier_app.ui.person.file import PersonFile
from tests.contract_factories import add_contract, add_person, add_review, add_workshop, snapshot
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.contracts.test_event_corrections_ui import _history_lines
from tests.ui.fit_checks import cut_texts, too_large

TODAY = dt.date.today()
START, END = TODAY - dt.timedelta(days=60), TODAY + dt.timedelta(days=120)
H = 60


def _file(qtbot, ctx, person: int) -> PersonFile:
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.show()
    file.load(person, "contracts")
    return file


def _dialog(qtbot, file: PersonFile) -> CorrectDialog:
    tab = file.tab("contracts")
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CorrectDialog) and dialog.isVisible()
    return dialog


def _visible(dialog: CorrectDialog, widget) -> bool:
    return widget.parentWidget().isVisibleTo(dialog)


def _state(database) -> tuple[object, ...]:
    with database.reading() as session:
        versions = session.scalar(select(func.count()).select_from(m.RecordVersion))
    return snapshot(database), versions


@pytest.fixture
def running(database) -> tuple[int, int]:
    """A person in a CDDI (26 h a week) of a team since 60 days."""
    with database.transaction() as session:
        person = add_person(session, pass_start=START)
        workshop, team = add_workshop(session)
        contract = add_contract(
            session, person, START, END, workshop_id=workshop, team_id=team, job_title="Agent"
        )
        add_review(session, person, TODAY - dt.timedelta(days=5))
    return person, contract


def test_correct_the_end_date_and_read_the_previous_one_in_the_history(
    qtbot, ctx, database, running
) -> None:
    person, contract = running
    with database.transaction() as session:  # the milestones the hire would have planned
        schedule.on_contract_changed(session, Actor.system(), contract)
    file = _file(qtbot, ctx, person)
    dialog = _dialog(qtbot, file)
    assert _visible(dialog, dialog.weekly) and not _visible(dialog, dialog.monthly)
    assert not _visible(dialog, dialog.derogation.kind)  # 26 h: no derogation asked
    new_end = END + dt.timedelta(days=31)
    type_into(qtbot, dialog.end, format_date(new_end))
    assert dialog.messages == "", dialog.messages
    assert not dialog.consequences.isHidden()
    assert (
        f"Bilan de sortie : déplacé du {format_date(END)} au {format_date(new_end)}."
        in dialog.consequences.text.splitlines()
    ), dialog.consequences.text
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert (row.end_date, row.initial_end_date) == (new_end, new_end)
        exit_review = session.scalar(
            select(m.Milestone.due_date).where(
                m.Milestone.contract_id == contract, m.Milestone.kind == MilestoneKind.EXIT_REVIEW
            )
        )
        assert exit_review == new_end  # rescheduled as the preview said
    (line,) = _history_lines(file)
    assert line[2] == "Correction — contrat"
    assert f"fin : {format_date(END)} → {format_date(new_end)}" in line[3]
    assert f"Fin prévue : {format_date(END)}" in file.tab("history").previous.text()


def test_correct_the_weekly_hours_with_the_planned_hours_shown(
    qtbot, ctx, database, running
) -> None:
    person, contract = running
    file = _file(qtbot, ctx, person)
    dialog = _dialog(qtbot, file)
    type_into(qtbot, dialog.weekly, "16")  # below 20 h: the derogation's rows show
    assert _visible(dialog, dialog.derogation.kind)
    qtbot.waitUntil(lambda: dialog.height() >= dialog.sizeHint().height())
    tall = dialog.height()
    type_into(qtbot, dialog.weekly, "30")
    assert not _visible(dialog, dialog.derogation.kind)
    qtbot.waitUntil(lambda: dialog.height() < tall)  # no blank band where they stood
    assert dialog.messages == "", dialog.messages
    assert "Heures prévues" in dialog.consequences.text
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages
    with database.reading() as session:
        assert session.get(m.Contract, contract).weekly_minutes == 30 * H
    (line,) = _history_lines(file)
    assert "durée du travail : 26 h par semaine → 30 h par semaine" in line[3]


def test_correct_the_kind_to_qualifying_with_its_training(qtbot, ctx, database, running) -> None:
    person, contract = running
    file = _file(qtbot, ctx, person)
    dialog = _dialog(qtbot, file)
    assert not _visible(dialog, dialog.provider)  # a chantier remobilisant has no training
    dialog.kind.set_value(ContractKind.CDDI_QUALIFYING)
    assert _visible(dialog, dialog.provider) and _visible(dialog, dialog.diploma)
    assert (
        dialog.error_labels["training_provider"]
        .text()
        .endswith(
            "Organisme de formation : un CDDI chantier qualifiant est lié à un organisme de formation."
        )
    )
    assert not dialog.ok_button.isEnabled()  # the hire's warning, to tick or to answer
    assert not dialog.acknowledge.isHidden()
    type_into(qtbot, dialog.provider, "AFPA Paris")
    type_into(qtbot, dialog.diploma, "CAP Agent polyvalent de restauration")
    assert dialog.messages == "" and dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert (row.kind, row.training_provider) == (ContractKind.CDDI_QUALIFYING, "AFPA Paris")
    (line,) = _history_lines(file)
    assert "type : CDDI chantier remobilisant → CDDI chantier qualifiant" in line[3]
    assert "organisme de formation : aucun → AFPA Paris" in line[3]
    assert "Type : CDDI chantier remobilisant" in file.tab("history").previous.text()


def test_first_hours_corrected_to_a_cddi_ask_weekly_hours(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, pass_start=START)
        workshop, team = add_workshop(session)
        contract = add_contract(
            session, person, START, END, ContractKind.FIRST_HOURS,
            workshop_id=workshop, team_id=team, job_title="Agent",
        )  # fmt: skip
    file = _file(qtbot, ctx, person)
    dialog = _dialog(qtbot, file)
    assert _visible(dialog, dialog.monthly) and not _visible(dialog, dialog.weekly)
    dialog.kind.set_value(ContractKind.CDDI_REMOBILISING)
    assert _visible(dialog, dialog.weekly) and not _visible(dialog, dialog.monthly)
    assert "Heures par semaine : à renseigner." in dialog.messages
    type_into(qtbot, dialog.weekly, "26")
    assert dialog.messages == "", dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert (row.kind, row.weekly_minutes, row.monthly_minutes) == (
            ContractKind.CDDI_REMOBILISING,
            26 * H,
            None,
        )


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("end", None, "Date de fin : un CDDI dure au moins 4 mois"),
        ("weekly", "36", "Heures par semaine : un CDDI compte 35 h par semaine au plus"),
        ("weekly", "16", "Heures par semaine : moins de 20 h par semaine seulement avec"),
        ("end", "31/02/2026", "Date de fin :"),
    ],
)
def test_an_invalid_correction_is_refused_with_its_message_and_changes_nothing(
    qtbot, ctx, database, running, field, text, message
) -> None:
    person, _contract = running
    before = _state(database)
    file = _file(qtbot, ctx, person)
    dialog = _dialog(qtbot, file)
    widget = getattr(dialog, field)
    type_into(qtbot, widget, text or format_date(START + dt.timedelta(days=60)))
    assert message in dialog.messages, dialog.messages
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Entrée does not save a refused correction
    dialog.accept()
    assert dialog.isVisible()
    assert _state(database) == before


def test_hours_below_20_show_the_derogation_and_save_with_its_period(
    qtbot, ctx, database, running
) -> None:
    person, contract = running
    file = _file(qtbot, ctx, person)
    dialog = _dialog(qtbot, file)
    type_into(qtbot, dialog.weekly, "16")
    assert _visible(dialog, dialog.derogation.kind)
    dialog.derogation.kind.set_value(DerogationKind.INDIVIDUAL)
    type_into(qtbot, dialog.derogation.reference, "Decision 12")
    assert dialog.derogation.start.text() == format_date(START)  # filled with the contract's
    assert dialog.messages == "", dialog.messages
    # Its tallest state (every row of the derogation, the planned hours) fits 1280×720.
    QApplication.processEvents()
    assert too_large(dialog) is None and cut_texts(dialog) == []
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert (row.weekly_minutes, row.derogation) == (16 * H, DerogationKind.INDIVIDUAL)
        assert [d.start_date for d in row.derogations] == [START]


def test_the_reprint_after_a_terms_correction_shows_the_corrected_terms(
    qtbot, ctx, database
) -> None:
    with database.transaction() as session:
        ids = fx.build(session)

    def reprint() -> str:
        request = DocumentRequest(DocumentKind.CONTRACT, contract_id=ids.cddi_contract)
        return flat(ctx.run(documents.generate, request, today=fx.TODAY).pdf)

    first = reprint()
    assert "La durée hebdomadaire de travail est fixée à 26 heures" in first
    assert "Exemplaire n° 1" in first
    file = _file(qtbot, ctx, ids.elodie)
    dialog = _dialog(qtbot, file)
    assert dialog.contract.id == ids.cddi_contract
    type_into(qtbot, dialog.weekly, "30")
    assert "Motif de la correction : obligatoire, le contrat a déjà été imprimé." in (
        dialog.messages
    )
    type_into(qtbot, dialog.reason, "30 h signees")
    assert dialog.messages == "", dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages
    notice = file.tab("contracts").notice_label
    assert not notice.isHidden() and "numéro d'exemplaire suivant" in notice.text()
    again = reprint()
    assert "La durée hebdomadaire de travail est fixée à 30 heures" in again
    assert "26 heures" not in again
    assert "Exemplaire n° 2 — Duplicata" in again
