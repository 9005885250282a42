"""The manual (« Aide → Manuel », F1): opened at the page shown, found through its contents
and its search, read from the package's own file (offline)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from chantier_app.ui.main_window import MainWindow
from chantier_app.ui.manual.dialog import MANUAL_FILE, ManualDialog


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _manual(window: MainWindow) -> ManualDialog:
    dialog = window.findChild(ManualDialog, "manualDialog")
    assert dialog is not None
    return dialog


def _top_line(dialog: ManualDialog) -> str:
    """The line at the top of the text as the reader sees it."""
    QApplication.processEvents()
    return dialog.browser.cursorForPosition(QPoint(4, 4)).block().text()


def test_f1_on_the_hours_page_opens_the_hours_section(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    window.show_page("hours")
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    dialog = _manual(window)
    qtbot.waitUntil(dialog.isVisible)
    assert _top_line(dialog) == "Heures"
    assert dialog.contents.currentItem().text() == "Heures"
    assert "L3132-1" in dialog.browser.toPlainText()  # the rules with their source
    # F1 again from another page: the same window, at that page's section.
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_page("contracts")
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    qtbot.waitUntil(dialog.isVisible)
    assert _manual(window) is dialog
    assert _top_line(dialog) == "Contrats"


def test_the_manual_has_a_section_for_every_page_the_direction_sees(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    window.commands.manual_action.trigger()
    dialog = _manual(window)
    anchors = {
        dialog.contents.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(dialog.contents.count())
    }
    assert {spec.key for spec in window.specs} <= anchors
    titles = [dialog.contents.item(row).text() for row in range(dialog.contents.count())]
    assert [spec.title for spec in window.specs] == [
        t for t in titles if t in {spec.title for spec in window.specs}
    ]


def test_choosing_a_title_in_the_contents_shows_its_section(qtbot) -> None:
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    row = next(
        r for r in range(dialog.contents.count()) if dialog.contents.item(r).text() == "Documents"
    )
    dialog.contents.setCurrentRow(row)
    assert _top_line(dialog) == "Documents"


def test_the_search_finds_a_word_and_the_next_one(qtbot) -> None:
    dialog = ManualDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.search, "badgeuse")
    cursor = dialog.browser.textCursor()
    assert cursor.selectedText() == "badgeuse"
    assert cursor.block().text().startswith("Importer les heures")
    assert dialog.found.text() == ""

    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "derogation")  # no accent: not in the text
    assert dialog.found.text() == "Introuvable"

    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "D5135-3")
    first = dialog.browser.textCursor().position()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    second = dialog.browser.textCursor().position()
    assert dialog.browser.textCursor().selectedText() == "D5135-3" and second > first


def test_the_manual_is_a_file_of_the_package() -> None:
    # pyproject's package-data (resources/**/*) and the PyInstaller spec carry resources/.
    assert MANUAL_FILE.parent.parent.name == "resources"
    assert MANUAL_FILE.parent.parent.parent.name == "chantier_app"
    text = MANUAL_FILE.read_text(encoding="utf-8")
    assert "http" not in text  # nothing fetched from the network
