"""« Annuler l'embauche… » as a user does it in the person's file: the dialog says what goes
with the contract before saving, asks a reason when the rules do, refuses in French with the
database unchanged; afterwards the header says « Sans contrat » and the history keeps it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.fr_format import format_date
from chantier_app.domain.hours_terms import month_start
from chantier_app.services import contracts
from chantier_app.services.context import AppContext
from chantier_app.services.contracts import ContractInput, RenewalInput
from chantier_app.services.hours import grid as hours
from chantier_app.services.hours.grid import MonthEntry
from chantier_app.ui.contracts.hire_cancellation_dialog import CancelHireDialog
from chantier_app.ui.person.file import PersonFile
from tests.contract_factories import add_person, add_workshop
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.contracts.test_event_corrections_ui import _history_lines
from tests.ui.fit_checks import cut_texts, too_large

TODAY = dt.date.today()  # the file's header speaks of today
START = TODAY - dt.timedelta(days=40)
LAST_MONTH = month_start(month_start(TODAY) - dt.timedelta(days=1))


def _file(qtbot, ctx, person: int) -> PersonFile:
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.show()
    file.load(person, "contracts")
    return file


@pytest.fixture
def hired(ctx: AppContext, database) -> tuple[int, int]:
    """A person hired 40 days ago on a CDDI (its milestones planned), hours entered last month."""
    with database.transaction() as session:
        person = add_person(session, pass_start=START - dt.timedelta(days=30))
        workshop, team = add_workshop(session)
    contract = ctx.run(
        contracts.hire,
        ContractInput(
            person, ContractKind.CDDI_REMOBILISING, START, START + dt.timedelta(days=180),
            workshop_id=workshop, team_id=team, job_title="Agent d'entretien",
            weekly_minutes=26 * 60,
        ),
    ).id  # fmt: skip
    ctx.run(
        hours.save_month,
        LAST_MONTH,
        [MonthEntry(contract, {HoursCategory.WORKED: "40"})],
        acknowledge_warnings=True,
    )
    return person, contract


def _open_cancel(qtbot, file: PersonFile) -> CancelHireDialog:
    tab = file.tab("contracts")
    assert tab.cancel_hire_button.text() == "Annuler l'embauche…"
    assert tab.cancel_hire_button.isEnabled()
    # click(): QTest's clicks carry made-up times, two on one button read as a double click.
    tab.cancel_hire_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, CancelHireDialog) and dialog.isVisible()
    QApplication.processEvents()
    return dialog


def _look(dialog: QDialog, name: str) -> None:
    """Save the dialog's picture when asked (CHANTIER_SCREENSHOTS=folder), to look at it."""
    folder = os.environ.get("CHANTIER_SCREENSHOTS")
    if folder:
        dialog.grab().save(str(Path(folder) / f"{name}.png"))


def test_cancel_a_hire_from_the_file_then_the_header_says_without_contract(
    qtbot, ctx, database, hired
) -> None:
    person, contract = hired
    file = _file(qtbot, ctx, person)
    assert "en contrat jusqu'au" in file.facts_label.text()
    dialog = _open_cancel(qtbot, file)
    assert dialog.windowTitle() == "Annuler l'embauche"
    assert dialog.ok_button.text() == "Confirmer l'annulation de l'embauche"
    assert f"du {format_date(START)}" in dialog.intro.text()
    # What goes with it, before saving: its milestones, its hours, the person left without.
    assert dialog.consequences.title() == "Ce que l'annulation change"
    lines = dialog.consequences.text.replace("\u00a0", " ").splitlines()
    assert any(line.startswith("Entretien d'accueil prévu le") for line in lines), lines
    assert any("(40 h) : gardées avec le contrat, comptées nulle part" in x for x in lines), lines
    assert lines[-1] == ("La personne n'a plus aucun contrat : son dossier dira « Sans contrat ».")
    assert too_large(dialog) is None and cut_texts(dialog) == []
    _look(dialog, "annuler-embauche")
    assert dialog.ok_button.isEnabled(), dialog.messages  # no reason needed: never printed
    type_into(qtbot, dialog.reason, "Saisi sur la mauvaise personne")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.messages

    assert "Sans contrat" in file.facts_label.text()
    tab = file.tab("contracts")
    assert tab.model.rowCount() == 0
    assert tab.hire_button.isEnabled() and not tab.cancel_hire_button.isEnabled()
    with database.reading() as session:
        assert session.get(m.Contract, contract) is None
        row = session.get(m.Contract, contract, execution_options=including_cancelled())
        assert row is not None and row.cancellation_reason == "Saisi sur la mauvaise personne"
    (line,) = _history_lines(file)
    assert line[2] == "Annulation — contrat"
    assert "embauche annulée : CDDI chantier remobilisant" in line[3]


def test_a_printed_contract_asks_why_and_a_renewal_refuses_with_nothing_written(
    qtbot, ctx, database, hired
) -> None:
    person, contract = hired
    with database.transaction() as session:
        row = session.get(m.Contract, contract)
        assert row is not None
        row.print_count = 1
    file = _file(qtbot, ctx, person)
    dialog = _open_cancel(qtbot, file)
    assert dialog.error_labels["reason"].text() == (
        "Motif de l'annulation : obligatoire, le contrat a déjà été imprimé."
    )
    assert not dialog.ok_button.isEnabled()
    before = dump(database)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter does not save either
    assert dialog.isVisible() and dump(database) == before
    type_into(qtbot, dialog.reason, "Jamais signe")
    assert dialog.ok_button.isEnabled(), dialog.messages
    dialog.reject()

    # Renewed since: the renewal is cancelled first, the dialog says which.
    ctx.run(
        contracts.renew,
        RenewalInput(contract, START + dt.timedelta(days=300), signed_on=TODAY),
        acknowledge=("renewal_without_review",),
    )
    file.tab("contracts").refresh()
    dialog = _open_cancel(qtbot, file)
    type_into(qtbot, dialog.reason, "Jamais signe")
    assert not dialog.ok_button.isEnabled()
    assert (
        f"Annulation de l'embauche : l'avenant n° 1 (renouvellement, du "
        f"{format_date(START + dt.timedelta(days=181))}) en dépend ; annulez-le d'abord."
    ) in dialog.messages
    _look(dialog, "annuler-embauche-refus")
    before = dump(database)
    dialog.accept()  # even forced, nothing is saved
    assert dialog.isVisible() and dump(database) == before
    assert "en contrat jusqu'au" in file.facts_label.text()
