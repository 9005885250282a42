"""The encadrant opens the application on their teams' day, not on the structure's figures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument

from chantier_app.services.context import AppContext
from chantier_app.ui.dashboard.team_day import TeamDayPanel
from chantier_app.ui.main_window import MainWindow
from tests.team_factory import demo_actor
from tests.ui.widget_texts import texts


def _window(qtbot, demo_database, login: str) -> MainWindow:
    window = MainWindow(AppContext(demo_database, demo_actor(demo_database, login)))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_encadrant_sees_their_teams_day(qtbot, demo_database) -> None:
    window = _window(qtbot, demo_database, "encadrant1")
    dashboard = window.pages["dashboard"]
    shown = texts(dashboard)
    for title in ("Heures à saisir", "Feuilles d'émargement à imprimer",
                  "Arrivées et fins de contrat", "Formations de la semaine"):  # fmt: skip
        assert title in shown
    assert "En ce moment" not in shown and "réservé" not in shown
    assert "Nettoyage — Équipe B" not in shown and "Restauration" not in shown
    panel = dashboard.findChild(TeamDayPanel)
    assert panel.sheets.rows() and {s.team for s in panel.sheets.rows()} == {"Nettoyage — Équipe A"}
    assert panel.heading.text() == "<b>Mon équipe : Nettoyage — Équipe A</b>"  # whose day it is


def test_a_sheet_to_print_opens_its_preview(qtbot, demo_database) -> None:
    window = _window(qtbot, demo_database, "encadrant1")
    panel = window.pages["dashboard"].findChild(TeamDayPanel)
    sheet = panel.sheets.rows()[0]
    qtbot.mouseClick(panel.print_sheet, Qt.MouseButton.LeftButton)
    assert window.current_key() == "documents"
    documents = window.pages["documents"]
    with qtbot.waitSignal(documents.job.finished, timeout=20000):
        pass
    preview = documents.preview
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert "Feuille d'émargement — Équipe A — semaine du" in preview.title.text()
    assert sheet.monday.strftime("%d/%m/%Y") in preview.title.text()


def test_a_person_in_the_lists_opens_their_file(qtbot, demo_database) -> None:
    window = _window(qtbot, demo_database, "encadrant1")
    panel = window.pages["dashboard"].findChild(TeamDayPanel)
    change = panel.changes.rows()[0]
    panel.changes.setFocus()
    panel.changes.selectRow(0)
    qtbot.keyClick(panel.changes, Qt.Key.Key_Return)
    assert window.current_key() == "people"
    assert window.pages["people"].file.person_id == change.person.person_id


def test_the_director_keeps_the_structures_figures(qtbot, demo_database) -> None:
    window = _window(qtbot, demo_database, "direction")
    dashboard = window.pages["dashboard"]
    assert dashboard.findChild(TeamDayPanel) is None
    assert "En ce moment" in texts(dashboard)
