"""Correcting a declared month's hours from the grid, as the direction does: the month
stays declared, the history keeps the hours declared before, flagged."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from chantier_app.db import models as m
from chantier_app.services.history import record_history
from chantier_app.ui.hours import cells, entry_tab
from chantier_app.ui.hours.page import HoursPage
from tests.ui.hours.hours_ui_helpers import MARCH, activate, go_to, make_contracts, press, type_text

WORKED = 4  # after « Salarié », « Équipe », « Contrat », « Prévu »


@pytest.fixture
def page(qtbot, ctx, monkeypatch):
    contracts = make_contracts(ctx)
    monkeypatch.setattr(cells, "confirm", lambda _p, _t, _text: True)
    page = HoursPage(ctx, None, MARCH)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    activate(qtbot, page)
    page.on_shown()
    return page, contracts


def _type_worked(qtbot, page: HoursPage, text: str) -> None:
    view = page.entry.view
    go_to(view, 0, WORKED)
    type_text(qtbot, view, text)
    press(qtbot, view, Qt.Key.Key_Return)


def test_correct_a_declared_month_from_the_grid(qtbot, ctx, page, monkeypatch) -> None:
    page, contracts = page
    entry = page.entry
    _type_worked(qtbot, page, "100")
    qtbot.mouseClick(entry.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(entry.declare_button, Qt.MouseButton.LeftButton)
    assert entry.state.text().startswith("Mois déclaré le ")
    assert entry.correct_declared_button.isEnabled() and not entry.save_button.isEnabled()

    monkeypatch.setattr(entry_tab, "ask_correction_reason", lambda _p, _m: None)  # cancelled
    qtbot.mouseClick(entry.correct_declared_button, Qt.MouseButton.LeftButton)
    assert not entry.save_button.isEnabled()
    monkeypatch.setattr(entry_tab, "ask_correction_reason", lambda _p, _m: "Absence oubliee")
    qtbot.mouseClick(entry.correct_declared_button, Qt.MouseButton.LeftButton)
    assert entry.state.text().startswith("Correction du mois déclaré (motif : Absence oubliee)")
    _type_worked(qtbot, page, "90")
    qtbot.mouseClick(entry.save_button, Qt.MouseButton.LeftButton)
    assert entry.status.text().startswith("Mois déclaré corrigé : 1 ligne(s)")
    assert entry.state.text().startswith("Mois déclaré le ")  # locked again
    assert not entry.model.flags(entry.model.index(0, WORKED)) & Qt.ItemFlag.ItemIsEditable
    with ctx.database.reading() as session:
        row = session.scalars(
            sa.select(m.MonthlyHours).where(m.MonthlyHours.contract_id == contracts["durand"])
        ).one()
        person_id = session.get(m.Contract, row.contract_id).person_id
        assert session.scalar(sa.select(sa.func.count()).select_from(m.DeclaredMonth)) == 1
    assert row.worked_minutes == 90 * 60
    (version,) = ctx.read(record_history, person_id)
    assert version.reason == "Absence oubliee" and version.previous["worked_minutes"] == 6000
    assert version.summary.startswith("mois déclaré de mars 2026 : heures corrigées")
