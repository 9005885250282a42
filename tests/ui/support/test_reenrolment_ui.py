"""An enrolment cancelled by mistake from the person's « Formations » tab, then the person
enrolled again from the « Formations » page, as the office does: the cancelled row is kept
(issue 15) and is no obstacle to the new enrolment, a record of its own (unique among live
enrolments only, migration 0025)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.trainings.correction_dialogs import CancelEnrolmentDialog
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.support.support_gui import click_row, on_next_dialog
from tests.ui.support.test_trainings_screens import _enrol, _page, _save

D = dt.date


def test_a_person_cancelled_out_of_a_session_is_enrolled_again(qtbot, world, nav) -> None:
    sst = world.cip.run(
        trainings.save_session,
        None,
        trainings.SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 11), "14"),
    )
    first = world.cip.run(enrolments.enrol, sst.id, world.person_id).id
    file = PersonFile(world.cip, nav)
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(world.person_id, "trainings")
    tab = file.tab("trainings")
    click_row(qtbot, tab.list, 0)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelEnrolmentDialog)
        type_into(qtbot, dialog.reason, "Mauvaise personne")
        _save(qtbot, dialog)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert tab.list.rows() == []
    with world.cip.database.reading() as session:
        kept = session.get(m.Enrolment, first, execution_options=including_cancelled())
        assert kept is not None and kept.cancellation_reason == "Mauvaise personne"

    page = _page(qtbot, world.cip, nav)
    page.resize(1280, 720)
    click_row(qtbot, page.sessions, 0)
    assert page.enrolments.rows() == []
    _enrol(qtbot, page, "lef")  # she was the right person after all
    assert [e.person_name for e in page.enrolments.rows()] == ["LEFÈVRE Élodie"]
    (again,) = page.enrolments.rows()
    assert again.id != first  # a new enrolment: the cancelled one stays as it was
    with world.cip.database.reading() as session:
        kept = session.get(m.Enrolment, first, execution_options=including_cancelled())
        assert kept is not None and kept.cancellation_reason == "Mauvaise personne"
    file.load(world.person_id, "trainings")
    assert [e.session_title for e in file.tab("trainings").list.rows()] == ["SST"]
