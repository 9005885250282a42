"""A training session or an enrolment saved by another office while its dialog was open here:
the save from the dialog is refused in French above its buttons (who saved, at what time),
the other office's values kept (issue 21, several writers)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.domain.codes.support_codes import EnrolmentStatus, TrainingKind, TrainingResult
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.enrolments import ResultInput
from chantier_app.services.trainings.session_corrections import SessionCorrection, correct_session
from chantier_app.services.trainings.sessions import SessionInput
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.trainings.correction_dialogs import (
    CancelEnrolmentDialog,
    CorrectEnrolmentDialog,
)
from chantier_app.ui.trainings.dialogs import ResultDialog, SessionDialog
from tests import support_factory as f
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.other_office import stale_text
from tests.ui.support.support_gui import click_row, on_next_dialog
from tests.ui.support.test_enrolment_corrections_ui import _save

D = dt.date


def _catalogue(ctx, database) -> tuple[int, trainings.SessionView, trainings.SessionView]:
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
    return person_id, sst, caces


def test_a_session_changed_elsewhere_is_not_overwritten_from_its_dialog(
    qtbot, ctx, database, other_office
) -> None:
    _person, sst, _caces = _catalogue(ctx, database)
    dialog = SessionDialog(ctx, sst)
    qtbot.addWidget(dialog)
    dialog.show()
    # Another office moves the session to the Tuesday while the dialog is open.
    other_office.run(
        correct_session,
        SessionCorrection(
            sst.id,
            SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 10), D(2026, 3, 11), "14"),
            "Salle prise le lundi",
        ),
        expected_version=sst.version,
    )
    type_into(qtbot, dialog.title_, "SST recyclage")
    type_into(qtbot, dialog.reason, "Intitule precise")
    _save(qtbot, dialog)
    refusal = stale_text(ctx, "training_session", sst.id)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")
    assert dialog.isVisible() and dialog.general_error.text() == refusal
    (now,) = [s for s in ctx.read(trainings.list_sessions) if s.id == sst.id]
    assert (now.title, now.start_date, now.version) == ("SST", D(2026, 3, 10), sst.version + 1)


def test_an_enrolment_changed_elsewhere_refuses_the_stale_result_correction_and_cancellation(
    qtbot, ctx, database, other_office
) -> None:
    person_id, sst, caces = _catalogue(ctx, database)
    enrolment = ctx.run(enrolments.enrol, sst.id, person_id)
    result = ResultDialog(ctx, enrolment)
    qtbot.addWidget(result)
    result.show()
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.resize(1100, 800)
    file.show()
    file.load(person_id, "trainings")
    tab = file.tab("trainings")
    click_row(qtbot, tab.list, 0)
    # Another office records that the person completed the session.
    other_office.run(
        enrolments.record_result,
        enrolment.id,
        ResultInput(EnrolmentStatus.COMPLETED, TrainingResult.NOT_APPLICABLE, None, D(2026, 3, 10)),
        expected_version=enrolment.version,
    )
    refusal = stale_text(ctx, "enrolment", enrolment.id)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")

    result.status.setCurrentIndex(result.status.findData(EnrolmentStatus.ABANDONED))
    _save(qtbot, result)
    assert result.isVisible() and result.general_error.text() == refusal
    seen: list[str] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, CorrectEnrolmentDialog)
        dialog.session.setCurrentIndex(dialog.session.findData(caces.id))
        type_into(qtbot, dialog.reason, "Mauvaise session")
        _save(qtbot, dialog)
        seen.append(dialog.general_error.text())

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelEnrolmentDialog)
        type_into(qtbot, dialog.reason, "Inscrite par erreur")
        _save(qtbot, dialog)
        seen.append(dialog.general_error.text())

    click_row(qtbot, tab.list, 0)
    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert seen == [refusal, refusal]
    now = ctx.read(enrolments.get_enrolment, enrolment.id)
    assert (now.session_id, now.status, now.version) == (
        sst.id,
        EnrolmentStatus.COMPLETED,
        enrolment.version + 1,
    )
