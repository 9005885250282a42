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


def test_every_tab_of_a_persons_file_fits_1280_by_720(qtbot, demo_ctx) -> None:
    """The Accompagnement tab's six buttons in one row made the file wider than the window
    leaves at 1280 px: the window grew past the screen."""
    from chantier_app.services.contracts.running import contracts_page

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    person = demo_ctx.read(contracts_page).rows[0].person_id
    window.open_person(person)
    file = window.pages["people"].file
    room = window.stack.width()  # what the window leaves the pages at 1280 px
    for index in range(file.tabs.count()):
        file.tabs.setCurrentIndex(index)  # each tab is built when first shown
        qtbot.wait(1)
        needed = file.minimumSizeHint().width()
        assert needed <= room, (file.tabs.tabText(index), needed, room)
        assert window.width() == 1280  # not pushed past the screen
