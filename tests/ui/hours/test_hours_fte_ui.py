"""The FTE chart on the dashboard and the ETP tab, conventions, the person's hours tab."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from chantier_app.db import models as m
from chantier_app.domain.fr_format import format_month
from chantier_app.ui.dashboard import dashboard_panels
from chantier_app.ui.hours.conventions_dialog import ConventionsDialog
from chantier_app.ui.hours.fte_panel import FtePanel
from chantier_app.ui.hours.fte_tab import FteTab
from chantier_app.ui.hours.person_tab import PersonHoursTab
from chantier_app.ui.person.tabs import person_tabs


def test_dashboard_panel_draws_consumed_projection_and_funded(qtbot, demo_ctx) -> None:
    panel = FtePanel(demo_ctx, None, 2026)
    qtbot.addWidget(panel)
    panel.refresh()
    series = panel.chart.series
    assert series["consumed"].count() == 10  # January to October entered
    assert series["projection"].count() == 3  # from October's point to December
    assert series["funded"].count() == 12
    assert series["funded"].at(11).y() == pytest.approx(14.25)
    assert series["projection"].at(0) == series["consumed"].at(9)
    assert len(panel.chart.chart().series()) == 3
    text = panel.summary.text()
    assert text.startswith("Conventionnés : 14,25 ETP · consommés à fin octobre : ")
    assert "projection au 31 décembre" in text


def test_month_labels_are_whole_where_they_fit_and_initials_on_a_narrow_chart(
    qtbot, demo_ctx
) -> None:
    panel = FtePanel(demo_ctx, None, 2026)
    qtbot.addWidget(panel)
    panel.refresh()
    chart = panel.chart
    panel.resize(1400, 500)
    panel.show()
    qtbot.waitUntil(lambda: chart.axis_x.categories()[0] == "janv.")
    assert chart.axis_x.categories()[11] == "déc."
    panel.resize(360, 500)
    qtbot.waitUntil(lambda: chart.axis_x.categories()[0] == "J")
    labels = chart.axis_x.categories()
    assert len(labels) == 12 == len(set(labels))  # the axis keeps twelve months
    assert [label.strip("\u200b") for label in labels] == list("JFMAMJJASOND")
    assert chart.series["funded"].count() == 12


def test_dashboard_shows_the_fte_panel(qtbot, demo_ctx) -> None:
    panels = [spec.factory(demo_ctx, None) for spec in dashboard_panels(demo_ctx.actor)]
    for panel in panels:
        qtbot.addWidget(panel)
    assert any(isinstance(panel, FtePanel) for panel in panels)


def test_fte_tab_lists_months_and_filters_by_workshop(qtbot, qtmodeltester, demo_ctx) -> None:
    tab = FteTab(demo_ctx, 2026)
    qtbot.addWidget(tab)
    tab.reload()
    assert tab.model.rowCount() == 12
    assert tab.model.index(0, 0).data() == "janvier 2026"
    assert tab.model.index(11, 5).data() == "projection"
    assert tab.model.index(0, 5).data() == "heures saisies"
    qtmodeltester.check(tab.model)
    whole = tab.model.index(9, 3).data()
    tab.workshop.setCurrentIndex(tab.workshop.findText("Restauration"))
    assert tab.chart.chart().title() == "ETP 2026 — Restauration"
    assert tab.model.index(9, 3).data() != whole
    assert tab.summary.text().startswith("Aucune convention saisie pour 2026")


def test_conventions_dialog_creates_edits_and_shows_errors(qtbot, qtmodeltester, demo_ctx) -> None:
    dialog = ConventionsDialog(demo_ctx)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1  # 2026, the demo's only whole year
    dialog.new()
    dialog.year.setValue(2026)
    dialog.workshop.setCurrentIndex(dialog.workshop.findText("Restauration"))
    qtbot.keyClicks(dialog.funded, "abc")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "n'est pas un nombre" in dialog.errors.message_for("funded_fte")
    dialog.funded.clear()
    qtbot.keyClicks(dialog.funded, "12,5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message_for("funded_fte") == ""
    assert dialog.model.rowCount() == 2 and dialog.changed
    with demo_ctx.database.reading() as session:
        funded = session.scalars(
            sa.select(m.Convention.funded_fte).where(m.Convention.workshop_id.is_not(None))
        ).one()
    assert str(funded) == "12.5"
    # Editing the selected one: the same row changes.
    dialog.funded.clear()
    qtbot.keyClicks(dialog.funded, "13")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 2
    values = [dialog.model.index(r, 2).data() for r in range(2)]
    assert "13,00" in values and "12,50" not in values


def test_person_tab_lists_their_months(qtbot, qtmodeltester, demo_ctx) -> None:
    with demo_ctx.database.reading() as session:
        person_id, months, newest = session.execute(
            sa.select(
                m.Contract.person_id,
                sa.func.count(m.MonthlyHours.id),
                sa.func.max(m.MonthlyHours.month),
            )
            .join(m.MonthlyHours, m.MonthlyHours.contract_id == m.Contract.id)
            .group_by(m.Contract.person_id)
            .order_by(sa.func.count(m.MonthlyHours.id).desc())
        ).first()
    spec = next(s for s in person_tabs() if s.key == "hours")
    tab = spec.factory(demo_ctx, None, person_id)
    qtbot.addWidget(tab)
    assert isinstance(tab, PersonHoursTab)
    assert tab.model.rowCount() == months
    qtmodeltester.check(tab.model)
    first_month = tab.table.model().index(0, 0).data()
    assert first_month == format_month(newest)  # newest first
    assert tab.summary.text().startswith(f"{months} mois saisi(s)")


def test_hours_page_opens_on_a_month_in_the_main_window(qtbot, demo_ctx) -> None:
    from chantier_app.domain.hours_terms import month_to_enter
    from chantier_app.ui.main_window import MainWindow

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show_page("hours")
    page = window.pages["hours"]
    assert page.month() == month_to_enter(dt.date.today())
    assert month_to_enter(dt.date(2026, 11, 10)) == dt.date(2026, 10, 1)
    assert month_to_enter(dt.date(2026, 11, 11)) == dt.date(2026, 11, 1)
    page.picker.set_month(dt.date(2026, 10, 1))
    assert page.entry.model.rowCount() == 25  # 24 contracts and the totals row


def test_person_tab_columns_are_as_wide_as_qt_fits_them(qtbot, demo_ctx) -> None:
    """The tab's columns are fitted from the widest texts (``fit_columns``), not by Qt asking
    every cell for every role: the same widths as Qt's ``resizeColumnsToContents``, sorted
    by another column too, shown and hidden."""
    with demo_ctx.database.reading() as session:
        person_id = session.execute(
            sa.select(m.Contract.person_id)
            .join(m.MonthlyHours, m.MonthlyHours.contract_id == m.Contract.id)
            .group_by(m.Contract.person_id)
            .order_by(sa.func.count(m.MonthlyHours.id).desc())
        ).scalar()
    tab = PersonHoursTab(demo_ctx, None, person_id)  # type: ignore[arg-type]
    qtbot.addWidget(tab)
    for shown in (False, True):
        if shown:
            tab.resize(1200, 600)
            tab.show()
            tab.table.sortByColumn(tab.model.columnCount() - 3, Qt.SortOrder.AscendingOrder)
        tab.refresh()
        columns = range(tab.model.columnCount())
        fitted = [tab.table.columnWidth(c) for c in columns]
        tab.table.resizeColumnsToContents()
        assert fitted == [tab.table.columnWidth(c) for c in columns]
        assert len(set(fitted)) > 3  # measured, not a default width
