"""The File menu: back up now, back up to a folder, restore (with its preview), the journal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from dialog_helpers import Answers
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton
from safety_helpers import hire

from chantier_app.db.backup import list_backups
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import backups
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.ui.main_window import MainWindow

# The folder's own restore and consultation rewrite or open its SQLite file; a shared
# database is restored on the server (chantier serveur restaurer, tests/commands), and its
# menu says so (test_a_shared_database_is_not_restored_from_the_menu).
FOLDER_FILE = pytest.mark.sqlite_only(reason="the data folder's SQLite file, read with sqlite3")


def _window(qtbot, ctx: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def _menu_texts(window: MainWindow) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text().replace("&", "") for a in menu.actions() if a.isVisible()]


def _names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [
            r[0]
            for r in conn.execute("SELECT usage_name FROM person WHERE usage_name LIKE 'CRASH%'")
        ]


def test_file_menu_lists_the_safety_actions(qtbot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    assert _menu_texts(window) == [
        "Rechercher",
        "Nouveau salarié…",
        "Enregistrer",
        "Aperçu et impression…",
        "",
        "Sauvegarder maintenant",
        "Sauvegarder vers…",
        "Restaurer…",
        # A shared database's backups are listed instead (test_server_backups_dialog.py).
        *([] if ctx.database.is_sqlite else ["Sauvegardes du serveur…"]),
        "",
        "Journal des actions…",
        "",
        "Quitter",
    ]


def test_a_supervisor_neither_restores_nor_reads_the_journal(qtbot, ctx: AppContext) -> None:
    ctx.actor = Actor(None, "Paul Encadrant", Role.SUPERVISOR)
    window = _window(qtbot, ctx)
    assert "Journal des actions…" not in _menu_texts(window)
    assert not window.safety.restore_action.isEnabled()
    assert window.safety.backup_now_action.isEnabled()
    assert not window.safety.save_to_action.isEnabled()  # a copy holds every record


@FOLDER_FILE
def test_consultation_only_copies(qtbot, ctx: AppContext) -> None:
    ctx.database.dispose()
    assert ctx.paths is not None
    opened = open_data(ctx.paths, readonly=True)
    window = _window(qtbot, AppContext(opened.database, ctx.actor, ctx.paths))
    assert not window.safety.backup_now_action.isEnabled()
    assert not window.safety.restore_action.isEnabled()
    assert window.safety.save_to_action.isEnabled()
    opened.database.dispose()


def test_backup_now(qtbot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    assert ctx.paths is not None
    window.safety.backup_now_action.trigger()
    job = window.safety.job
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    # The folder's backups/, or on a server its own sub-folder of it (a snapshot of its rows).
    [made] = list_backups(backups.backups_folder(ctx))
    assert window.statusBar().currentMessage() == f"Sauvegarde vérifiée : {made.path}"


def test_backup_to_a_usb_key(qtbot, ctx: AppContext, tmp_path: Path, monkeypatch) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    window = _window(qtbot, ctx)
    window.safety.save_to_action.trigger()
    with qtbot.waitSignal(window.safety.job.finished, timeout=20000):  # type: ignore[union-attr]
        pass
    assert len(list_backups(usb)) == 1


def test_backup_failure_is_explained(qtbot, ctx: AppContext, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "retiree")
    )
    window = _window(qtbot, ctx)
    answers = Answers(QMessageBox.StandardButton.Ok)
    window.safety.save_to_action.trigger()
    qtbot.waitUntil(answers.done, timeout=20000)
    assert answers.seen == [
        ("Sauvegarde impossible", f"Le dossier {tmp_path / 'retiree'} n'existe pas.")
    ]


@FOLDER_FILE
def test_restore_shows_the_backup_then_reopens_the_data(
    qtbot, ctx: AppContext, monkeypatch
) -> None:
    assert ctx.paths is not None
    ctx.run(hire, 1)
    kept = backups.backup_now(ctx)
    ctx.run(hire, 2)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(kept), ""))
    window = _window(qtbot, ctx)
    dashboard = window.pages["dashboard"]
    old_database = ctx.database

    window.safety.restore_action.trigger()
    dialog = window.safety.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(QLabel, "backup_people").text() == "1"
    assert dialog.findChild(QLabel, "current_people").text() == "2"
    assert dialog.findChild(QLabel, "backup_status").text() == "saine, de cette version"
    answers = Answers(QMessageBox.StandardButton.Ok)
    qtbot.mouseClick(dialog.findChild(QPushButton, "restore"), qtbot_button())
    qtbot.waitUntil(answers.done, timeout=30000)
    assert answers.seen[0][0] == "Restauration terminée"
    assert "Les données d'avant sont copiées dans" in answers.seen[0][1]
    assert window.ctx.database is not old_database
    assert window.pages["dashboard"] is not dashboard  # pages rebuilt on the reopened data
    assert window.centralWidget().isEnabled() and window.menuBar().isEnabled()
    assert _names(ctx.paths.db_path) == ["CRASH1"]
    with window.ctx.database.reading() as session:  # the reopened database works
        from sqlalchemy import text

        assert session.execute(text("SELECT count(*) FROM person")).scalar() == 1


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


@FOLDER_FILE
def test_a_newer_backup_cannot_be_restored(
    qtbot, ctx: AppContext, tmp_path: Path, monkeypatch
) -> None:
    newer = backups.save_to(ctx, tmp_path)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(newer), ""))
    window = _window(qtbot, ctx)
    window.safety.restore_action.trigger()
    dialog = window.safety.dialog
    assert dialog is not None
    assert not dialog.findChild(QPushButton, "restore").isEnabled()
    assert "version plus récente" in dialog.findChild(QLabel, "refusal").text()
    dialog.reject()


@FOLDER_FILE
def test_failed_restore_reopens_the_current_data(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ctx.paths is not None
    ctx.run(hire, 1)
    kept = backups.backup_now(ctx)
    ctx.run(hire, 2)
    window = _window(qtbot, ctx)
    window.safety.restore(kept)
    kept.write_bytes(b"abime" * 1000)  # the USB key fails between the preview and the restore
    answers = Answers(QMessageBox.StandardButton.Ok)
    window.safety.dialog.accept()  # type: ignore[union-attr]
    qtbot.waitUntil(answers.done, timeout=30000)
    assert answers.seen[0][0] == "Restauration impossible"
    assert _names(ctx.paths.db_path) == ["CRASH1", "CRASH2"]
    with window.ctx.database.reading() as session:
        from sqlalchemy import text

        assert session.execute(text("SELECT count(*) FROM person")).scalar() == 2


def test_journal_opens_from_the_menu(qtbot, demo_ctx: AppContext) -> None:
    window = _window(qtbot, demo_ctx)
    window.safety.journal_action.trigger()
    dialog = window.safety.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Journal des actions"
    dialog.close()


@pytest.mark.postgres_only
def test_a_shared_database_is_not_restored_from_the_menu(qtbot, ctx: AppContext) -> None:
    """The folder's restore would rewrite its SQLite file and reopen it: this PC would leave
    the server without a word while the other offices work on. It is off, and says why."""
    assert ctx.paths is not None
    window = _window(qtbot, ctx)
    action = window.safety.restore_action
    assert not action.isEnabled()
    assert action.statusTip().startswith("Base partagée : la restauration se fait sur le serveur")
    answers = Answers(QMessageBox.StandardButton.Ok)
    window.safety.restore(ctx.paths.backups_dir / "une-sauvegarde.sqlite3")
    assert answers.seen == [("Action impossible", action.statusTip())]
    assert window.ctx.database is ctx.database and not ctx.paths.db_path.exists()
