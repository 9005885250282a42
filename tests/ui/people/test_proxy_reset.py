"""Regression: new rows while a filter is active (the people list after an import or archive)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from chantier_app.ui.widgets.table import Column, RowTableModel
from chantier_app.ui.widgets.table_filter import RowFilterProxy


def test_more_rows_under_an_active_filter(qtbot, qtmodeltester) -> None:
    model = RowTableModel([Column("Nom", lambda r: r)], ["Awa", "Jean", "Zoé"])
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.show()
    proxy.set_predicate("not_jean", lambda r: r != "Jean")
    view.selectRow(0)
    model.set_rows(["Awa", "Jean", "Zoé", "Mariam"])
    assert [proxy.index(i, 0).data() for i in range(proxy.rowCount())] == ["Awa", "Zoé", "Mariam"]
    qtmodeltester.check(proxy)
