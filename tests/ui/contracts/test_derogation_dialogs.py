"""The renewal dialog of a CDDI below 20 h: the months added need the derogation's
prolongation (D5132-43-5), typed in the same dialog and acknowledged after a review."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import DerogationKind
from chantier_app.ui.contracts.dialogs import HoursDialog, RenewDialog
from tests.contract_factories import add_contract, add_person, add_review
from tests.ui.contracts.test_contracts_tab import open_tab

D = dt.date
IND = DerogationKind.INDIVIDUAL


def _below_20(database) -> tuple[int, int]:
    with database.transaction() as session:
        person = add_person(session)
        contract = add_contract(
            session, person, D(2026, 1, 1), D(2026, 6, 30), weekly_minutes=19 * 60,
            derogation=IND, derogation_reference="Arrêté n° 12",
        )  # fmt: skip
        session.add(
            m.ContractDerogation(
                contract_id=contract, kind=IND, start_date=D(2026, 1, 1),
                end_date=D(2026, 6, 30), reference="Arrêté n° 12",
            )
        )  # fmt: skip
        add_review(session, person, D(2026, 6, 1))
    return person, contract


def test_renewal_below_20_hours_with_the_derogations_prolongation(qtbot, ctx, database) -> None:
    person, contract = _below_20(database)
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.renew_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, RenewDialog)
    fields = dialog.derogation
    # The next period is suggested: from the day after the last one to the new end.
    assert (fields.kind.value(), fields.start.text(), fields.end.text()) == (
        IND, "01/07/2026", "31/12/2026"
    )  # fmt: skip
    assert fields.reference.text() == "" and fields.reference.isEnabled()
    assert dialog.acknowledge.isVisible() and not dialog.ok_button.isEnabled()
    assert "possible seulement après un bilan de l'employeur" in dialog.messages
    fields.end.setText("30/11/2026")  # the new end is not covered any more
    assert (
        "Heures par semaine : 19 h par semaine le 01/12/2026 : ce jour n'est couvert par "
        "aucune période de dérogation enregistrée"
    ) in dialog.messages
    assert not dialog.ok_button.isEnabled()
    fields.end.setText("31/12/2026")
    fields.reference.setText("Arrêté n° 40")
    dialog.acknowledge.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.reading() as session:
        row = session.get(m.Contract, contract)
        assert row.end_date == D(2026, 12, 31)
        assert [(d.start_date, d.end_date, d.reference) for d in row.derogations] == [
            (D(2026, 1, 1), D(2026, 6, 30), "Arrêté n° 12"),
            (D(2026, 7, 1), D(2026, 12, 31), "Arrêté n° 40"),
        ]


def test_the_hours_dialog_shows_the_recorded_period(qtbot, ctx, database) -> None:
    person, _ = _below_20(database)
    tab = open_tab(qtbot, ctx, person)
    qtbot.mouseClick(tab.hours_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, HoursDialog)
    fields = dialog.derogation
    assert (fields.start.text(), fields.end.text(), fields.reference.text()) == (
        "01/01/2026", "30/06/2026", "Arrêté n° 12"
    )  # fmt: skip
    dialog.hours.setText("18")
    assert dialog.messages == "" and dialog.ok_button.isEnabled()
