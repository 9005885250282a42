"""The sign-in sheet refuses a seventh day worked in a civil week (L3132-1), live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.ui.hours import cells
from chantier_app.ui.hours.cells import ERROR
from chantier_app.ui.hours.day_dialog import DaySheetDialog
from tests.ui.hours.hours_ui_helpers import MARCH, activate, go_to, make_contracts, press, type_text

WORKED, TOTAL = 1, 7


@pytest.fixture
def yes(monkeypatch) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(cells, "confirm", lambda _p, _t, text: asked.append(text) or True)
    return asked


def test_seven_days_of_6_hours_are_red_then_six_are_saved(qtbot, ctx, yes) -> None:
    contract_id = make_contracts(ctx)["durand"]
    dialog = DaySheetDialog(ctx, contract_id, MARCH)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    model, view = dialog.model, dialog.view
    go_to(view, 1, WORKED)  # Monday 2 March
    for _ in range(7):  # to Sunday 8 March
        type_text(qtbot, view, "6")
        press(qtbot, view, Qt.Key.Key_Return)
    sunday = model.index(7, TOTAL)
    assert model.index(7, 0).data() == "dim. 08/03"
    assert sunday.data(Qt.ItemDataRole.BackgroundRole) == ERROR
    assert "7 jours travaillés, au plus 6 jours par semaine" in sunday.data(
        Qt.ItemDataRole.ToolTipRole
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Corrigez les cellules en rouge")
    go_to(view, 7, WORKED)
    type_text(qtbot, view, "0")
    press(qtbot, view, Qt.Key.Key_Return)
    assert sunday.data(Qt.ItemDataRole.BackgroundRole) != ERROR
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
