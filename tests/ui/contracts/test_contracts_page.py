"""The Contracts page (running contracts, filters, alerts) and the exits dashboard panel."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from chantier_app.domain.codes.contract_codes import ContractKind, EndReason
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.ui.contracts.exits_panel import ExitsPanel
from chantier_app.ui.contracts.page import ContractsPage
from chantier_app.ui.dashboard import dashboard_panels
from chantier_app.ui.pages import page_specs
from tests.contract_factories import add_contract, add_person, add_workshop

D = dt.date
TODAY = D(2026, 11, 23)


class Nav:
    def __init__(self) -> None:
        self.opened: list[tuple[int, str | None]] = []

    def show_page(self, key: str) -> None:
        pass

    def open_person(self, person_id: int, tab: str | None = None) -> None:
        self.opened.append((person_id, tab))


@pytest.fixture
def people(database) -> dict[str, int]:
    with database.transaction() as session:
        cleaning, team_a = add_workshop(session, "Nettoyage")
        kitchen, cook = add_workshop(session, "Restauration")
        soon = add_person(session, "Bientôt", "Élodie")
        later = add_person(session, "Plustard", "Noël")
        first = add_person(session, "Debut", "Zoé", pass_start=None)
        add_contract(
            session, soon, D(2026, 6, 4), D(2026, 12, 3), workshop_id=cleaning, team_id=team_a
        )
        add_contract(
            session, later, D(2026, 9, 1), D(2027, 8, 31), workshop_id=kitchen, team_id=cook
        )
        add_contract(session, first, D(2026, 10, 1), D(2027, 1, 31), ContractKind.FIRST_HOURS)
    return {"soon": soon, "later": later, "first": first}


def page_for(qtbot, ctx) -> ContractsPage:
    nav = Nav()
    page = ContractsPage(ctx, nav, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    page.on_shown()
    return page


def double_click(qtbot, view, row: int) -> None:
    """Select the row, then double-click it (the first click also focuses the view)."""
    centre = view.visualRect(view.model().index(row, 1)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def visible(view, column: int = 0) -> list[str]:
    model = view.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_alerts_list_shows_a_contract_ending_soon(qtbot, qtmodeltester, ctx, people) -> None:
    page = page_for(qtbot, ctx)
    qtmodeltester.check(page.alerts_model)
    rows = [
        (r[1], r[2], r[3]) for r in zip(*(visible(page.alerts, c) for c in range(4)), strict=True)
    ]
    assert (
        "Fin de contrat dans 30 jours",
        "BIENTÔT Élodie",
        "CDDI chantier remobilisant : fin le 03/12/2026 (dans 10 jours).",
    ) in rows
    # Noël's contract ends in 9 months: only his PASS IAE (ending 31/12/2026) is an alert.
    assert [kind for kind, name, _ in rows if name == "PLUSTARD Noël"] == [
        "PASS IAE bientôt terminé"
    ]
    # Double-click on the alert opens the person's Contracts tab.
    row = visible(page.alerts, 2).index("BIENTÔT Élodie")
    double_click(qtbot, page.alerts, row)
    assert page.nav.opened == [(people["soon"], "contracts")]


def test_filters_by_kind_place_and_ending_soon(qtbot, qtmodeltester, ctx, people) -> None:
    page = page_for(qtbot, ctx)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    assert sorted(visible(page.table)) == ["BIENTÔT Élodie", "DEBUT Zoé", "PLUSTARD Noël"]
    page.kind.set_value(ContractKind.FIRST_HOURS)
    assert visible(page.table) == ["DEBUT Zoé"]
    page.kind.setCurrentIndex(0)
    page.place.setCurrentIndex(
        [page.place.itemText(i).strip() for i in range(page.place.count())].index(
            "Restauration / Équipe Restauration"
        )
    )
    assert visible(page.table) == ["PLUSTARD Noël"]
    page.place.setCurrentIndex(0)
    page.ending.setChecked(True)
    assert visible(page.table) == ["BIENTÔT Élodie"]
    assert page.count.text() == "1 contrat(s) sur 3"
    page.ending.setChecked(False)
    qtbot.keyClicks(page.search, "plustard")
    assert visible(page.table) == ["PLUSTARD Noël"]


def test_double_click_on_a_contract_opens_the_person(qtbot, ctx, people) -> None:
    page = page_for(qtbot, ctx)
    row = visible(page.table).index("DEBUT Zoé")
    double_click(qtbot, page.table, row)
    assert page.nav.opened == [(people["first"], "contracts")]


def test_contracts_page_and_exits_panel_are_registered(qtbot, ctx) -> None:
    spec = next(s for s in page_specs() if s.key == "contracts")
    page = spec.factory(ctx, Nav())
    qtbot.addWidget(page)
    assert isinstance(page, ContractsPage)
    panels = [spec.factory(ctx, Nav()) for spec in dashboard_panels(ctx.actor)]
    for panel in panels:
        qtbot.addWidget(panel)
    assert any(isinstance(panel, ExitsPanel) for panel in panels)


def test_exits_panel_shows_the_sorties_dynamiques_rate(qtbot, ctx, database) -> None:
    with database.transaction() as session:
        for index, reason in enumerate(
            [
                ExitReason.CDI,
                ExitReason.TEMP_UNDER_6M,
                ExitReason.JOBSEEKER,
                ExitReason.LONG_SICKNESS,
            ]
        ):
            person = add_person(session, f"Sortie{index}")
            add_contract(
                session,
                person,
                D(2026, 1, 1),
                D(2026, 6, 30),
                actual_end_date=D(2026, 6, 30),
                end_reason=EndReason.TERM,
                exit_reason=reason,
            )
    panel = ExitsPanel(ctx, Nav(), today=TODAY)
    qtbot.addWidget(panel)
    panel.refresh()
    assert panel.rate.text() == "<b>66,7 %</b> (2 sur 3)"
    assert panel.categories[ExitReason.CDI.category].text() == "1"
    assert panel.total.text() == "4 (dont 1 retirée(s) du calcul)"
    assert panel.period.text() == "du 01/01/2026 au 23/11/2026"
    panel.year.setValue(2025)
    assert panel.rate.text() == "—  (aucune sortie comptée)"
