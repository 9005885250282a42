"""The month's grid as a user drives it: type, see the checks, paste, save, reopen, declare."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from chantier_app.db import models as m
from chantier_app.ui.hours import cells, entry_tab
from chantier_app.ui.hours.cells import ERROR, WARNING
from chantier_app.ui.hours.page import HoursPage
from tests.ui.hours.hours_ui_helpers import MARCH, activate, go_to, make_contracts, press, type_text

# Columns after « Salarié », « Équipe » (the two teams are shown grouped), « Contrat », « Prévu »
WORKED, TRAINING, SICK, TOTAL = 4, 5, 8, 10


@pytest.fixture
def contracts(ctx) -> dict[str, int]:
    return make_contracts(ctx)


@pytest.fixture
def page(qtbot, ctx, contracts) -> HoursPage:
    page = HoursPage(ctx, None, MARCH)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    activate(qtbot, page)
    page.on_shown()
    return page


@pytest.fixture
def yes(monkeypatch) -> list[str]:
    """Every confirmation answered « Oui »; the questions asked are kept."""
    asked: list[str] = []

    def answer(_parent, _title, text) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(cells, "confirm", answer)
    return asked


def stored(ctx) -> dict[int, m.MonthlyHours]:
    with ctx.database.reading() as session:
        return {r.contract_id: r for r in session.scalars(sa.select(m.MonthlyHours))}


def cell(page: HoursPage, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return page.entry.model.index(row, column).data(role)


def test_typing_shows_the_cddi_warning_then_save_and_reopen_keep_values(
    qtbot, ctx, contracts, page, yes
) -> None:
    view = page.entry.view
    assert (
        cell(page, 0, 0) == "DURAND Marie"
        and cell(page, 0, 1) == "Nettoyage — Équipe A"
        and cell(page, 0, 3) == "114,4"
    )
    go_to(view, 0, WORKED)
    type_text(qtbot, view, "60")
    press(qtbot, view, Qt.Key.Key_Tab)  # Tab: next column, like a spreadsheet
    type_text(qtbot, view, "7,5")
    press(qtbot, view, Qt.Key.Key_Return)  # Enter: one row down
    assert view.currentIndex().row() == 1 and view.currentIndex().column() == TRAINING
    assert (cell(page, 0, WORKED), cell(page, 0, TRAINING), cell(page, 0, TOTAL)) == (
        "60",
        "7,5",
        "67,5",
    )
    assert cell(page, 0, TOTAL, Qt.ItemDataRole.BackgroundRole) == WARNING
    assert "écart de 41 %" in cell(page, 0, TOTAL, Qt.ItemDataRole.ToolTipRole)
    messages = [page.entry.messages.item(i).text() for i in range(page.entry.messages.count())]
    assert len(messages) == 1
    assert messages[0].startswith("DURAND Marie : CDDI : 67,5 h saisies en mars 2026")
    assert (cell(page, 2, 0), cell(page, 2, WORKED), cell(page, 2, TOTAL)) == (
        "Total",
        "60",
        "67,5",
    )

    qtbot.mouseClick(page.entry.save_button, Qt.MouseButton.LeftButton)
    assert "Enregistrer quand même ?" in yes[0]  # the warning was acknowledged
    assert page.entry.status.text() == "Enregistré : 1 ligne(s) modifiée(s)."
    row = stored(ctx)[contracts["durand"]]
    assert (row.worked_minutes, row.training_minutes) == (3600, 450)

    reopened = HoursPage(ctx, None, MARCH)
    qtbot.addWidget(reopened)
    reopened.on_shown()
    assert cell(reopened, 0, WORKED) == "60" and cell(reopened, 0, TRAINING) == "7,5"


def test_typing_replaces_the_cell_and_suppr_clears_it(qtbot, page) -> None:
    view = page.entry.view
    go_to(view, 0, WORKED)
    type_text(qtbot, view, "100")
    press(qtbot, view, Qt.Key.Key_Return)
    go_to(view, 0, WORKED)
    type_text(qtbot, view, "110")
    press(qtbot, view, Qt.Key.Key_Return)
    assert cell(page, 0, WORKED) == "110"
    go_to(view, 0, WORKED)
    press(qtbot, view, Qt.Key.Key_Delete)
    assert cell(page, 0, WORKED) == ""


def test_a_bad_cell_is_red_and_nothing_is_saved(qtbot, ctx, page, yes) -> None:
    view = page.entry.view
    go_to(view, 0, WORKED)
    type_text(qtbot, view, "114,4")
    press(qtbot, view, Qt.Key.Key_Return)  # Marie's row is fine
    go_to(view, 1, SICK)
    type_text(qtbot, view, "abc")
    press(qtbot, view, Qt.Key.Key_Return)
    assert cell(page, 1, SICK) == "abc"
    assert cell(page, 1, SICK, Qt.ItemDataRole.BackgroundRole) == ERROR
    assert "n'est pas un nombre" in cell(page, 1, SICK, Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(page.entry.save_button, Qt.MouseButton.LeftButton)
    assert page.entry.status.text() == "Corrigez les cellules en rouge : rien n'a été enregistré."
    assert page.entry.view.currentIndex().row() == 1
    assert stored(ctx) == {}


def test_paste_a_block_copied_from_a_spreadsheet(qtbot, ctx, contracts, page, yes) -> None:
    view = page.entry.view
    QGuiApplication.clipboard().setText("110\t4,4\r\n50:30\t\r\n")
    go_to(view, 0, WORKED)
    press(qtbot, view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.entry.status.text() == "4 cellule(s) collée(s)."
    assert [cell(page, r, c) for r in (0, 1) for c in (WORKED, TRAINING)] == [
        "110",
        "4,4",
        "50,5",
        "",
    ]
    assert cell(page, 0, TOTAL) == "114,4"
    # A block wider than the editable cells: the rest is skipped and said so.
    QGuiApplication.clipboard().setText("1\t2\t3\t4\t5\t6\t7\t8")
    go_to(view, 1, SICK)
    press(qtbot, view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "ignorée(s)" in page.entry.status.text()
    QGuiApplication.clipboard().setText("")
    go_to(view, 1, SICK)
    press(qtbot, view, Qt.Key.Key_Delete)
    press(qtbot, view, Qt.Key.Key_Right)
    press(qtbot, view, Qt.Key.Key_Delete)
    qtbot.mouseClick(page.entry.save_button, Qt.MouseButton.LeftButton)
    rows = stored(ctx)
    assert (
        rows[contracts["durand"]].worked_minutes,
        rows[contracts["durand"]].training_minutes,
    ) == (
        6600,
        264,
    )
    assert rows[contracts["martin"]].worked_minutes == 3030


def test_team_filter_shows_one_team(qtbot, page) -> None:
    combo = page.entry.team
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Toutes les équipes",
        "Nettoyage — Équipe A",
        "Nettoyage — Équipe B",
    ]
    combo.setCurrentIndex(2)
    assert page.entry.model.rowCount() == 2  # MARTIN Paul and the totals row
    assert cell(page, 0, 0) == "MARTIN Paul"


def test_declare_locks_the_grid_and_unlock_asks_a_reason(
    qtbot, ctx, page, yes, monkeypatch
) -> None:
    qtbot.mouseClick(page.entry.declare_button, Qt.MouseButton.LeftButton)
    assert "2 contrat(s) n'ont aucune heure saisie" in yes[0]
    assert page.entry.state.text().startswith("Mois déclaré le ")
    assert (
        not page.entry.model.flags(page.entry.model.index(0, WORKED)) & Qt.ItemFlag.ItemIsEditable
    )
    assert not page.entry.save_button.isEnabled() and page.entry.unlock_button.isEnabled()
    monkeypatch.setattr(entry_tab, "ask_unlock_reason", lambda _parent, _month: None)
    qtbot.mouseClick(page.entry.unlock_button, Qt.MouseButton.LeftButton)
    assert page.entry.state.text().startswith("Mois déclaré")  # cancelled: still locked
    monkeypatch.setattr(entry_tab, "ask_unlock_reason", lambda _parent, _month: "paie rectifiée")
    qtbot.mouseClick(page.entry.unlock_button, Qt.MouseButton.LeftButton)
    assert page.entry.state.text() == "Mois non déclaré."
    assert page.entry.model.flags(page.entry.model.index(0, WORKED)) & Qt.ItemFlag.ItemIsEditable
    with ctx.database.reading() as session:
        assert (
            session.scalars(
                sa.select(m.AuditEntry.summary).where(m.AuditEntry.action == "unlock")
            ).one()
            == "Mois de mars 2026 déverrouillé (motif : paie rectifiée)"
        )


def _answer(monkeypatch, choice: str) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(
        cells, "save_discard_or_cancel", lambda _p, _t, text: asked.append(text) or choice
    )
    return asked


def test_changing_month_with_unsaved_changes_offers_to_save(qtbot, ctx, page, monkeypatch) -> None:
    view = page.entry.view
    go_to(view, 1, WORKED)
    type_text(qtbot, view, "50")
    press(qtbot, view, Qt.Key.Key_Return)
    asked = _answer(monkeypatch, cells.CANCEL)
    qtbot.mouseClick(page.picker.next, Qt.MouseButton.LeftButton)
    assert "Les enregistrer ?" in asked[0]
    assert page.month().month == 3 and page.entry.is_dirty()  # « Annuler »: still in March
    _answer(monkeypatch, cells.SAVE)
    qtbot.mouseClick(page.picker.next, Qt.MouseButton.LeftButton)
    assert page.month().month == 4
    assert [r.worked_minutes for r in stored(ctx).values()] == [3000]


def test_closing_the_window_with_unsaved_hours_asks_first(
    qtbot, ctx, contracts, monkeypatch
) -> None:
    from chantier_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.show_page("hours")
    page = window.page("hours")
    page.picker.set_month(dt.date(2026, 3, 1))
    assert page.entry.model.rowCount() > 1
    view = page.entry.view
    go_to(view, 1, WORKED)
    type_text(qtbot, view, "50")
    press(qtbot, view, Qt.Key.Key_Return)
    assert page.entry.is_dirty()
    asked = _answer(monkeypatch, cells.CANCEL)
    assert not window.close() and window.isVisible()  # « Annuler »: the window stays
    assert "Les heures de mars 2026 ont été modifiées" in asked[0]
    _answer(monkeypatch, cells.SAVE)
    assert window.close()
    assert [r.worked_minutes for r in stored(ctx).values()] == [3000]


def test_the_month_grid_model_passes_qt_checks(qtmodeltester, page) -> None:
    qtmodeltester.check(page.entry.model)


def test_save_while_a_cell_is_still_being_typed_keeps_its_text(qtbot, ctx, contracts, page) -> None:
    view = page.entry.view
    go_to(view, 0, WORKED)
    type_text(qtbot, view, "114,4")
    assert view.state() == view.State.EditingState
    qtbot.mouseClick(page.entry.save_button, Qt.MouseButton.LeftButton)
    assert stored(ctx)[contracts["durand"]].worked_minutes == 6864


def test_saving_again_without_reloading_then_after_another_office_saved(
    qtbot, ctx, contracts, page, monkeypatch
) -> None:
    """The grid keeps each row's version as its save left it: typed again and saved again,
    the row is saved; saved by another office in between, the next save is refused, naming
    the row, and the other office's hours stay."""
    from chantier_app.services.hours import grid as hours
    from chantier_app.services.hours.grid import MonthEntry

    monkeypatch.setattr(cells, "confirm", lambda *_args: True)
    view = page.entry.view
    for text in ("114,4", "110"):
        go_to(view, 0, WORKED)
        type_text(qtbot, view, text)
        press(qtbot, view, Qt.Key.Key_Return)
        qtbot.mouseClick(page.entry.save_button, Qt.MouseButton.LeftButton)
        assert page.entry.status.text() == "Enregistré : 1 ligne(s) modifiée(s)."
    row = stored(ctx)[contracts["durand"]]
    assert (row.worked_minutes, row.version) == (110 * 60, 2)

    other = hours.save_month  # the other office saves the same row (its own grid, version 2)
    ctx.run(other, MARCH, [MonthEntry(contracts["durand"], {hours.HoursCategory.WORKED: "112"}, 2)])
    go_to(view, 0, WORKED)
    type_text(qtbot, view, "105")
    press(qtbot, view, Qt.Key.Key_Return)
    qtbot.mouseClick(page.entry.save_button, Qt.MouseButton.LeftButton)
    assert page.entry.status.text() == "Rien n'a été enregistré : voir les messages."
    messages = [page.entry.messages.item(i).text() for i in range(page.entry.messages.count())]
    assert messages == [
        f"DURAND Marie : modifié par {ctx.actor.name} à {messages[0].split(' à ')[1]}"
    ]
    assert messages[0].endswith(": rechargez le mois avant de modifier.")
    assert cell(page, 0, TOTAL, Qt.ItemDataRole.BackgroundRole) == ERROR
    assert stored(ctx)[contracts["durand"]].worked_minutes == 112 * 60
