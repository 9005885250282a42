"""The set-up offers encryption (checked: recommended) and shows the « Feuille de secours »;
Paramètres → « Chiffrement » encrypts a clear folder and exports encrypted data in clear."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from dialog_helpers import Answers
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from chantier_app.db import cipher
from chantier_app.db.backup import list_backups
from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext
from chantier_app.services.people.records import create_person
from chantier_app.services.safety import backups, keys
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.ui.login.setup_dialog import SetupDialog
from chantier_app.ui.safety.recovery_sheet_dialog import RecoverySheetDialog
from chantier_app.ui.settings.encryption_tab import EncryptionTab
from tests.reports.pdf import flat
from tests.services.accounts_factory import DIRECTOR_PASSWORD, set_up
from tests.services.people_factory import person_input

NAME = "Quentalsky"


@pytest.fixture(autouse=True)
def _no_key_left() -> Iterator[None]:
    cipher.forget_keys()
    yield
    cipher.forget_keys()


def _take_sheet(seen: dict[str, object]) -> None:
    """Read the recovery sheet as the user sees it, then click « J'ai imprimé… »."""
    sheet = QApplication.activeModalWidget()
    if not isinstance(sheet, RecoverySheetDialog):
        QTimer.singleShot(20, lambda: _take_sheet(seen))
        return
    assert sheet.preview.current is not None
    seen["pdf"] = sheet.preview.current.pdf
    seen["key"] = sheet.key.text().removeprefix("<h2>").removesuffix("</h2>")
    seen["reset"] = sheet.to_reset.text()
    sheet.buttons.buttons()[0].click()


def test_set_up_encrypts_by_default_and_shows_the_recovery_sheet(
    qtbot, app_paths: AppPaths
) -> None:
    database = open_data(app_paths).database
    dialog = SetupDialog(database, paths=app_paths)
    qtbot.addWidget(dialog)
    assert dialog.encrypt.isChecked() and "recommandé" in dialog.encrypt.text()
    dialog.name.setText("Les Ateliers du Canal")
    dialog.last_name.setText("Moreau")
    dialog.first_name.setText("Isabelle")
    dialog.login.setText("i.moreau")
    dialog.password.setText(DIRECTOR_PASSWORD)
    dialog.confirmation.setText(DIRECTOR_PASSWORD)
    seen: dict[str, object] = {}
    QTimer.singleShot(0, lambda: _take_sheet(seen))
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.actor is not None
    page = flat(seen["pdf"])  # type: ignore[arg-type]
    assert page.startswith("Feuille de secours Les Ateliers du Canal")
    recovery = str(seen["key"])
    assert all(group in page for group in recovery.split("-"))
    assert not cipher.is_clear(app_paths.db_path) and keys.is_encrypted(app_paths)
    database.dispose()
    cipher.forget_keys()
    keys.unlock_with_password(app_paths, "i.moreau", DIRECTOR_PASSWORD)
    cipher.forget_keys()
    keys.unlock_with_recovery_key(app_paths, recovery)


def test_set_up_can_stay_in_clear(qtbot, app_paths: AppPaths) -> None:
    database = open_data(app_paths).database
    dialog = SetupDialog(database, paths=app_paths)
    qtbot.addWidget(dialog)
    for field, value in (("name", "Canal"), ("last_name", "Moreau"), ("first_name", "Isa"),
                         ("login", "i.moreau"), ("password", DIRECTOR_PASSWORD),
                         ("confirmation", DIRECTOR_PASSWORD)):  # fmt: skip
        getattr(dialog, field).setText(value)
    dialog.encrypt.setChecked(False)
    dialog.save()
    database.dispose()
    assert dialog.actor is not None and not keys.is_encrypted(app_paths)


@pytest.fixture
def clear_ctx(app_paths: AppPaths) -> Iterator[AppContext]:
    database = open_data(app_paths).database
    ctx = AppContext(database, set_up(database).actor, app_paths)
    ctx.run(create_person, person_input(usage_name=NAME), today=dt.date(2026, 11, 23))
    backups.backup_now(ctx)
    yield ctx
    database.dispose()


def test_settings_encrypt_a_clear_folder_then_export_it_in_clear(
    qtbot, clear_ctx: AppContext, app_paths: AppPaths, tmp_path: Path
) -> None:
    tab = EncryptionTab(clear_ctx)
    qtbot.addWidget(tab)
    tab.refresh()
    assert "ne sont pas chiffrées" in tab.status.text()
    assert tab.encrypt_button.isEnabled() and not tab.export_button.isEnabled()
    answers = Answers(QMessageBox.StandardButton.Ok)
    with qtbot.waitSignal(tab.encrypt("pas-le-bon-1").finished, timeout=60000):
        pass
    qtbot.waitUntil(answers.done, timeout=10000)
    assert answers.seen == [("Données non chiffrées", "Mot de passe : incorrect.")]
    assert cipher.is_clear(app_paths.db_path) and tab.encrypt_button.isEnabled()
    seen: dict[str, object] = {}
    QTimer.singleShot(0, lambda: _take_sheet(seen))
    with qtbot.waitSignal(tab.encrypt(DIRECTOR_PASSWORD).finished, timeout=60000):
        pass
    qtbot.waitUntil(lambda: "pdf" in seen, timeout=20000)
    assert "Feuille de secours" in flat(seen["pdf"])  # type: ignore[arg-type]
    assert not cipher.is_clear(app_paths.db_path)
    assert all(not cipher.is_clear(b.path) for b in list_backups(app_paths.backups_dir))
    assert "sont chiffrées" in tab.status.text()
    assert not tab.encrypt_button.isEnabled() and tab.export_button.isEnabled()
    out = tmp_path / "export"
    out.mkdir()
    with qtbot.waitSignal(tab.export_clear(DIRECTOR_PASSWORD, out).finished, timeout=60000):
        pass
    [path] = list(out.iterdir())
    assert tab.result.text() == f"Copie en clair écrite : {path}"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT usage_name FROM person").fetchall() == [(NAME,)]
