"""An hours grid with no contract in the month says where its rows come from and goes there."""

from __future__ import annotations

from PySide6.QtCore import Qt

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import AppContext
from chantier_app.ui.hours.page import HoursPage
from tests import support_factory as f
from tests.ui.hours.hours_ui_helpers import MARCH, make_contracts
from tests.ui.support.support_gui import RecordingNav


def _page(qtbot, ctx: AppContext, nav: RecordingNav) -> HoursPage:
    page = HoursPage(ctx, nav, MARCH)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    page.on_shown()
    return page


def test_an_empty_month_says_how_to_hire_and_goes_to_the_people_page(qtbot, ctx) -> None:
    nav = RecordingNav()
    page = _page(qtbot, ctx, nav)
    empty = page.entry.empty
    assert empty.isVisible()
    assert "Aucun contrat en cours en mars 2026" in empty.label.text()
    assert "onglet « Contrats », bouton « Embaucher… »" in empty.label.text()
    assert [b.text() for b in empty.buttons] == ["Aller aux salariés"]
    qtbot.mouseClick(empty.buttons[0], Qt.MouseButton.LeftButton)
    assert nav.pages == ["people"]

    make_contracts(ctx)
    page.entry.reload()
    assert page.entry.model.rowCount() > 0  # the two contracts (under their teams)
    assert not empty.isVisible()


def test_the_encadrant_is_told_who_records_contracts_without_a_button(qtbot, database) -> None:
    with database.transaction() as session:
        _, supervisor = f.staff(session, Role.SUPERVISOR, last="Petitjean")
    page = _page(qtbot, AppContext(database, supervisor), RecordingNav())
    empty = page.entry.empty
    assert empty.isVisible()
    assert "La direction ou le CIP enregistre les contrats" in empty.label.text()
    assert empty.buttons == []
