"""The main dialogs at 1280×720, opened as a user opens them (their buttons, on the demo):
none larger than the screen, nothing in them cut by accident (each tab walked)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QTabWidget, QWidget

from chantier_app.services import contracts as contract_services
from chantier_app.services.contracts import HoursChangeInput
from chantier_app.ui.main_window import MainWindow
from tests.ui.contracts.test_amendment_corrections_ui import TODAY, _file, _open_correct, running
from tests.ui.fit_checks import SCREEN, cut_texts, too_large

__all__ = ["running"]  # the fixture


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(SCREEN)
    window.show()
    qtbot.waitExposed(window)
    return window


def _problems(dialog: QWidget) -> list[str]:
    found = [p for p in [too_large(dialog)] if p]
    tab_bars = [t for t in dialog.findChildren(QTabWidget) if t.isVisible()] or [None]
    for tabs in tab_bars:
        for index in range(tabs.count() if tabs else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
            QApplication.processEvents()
            found += cut_texts(dialog)
    return [f"{dialog.windowTitle()}: {p}" for p in found]


def _open(root: QWidget, text: str) -> list[str]:
    """Click ``root``'s button ``text`` and check the dialog it opens (then closed)."""
    button = next(b for b in root.findChildren(QPushButton) if b.text() == text and b.isVisible())
    assert button.isEnabled(), text
    seen: list[list[str]] = []

    before = set(QApplication.topLevelWidgets())

    def opened() -> QWidget | None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            return modal
        new = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w not in before]
        return next((w for w in new if isinstance(w, QDialog)), None)

    def look(tries: int = 0) -> None:
        dialog = opened()
        if dialog is None and tries < 100:
            QTimer.singleShot(20, lambda: look(tries + 1))
            return
        assert isinstance(dialog, QDialog), text
        seen.append(_problems(dialog))
        dialog.reject()
        dialog.close()

    QTimer.singleShot(0, look)
    button.click()
    QApplication.processEvents()
    for _ in range(200):  # a dialog opened with open() returns at once
        if seen:
            break
        QApplication.processEvents()
        QThread.msleep(10)
    assert seen, f"« {text} » opened no dialog"
    return seen[0]


def _each(root: QWidget, texts: list[str]) -> list[str]:
    return [p for text in texts for p in _open(root, text)]


def _open_someone_in_contract(window: MainWindow) -> QWidget:
    """The contracts tab of the first person whose contract runs (every action offered)."""
    window.show_page("people")
    people = window.page("people")
    for person_id in people.list.visible_ids():
        window.open_person(person_id, "contracts")
        tab = people.file.tab("contracts")
        if tab.end_button.isEnabled() and tab.renew_button.isEnabled():
            return tab
    raise AssertionError("no one in contract in the demo")


def test_the_main_dialogs_fit_1280x720(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    found: list[str] = []
    window.show_page("people")
    people = window.page("people")
    found += _each(people.list, ["Nouveau…", "Fiches ASP…"])
    contracts = _open_someone_in_contract(window)
    found += _each(contracts, ["Renouveler…", "Durée du travail…", "Suspendre…", "Fin et sortie…"])
    for key, texts in (
        ("eligibility", ["Nouveau diagnostic…", "Nouveau PASS…"]),
        ("support", ["Nouvel entretien…", "Nouvelle PMSMP…", "Bilan d'accompagnement…"]),
    ):
        people.file.tabs.setCurrentIndex(people.file._keys.index(key))
        QApplication.processEvents()
        found += _each(people.file.tab(key), texts)

    window.show_page("hours")
    hours = window.page("hours")
    hours.entry.view.setCurrentIndex(hours.entry.view.model().index(0, 0))
    found += _each(hours.entry, ["Feuille d'émargement…"])
    hours.tabs.setCurrentWidget(hours.fte)
    found += _each(hours.fte, ["Conventions…"])

    window.show_page("trainings")
    found += _each(window.page("trainings"), ["Nouvelle session…", "Inscrire…", "Présences…"])

    window.show_page("documents")
    found += _each(window.page("documents"), ["Contrôle et dialogue de gestion…"])

    window.open_settings("workshops")
    found += _each(window.page("settings"), ["Nouvel atelier…", "Nouvelle équipe…"])
    window.open_settings("conventions")
    found += _each(window.page("settings"), ["Modifier les conventions…"])
    window.open_settings("accounts")
    found += _each(window.page("settings"), ["Nouveau compte…"])
    assert found == []


def test_the_amendment_correction_dialog_fits_1280x720(qtbot, ctx, running) -> None:
    """« Corriger l'avenant… », opened from the amendment's line (the demo's contracts tab
    has no line picked, so the walk above cannot reach it)."""
    person, contract = running
    effective = TODAY + dt.timedelta(days=7)
    amendment = ctx.run(
        contract_services.change_hours, HoursChangeInput(contract, effective, 30 * 60)
    )
    file = _file(qtbot, ctx, person)
    dialog = _open_correct(file, amendment.id)
    assert dialog.windowTitle() and _problems(dialog) == []
    dialog.reject()
