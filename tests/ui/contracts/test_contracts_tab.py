"""The Contracts tab of a person, used like a user: buttons, typing, ticking, saving."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import (
    ContractKind,
    DerogationKind,
    EndReason,
    ExtensionReason,
    SuspensionReason,
)
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.services.contracts import events as contracts_events
from chantier_app.services.contracts.events import EndInput
from chantier_app.ui.contracts.dialogs import EndDialog, HoursDialog, RenewDialog, SuspendDialog
from chantier_app.ui.contracts.hire_dialog import HireDialog
from chantier_app.ui.contracts.person_tab import ContractsTab
from tests.contract_factories import add_contract, add_person, add_review, add_workshop

D = dt.date
TODAY = D(2026, 6, 10)


class Nav:
    def __init__(self) -> None:
        self.opened: list[tuple[int, str | None]] = []

    def show_page(self, key: str) -> None:
        pass

    def open_person(self, person_id: int, tab: str | None = None) -> None:
        self.opened.append((person_id, tab))


def type_into(qtbot, field: QLineEdit, text: str) -> None:
    """Select what the field holds and type over it, as a user does."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def open_tab(qtbot, ctx, person: int) -> ContractsTab:
    tab = ContractsTab(ctx, Nav(), person, today=TODAY)
    qtbot.addWidget(tab)
    tab.show()
    return tab


def timeline(tab: ContractsTab) -> list[str]:
    return [f"{r.event} | {r.detail}" for r in tab.model.rows()]


@pytest.fixture
def running(database) -> tuple[int, int]:
    """A person in a 6-month CDDI since 1 January 2026, with a review done on 20 May."""
    with database.transaction() as session:
        person = add_person(session)
        contract = add_contract(session, person, D(2026, 1, 1), D(2026, 6, 30))
        add_review(session, person, D(2026, 5, 20))
    return person, contract


def test_timeline_model_passes_qt_checks(qtbot, qtmodeltester, ctx, running) -> None:
    tab = open_tab(qtbot, ctx, running[0])
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)
    assert timeline(tab) == [
        "Embauche | du 01/01/2026 au 30/06/2026, 26 h par semaine, essai 14 jours",
        "Fin prévue | dans 20 jours",
    ]
    # The contract is named by its first day, never by the database's number (« n° 44 »).
    column = next(
        c
        for c in range(tab.proxy.columnCount())
        if tab.proxy.headerData(c, Qt.Orientation.Horizontal) == "Contrat"
    )
    names = {tab.proxy.index(r, column).data() for r in range(tab.proxy.rowCount())}
    assert names == {"CDDI chantier remobilisant du 01/01/2026"}
    assert tab.path.text() == (
        "<b>Parcours en CDDI</b> : 5 mois et 10 jours réalisés sur 24 mois (60 au plus avec "
        "un motif) ; limite des 24 mois le 31/12/2027 ; 6 mois avec les contrats prévus."
    )


def test_renew_a_contract_through_the_dialog(qtbot, ctx, database, running) -> None:
    person, contract = running
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.renew_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, RenewDialog) and dialog.isVisible()
    type_into(qtbot, dialog.new_end, "31/12/2026")
    type_into(qtbot, dialog.notes, "Projet en construction")
    assert dialog.messages == ""
    assert dialog.ok_button.isEnabled() and not dialog.acknowledge.isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert row.end_date == D(2026, 12, 31)
        [amendment] = row.amendments
        assert (amendment.number, amendment.reason) == (1, "Projet en construction")
    assert "Avenant n° 1 : renouvellement | fin repoussée du 30/06/2026 au 31/12/2026" in timeline(
        tab
    )


def test_illegal_renewal_is_blocked_with_its_message(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session, pass_days=1500)
        add_contract(
            session, person, D(2025, 1, 1), D(2025, 12, 31), actual_end_date=D(2025, 12, 31)
        )
        contract = add_contract(session, person, D(2026, 1, 1), D(2026, 6, 30))
        add_review(session, person, D(2026, 6, 1))
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.renew_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    type_into(qtbot, dialog.new_end, "01/01/2027")
    message = dialog.error_labels["new_end_date"].text()
    assert message == (
        "Nouvelle date de fin : la durée totale des CDDI successifs dépasserait 24 mois "
        "(le 31/12/2026) : au-delà, indiquez un motif de prolongation."
    )
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.new_end, Qt.Key.Key_Return)  # Enter does not save either
    assert dialog.isVisible()
    # The day before is legal: the message goes, the button comes back.
    type_into(qtbot, dialog.new_end, "31/12/2026")
    assert dialog.error_labels["new_end_date"].text() == "" and dialog.ok_button.isEnabled()
    # Beyond 24 months with a recorded reason (particular difficulties) is allowed.
    type_into(qtbot, dialog.new_end, "30/06/2027")
    assert not dialog.ok_button.isEnabled()
    dialog.reason.set_value(ExtensionReason.DIFFICULTIES)
    assert dialog.ok_button.isEnabled()
    dialog.reject()
    with database.reading() as session:
        assert session.get(m.Contract, contract).amendments == []


def test_a_warning_needs_the_box_ticked_and_is_recorded(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session)  # no review done: the renewal warns
        contract = add_contract(session, person, D(2026, 1, 1), D(2026, 6, 30))
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.renew_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert "⚠ Contrat : aucun bilan réalisé depuis le 10/04/2026" in dialog.messages
    assert dialog.acknowledge.isVisible() and not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.acknowledge, Qt.MouseButton.LeftButton)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with database.reading() as session:
        [amendment] = session.get(m.Contract, contract).amendments
        assert '"codes": ["renewal_without_review"]' in amendment.acknowledged_warnings


def test_hire_with_a_derogation_below_20_hours(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session)
        add_workshop(session)
    tab = open_tab(qtbot, ctx, person)
    assert tab.hire_button.isEnabled() and not tab.renew_button.isEnabled()
    qtbot.mouseClick(tab.hire_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, HireDialog)
    dialog.workshop.setCurrentIndex(1)  # Nettoyage: its only team is chosen too
    assert dialog.team.currentText() == "Équipe Nettoyage"
    type_into(qtbot, dialog.job_title, "Agent d'entretien")
    type_into(qtbot, dialog.start, "15/06/2026")
    assert dialog.end.text() == "14/12/2026"  # 6 months suggested
    type_into(qtbot, dialog.hours, "19,5")
    assert (
        dialog.error_labels["weekly_minutes"]
        .text()
        .startswith("Heures par semaine : moins de 20 h par semaine seulement avec une dérogation")
    )
    assert not dialog.ok_button.isEnabled()
    dialog.derogation.kind.set_value(DerogationKind.INDIVIDUAL)
    # The period the law allows at most (D5132-43-5), cut at the contract's end.
    assert (dialog.derogation.start.text(), dialog.derogation.end.text()) == (
        "15/06/2026",
        "14/12/2026",
    )
    dialog.derogation.end.setText("15/06/2027")  # twelve months and one day
    assert (
        dialog.error_labels["derogation_end"]
        .text()
        .startswith(
            "Fin de la dérogation : une dérogation individuelle est accordée pour douze mois au "
            "plus (D5132-43-5) : fin le 14/06/2027 au plus tard."
        )
    )
    assert not dialog.ok_button.isEnabled()
    dialog.derogation.end.setText("14/06/2027")
    dialog.derogation.reference.setText("Arrêté 2026-118")
    assert dialog.ok_button.isEnabled()
    assert dialog.trial.placeholderText() == "vide : maximum légal (14 jours)"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with database.reading() as session:
        contract = session.scalars(select(m.Contract)).one()
        assert (contract.weekly_minutes, contract.derogation, contract.trial_days) == (
            19 * 60 + 30,
            DerogationKind.INDIVIDUAL,
            14,
        )
        (period,) = contract.derogations
        assert (period.start_date, period.end_date, period.reference) == (
            dt.date(2026, 6, 15), dt.date(2027, 6, 14), "Arrêté 2026-118"
        )  # fmt: skip
    assert tab.renew_button.isEnabled() and not tab.hire_button.isEnabled()


def test_hiring_warns_without_a_team_and_starts_from_the_persons_team(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session)
        add_workshop(session, "Nettoyage")
        workshop, team = add_workshop(session, "Restauration")
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.hire_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert dialog.team.value() is None
    type_into(qtbot, dialog.start, "15/06/2026")
    assert "Atelier : aucune équipe choisie" in dialog.messages
    assert "Poste : non renseigné" in dialog.messages
    assert dialog.acknowledge.isVisible() and not dialog.ok_button.isEnabled()
    dialog.reject()

    with database.transaction() as session:
        session.get(m.Person, person).team_id = team  # set in the person's file
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.hire_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert (dialog.workshop.value(), dialog.team.value()) == (workshop, team)
    assert dialog.team.currentText() == "Équipe Restauration"
    type_into(qtbot, dialog.job_title, "Commis de cuisine")
    type_into(qtbot, dialog.start, "15/06/2026")
    assert "aucune équipe" not in dialog.messages and not dialog.acknowledge.isVisible()
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with database.reading() as session:
        contract = session.scalars(select(m.Contract)).one()
        assert (contract.team_id, contract.job_title) == (team, "Commis de cuisine")


def test_a_contract_without_team_nor_job_is_saved_once_the_warning_is_ticked(
    qtbot, ctx, database
) -> None:
    """The warning names what is missing and what follows; ticking it saves the contract
    and records the acknowledgement."""
    from chantier_app.services.contracts.views import read_acknowledgements

    with database.transaction() as session:
        person = add_person(session)
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.hire_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    type_into(qtbot, dialog.start, "15/06/2026")
    assert "ne sera dans la grille d'heures ni sur les feuilles d'émargement" in dialog.messages
    assert "le contrat imprimera « l'emploi de ………… »" in dialog.messages
    assert not dialog.ok_button.isEnabled()
    dialog.acknowledge.click()  # the box a user ticks
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with database.reading() as session:
        contract = session.scalars(select(m.Contract)).one()
        assert (contract.team_id, contract.job_title) == (None, None)
        codes = read_acknowledgements(contract.acknowledged_warnings)[0].codes
    assert {"contract_without_team", "contract_without_job"} <= set(codes)


def test_end_and_exit_through_the_dialog(qtbot, ctx, database, running) -> None:
    person, contract = running
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.end_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, EndDialog)
    type_into(qtbot, dialog.end, "31/05/2026")
    assert "choisissez le motif de la rupture" in dialog.messages
    dialog.end_reason.set_value(EndReason.HIRED_ELSEWHERE)
    assert "Motif de sortie : à choisir" in dialog.messages
    dialog.exit_reason.set_value(ExitReason.CDI)
    assert dialog.category.text() == "Emploi durable (sortie dynamique)"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert (row.actual_end_date, row.exit_reason) == (D(2026, 5, 31), ExitReason.CDI)
    assert (
        "Rupture anticipée | Embauche en CDI ou CDD de 6 mois ou plus, ou formation ; "
        "sortie : Embauche en CDI non aidé (Emploi durable)"
    ) in timeline(tab)
    assert not tab.end_button.isEnabled() and tab.hire_button.isEnabled()


def test_move_from_first_hours_to_cddi(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = add_person(session)
        workshop, team = add_workshop(session)
        first_hours = add_contract(
            session, person, D(2026, 3, 1), D(2026, 8, 31), ContractKind.FIRST_HOURS,
            workshop_id=workshop, team_id=team, job_title="Agent d'entretien",
        )  # fmt: skip
    tab = open_tab(qtbot, ctx, person)
    assert tab.move_button.isEnabled()
    qtbot.mouseClick(tab.move_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())] == [
        "CDDI chantier remobilisant",
        "CDDI chantier qualifiant",
    ]
    # The CDDI follows in the same team, on the same job.
    assert (dialog.team.value(), dialog.job_title.text()) == (team, "Agent d'entretien")
    type_into(qtbot, dialog.start, "01/07/2026")
    type_into(qtbot, dialog.hours, "24")
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    with database.reading() as session:
        ph = session.get(m.Contract, first_hours)
        assert (ph.actual_end_date, ph.end_reason) == (D(2026, 6, 30), EndReason.MOVE_TO_CDDI)
    rows = timeline(tab)
    assert rows[1].startswith("Fin des Premières Heures | Passage de Premières Heures en CDDI")
    assert rows[2].startswith("Passage en CDDI | du 01/07/2026 au 31/12/2026, 24 h par semaine")
    assert not tab.move_button.isEnabled()


def test_change_hours_and_suspend_through_their_dialogs(qtbot, ctx, database, running) -> None:
    person, contract = running
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.hours_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, HoursDialog) and dialog.hours.text() == "26"
    assert "Heures par semaine : identique à la durée actuelle." in dialog.messages
    type_into(qtbot, dialog.hours, "35,5")
    assert "35 h par semaine au plus (35,5 h demandées)" in dialog.messages
    type_into(qtbot, dialog.hours, "30")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert (
        "Avenant n° 1 : modification de la durée du travail | 26 h → 30 h par semaine"
        in timeline(tab)
    )

    qtbot.mouseClick(tab.suspend_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, SuspendDialog)
    dialog.reason.set_value(SuspensionReason.TRIAL_ELSEWHERE)
    assert "Autre employeur : indiquez l'employeur" in dialog.messages
    type_into(qtbot, dialog.employer, "Sodexo")
    type_into(qtbot, dialog.end, "19/06/2026")
    assert "Emploi proposé : le contrat n'est suspendu pour une période d'essai que si" in (
        dialog.messages
    )
    assert not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.offer, Qt.MouseButton.LeftButton)  # a CDI at Sodexo
    assert dialog.ok_button.isEnabled(), dialog.messages
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert (
        "Suspension : Période d'essai chez un autre employeur | du 10/06/2026 au 19/06/2026 — Sodexo"
    ) in timeline(tab)
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert row.weekly_minutes == 30 * 60 and len(row.suspensions) == 1


def test_dialog_stays_open_when_the_database_refuses(qtbot, ctx, database, running) -> None:
    person, contract = running
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.renew_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    type_into(qtbot, dialog.new_end, "31/12/2026")
    # Meanwhile, someone else ends the contract.
    ctx.run(
        contracts_events.end_contract,
        EndInput(contract, D(2026, 6, 5), EndReason.MUTUAL_AGREEMENT, ExitReason.JOBSEEKER),
    )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not dialog.ok_button.isEnabled()
    # The dialog's copy is older than the contract: reloaded first, whoever changed it.
    assert dialog.messages.startswith("Modifié par Système à ")
    assert dialog.messages.endswith(" : rechargez la fiche avant de modifier.")
    with database.reading() as session:
        assert session.get(m.Contract, contract).amendments == []
