"""Titles shown whole at 1280×720: the settings' lists had Qt's 100 px columns, which cut
« Contrat habituel », « Heures / semaine » and « ETP conventionnés »."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from chantier_app.ui.main_window import MainWindow


def _cut_titles(view: QTableView) -> list[str]:
    header = view.horizontalHeader()
    model = view.model()
    cut = []
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Orientation.Horizontal))
        if header.fontMetrics().horizontalAdvance(title) + 8 > header.sectionSize(column):
            cut.append(title)
    return cut


def test_the_settings_lists_show_their_titles_whole(qtbot, demo_ctx) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    for tab in ("workshops", "conventions", "accounts"):
        window.open_settings(tab)
        settings = window.pages["settings"]
        views = [v for v in settings.tabs.currentWidget().findChildren(QTableView) if v.isVisible()]
        assert views, tab
        for view in views:
            assert _cut_titles(view) == [], (tab, view.objectName())
