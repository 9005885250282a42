"""Typing into the hours grids like a user: the first key opens the editor, the rest go to it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QWidget

from chantier_app.domain.codes.contract_codes import ContractKind
from tests.services.hours_helpers import add_contract, make_world

MARCH = dt.date(2026, 3, 1)


def make_contracts(ctx) -> dict[str, int]:
    with ctx.database.transaction() as session:
        world = make_world(session)
        return {
            "durand": add_contract(session, world, "DURAND Marie").id,
            "martin": add_contract(
                session,
                world,
                "MARTIN Paul",
                kind=ContractKind.FIRST_HOURS,
                monthly=60 * 60,
                team="b",
            ).id,
        }


def activate(qtbot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def go_to(view: QAbstractItemView, row: int, column: int) -> None:
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))


def type_text(qtbot, view: QAbstractItemView, text: str) -> None:
    """Keys to the view; once the editor is open, to the editor (as the keyboard does)."""
    for char in text:
        target = view
        if view.state() == QAbstractItemView.State.EditingState:
            target = QApplication.focusWidget() or view.findChild(QLineEdit)
        qtbot.keyClick(target, char)


def press(qtbot, view: QAbstractItemView, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier):
    target = view
    if view.state() == QAbstractItemView.State.EditingState:
        target = QApplication.focusWidget() or view
    qtbot.keyClick(target, key, modifier)
