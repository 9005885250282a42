"""The keyboard alone: the shortcuts the menus show (Ctrl+F, Ctrl+N, Ctrl+S, Ctrl+P, F1), the
new person's first field, and the people search's Down and Enter. Keys are pressed, not
methods called."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QMessageBox

from chantier_app.db import models as m
from chantier_app.services.documents.printing import DocumentKind
from chantier_app.ui.documents import preview as preview_module
from chantier_app.ui.hours import cells
from chantier_app.ui.main_window import MainWindow
from chantier_app.ui.people.person_dialog import PersonDialog
from tests.ui.hours.hours_ui_helpers import MARCH, activate, go_to, make_contracts, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
WORKED = 4  # the grid's column after « Salarié », « Équipe », « Contrat », « Prévu »


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _when_modal(check) -> list[object]:
    """Run ``check`` on the modal dialog the next key opens (it runs its own loop)."""
    seen: list[object] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, look)
            return
        seen.append(check(dialog))
        dialog.reject()

    QTimer.singleShot(0, look)
    return seen


def test_the_menus_show_the_shortcuts(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    shown = {
        a.text(): a.shortcut().toString()
        for menu in (menus["&Fichier"], menus["&Aide"])
        for a in menu.actions()
        if not a.isSeparator()
    }
    assert shown["&Rechercher"] == "Ctrl+F"
    assert shown["&Nouveau salarié…"] == "Ctrl+N"
    assert shown["&Enregistrer"] == "Ctrl+S"
    assert shown["&Aperçu et impression…"] == "Ctrl+P"
    assert shown["&Manuel"] == "F1"


def test_the_help_menu_lists_the_shortcuts(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    window.commands.help_action.trigger()
    box = window.findChild(QMessageBox, "helpBox")
    qtbot.waitUntil(box.isVisible)
    assert "Ctrl+F" in box.text() and "Ctrl+P" in box.text() and "Entrée ouvre" in box.text()
    box.close()


def test_ctrl_n_opens_the_new_person_on_its_first_field(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    seen = _when_modal(
        lambda d: (isinstance(d, PersonDialog), d.focusWidget() is d.form.first_field(0))
    )
    qtbot.keyClick(window.nav, Qt.Key.Key_N, CTRL)  # from the dashboard
    assert seen == [(True, True)]
    assert window.current_key() == "people"


def test_ctrl_f_then_down_and_enter_open_a_person(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    qtbot.keyClick(window.nav, Qt.Key.Key_F, CTRL)  # from the dashboard: the people search
    people = window.pages["people"]
    search = people.list.search
    assert window.current_key() == "people" and search.hasFocus()
    qtbot.keyClicks(search, "celik")
    table = people.list.table
    assert people.list.proxy.rowCount() >= 2
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert table.hasFocus() and table.selectionModel().selectedRows()[0].row() == 0
    qtbot.keyClick(table, Qt.Key.Key_Down)
    second = people.list.selected_id()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert people.stack.currentWidget() is people.file and people.file.person_id == second

    qtbot.keyClick(window.nav, Qt.Key.Key_F, CTRL)  # from the file: back to the search
    assert people.stack.currentWidget() is people.list and search.hasFocus()
    assert search.selectedText() == "celik"  # typing replaces it
    qtbot.keyClicks(search, "benali")
    first = people.list.visible_ids()[0]
    qtbot.keyClick(search, Qt.Key.Key_Return)  # Enter: the first result
    assert people.file.person_id == first


def test_ctrl_f_on_the_contracts_page_goes_to_its_search(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    window.show_page("contracts")
    qtbot.keyClick(window.nav, Qt.Key.Key_F, CTRL)
    assert window.current_key() == "contracts"
    assert window.pages["contracts"].search.hasFocus()


def test_ctrl_s_saves_the_hours_grid(qtbot, ctx, monkeypatch) -> None:
    contracts = make_contracts(ctx)
    monkeypatch.setattr(cells, "confirm", lambda *_args: True)  # « Enregistrer quand même ? »
    window = _window(qtbot, ctx)
    window.show_page("hours")
    page = window.pages["hours"]
    page.picker.set_month(MARCH)
    view = page.entry.view
    go_to(view, 0, WORKED)
    type_text(qtbot, view, "60")
    press(qtbot, view, Qt.Key.Key_Return)
    assert page.entry.is_dirty()
    qtbot.keyClick(view, Qt.Key.Key_S, CTRL)
    assert not page.entry.is_dirty()
    with ctx.database.reading() as session:
        row = session.scalars(
            sa.select(m.MonthlyHours).where(m.MonthlyHours.contract_id == contracts["durand"])
        ).one()
    assert row.worked_minutes == 60 * 60


def test_ctrl_p_previews_then_prints(qtbot, demo_ctx, monkeypatch) -> None:
    asked: list[str] = []

    class PrintDialog(QPrintDialog):
        """The system's print dialog, answered « Annuler » (no printer here)."""

        def exec(self) -> int:
            asked.append(self.windowTitle())
            return QPrintDialog.DialogCode.Rejected

    monkeypatch.setattr(preview_module, "QPrintDialog", PrintDialog)
    window = _window(qtbot, demo_ctx)
    qtbot.keyClick(window.nav, Qt.Key.Key_P, CTRL)  # from the dashboard: the Documents page
    page = window.pages["documents"]
    assert window.current_key() == "documents"
    page.kind.setCurrentIndex(page.kind.findData(DocumentKind.ATTESTATION))
    page.person.setCurrentIndex(1)
    qtbot.keyClick(page.kind, Qt.Key.Key_P, CTRL)  # the preview
    qtbot.waitUntil(page.preview.has_document, timeout=20000)
    assert asked == []
    window.activateWindow()  # the progress dialog of the preview has closed
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(page.kind, Qt.Key.Key_P, CTRL)  # now the print dialog
    assert len(asked) == 1 and asked[0].startswith("Imprimer « Attestation d'expérience — ")


def test_the_person_dialog_fits_1280_by_720_and_tab_reaches_the_last_field(qtbot, ctx) -> None:
    """The « Situation » tab is taller than the screen leaves: it scrolls, and Tab brings
    its last field into view."""
    dialog = PersonDialog(ctx)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    assert dialog.height() <= 650 and dialog.minimumSizeHint().height() <= 650
    situation = next(i for i in range(dialog.form.count()) if dialog.form.tabText(i) == "Situation")
    dialog.form.setCurrentIndex(situation)
    last = dialog.form.widgets["oeth"]
    dialog.form.first_field(situation).setFocus()
    for _ in range(60):
        if last.hasFocus():
            break
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert last.hasFocus()
    scroll = dialog.form.currentWidget()
    shown = scroll.viewport().rect()
    assert shown.contains(last.mapTo(scroll.viewport(), last.rect().center()))
    dialog.reject()
