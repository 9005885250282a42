"""Sign-in sheet, import, statement export, unlock: the dialogs as a user drives them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from chantier_app.db import models as m
from chantier_app.domain.codes.hours_codes import HoursCategory
from chantier_app.domain.fr_format import fold
from chantier_app.services.safety import backups
from chantier_app.services.tabular import read_table, write_csv
from chantier_app.ui.hours import cells
from chantier_app.ui.hours.cells import ERROR
from chantier_app.ui.hours.day_dialog import DaySheetDialog
from chantier_app.ui.hours.import_dialog import ImportDialog
from chantier_app.ui.hours.page import HoursPage
from chantier_app.ui.hours.statement_tab import StatementTab
from chantier_app.ui.hours.unlock_dialog import UnlockDialog
from tests.ui.hours.hours_ui_helpers import MARCH, activate, go_to, make_contracts, press, type_text

WORKED, TOTAL = 1, 7  # the day sheet: « Jour », six categories, « Total »


@pytest.fixture
def contracts(ctx) -> dict[str, int]:
    return make_contracts(ctx)


@pytest.fixture
def yes(monkeypatch) -> list[str]:
    asked: list[str] = []
    monkeypatch.setattr(cells, "confirm", lambda _p, _t, text: asked.append(text) or True)
    return asked


def month_row(ctx, contract_id) -> m.MonthlyHours | None:
    with ctx.database.reading() as session:
        return session.scalars(
            sa.select(m.MonthlyHours).where(m.MonthlyHours.contract_id == contract_id)
        ).first()


def test_sign_in_sheet_checks_each_day_and_saves_the_month(qtbot, ctx, contracts, yes) -> None:
    dialog = DaySheetDialog(ctx, contracts["durand"], MARCH)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    model, view = dialog.model, dialog.view
    assert model.index(0, 0).data() == "dim. 01/03" and model.rowCount() == 32
    go_to(view, 1, WORKED)  # Monday 2 March
    for text in ("7", "7", "10:30", "7", "7"):
        type_text(qtbot, view, text)
        press(qtbot, view, Qt.Key.Key_Return)
    assert model.index(3, TOTAL).data(Qt.ItemDataRole.BackgroundRole) == ERROR
    assert "au plus 10 h par jour" in model.index(3, TOTAL).data(Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Corrigez les cellules en rouge")
    assert month_row(ctx, contracts["durand"]) is None
    go_to(view, 3, WORKED)
    type_text(qtbot, view, "3")
    press(qtbot, view, Qt.Key.Key_Tab)
    type_text(qtbot, view, "4")  # and 4 h of training that day (Tab: next column)
    press(qtbot, view, Qt.Key.Key_Return)
    assert model.index(31, TOTAL).data() == "35"  # the totals row
    messages = [dialog.messages.item(i).text() for i in range(dialog.messages.count())]
    assert len(messages) == 1 and messages[0].startswith("CDDI : 35 h saisies en mars 2026")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and yes
    row = month_row(ctx, contracts["durand"])
    assert row.from_daily and (row.worked_minutes, row.training_minutes) == (31 * 60, 4 * 60)

    page = HoursPage(ctx, None, MARCH)
    qtbot.addWidget(page)
    page.on_shown()
    grid = page.entry.model
    worked = grid.index(0, grid.category_column(HoursCategory.WORKED))
    assert worked.data() == "31"
    assert not grid.flags(worked) & Qt.ItemFlag.ItemIsEditable
    assert "feuille d'émargement" in worked.data(Qt.ItemDataRole.ToolTipRole)
    reopened = DaySheetDialog(ctx, contracts["durand"], MARCH)
    qtbot.addWidget(reopened)
    assert reopened.model.index(3, WORKED).data() == "3"


def test_day_sheet_model_passes_qt_checks(qtbot, qtmodeltester, ctx, contracts) -> None:
    dialog = DaySheetDialog(ctx, contracts["durand"], MARCH)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)


def test_import_dialog_previews_then_imports(qtbot, ctx, contracts, tmp_path, yes) -> None:
    bad = write_csv(
        tmp_path / "bad.csv",
        ["Nom", "Prénom", "Heures"],
        [["Durand", "Marie", "114,4"], ["Personne", "Inconnue", "3"]],
    )
    dialog = ImportDialog(ctx, MARCH)
    qtbot.addWidget(dialog)
    dialog.load(bad)
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.text().startswith("1 ligne(s) sur 2 en erreur")
    assert dialog.model.index(1, 5).data() == "salarié introuvable (Personne Inconnue)"
    good = write_csv(
        tmp_path / "good.csv",
        ["Nom", "Prénom", "Heures", "Matricule"],
        [["Durand", "Marie", "114,4", "7"], ["Martin", "Paul", "55", "8"]],
    )
    dialog.load(good)
    assert dialog.summary.text() == "2 ligne(s) prête(s) à importer. Colonnes ignorées : Matricule."
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert month_row(ctx, contracts["martin"]).worked_minutes == 55 * 60


def test_import_with_warnings_asks_then_imports_after_one_backup(
    qtbot, ctx, contracts, tmp_path, yes
) -> None:
    few = write_csv(tmp_path / "h.csv", ["Nom", "Prénom", "Heures"], [["Durand", "Marie", "50"]])
    dialog = ImportDialog(ctx, MARCH)
    qtbot.addWidget(dialog)
    dialog.load(few)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(yes) == 1 and yes[0].endswith("Importer quand même ?")
    assert "Ligne 2 : CDDI" in yes[0]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert month_row(ctx, contracts["durand"]).worked_minutes == 50 * 60
    # One action, one backup: in backups/, or on a server in its own sub-folder of it.
    assert len(list(backups.backups_folder(ctx).glob("*avant-import*"))) == 1


def test_statement_tab_exports_off_the_gui_thread(qtbot, demo_ctx, tmp_path) -> None:
    import datetime as dt

    tab = StatementTab(demo_ctx, dt.date(2026, 10, 1))
    qtbot.addWidget(tab)
    tab.load(dt.date(2026, 10, 1))
    assert tab.heading.text().startswith("<b>Relevé mensuel de octobre 2026</b> : 24 contrat(s)")
    assert tab.proxy.rowCount() == 24
    names = [tab.proxy.index(r, 0).data() for r in range(24)]
    assert names == sorted(names, key=fold)  # « ÇELIK » before « CRÉMIEUX »
    tab.search.setText("brehier etienne")
    assert tab.proxy.rowCount() == 1 and tab.proxy.index(0, 8).data() == "41 — Inactif"
    tab.export_to(tmp_path / "emi.xlsx")
    qtbot.waitUntil(lambda: tab.status.text().startswith("Relevé exporté"), timeout=10_000)
    assert len(read_table(tmp_path / "emi.xlsx").rows) == 24


def test_unlock_dialog_returns_the_reason_and_defaults_to_cancel(qtbot) -> None:
    dialog = UnlockDialog(MARCH)
    qtbot.addWidget(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    default = next(b for b in buttons.buttons() if b.isDefault())
    assert default.text() == "Annuler"
    dialog.reason.setText("rectification de paie")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.reason.text() == "rectification de paie"
