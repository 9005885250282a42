"""The shared list model: Qt's model checks, accent-insensitive search, sorting by value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt

from chantier_app.ui.widgets.table import Column, RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy


@dataclass
class Row:
    name: str
    hours: int
    start: dt.date | None
    team: str


ROWS = [
    Row("Élodie Lefèvre", 120, dt.date(2026, 3, 1), "A"),
    Row("Loïc Bénard", 9, dt.date(2025, 12, 1), "B"),
    Row("Zoé Doré", 35, None, "A"),
]
COLUMNS = [
    Column("Nom", lambda r: r.name),
    Column("Heures", lambda r: r.hours, align_right=True),
    Column(
        "Début",
        lambda r: r.start.strftime("%d/%m/%Y") if r.start else "",
        sort_key=lambda r: r.start,
    ),
]


def _names(proxy: RowFilterProxy) -> list[str]:
    return [proxy.index(i, 0).data() for i in range(proxy.rowCount())]


def test_model_passes_qt_model_checks(qtmodeltester) -> None:
    model = RowTableModel(COLUMNS, ROWS)
    qtmodeltester.check(model)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_search_ignores_accents_and_case() -> None:
    proxy = RowFilterProxy()
    proxy.setSourceModel(RowTableModel(COLUMNS, ROWS))
    proxy.set_search("elodie")
    assert _names(proxy) == ["Élodie Lefèvre"]
    proxy.set_search("LOÏC ben")
    assert _names(proxy) == ["Loïc Bénard"]
    proxy.set_search("")
    assert len(_names(proxy)) == 3


def test_predicate_filters_combine_with_search() -> None:
    proxy = RowFilterProxy()
    proxy.setSourceModel(RowTableModel(COLUMNS, ROWS))
    proxy.set_predicate("team", lambda r: r.team == "A")
    assert _names(proxy) == ["Élodie Lefèvre", "Zoé Doré"]
    proxy.set_search("zoe")
    assert _names(proxy) == ["Zoé Doré"]
    proxy.set_predicate("team", None)
    proxy.set_search("")
    assert len(_names(proxy)) == 3


def test_numbers_and_dates_sort_by_value_not_text() -> None:
    model = RowTableModel(COLUMNS, ROWS)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(i, 1).data() for i in range(3)] == ["9", "35", "120"]
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    assert _names(proxy) == ["Élodie Lefèvre", "Loïc Bénard", "Zoé Doré"]  # empty date last


def test_sort_survives_new_rows_and_search_keeps_working() -> None:
    model = RowTableModel(COLUMNS, ROWS)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    model.set_rows([*ROWS, Row("Amélie Faure", 1, None, "B")])
    assert _names(proxy)[0] == "Zoé Doré" and _names(proxy)[-1] == "Amélie Faure"
    proxy.set_search("amelie")
    assert _names(proxy) == ["Amélie Faure"]


def test_header_click_sorts_the_view(qtbot) -> None:
    from PySide6.QtWidgets import QTableView

    model = RowTableModel(COLUMNS, ROWS)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(i, 1).data() for i in range(3)] == ["9", "35", "120"]
