"""« Mise en route » on a real first start: the direction's dashboard lists what to set up,
each « Ouvrir » goes where it is done, and the panel goes once everything is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt

from chantier_app.db import models as m
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.ui.dashboard.setup_panel import SetupPanel
from chantier_app.ui.main_window import MainWindow
from tests.contract_factories import add_person, add_workshop
from tests.services.accounts_factory import set_up


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_first_start_says_where_to_begin(qtbot, database) -> None:
    director = set_up(database)
    window = _window(qtbot, director)
    panel = window.pages["dashboard"].findChild(SetupPanel)
    assert panel.isVisible() and panel.title() == "Mise en route"
    assert "4 étape(s) sur 5 à faire" in panel.summary.text()
    year = dt.date.today().year

    qtbot.mouseClick(panel.buttons["workshops"], Qt.MouseButton.LeftButton)
    settings = window.pages["settings"]
    assert window.current_key() == "settings"
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "Ateliers et équipes"
    window.show_page("dashboard")
    qtbot.mouseClick(panel.buttons["accounts"], Qt.MouseButton.LeftButton)
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "Comptes"
    window.show_page("dashboard")
    qtbot.mouseClick(panel.buttons["people"], Qt.MouseButton.LeftButton)
    assert window.current_key() == "people"

    with database.transaction() as session:
        add_workshop(session)
        session.add(m.Convention(year=year, funded_fte=Decimal("4")))
        session.add(m.Staff(last_name="Bensaïd", first_name="Rachid", role=Role.CIP))
        session.add(m.Staff(last_name="Roux", first_name="Olivier", role=Role.SUPERVISOR))
    window.show_page("dashboard")  # shown again: read again
    assert panel.isVisible() and "1 étape(s) sur 5 à faire" in panel.summary.text()
    with database.transaction() as session:
        add_person(session)
    window.show_page("people")
    window.show_page("dashboard")
    assert not panel.isVisible()  # everything is set up


def test_empty_lists_say_what_to_do_and_open_it(qtbot, database, monkeypatch) -> None:
    from chantier_app.ui.people import page as people_page

    director = set_up(database)
    window = _window(qtbot, director)
    window.show_page("contracts")
    contracts = window.pages["contracts"]
    assert contracts.empty.isVisible()
    assert "onglet « Contrats », bouton « Embaucher… »" in contracts.empty.label.text()
    qtbot.mouseClick(contracts.empty.buttons[0], Qt.MouseButton.LeftButton)
    assert window.current_key() == "people"

    people = window.pages["people"].list
    assert people.empty.isVisible() and "Aucun salarié pour l'instant" in people.empty.label.text()
    assert [b.text() for b in people.empty.buttons] == ["Nouveau salarié…", "Importer un tableur…"]
    opened: list[str] = []
    monkeypatch.setattr(people_page.PersonDialog, "exec", lambda self: opened.append("new") or 0)
    qtbot.mouseClick(people.empty.buttons[0], Qt.MouseButton.LeftButton)
    assert opened == ["new"]  # the new-person dialog

    with database.transaction() as session:
        add_person(session)
    people.refresh()
    assert not people.empty.isVisible()
    people.search.setText("zzzz")  # a search that finds nobody is not an empty list
    assert not people.empty.isVisible()


def test_the_contracts_search_shows_its_whole_hint_at_1280_by_720(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    window.show_page("contracts")
    search = window.pages["contracts"].search
    needed = search.fontMetrics().horizontalAdvance(search.placeholderText())
    assert search.width() >= needed + 40  # text margins and the clear button
