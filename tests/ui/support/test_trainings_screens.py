"""The Formations page and the person's Formations tab, used like the office would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton

from chantier_app.domain.codes.contract_codes import ContractKind
from chantier_app.domain.codes.support_codes import TrainingKind, TrainingResult
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.ui.trainings.page import TrainingsPage
from chantier_app.ui.trainings.person_tab import TrainingsTab
from tests import support_factory as f
from tests.ui.support.support_gui import TODAY, click_row, on_next_dialog, row_of


def _save(qtbot, dialog: QDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def _page(qtbot, ctx, nav) -> TrainingsPage:
    page = TrainingsPage(ctx, nav, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.on_shown()
    return page


def _new_session(qtbot, page: TrainingsPage) -> None:
    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.title_, "SST")
        qtbot.keyClicks(dialog.provider, "Croix-Rouge")
        dialog.kind.setCurrentIndex(dialog.kind.findData(TrainingKind.SAFETY))
        qtbot.keyClicks(dialog.start, "09/03/2026")
        qtbot.keyClicks(dialog.end, "10/03/2026")
        qtbot.keyClicks(dialog.duration, "14")
        _save(qtbot, dialog)

    on_next_dialog(fill)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)


def _enrol(qtbot, page: TrainingsPage, search: str) -> None:
    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.search, search)
        click_row(qtbot, dialog.people, 0)
        _save(qtbot, dialog)

    on_next_dialog(fill)
    qtbot.mouseClick(page.enrol_button, Qt.MouseButton.LeftButton)


def test_catalogue_enrolment_attendance_and_result(qtbot, qtmodeltester, world, nav) -> None:
    page = _page(qtbot, world.cip, nav)
    _new_session(qtbot, page)
    [session] = page.sessions.rows()
    assert (session.title, session.duration_minutes) == ("SST", 14 * 60)
    _enrol(qtbot, page, "lef")
    assert [e.person_name for e in page.enrolments.rows()] == ["LEFÈVRE Élodie"]
    enrolment = page.enrolments.rows()[0]
    refusals: list[str] = []

    def attend(dialog: QDialog) -> None:
        box = dialog.findChild(QLineEdit, f"minutes_{enrolment.id}")
        qtbot.keyClicks(box, "11")
        _save(qtbot, dialog)
        refusals.append(dialog.findChild(QLabel, f"error_minutes_{enrolment.id}").text())
        box.clear()
        qtbot.keyClicks(box, "7")
        _save(qtbot, dialog)

    on_next_dialog(attend)
    qtbot.mouseClick(page.attendance_button, Qt.MouseButton.LeftButton)
    assert refusals == ["LEFÈVRE Élodie : plus de 10 heures dans une journée."]
    assert page.enrolments.model().index(0, 2).data() == "7 h"

    click_row(qtbot, page.enrolments, 0)

    def result(dialog: QDialog) -> None:
        dialog.result.setCurrentIndex(dialog.result.findData(TrainingResult.OBTAINED))
        qtbot.keyClicks(dialog.certificate, "Certificat SST")
        _save(qtbot, dialog)

    on_next_dialog(result)
    qtbot.mouseClick(page.result_button, Qt.MouseButton.LeftButton)
    assert page.enrolments.model().index(0, 4).data() == "Certificat SST"
    for view in (page.sessions, page.enrolments):
        qtmodeltester.check(view.model_)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert nav.opened == [(world.person_id, "trainings")]


def test_person_tab_lists_trainings_and_edits_the_qualifying_exam(
    qtbot, database, world, nav
) -> None:
    with database.transaction() as session:
        person = f.person(session, "Keïta")
        qualifying = f.contract(
            session,
            person,
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            ContractKind.CDDI_QUALIFYING,
        )
        ids = (person.id, qualifying.id)
    training = world.cip.run(
        trainings.save_session,
        None,
        trainings.SessionInput(
            "HACCP", TrainingKind.SAFETY, dt.date(2026, 2, 2), dt.date(2026, 2, 4), "21"
        ),
    )
    world.cip.run(enrolments.enrol, training.id, ids[0])
    tab = TrainingsTab(world.cip, nav, ids[0])
    qtbot.addWidget(tab)
    tab.show()
    assert [e.session_title for e in tab.list.rows()] == ["HACCP"]
    assert tab.list.model().index(0, 4).data() == "0 h / 21 h"
    assert tab.qualifying_box.isVisible()

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.diploma, "TP Agent de restauration")
        qtbot.keyClicks(dialog.exam_date, "01/12/2026")
        dialog.exam_result.setCurrentIndex(dialog.exam_result.findData(TrainingResult.OBTAINED))
        _save(qtbot, dialog)

    on_next_dialog(fill)
    qtbot.mouseClick(
        tab.findChild(QPushButton, f"qualification_{ids[1]}"), Qt.MouseButton.LeftButton
    )
    texts = [label.text() for label in tab.qualifying_box.findChildren(QLabel)]
    assert "TP Agent de restauration" in texts and "01/12/2026" in texts and "Obtenu" in texts


def test_supervisor_enters_attendance_but_not_the_catalogue(qtbot, world, nav) -> None:
    world.cip.run(
        trainings.save_session,
        None,
        trainings.SessionInput(
            "SST", TrainingKind.SAFETY, dt.date(2026, 3, 9), dt.date(2026, 3, 10)
        ),
    )
    page = _page(qtbot, world.supervisor, nav)
    assert row_of(page.sessions, "SST") == 0
    assert not page.new_button.isVisible() and not page.enrol_button.isVisible()
    assert page.attendance_button.isVisible()


def test_an_empty_catalogue_says_what_to_do_and_opens_the_new_session(qtbot, world, nav) -> None:
    page = _page(qtbot, world.cip, nav)
    assert page.empty.isVisible()
    assert "Aucune session de formation pour l'instant" in page.empty.label.text()
    assert [b.text() for b in page.empty.buttons] == ["Nouvelle session…"]
    seen: list[str] = []

    def fill(dialog: QDialog) -> None:
        seen.append(dialog.windowTitle())
        qtbot.keyClicks(dialog.title_, "SST")
        qtbot.keyClicks(dialog.provider, "Croix-Rouge")
        dialog.kind.setCurrentIndex(dialog.kind.findData(TrainingKind.SAFETY))
        qtbot.keyClicks(dialog.start, "09/03/2026")
        qtbot.keyClicks(dialog.end, "10/03/2026")
        qtbot.keyClicks(dialog.duration, "14")
        _save(qtbot, dialog)

    on_next_dialog(fill)
    qtbot.mouseClick(page.empty.buttons[0], Qt.MouseButton.LeftButton)
    assert seen  # the new-session dialog opened
    assert [s.title for s in page.sessions.rows()] == ["SST"]
    assert not page.empty.isVisible()  # the catalogue holds a session now
    page.search.setText("zzzz")  # a search that finds nothing is not an empty catalogue
    page.refresh()
    assert not page.empty.isVisible()


def test_the_encadrant_is_told_who_creates_sessions_without_a_button(qtbot, world, nav) -> None:
    page = _page(qtbot, world.supervisor, nav)
    assert page.empty.isVisible()
    assert "La direction ou le CIP les crée" in page.empty.label.text()
    assert page.empty.buttons == []
