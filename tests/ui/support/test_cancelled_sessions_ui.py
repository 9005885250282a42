"""« Afficher les sessions annulées » on the Formations page: a session nobody was enrolled in,
cancelled from the page, comes back greyed when the box is ticked, marked « Annulée le … »
with its reason, and only its « Historique… » opens (its versions are of no one's file: the
page is the one place to read them)."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.services.trainings import sessions as trainings
from chantier_app.ui.format import format_date
from chantier_app.ui.trainings.columns import CANCELLED_COLUMN, GREY
from chantier_app.ui.trainings.correction_dialogs import CancelSessionDialog, SessionHistoryDialog
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.fit_checks import cut_texts
from tests.ui.support.support_gui import click_row, on_next_dialog, row_of
from tests.ui.support.test_trainings_screens import _page

D = dt.date
SHOTS = os.environ.get("CHANTIER_SHOTS")  # a folder: the page is saved there to look at
WHY = "Session annulée : seul son historique peut être consulté."


def _titles(page) -> list[str]:
    model = page.sessions.model()
    return [model.index(r, 2).data() for r in range(model.rowCount())]


def test_a_cancelled_session_is_shown_greyed_and_its_history_opened(qtbot, world, nav) -> None:
    for title, start in (("CACES R489", D(2026, 4, 13)), ("SST", D(2026, 3, 9))):
        world.cip.run(
            trainings.save_session,
            None,
            trainings.SessionInput(title, TrainingKind.SAFETY, start, start, "7"),
        )
    page = _page(qtbot, world.cip, nav)
    page.resize(1280, 720)
    assert not page.show_cancelled.isChecked()  # off by default
    assert page.sessions.isColumnHidden(CANCELLED_COLUMN)
    click_row(qtbot, page.sessions, row_of(page.sessions, "CACES R489"))

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelSessionDialog)
        type_into(qtbot, dialog.reason, "Session reportee")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(page.cancel_session_button, Qt.MouseButton.LeftButton)
    today = format_date(dt.date.today())  # the cancellation is stamped now
    assert _titles(page) == ["SST"]

    # Ticked from the keyboard: Tab from the search box, then Space.
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    # The page's own focus widget: offscreen, the last dialog closed keeps the application's.
    assert page.focusWidget() is page.show_cancelled
    qtbot.keyClick(page.show_cancelled, Qt.Key.Key_Space)
    assert page.show_cancelled.isChecked()
    assert not page.sessions.isColumnHidden(CANCELLED_COLUMN)
    assert sorted(_titles(page)) == ["CACES R489", "SST"]
    row = row_of(page.sessions, "CACES R489")
    model = page.sessions.model()
    assert model.index(row, CANCELLED_COLUMN).data() == f"Annulée le {today}"
    assert model.index(row, CANCELLED_COLUMN).data(Qt.ItemDataRole.ToolTipRole) == (
        "Motif : Session reportee"
    )
    assert model.index(row, 2).data(Qt.ItemDataRole.ForegroundRole) == GREY
    live = row_of(page.sessions, "SST")
    assert model.index(live, CANCELLED_COLUMN).data() == ""
    assert model.index(live, 2).data(Qt.ItemDataRole.ForegroundRole) is None

    # The search and the sort still work over both.
    type_into(qtbot, page.search, "annul")  # QTest types ASCII only
    assert _titles(page) == ["CACES R489"]
    page.search.clear()
    page.sessions.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert _titles(page) == ["CACES R489", "SST"]
    page.sessions.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert _titles(page) == ["SST", "CACES R489"]

    click_row(qtbot, page.sessions, row_of(page.sessions, "CACES R489"))
    assert page.cancelled_line.isVisible()
    assert page.cancelled_line.text() == f"Session annulée le {today}. Motif : Session reportee"
    for button in (page.edit_button, page.cancel_session_button, page.enrol_button):
        assert not button.isEnabled()
        assert button.toolTip() == WHY
    assert page.history_button.isEnabled()
    # Nothing cut at 1280×720 with the « Annulation » column and the line shown.
    assert cut_texts(page) == []
    if SHOTS:
        page.grab().save(os.path.join(SHOTS, "trainings_cancelled_shown.png"))
    lines: list[list[str]] = []

    def read(dialog: QDialog) -> None:
        assert isinstance(dialog, SessionHistoryDialog)
        model = dialog.model
        lines.extend(
            [model.index(r, c).data() for c in range(2, model.columnCount())]
            for r in range(model.rowCount())
        )

    on_next_dialog(read)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    assert lines == [
        [
            "Annulation — session de formation",
            "session annulée : CACES R489 du 13/04/2026 au 13/04/2026",
            "Session reportee",
        ]
    ]

    # Back on the live one: its buttons are enabled again, the line gone.
    click_row(qtbot, page.sessions, row_of(page.sessions, "SST"))
    assert not page.cancelled_line.isVisible()
    assert page.edit_button.isEnabled() and page.edit_button.toolTip() == ""
    assert page.enrol_button.isEnabled()
    if SHOTS:
        page.grab().save(os.path.join(SHOTS, "trainings_cancelled_greyed.png"))
    # Unticked: the catalogue of live sessions again.
    qtbot.mouseClick(page.show_cancelled, Qt.MouseButton.LeftButton)
    assert _titles(page) == ["SST"]
    assert page.sessions.isColumnHidden(CANCELLED_COLUMN)


def test_a_double_click_on_a_cancelled_session_opens_nothing(qtbot, world, nav) -> None:
    made = world.cip.run(
        trainings.save_session,
        None,
        trainings.SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 9), "7"),
    )
    from chantier_app.services.trainings.session_corrections import cancel_session

    world.cip.run(cancel_session, made.id, "Doublon")
    page = _page(qtbot, world.cip, nav)
    qtbot.mouseClick(page.show_cancelled, Qt.MouseButton.LeftButton)
    assert _titles(page) == ["SST"]
    click_row(qtbot, page.sessions, 0, double=True)  # would open « Corriger… » on a live one
    qtbot.wait(50)
    assert page.sessions.selected() is not None and page.sessions.selected().cancelled
    assert page.empty.isHidden()
