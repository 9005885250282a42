"""Correcting and cancelling an enrolment from the person's « Formations » tab, then
reading « Historique des modifications », as the office does."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.sessions import SessionInput
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.trainings.correction_dialogs import (
    CancelEnrolmentDialog,
    CorrectEnrolmentDialog,
)
from tests import support_factory as f
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.support.support_gui import click_row, on_next_dialog

D = dt.date


def _save(qtbot, dialog: QDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_correct_then_cancel_an_enrolment_and_read_the_history(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        person = f.person(session, "Lefèvre")
        f.contract(session, person, D(2026, 1, 1), D(2026, 6, 30))
        person_id = person.id
    sst = ctx.run(
        trainings.save_session,
        None,
        SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 10), "14"),
    )
    caces = ctx.run(
        trainings.save_session,
        None,
        SessionInput("CACES", TrainingKind.SAFETY, D(2026, 4, 13), D(2026, 4, 15), "21"),
    )
    late = ctx.run(
        trainings.save_session,
        None,
        SessionInput("Tri", TrainingKind.SAFETY, D(2026, 8, 3), D(2026, 8, 4), "14"),
    )
    ctx.run(enrolments.enrol, sst.id, person_id)
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.resize(1100, 800)
    file.show()
    file.load(person_id, "trainings")
    tab = file.tab("trainings")
    assert not tab.correct_button.isEnabled()  # no line picked yet
    click_row(qtbot, tab.list, 0)
    assert tab.correct_button.isEnabled() and tab.cancel_button.isEnabled()

    refusals: list[str] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, CorrectEnrolmentDialog)
        # A session after the contract: enrol's own refusal, the dialog stays open.
        dialog.session.setCurrentIndex(dialog.session.findData(late.id))
        _save(qtbot, dialog)
        refusals.append(dialog.errors._fields["session_id"][1].text())
        dialog.session.setCurrentIndex(dialog.session.findData(caces.id))
        type_into(qtbot, dialog.reason, "Mauvaise session")
        _save(qtbot, dialog)

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    assert refusals == [
        "Inscription : la personne n'a pas de contrat pendant les dates de la session."
    ]
    assert [e.session_title for e in tab.list.rows()] == ["CACES"]

    click_row(qtbot, tab.list, 0)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelEnrolmentDialog)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert any("Inscription à : CACES du 13/04/2026 au 15/04/2026" in t for t in texts)
        _save(qtbot, dialog)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert tab.list.rows() == []
    with database.reading() as session:
        assert session.scalars(select(m.Enrolment)).all() == []

    file.tabs.setCurrentIndex(file._keys.index("history"))
    model = file.tab("history").model
    lines = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert [line[2] for line in lines] == [
        "Annulation — inscription en formation",
        "Correction — inscription en formation",
    ]
    assert lines[0][3] == "inscription annulée : CACES du 13/04/2026 au 15/04/2026"
    assert lines[1][3].startswith("session : SST du 09/03/2026") and lines[1][4] == (
        "Mauvaise session"
    )
