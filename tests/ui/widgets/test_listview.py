"""ListView: its columns fit their content, as far as the first rows shown."""

from __future__ import annotations

from dataclasses import dataclass

from chantier_app.ui.widgets.listview import ListView
from chantier_app.ui.widgets.table import Column


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    task: str


COLUMNS = [Column("Nom", lambda r: r.name), Column("À faire", lambda r: r.task)]


def _view(qtbot, rows: list[Row]) -> ListView[Row]:
    view: ListView[Row] = ListView(COLUMNS, "test_list")
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.set_rows(rows)
    return view


def test_a_column_fits_the_longest_text_of_the_first_rows(qtbot) -> None:
    rows = [Row(i, f"N{i:04d}", "x") for i in range(ListView.fit_rows)]
    short = _view(qtbot, rows).columnWidth(0)
    longer = [*rows[:-1], Row(99_999, "WOJCIECHOWSKA-LEFEBVRE Marie-Christine", "x")]
    assert _view(qtbot, longer).columnWidth(0) > short + 80


def test_rows_below_the_first_ones_do_not_widen_a_column(qtbot) -> None:
    """Qt would read 1,000 rows of every column before the window shows, through Python
    (the dashboard's to-do list at start-up, issue 22); a longer text further down is
    elided instead, as one wider than the column's maximum already is. The rows are taken in
    the order shown (sorted by the first column here: that name comes last)."""
    rows = [Row(i, f"N{i:04d}", "x") for i in range(3 * ListView.fit_rows)]
    short = _view(qtbot, rows).columnWidth(0)
    far = [*rows, Row(99_999, "WOJCIECHOWSKA-LEFEBVRE Marie-Christine", "x")]
    assert _view(qtbot, far).columnWidth(0) == short
