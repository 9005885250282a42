"""Nothing typed or stored is dropped without a question: the day sheet over a month entered
as a total, and the grid's « Annuler les modifications »; real message boxes, clicked."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from chantier_app.db import models as m
from chantier_app.ui.hours.day_dialog import DaySheetDialog
from chantier_app.ui.hours.page import HoursPage
from tests.ui.hours.hours_ui_helpers import MARCH, activate, go_to, make_contracts, press, type_text
from tests.ui.safety.dialog_helpers import Answers
from tests.ui.support.support_gui import on_next_dialog

GRID_WORKED, DAY_WORKED = 4, 1
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def contracts(ctx) -> dict[str, int]:
    return make_contracts(ctx)


@pytest.fixture
def page(qtbot, ctx, contracts) -> HoursPage:
    page = HoursPage(ctx, None, MARCH)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    activate(qtbot, page)
    page.on_shown()
    return page


def stored(ctx, contract_id: int) -> tuple[int, bool, int]:
    """(worked minutes, from the days?, number of days stored) of March."""
    with ctx.database.reading() as session:
        row = session.scalars(
            sa.select(m.MonthlyHours).where(m.MonthlyHours.contract_id == contract_id)
        ).one()
        days = session.scalar(
            sa.select(sa.func.count()).where(m.DailyAttendance.contract_id == contract_id)
        )
        return row.worked_minutes, row.from_daily, int(days or 0)


def type_month_total(qtbot, page: HoursPage) -> None:
    """DURAND's March typed as a total in the grid, saved (its CDDI warning acknowledged)."""
    view = page.entry.view
    go_to(view, 0, GRID_WORKED)
    type_text(qtbot, view, "32,25")
    press(qtbot, view, Qt.Key.Key_Return)
    answers = Answers(YES)
    qtbot.mouseClick(page.entry.save_button, Qt.MouseButton.LeftButton)
    answers.timer.stop()
    assert page.entry.status.text() == "Enregistré : 1 ligne(s) modifiée(s)."
    go_to(view, 0, GRID_WORKED)


def open_day_sheet(qtbot, page: HoursPage, act) -> list[str]:
    """« Feuille d'émargement… » on the selected row; ``act`` drives the dialog."""
    seen: list[str] = []

    def handler(dialog: QDialog) -> None:
        assert isinstance(dialog, DaySheetDialog)
        activate(qtbot, dialog)  # keys go where the user's keyboard would send them
        seen.append(dialog.findChild(type(dialog.status), "dayHeading").text())
        act(dialog)
        seen.append(dialog.status.text())

    on_next_dialog(handler)
    qtbot.mouseClick(page.entry.day_sheet, Qt.MouseButton.LeftButton)
    return seen


def test_enregistrer_on_an_empty_day_sheet_keeps_the_month_entered_as_a_total(
    qtbot, ctx, contracts, page
) -> None:
    type_month_total(qtbot, page)
    assert stored(ctx, contracts["durand"]) == (1935, False, 0)

    def save_as_is(dialog: DaySheetDialog) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # the default button
        assert dialog.result() == QDialog.DialogCode.Accepted

    seen = open_day_sheet(qtbot, page, save_as_is)
    assert "Ce mois a été saisi en total : 32,25 h." in seen[0]
    assert stored(ctx, contracts["durand"]) == (1935, False, 0)  # not wiped to 0
    assert page.entry.model.index(0, GRID_WORKED).data() == "32,25"


def test_days_replace_a_month_entered_as_a_total_only_once_confirmed(
    qtbot, ctx, contracts, page
) -> None:
    type_month_total(qtbot, page)
    answers = Answers(NO)

    def type_a_day_then_save(dialog: DaySheetDialog) -> None:
        go_to(dialog.view, 1, DAY_WORKED)  # Monday 2 March
        type_text(qtbot, dialog.view, "7")
        press(qtbot, dialog.view, Qt.Key.Key_Return)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()  # « Non »: the sheet stays open, its day still typed
        assert dialog.model.index(1, DAY_WORKED).data() == "7"

    seen = open_day_sheet(qtbot, page, type_a_day_then_save)
    assert answers.done()
    _title, question = answers.seen[0]
    assert (
        "Mars 2026 a été saisi en total (32,25 h) : ce total sera remplacé par la somme "
        "des jours (7 h)." in question
    )
    assert seen[-1] == "Rien n'a été enregistré."
    assert stored(ctx, contracts["durand"]) == (1935, False, 0)

    answers = Answers(YES)

    def confirm(dialog: DaySheetDialog) -> None:
        go_to(dialog.view, 1, DAY_WORKED)
        type_text(qtbot, dialog.view, "7")
        press(qtbot, dialog.view, Qt.Key.Key_Return)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == QDialog.DialogCode.Accepted

    open_day_sheet(qtbot, page, confirm)
    assert answers.done() and "(32,25 h)" in answers.seen[0][1]
    assert stored(ctx, contracts["durand"]) == (420, True, 1)


def test_annuler_les_modifications_asks_and_non_keeps_the_typed_hours(
    qtbot, ctx, contracts, page
) -> None:
    view = page.entry.view
    go_to(view, 1, GRID_WORKED)
    type_text(qtbot, view, "50")
    press(qtbot, view, Qt.Key.Key_Return)
    go_to(view, 0, GRID_WORKED)
    type_text(qtbot, view, "12")  # still being typed when the button is clicked
    answers = Answers(NO)
    qtbot.mouseClick(page.entry.revert_button, Qt.MouseButton.LeftButton)
    assert answers.done()
    title, question = answers.seen[0]
    assert title == "Annuler les modifications"
    assert question.startswith("Abandonner les heures modifiées de 2 ligne(s) en mars 2026 ?")
    assert page.entry.is_dirty()
    assert page.entry.model.index(1, GRID_WORKED).data() == "50"
    assert page.entry.model.index(0, GRID_WORKED).data() == "12"

    answers = Answers(YES)
    qtbot.mouseClick(page.entry.revert_button, Qt.MouseButton.LeftButton)
    assert answers.done() and not page.entry.is_dirty()
    assert page.entry.model.index(1, GRID_WORKED).data() in ("", "0")
    with ctx.database.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(m.MonthlyHours)) == 0


def test_annuler_les_modifications_without_changes_asks_nothing(qtbot, page) -> None:
    answers = Answers(YES)
    qtbot.mouseClick(page.entry.revert_button, Qt.MouseButton.LeftButton)
    answers.timer.stop()
    assert answers.seen == [] and not page.entry.is_dirty()
