"""The main window opens on the demo data and every navigation entry shows its page."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from chantier_app.ui.main_window import MainWindow


def _labels(widget) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel))


def test_every_navigation_entry_shows_its_page(qtbot, demo_ctx) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    titles = []
    for row in range(window.nav.count()):
        item = window.nav.item(row)
        rect = window.nav.visualItemRect(item)
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        key = item.data(Qt.ItemDataRole.UserRole)
        assert window.stack.currentWidget() is window.pages[key]
        assert window.stack.currentWidget().isVisible()
        titles.append(item.text())
    assert titles == [
        "Tableau de bord",
        "Salariés",
        "Contrats",
        "Heures",
        "Formations",
        "Accompagnement",
        "Documents",
        "Paramètres",
        "Données personnelles",
    ]


def test_dashboard_shows_the_demo_association(qtbot, demo_ctx) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    text = _labels(window.pages["dashboard"])
    assert "Les Ateliers du Canal" in text
    assert "démonstration" in text


def test_keyboard_shortcut_switches_page(qtbot, demo_ctx) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.nav, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "hours"


def test_geometry_is_remembered(qtbot, demo_ctx, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "interface.ini"), QSettings.Format.IniFormat)
    first = MainWindow(demo_ctx, settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(780, 560)
    first.close()
    second = MainWindow(
        demo_ctx, QSettings(str(tmp_path / "interface.ini"), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (780, 560)


def test_locale_is_french(qtbot) -> None:
    from PySide6.QtCore import QLocale

    assert QLocale().language() == QLocale.Language.French
    assert QLocale().toString(1234.5, "f", 1) == "1\u202f234,5"


def test_the_status_bar_names_the_shared_database_it_works_on(qtbot, demo_ctx) -> None:
    from PySide6.QtWidgets import QLabel

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    shared = window.statusBar().findChild(QLabel, "sharedDatabase")
    if demo_ctx.database.is_sqlite:  # the file: its folder, for a few seconds, as before
        assert shared is None
        assert window.statusBar().currentMessage().startswith("Données : ")
    else:  # several offices write in these data: always in sight
        assert shared is not None
        assert shared.text().startswith("Base partagée : base test_")
        assert "(utilisateur postgres)" in shared.text()
