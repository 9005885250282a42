"""Every page (each tab included) and the main dialogs at 1280×720 logical pixels, on the
demo: nothing cut by accident, no window larger than the screen."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTabWidget

from chantier_app.ui.main_window import MainWindow
from tests.ui.fit_checks import SCREEN, cut_texts, too_large


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(SCREEN)
    window.show()
    qtbot.waitExposed(window)
    return window


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
            QApplication.processEvents()
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


def _someone(window: MainWindow) -> int:
    """Someone in contract, whose file has something in each tab."""
    window.show_page("people")
    return window.page("people").list.visible_ids()[0]
