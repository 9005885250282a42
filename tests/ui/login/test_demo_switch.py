"""The demo's « Démonstration → Se connecter en tant que » menu, clicked as a visitor does:
the window becomes the encadrant's, then the CIP's, with their pages and dashboards."""

from __future__ import annotations

import os
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.ui.dashboard.team_day import TeamDayPanel
from chantier_app.ui.main_window import MainWindow
from tests.ui.widget_texts import texts


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def _open_accounts_menu(qtbot, window: MainWindow) -> QMenu:
    """Click « Démonstration » in the menu bar, then hover « Se connecter en tant que »."""
    bar = window.menuBar()
    demo = next(a for a in bar.actions() if a.text() == "&Démonstration")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(demo).center())
    menu = demo.menu()
    qtbot.waitUntil(menu.isVisible)
    entry = next(a for a in menu.actions() if a.text() == "Se connecter en tant que")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(entry).center())
    accounts = entry.menu()
    qtbot.waitUntil(accounts.isVisible)
    return accounts


def _choose(qtbot, accounts: QMenu, starts: str) -> None:
    action = next(a for a in accounts.actions() if a.text().startswith(starts))
    qtbot.mouseClick(
        accounts, Qt.MouseButton.LeftButton, pos=accounts.actionGeometry(action).center()
    )


def _titles(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


# Menus are popups: the offscreen platform cannot give them the keyboard (harmless).
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_the_demo_switches_to_an_encadrant_then_a_cip(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    assert "Paramètres" in _titles(window)
    accounts = _open_accounts_menu(qtbot, window)
    labels = [a.text() for a in accounts.actions() if not a.isSeparator()]
    # Each role's title follows the account's civility.
    assert labels == [
        "Isabelle Moreau — Directrice",
        "Rachid Bensaïd — Conseiller en insertion professionnelle (CIP)",
        "Sophie Lacroix — Conseillère en insertion professionnelle (CIP)",
        "Awa Ndiaye — Encadrante technique (Nettoyage — Équipe B)",
        "Marc Petitjean — Encadrant technique (Nettoyage — Équipe A)",
        "Olivier Roux — Encadrant technique (Restauration — Cuisine)",
    ]
    checked = [a.text() for a in accounts.actions() if a.isChecked()]
    assert checked == ["Isabelle Moreau — Directrice"]  # who uses the window now
    encadrant = labels[3]

    _choose(qtbot, accounts, encadrant)
    qtbot.waitUntil(lambda: demo_ctx.actor.role is Role.SUPERVISOR)
    assert window.who.text() == "Connecté : Awa Ndiaye — Encadrante technique"
    assert "Accompagnement" not in _titles(window)
    assert "Données personnelles" not in _titles(window)
    dashboard = window.pages["dashboard"]
    assert window.stack.currentWidget() is dashboard
    assert dashboard.findChild(TeamDayPanel) is not None
    shown = texts(dashboard)
    assert "Heures à saisir" in shown and "réservé" not in shown

    accounts = _open_accounts_menu(qtbot, window)
    assert [a.text() for a in accounts.actions() if a.isChecked()] == [encadrant]
    _choose(qtbot, accounts, "Sophie Lacroix")
    qtbot.waitUntil(lambda: demo_ctx.actor.role is Role.CIP)
    assert window.who.text() == (
        "Connecté : Sophie Lacroix — Conseillère en insertion professionnelle (CIP)"
    )
    assert "Accompagnement" in _titles(window)
    assert window.pages["dashboard"].findChild(TeamDayPanel) is None
    # The page shortcuts follow the new navigation: Ctrl+2 is its second page.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == window.specs[1].key
    QApplication.closeAllWindows()


def test_real_data_has_no_demonstration_menu(qtbot, ctx, database) -> None:
    from tests.services.accounts_factory import set_up

    director = set_up(database)
    window = _window(qtbot, director)
    assert [a.text() for a in window.menuBar().actions()] == ["&Fichier", "&Affichage", "&Aide"]


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_the_lock_names_the_account_switched_to(qtbot, demo_ctx) -> None:
    """Issue 23, point 3: a second instance is told who uses the data now, not who opened."""
    from chantier_app.services.safety.bootstrap import take_writer_lock
    from chantier_app.services.safety.lock import read_owner
    from chantier_app.ui.app import name_in_lock

    lock = take_writer_lock(demo_ctx.paths)
    try:
        window = _window(qtbot, demo_ctx)
        name_in_lock(window, lock)
        _choose(qtbot, _open_accounts_menu(qtbot, window), "Sophie Lacroix")
        qtbot.waitUntil(lambda: demo_ctx.actor.role is Role.CIP)
        assert read_owner(demo_ctx.paths.lock_path).staff == "Sophie Lacroix"  # type: ignore[union-attr]
        # The window's timer touches the lock: another computer's sign of life.
        hour_ago = time.time() - 3600
        os.utime(demo_ctx.paths.lock_path, (hour_ago, hour_ago))
        beat = window.findChild(QTimer, "lockHeartbeat")
        assert beat is not None and beat.isActive() and beat.interval() == 60_000
        beat.timeout.emit()
        assert demo_ctx.paths.lock_path.stat().st_mtime > time.time() - 60
        QApplication.closeAllWindows()
    finally:
        lock.release()
