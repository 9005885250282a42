"""The month's grid as the encadrant and the director read it: whole names, French order,
sortable, widths kept from one session to the next, the teams grouped for the director."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QStyle

from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.fr_format import fold
from chantier_app.services.context import AppContext
from chantier_app.ui.main_window import MainWindow
from chantier_app.ui.widgets.remembered import fitted_width
from tests.team_factory import demo_actor

MONTH = dt.date(2026, 10, 1)  # entered in full by the demo (made on 23 November)


def _grid_window(qtbot, ctx: AppContext):
    """The main window at 1280 × 720, on « Heures » in October."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("hours")
    page = window.page("hours")
    page.picker.set_month(MONTH)
    QApplication.processEvents()
    return window, page.entry


def _names(entry) -> list[str]:
    model = entry.model
    return [model.index(row, 0).data() for row in range(len(model.rows))]


def _elided(view, column: int) -> list[str]:
    """Texts of the column wider than their cell (what Qt would cut with « … »)."""
    metrics = view.fontMetrics()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    room = view.columnWidth(column) - 2 * margin  # what the cell leaves for its text
    model = view.model()
    return [
        model.index(row, column).data()
        for row in range(model.rowCount())
        if metrics.horizontalAdvance(model.index(row, column).data() or "") > room
    ]


@pytest.mark.parametrize("login", ["encadrant1", "direction"])
def test_names_are_whole_at_the_default_width(qtbot, demo_database, login) -> None:
    _window, entry = _grid_window(
        qtbot, AppContext(demo_database, demo_actor(demo_database, login))
    )
    names = _names(entry)
    assert any(len(name) > 22 for name in names)  # « CRÉMIEUX-GONÇALVES Rosalie » and the like
    assert _elided(entry.view, 0) == []
    assert entry.view.horizontalScrollBar().maximum() == 0  # every column fits the window


def test_an_encadrant_reads_their_team_in_french_order(qtbot, demo_database) -> None:
    ctx = AppContext(demo_database, demo_actor(demo_database, "encadrant1"))
    _window, entry = _grid_window(qtbot, ctx)
    names = _names(entry)
    assert names == sorted(names, key=fold)
    assert names.index("ÇELIK-MÜLLER Étienne") < names.index("ROUSSEAU Amélie")  # Ç with the C
    assert entry.model.headerData(1, Qt.Orientation.Horizontal) == "Contrat"  # one team: no column


def test_clicking_a_header_sorts_and_the_totals_stay_last(qtbot, demo_ctx) -> None:
    _window, entry = _grid_window(qtbot, demo_ctx)
    model, header = entry.model, entry.view.horizontalHeader()
    total_before = model.index(model.rowCount() - 1, model.total_column).data()
    worked = model.category_column(HoursCategory.WORKED)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_centre(header, worked))
    assert header.sortIndicatorSection() == worked
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Équipe"
    teams = [model.index(r, 1).data() for r in range(len(model.rows))]
    moved = 0
    for team in set(teams):  # within each team, by worked hours, no longer by name
        rows = [r for r in range(len(teams)) if teams[r] == team]
        hours = [model.rows[r].values.worked for r in rows]
        assert hours == sorted(hours)
        names = [model.index(r, 0).data() for r in rows]
        moved += names != sorted(names, key=fold)
    assert moved
    assert model.index(model.rowCount() - 1, 0).data() == "Total"
    assert model.index(model.rowCount() - 1, model.total_column).data() == total_before


def _centre(header, section: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, 5)


def test_the_director_sees_the_teams_grouped(qtbot, demo_ctx) -> None:
    _window, entry = _grid_window(qtbot, demo_ctx)
    model = entry.model
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Équipe"
    teams = [model.index(r, 1).data() for r in range(len(model.rows))]
    groups = [team for i, team in enumerate(teams) if i == 0 or teams[i - 1] != team]
    assert len(groups) == len(set(teams)) >= 3  # each team in one block
    assert groups == sorted(groups, key=fold)
    for team in groups:  # names in French order inside each team
        names = [model.index(r, 0).data() for r in range(len(teams)) if teams[r] == team]
        assert names == sorted(names, key=fold)


def test_column_widths_are_remembered(qtbot, demo_ctx) -> None:
    window, entry = _grid_window(qtbot, demo_ctx)
    entry.view.horizontalHeader().resizeSection(0, 333)
    contract = entry.model.column_names().index("contract")
    entry.view.horizontalHeader().resizeSection(contract, 177)
    window.close()
    settings = QSettings(str(demo_ctx.paths.settings_path), QSettings.Format.IniFormat)
    assert "333" in settings.value("hours/grid-columns")
    _again, reopened = _grid_window(qtbot, demo_ctx)
    assert reopened.view.columnWidth(0) == 333
    assert reopened.view.columnWidth(contract) == 177


@pytest.mark.parametrize("login", ["encadrant1", "direction"])
def test_fitted_widths_are_qt_own(qtbot, demo_database, login) -> None:
    """The grid's widths are fitted from the few widest texts (``fitted_width``), not by Qt
    asking every cell: the same widths as Qt's ``sizeHintForColumn``, with a bad cell typed
    (its text shown as typed), a wide total, and the rows sorted otherwise."""
    _window, entry = _grid_window(
        qtbot, AppContext(demo_database, demo_actor(demo_database, login))
    )
    view, model = entry.view, entry.model
    worked = model.category_column(HoursCategory.WORKED)

    def same_as_qt() -> None:
        for column in range(model.columnCount()):
            assert fitted_width(view, column) == view.sizeHintForColumn(column), column

    same_as_qt()
    model.setData(model.index(0, worked), "douze heures et quart")  # refused, shown as typed
    model.setData(model.index(1, worked), "744")  # a whole month: the widest total
    same_as_qt()
    view.sortByColumn(worked, Qt.SortOrder.DescendingOrder)
    same_as_qt()
    entry.widths.apply()
    assert view.columnWidth(worked) >= view.fontMetrics().horizontalAdvance("douze heures et quart")
    entry.reload()  # nothing left to save: closing the window asks nothing
    same_as_qt()  # the texts measured before, found again
    font = view.font()
    font.setPointSize(font.pointSize() + 3)
    view.setFont(font)  # another font: every text measured again
    same_as_qt()
