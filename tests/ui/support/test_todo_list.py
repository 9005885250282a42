"""The to-do list: it changes when a milestone is done, « Mes suivis » filters, items open the file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit

from chantier_app.ui.dashboard import dashboard_panels
from chantier_app.ui.support.panel import TodoPanel
from chantier_app.ui.support.tab import SupportTab
from chantier_app.ui.support.todo import SupportPage, TodoList
from tests.ui.support.support_gui import TODAY, click_row, on_next_dialog, row_of


def _todo(qtbot, ctx, nav) -> TodoList:
    widget = TodoList(ctx, nav, today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    return widget


def _names_and_titles(todo: TodoList) -> list[tuple[str, str]]:
    return [(i.person_name, i.title) for i in todo.view.rows()]


def test_model_passes_qt_checks(qtbot, qtmodeltester, world, nav) -> None:
    todo = _todo(qtbot, world.cip, nav)
    qtmodeltester.check(todo.view.model_)
    qtmodeltester.check(todo.view.proxy)


def test_mes_suivis_is_on_for_a_cip_and_filters_by_cip(qtbot, world, nav) -> None:
    todo = _todo(qtbot, world.cip, nav)
    assert todo.mine.isChecked()
    assert {name for name, _ in _names_and_titles(todo)} == {"LEFÈVRE Élodie"}
    qtbot.mouseClick(todo.mine, Qt.MouseButton.LeftButton)
    assert {name for name, _ in _names_and_titles(todo)} == {"LEFÈVRE Élodie", "DIALLO Élodie"}
    assert todo.summary.text() == "6 en retard, 2 dans les 14 prochains jours."


def test_the_list_narrows_to_one_cips_people(qtbot, world, nav) -> None:
    """The direction's view: « Tous les CIP », or one CIP's people."""
    todo = _todo(qtbot, world.cip, nav)
    qtbot.mouseClick(todo.mine, Qt.MouseButton.LeftButton)  # everyone's
    labels = [todo.cip.itemText(i) for i in range(todo.cip.count())]
    assert labels[0] == "Tous les CIP" and len(labels) == 3
    lacroix = next(i for i, label in enumerate(labels) if "Lacroix" in label)
    todo.cip.setCurrentIndex(lacroix)
    assert {name for name, _ in _names_and_titles(todo)} == {"DIALLO Élodie"}
    todo.cip.setCurrentIndex(0)
    assert {name for name, _ in _names_and_titles(todo)} == {"LEFÈVRE Élodie", "DIALLO Élodie"}


def test_search_narrows_the_list(qtbot, world, nav) -> None:
    todo = _todo(qtbot, world.cip, nav)
    qtbot.keyClicks(todo.search, "diagnostic")
    assert _names_and_titles(todo) == [("LEFÈVRE Élodie", "Diagnostic initial")]


def test_an_item_opens_the_right_tab_of_the_right_person(qtbot, world, nav) -> None:
    todo = _todo(qtbot, world.cip, nav)
    click_row(qtbot, todo.view, row_of(todo.view, "Bilan à 3 mois"), double=True)
    assert nav.opened == [(world.person_id, "support")]
    todo.view.setFocus()
    qtbot.keyClick(todo.view, Qt.Key.Key_Return)
    assert nav.opened[-1] == (world.person_id, "support")


def test_the_list_changes_when_a_review_is_marked_done(qtbot, world, nav) -> None:
    todo = _todo(qtbot, world.cip, nav)
    assert ("LEFÈVRE Élodie", "Bilan à 3 mois") in _names_and_titles(todo)
    tab = SupportTab(world.cip, nav, world.person_id, today=TODAY)
    qtbot.addWidget(tab)
    tab.show()
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"))

    def fill(dialog: QDialog) -> None:
        dialog.findChild(QLineEdit).setText("31/03/2026")
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    on_next_dialog(fill)
    qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    todo.refresh()
    assert ("LEFÈVRE Élodie", "Bilan à 3 mois") not in _names_and_titles(todo)


def test_supervisor_is_told_the_list_is_reserved(qtbot, world, nav) -> None:
    todo = _todo(qtbot, world.supervisor, nav)
    assert "réservée aux CIP" in todo.summary.text()


def test_support_page_and_dashboard_panel(qtbot, world, nav) -> None:
    page = SupportPage(world.cip, nav, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    page.on_shown()
    assert len(page.todo.view.rows()) == 4
    panel = TodoPanel(world.cip, nav, today=TODAY)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    assert panel.title() == "À faire"
    assert (
        panel.findChild(QLabel, "todo_summary").text()
        == "3 en retard, 1 dans les 14 prochains jours."
    )
    qtbot.mouseClick(
        panel.findChild(type(panel.todo.open_button), "todo_more"), Qt.MouseButton.LeftButton
    )
    assert nav.pages == ["support"]
    on_dashboard = [spec.factory(world.cip, nav) for spec in dashboard_panels(world.cip.actor)]
    for widget in on_dashboard:
        qtbot.addWidget(widget)
    assert any(isinstance(widget, TodoPanel) for widget in on_dashboard)
