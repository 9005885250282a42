"""Every page (each tab included) and the main dialogs at 1280×720 logical pixels, on the
demo: nothing cut by accident, no window larger than the screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QTabWidget

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.structure.demo_users import demo_accounts, switch_demo_user
from chantier_app.ui.main_window import MainWindow
from tests.ui.fit_checks import SCREEN, cut_texts, too_large


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(SCREEN)
    window.show()
    qtbot.waitExposed(window)
    return window


def _settle() -> None:
    """Laid out as the user sees it: a wrapped label's height takes a second pass."""
    for _ in range(3):
        QApplication.processEvents()


def _every_tab(window: MainWindow) -> list[str]:
    """Each tab of each tab bar shown on the current page, walked in turn."""
    found: list[str] = []
    page = window.stack.currentWidget()
    seen: set[int] = set()
    pending = [t for t in page.findChildren(QTabWidget) if t.isVisible()]
    if not pending:
        found += cut_texts(page)
    while pending:
        tabs = pending.pop(0)
        if id(tabs) in seen:
            continue
        seen.add(id(tabs))
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            _settle()
            found += [f"{tabs.tabText(index)}: {p}" for p in cut_texts(page)]
            pending += [t for t in tabs.widget(index).findChildren(QTabWidget) if t.isVisible()]
    return found


def test_every_page_fits_1280x720(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    assert too_large(window) is None
    found: list[str] = []
    for spec in window.specs:
        window.show_page(spec.key)
        QApplication.processEvents()
        assert window.size() == SCREEN, spec.key
        found += [f"{spec.key}: {p}" for p in _every_tab(window)]
    window.open_person(_someone(window))
    QApplication.processEvents()
    found += [f"person: {p}" for p in _every_tab(window)]
    assert found == []


@pytest.mark.parametrize("role", [Role.CIP, Role.SUPERVISOR])
def test_every_page_fits_1280x720_for_the_cip_and_the_encadrant(qtbot, demo_ctx, role) -> None:
    window = _window(qtbot, demo_ctx)
    account = next(a for a in demo_ctx.read(demo_accounts) if a.role is role)
    with demo_ctx.database.transaction() as session:
        actor = switch_demo_user(session, demo_ctx.actor, account.staff_id)
    window.switch_actor(actor)
    assert window.ctx.actor.role is role
    found: list[str] = []
    for spec in window.specs:
        window.show_page(spec.key)
        _settle()
        found += [f"{spec.key}: {p}" for p in _every_tab(window)]
    window.open_person(_someone(window))
    _settle()
    found += [f"person: {p}" for p in _every_tab(window)]
    assert found == []


def _someone(window: MainWindow) -> int:
    """Someone in contract, whose file has something in each tab."""
    window.show_page("people")
    return window.page("people").list.visible_ids()[0]


def test_the_documents_page_fits_with_a_preview_and_each_batch(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    window.show_page("documents")
    page = window.page("documents")
    page.preview_button.click()
    qtbot.waitUntil(lambda: page.preview.current is not None, timeout=60_000)
    QApplication.processEvents()
    found = cut_texts(page)
    batch = page.batch
    for index in range(batch.what.count()):
        batch.what.setCurrentIndex(index)
        QApplication.processEvents()
        found += [f"{batch.what.itemText(index)}: {p}" for p in cut_texts(page)]
    assert found == []


def test_the_checks_see_a_cut_label_title_hint_and_a_column_without_title(qtbot) -> None:
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    label = QLabel("Motif de sortie")
    label.setFixedWidth(40)
    edit = QLineEdit()
    edit.setPlaceholderText("Rechercher un salarié, un atelier, une équipe")
    edit.setFixedWidth(90)
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["Certification visée", ""])
    view = QTableView()
    view.setModel(model)
    view.setColumnWidth(0, 40)
    for widget in (label, edit, view):
        layout.addWidget(widget)
    root.resize(400, 300)
    root.show()
    qtbot.waitExposed(root)
    found = "\n".join(cut_texts(root))
    assert "'Motif de sortie'" in found
    assert "'Rechercher un salarié" in found
    assert "'Certification visée'" in found
    assert "column 1 of QTableView: no title" in found
    assert "no title" not in found.replace("column 1 of QTableView: no title", "")
