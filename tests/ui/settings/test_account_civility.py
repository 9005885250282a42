"""The account form's « Civilité »: the role's title in the feminine in the list and the
status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import AppContext
from chantier_app.services.structure import accounts
from chantier_app.ui.main_window import MainWindow
from chantier_app.ui.settings import accounts_tab
from chantier_app.ui.settings.accounts_tab import AccountDialog
from chantier_app.ui.settings.page import SettingsPage


def _role_shown(page: SettingsPage, login: str) -> str:
    model = page.accounts.model
    row = next(i for i, a in enumerate(model.rows()) if a.login == login)
    return str(model.data(model.index(row, 1), Qt.ItemDataRole.DisplayRole))


def test_a_new_cip_set_as_mme_is_a_conseillere(qtbot, demo_ctx, monkeypatch) -> None:
    monkeypatch.setattr(accounts_tab, "show_temporary_password", lambda *_: None)
    page = SettingsPage(demo_ctx, None)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.show()
    page.on_shown()
    page.tabs.setCurrentWidget(page.accounts)
    dialog = AccountDialog(demo_ctx, None, page.accounts)
    qtbot.addWidget(dialog)
    assert dialog.civility.currentText() == "Non précisée"
    assert [dialog.civility.itemText(i) for i in range(dialog.civility.count())] == [
        "Non précisée",
        "M.",
        "Mme",
    ]
    dialog.civility.setCurrentIndex(dialog.civility.findText("Mme"))
    qtbot.keyClicks(dialog.last_name, "Lacroix")
    qtbot.keyClicks(dialog.first_name, "Sophie")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CIP.value))
    qtbot.keyClicks(dialog.login, "s.lacroix")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.accounts.refresh()
    assert _role_shown(page, "s.lacroix") == "Conseillère en insertion professionnelle (CIP)"
    assert _role_shown(page, "encadrant1") == "Encadrant technique"  # no civility: as before

    # Reopened, the form shows her civility; the status bar of her window says « Conseillère ».
    again = AccountDialog(
        demo_ctx, next(a for a in page.accounts.model.rows() if a.login == "s.lacroix"), page
    )
    qtbot.addWidget(again)
    assert again.civility.currentText() == "Mme"
    logged = accounts.log_in(demo_ctx.database, "s.lacroix", dialog.new_password.temporary_password)
    assert logged.actor is not None
    window = MainWindow(AppContext(demo_ctx.database, logged.actor, demo_ctx.paths))
    qtbot.addWidget(window)
    assert window.who.text() == (
        "Connecté : Sophie Lacroix — Conseillère en insertion professionnelle (CIP)"
    )
