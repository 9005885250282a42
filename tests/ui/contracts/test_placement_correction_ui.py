"""Correcting a contract's trial period, workshop and signature date from « Corriger le
contrat », and cancelling an exit, as a user does in the person's file: the rules under the
fields, what it changes shown first, then « Historique des modifications » read line by
line (Avant / Après); the reprint of the signed contract reads the corrected terms."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import EndReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.contract_dates import max_trial_days
from chantier_app.domain.fr_format import format_date
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from chantier_app.ui.contracts.correction_dialogs import CancelExitDialog, CorrectDialog
from chantier_app.ui.contracts.dialogs import EndDialog
from chantier_app.ui.person.file import PersonFile
from tests.contract_factories import add_contract, add_person, add_review, add_workshop, snapshot
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.contracts.test_event_corrections_ui import _history_lines

TODAY = dt.date.today()
START, END = TODAY - dt.timedelta(days=60), TODAY + dt.timedelta(days=120)
SIGNED = START - dt.timedelta(days=3)
DAY = dt.timedelta(days=1)


@pytest.fixture
def running(database) -> dict[str, int]:
    """A person in a CDDI of the Nettoyage workshop since 60 days (14 days of trial, signed
    three days before its start); the Restauration workshop and its Cuisine team."""
    with database.transaction() as session:
        person = add_person(session, pass_start=START)
        workshop, team = add_workshop(session)
        kitchen_workshop = m.Workshop(name="Restauration")
        kitchen = m.Team(workshop=kitchen_workshop, name="Cuisine")
        session.add_all([kitchen_workshop, kitchen])
        session.flush()
        contract = add_contract(
            session, person, START, END, workshop_id=workshop, team_id=team,
            job_title="Agent", signed_on=SIGNED,
        )  # fmt: skip
        add_review(session, person, TODAY - dt.timedelta(days=5))
        return {
            "person": person,
            "contract": contract,
            "workshop": workshop,
            "kitchen_workshop": kitchen_workshop.id,
            "kitchen": kitchen.id,
        }


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


def _save(qtbot, dialog) -> None:
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages


def _state(database) -> tuple[object, ...]:
    with database.reading() as session:
        versions = session.scalar(select(func.count()).select_from(m.RecordVersion))
    return snapshot(database), versions


def _previous(file: PersonFile) -> str:
    return file.tab("history").previous.text()


def test_correct_the_trial_period_and_read_avant_apres(qtbot, ctx, database, running) -> None:
    before = _state(database)
    file = _file(qtbot, ctx, running["person"])
    dialog = _dialog(qtbot, file)
    assert dialog.trial.text() == "14"
    longest = max_trial_days(START, END)
    type_into(qtbot, dialog.trial, str(longest + 1))
    assert f"Période d'essai : {longest} jours au plus pour ce contrat (L1242-10" in (
        dialog.messages
    )
    assert not dialog.ok_button.isEnabled()
    type_into(qtbot, dialog.trial, "dix")
    assert "Période d'essai : « dix » n'est pas un nombre de jours." in dialog.messages
    assert not dialog.ok_button.isEnabled()
    dialog.accept()  # refused: nothing saved, the dialog stays
    assert dialog.isVisible() and _state(database) == before

    type_into(qtbot, dialog.trial, "10")
    assert dialog.messages == "", dialog.messages
    assert (
        f"Période d'essai : elle finit le {format_date(START + 9 * DAY)} (avant : "
        f"{format_date(START + 13 * DAY)}), déjà passée."
    ) in dialog.consequences.text.splitlines(), dialog.consequences.text
    _save(qtbot, dialog)
    with database.reading() as session:
        assert session.get(m.Contract, running["contract"]).trial_days == 10
    (line,) = _history_lines(file)
    assert line[2] == "Correction — contrat"
    assert "période d'essai : 14 → 10 jour(s)" in line[3]
    assert _previous(file) == (
        "Avant : Période d'essai (jours) : 14\nAprès : Période d'essai (jours) : 10"
    )


def test_correct_the_workshop_its_team_follows(qtbot, ctx, database, running) -> None:
    file = _file(qtbot, ctx, running["person"])
    assert "Nettoyage — Équipe Nettoyage" in file.facts_label.text()
    dialog = _dialog(qtbot, file)
    dialog.workshop.set_value(running["kitchen_workshop"])
    # The workshop's only team is chosen: the person's grid and sign-in sheets are its.
    assert dialog.team.value() == running["kitchen"]
    assert [dialog.team.itemText(i) for i in range(dialog.team.count())] == [
        "— aucune —",
        "Cuisine",
    ]
    lines = dialog.consequences.text.splitlines()
    assert (
        "Atelier : le contrat passe de l'atelier Nettoyage à l'atelier Restauration (ETP "
        "consommés et relevé mensuel de chaque atelier)." in lines
    ), lines
    assert (
        "Équipe : la personne passe de l'équipe Équipe Nettoyage à l'équipe Cuisine (grille "
        "d'heures, feuilles d'émargement)." in lines
    ), lines
    # No team: the hire's warning, to tick before saving.
    dialog.team.set_value(None)
    assert "aucune équipe choisie" in dialog.messages
    assert not dialog.acknowledge.isHidden() and not dialog.ok_button.isEnabled()
    dialog.team.set_value(running["kitchen"])
    assert dialog.messages == "", dialog.messages
    _save(qtbot, dialog)
    with database.reading() as session:
        row = session.get(m.Contract, running["contract"])
        assert (row.workshop_id, row.team_id) == (running["kitchen_workshop"], running["kitchen"])
    # The file's header names where the person works now, without reopening the file.
    assert "Restauration — Cuisine" in file.facts_label.text(), file.facts_label.text()
    (line,) = _history_lines(file)
    assert "atelier : Nettoyage → Restauration ; équipe : Équipe Nettoyage → Cuisine" in line[3]
    before, after = _previous(file).splitlines()
    assert before == "Avant : Atelier : Nettoyage ; Équipe : Équipe Nettoyage"
    assert after == "Après : Atelier : Restauration ; Équipe : Cuisine"
    # The contracts tab's timeline reads the corrected workshop at once.
    tab = file.tab("contracts")
    details = [tab.model.row(r).detail for r in range(tab.model.rowCount())]
    assert any(d.endswith("essai 14 jours — Restauration / Cuisine") for d in details), details


def test_correct_the_signature_date_late_is_warned_future_refused(
    qtbot, ctx, database, running
) -> None:
    file = _file(qtbot, ctx, running["person"])
    dialog = _dialog(qtbot, file)
    assert dialog.signed_on.text() == format_date(SIGNED)
    type_into(qtbot, dialog.signed_on, format_date(TODAY + DAY))
    assert dialog.error_labels["signed_on"].text() == (
        f"Signé le : la date est postérieure à aujourd'hui ({format_date(TODAY)})."
    )
    assert not dialog.ok_button.isEnabled()
    late = START + 10 * DAY  # two jours ouvrables are four calendar days at most here
    type_into(qtbot, dialog.signed_on, format_date(late))
    warning = dialog.error_labels["signed_on"].text()
    assert warning.startswith(  # a warning, marked as such
        f"⚠ Signé le : plus de deux jours ouvrables après l'embauche du {format_date(START)}"
    ), warning
    assert "(L1242-13)" in warning
    assert not dialog.acknowledge.isHidden() and not dialog.ok_button.isEnabled()
    dialog.acknowledge.click()
    _save(qtbot, dialog)
    with database.reading() as session:
        assert session.get(m.Contract, running["contract"]).signed_on == late
    (line,) = _history_lines(file)
    assert f"signé le : {format_date(SIGNED)} → {format_date(late)}" in line[3]
    assert "avertissements acceptés : signed_after_handover" in line[3]
    assert _previous(file).splitlines()[0] == f"Avant : Signé le : {format_date(SIGNED)}"


def test_the_header_follows_an_end_date_corrected(qtbot, ctx, database, running) -> None:
    file = _file(qtbot, ctx, running["person"])
    assert f"en contrat jusqu'au {format_date(END)}" in file.facts_label.text()
    dialog = _dialog(qtbot, file)
    new_end = END + 20 * DAY
    type_into(qtbot, dialog.end, format_date(new_end))
    if not dialog.acknowledge.isHidden():
        dialog.acknowledge.click()
    _save(qtbot, dialog)
    assert f"en contrat jusqu'au {format_date(new_end)}" in file.facts_label.text()


def test_end_then_cancel_an_exit_and_read_avant_apres(qtbot, ctx, database, running) -> None:
    file = _file(qtbot, ctx, running["person"])
    tab = file.tab("contracts")
    qtbot.mouseClick(tab.end_button, Qt.MouseButton.LeftButton)
    end = tab.dialog
    assert isinstance(end, EndDialog)
    yesterday = TODAY - DAY
    type_into(qtbot, end.end, format_date(yesterday))
    end.end_reason.set_value(EndReason.HIRED_ELSEWHERE)
    end.exit_reason.set_value(ExitReason.CDI)
    if not end.acknowledge.isHidden():
        end.acknowledge.click()
    _save(qtbot, end)
    assert f"Sorti(e) le {format_date(yesterday)}".lower() in file.facts_label.text().lower()

    tab.table.selectRow(0)
    qtbot.mouseClick(tab.cancel_exit_button, Qt.MouseButton.LeftButton)
    cancel = tab.dialog
    assert isinstance(cancel, CancelExitDialog)
    type_into(qtbot, cancel.reason, "Sortie saisie par erreur")
    _save(qtbot, cancel)
    assert f"en contrat jusqu'au {format_date(END)}" in file.facts_label.text()
    (line,) = _history_lines(file)
    assert line[2] == "Annulation — sortie"
    assert line[4] == "Sortie saisie par erreur"
    before, after = _previous(file).splitlines()
    assert before == (
        f"Avant : Fin effective : {format_date(yesterday)} ; Motif de fin : Embauche en CDI ou "
        "CDD de 6 mois ou plus, ou formation ; Motif de sortie : Embauche en CDI non aidé"
    ), before
    assert after == "Après : Fin effective : — ; Motif de fin : — ; Motif de sortie : —", after


def test_the_reprint_after_a_trial_signature_and_workshop_correction(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        ids = fx.build(session)
        kitchen = session.scalars(select(m.Team).where(m.Team.name == "Cuisine")).one()
        kitchen_ids = kitchen.workshop_id, kitchen.id

    def reprint() -> str:
        request = DocumentRequest(DocumentKind.CONTRACT, contract_id=ids.cddi_contract)
        return flat(ctx.run(documents.generate, request, today=fx.TODAY).pdf)

    first = reprint()
    assert "Exemplaire n° 1" in first
    assert "période d'essai de 14 jours" in first, first
    assert "le 02/01/2026, en deux exemplaires" in first
    assert "l'atelier « Nettoyage »" in first
    file = _file(qtbot, ctx, ids.elodie)
    dialog = _dialog(qtbot, file)
    assert dialog.contract.id == ids.cddi_contract
    type_into(qtbot, dialog.trial, "10")
    type_into(qtbot, dialog.signed_on, "06/01/2026")  # Monday's hire: by Wednesday 7
    dialog.workshop.set_value(kitchen_ids[0])
    assert dialog.team.value() == kitchen_ids[1]
    assert "Motif de la correction : obligatoire, le contrat a déjà été imprimé." in (
        dialog.messages
    )
    type_into(qtbot, dialog.reason, "Contrat signe en cuisine")
    if not dialog.acknowledge.isHidden():
        dialog.acknowledge.click()
    _save(qtbot, dialog)
    notice = file.tab("contracts").notice_label
    assert not notice.isHidden() and "numéro d'exemplaire suivant" in notice.text()
    again = reprint()
    assert "Exemplaire n° 2 — Duplicata" in again
    assert "période d'essai de 10 jours" in again and "14 jours" not in again
    assert "le 06/01/2026, en deux exemplaires" in again and "02/01/2026" not in again
    assert "l'atelier « Restauration »" in again and "équipe « Cuisine »" in again


def test_a_trial_at_the_maximum_follows_the_end_typed_one_typed_stays(
    qtbot, ctx, database, running
) -> None:
    longest = max_trial_days(START, END)
    with database.transaction() as session:
        session.get(m.Contract, running["contract"]).trial_days = longest
    file = _file(qtbot, ctx, running["person"])
    dialog = _dialog(qtbot, file)
    assert dialog.trial.text() == str(longest)
    assert dialog.trial_hint.text() == f"jours (au plus {longest})"
    longer = START + 300 * DAY  # beyond six months: one month at most (L1242-10)
    type_into(qtbot, dialog.end, format_date(longer))
    month = max_trial_days(START, longer)
    assert month > 14
    assert (dialog.trial.text(), dialog.trial_hint.text()) == (
        str(month),
        f"jours (au plus {month})",
    )
    type_into(qtbot, dialog.trial, "9")
    type_into(qtbot, dialog.end, format_date(longer + 10 * DAY))
    assert dialog.trial.text() == "9"  # typed by the user: the dates no longer move it
    if not dialog.acknowledge.isHidden():
        dialog.acknowledge.click()
    _save(qtbot, dialog)
    with database.reading() as session:
        row = session.get(m.Contract, running["contract"])
        assert (row.trial_days, row.end_date) == (9, longer + 10 * DAY)
