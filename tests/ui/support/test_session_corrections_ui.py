"""Correcting a training session and cancelling one from the « Formations » page, then
reading its history and the enrolled person's « Historique des modifications », as the CIP
does; an invalid correction leaves the database as it was."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.services.trainings import attendance, enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.trainings.correction_dialogs import CancelSessionDialog, SessionHistoryDialog
from chantier_app.ui.trainings.dialogs import SessionDialog
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _history
from tests.ui.support.support_gui import on_next_dialog
from tests.ui.support.test_trainings_screens import _page

D = dt.date
SHOTS = os.environ.get("CHANTIER_SHOTS")  # a folder: the dialogs are saved there to look at


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def _sst(world) -> tuple[int, int]:
    """The SST of 9-11 March, Élodie enrolled."""
    sst = world.cip.run(
        trainings.save_session,
        None,
        trainings.SessionInput(
            "SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 11), "14", "Croix-Rouge"
        ),
    )
    enrolment = world.cip.run(enrolments.enrol, sst.id, world.person_id)
    return sst.id, enrolment.id


def test_correct_a_session_then_read_both_histories(qtbot, world, nav) -> None:
    _sst_id, enrolment_id = _sst(world)
    world.cip.run(attendance.record_day, _sst_id, D(2026, 3, 9), {enrolment_id: "7"})
    page = _page(qtbot, world.cip, nav)
    page.resize(1280, 720)
    assert page.edit_button.text() == "Corriger…"
    seen: list[tuple[str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, SessionDialog)
        _fits(dialog)
        save = dialog.save_button
        seen.append((dialog.messages, save.isEnabled()))  # as it opens: nothing changed
        before = dump(world.cip.database)
        type_into(qtbot, dialog.start, "10/03/2026")  # the 9th has attendance
        seen.append((dialog.messages, save.isEnabled()))
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # disabled: nothing written
        assert dump(world.cip.database) == before
        type_into(qtbot, dialog.start, "09/03/2026")
        type_into(qtbot, dialog.provider, "AFPA")
        seen.append((dialog.messages, save.isEnabled()))
        type_into(qtbot, dialog.reason, "Mauvais organisme")
        seen.append((dialog.messages, save.isEnabled()))
        _shot(dialog, "session_correction")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen.append(("accepted", dialog.result() == QDialog.DialogCode.Accepted))

    on_next_dialog(correct)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert seen == [
        ("Correction : rien n'a changé.", False),
        (
            "Dates : des présences sont déjà saisies en dehors de ces dates (le 09/03/2026) ; "
            "effacez-les d'abord sur la feuille de présence.\n"
            "Motif de la correction : obligatoire, des présences sont saisies.",
            False,
        ),
        ("Motif de la correction : obligatoire, des présences sont saisies.", False),
        ("", True),
        ("accepted", True),
    ]
    assert [s.provider for s in page.sessions.rows()] == ["AFPA"]  # the list refreshed
    _shot(page, "trainings_page")
    lines: list[list[str]] = []

    def read(dialog: QDialog) -> None:
        assert isinstance(dialog, SessionHistoryDialog)
        model = dialog.model
        lines.extend(
            [model.index(r, c).data() for c in range(2, model.columnCount())]
            for r in range(model.rowCount())
        )
        _shot(dialog, "session_history")

    on_next_dialog(read)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    expected = [
        "Correction — session de formation",
        "session « SST » : organisme : Croix-Rouge → AFPA",
        "Mauvais organisme",
    ]
    assert lines == [expected]
    file = PersonFile(world.cip, nav)
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(world.person_id, "trainings")
    assert [line[2:] for line in _history(file)] == [expected]


def test_cancel_a_session_refused_with_attendance_then_cancelled(qtbot, world, nav) -> None:
    sst_id, enrolment_id = _sst(world)
    world.cip.run(attendance.record_day, sst_id, D(2026, 3, 9), {enrolment_id: "7"})
    page = _page(qtbot, world.cip, nav)
    page.resize(1280, 720)
    seen: list[tuple[str, bool]] = []

    def refused(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelSessionDialog)
        _fits(dialog)
        type_into(qtbot, dialog.reason, "Doublon")
        seen.append((dialog.messages, dialog.save_button.isEnabled()))
        _shot(dialog, "session_cancel_refused")

    on_next_dialog(refused)
    qtbot.mouseClick(page.cancel_session_button, Qt.MouseButton.LeftButton)
    assert seen[0][0].startswith("Session : des présences sont déjà saisies (le 09/03/2026)")
    assert not seen[0][1]
    world.cip.run(attendance.record_day, sst_id, D(2026, 3, 9), {enrolment_id: ""})

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelSessionDialog)
        seen.append((dialog.messages, dialog.save_button.isEnabled()))
        type_into(qtbot, dialog.reason, "Doublon")
        seen.append((dialog.messages, dialog.save_button.isEnabled()))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(page.cancel_session_button, Qt.MouseButton.LeftButton)
    assert seen[1:] == [
        ("Motif de l'annulation : obligatoire, des salariés y sont inscrits.", False),
        ("", True),
    ]
    assert page.sessions.rows() == []  # the catalogue refreshed
    assert page.empty.isVisible()
    file = PersonFile(world.cip, nav)
    qtbot.addWidget(file)
    file.show()
    file.load(world.person_id, "trainings")
    assert [line[2:] for line in _history(file)] == [
        [
            "Annulation — session de formation",
            "session annulée : SST du 09/03/2026 au 11/03/2026 (inscription comprise)",
            "Doublon",
        ]
    ]
