"""« Sauvegardes du serveur… » (File menu, on a shared database): each snapshot of a server
kept on this PC with its date, the server and database it came from, its schema; one at an
older schema or from another database labelled, and what restoring it would do. A real
cluster: the snapshots are the application's own (before a migration, « Sauvegarder
maintenant »), the other database's copied into this one's sub-folder by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow

from chantier_app.db import migrate, revisions
from chantier_app.db.backup import server_folder
from chantier_app.db.engine import Database
from chantier_app.db.server_copy import backup_server_database
from chantier_app.db.server_url import parse_server_url
from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext
from chantier_app.services.safety import backups
from chantier_app.services.safety.server_open import open_server_data
from chantier_app.services.structure.accounts import startup_actor
from chantier_app.ui.safety.actions import SafetyActions
from chantier_app.ui.safety.restore_dialog import RestoreDialog
from chantier_app.ui.safety.server_backups_dialog import ServerBackupsDialog
from tests import postgres
from tests.ui.fit_checks import cut_texts, too_large

pytestmark = pytest.mark.postgres_only
OLDER = revisions.KNOWN_REVISIONS[-2]


def _older_then_migrated(database: Database, paths: AppPaths) -> Path:
    """The server at ``OLDER`` opened by the start: the snapshot taken before its migration."""
    from alembic import command

    with database.engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), OLDER)
    database.dispose()
    opened = open_server_data(paths, parse_server_url(database.url)[0], None)
    opened.database.dispose()
    assert opened.migration.backup is not None
    return opened.migration.backup


def test_the_list_tells_older_and_other_servers_snapshots_apart(
    qtbot,
    demo_database: Database,
    app_paths: AppPaths,
    postgres_server: postgres.Server,
    tmp_path: Path,
) -> None:
    older = _older_then_migrated(demo_database, app_paths)
    ctx = AppContext(demo_database, startup_actor(demo_database), app_paths)
    current = backups.backup_now(ctx, reason="manuelle")
    with postgres_server.fresh_database(postgres.SCHEMA_TEMPLATE) as other_db:
        other = backup_server_database(other_db, app_paths.backups_dir, reason="manuelle")
        other_name = other_db.url.split("?")[0].rsplit("/", 1)[1]
    # Moved beside this server's own: its file still says where it was taken.
    moved = shutil.copy(other, older.parent / other.name.replace("manuelle", "copiee"))
    assert older.parent == current.parent == server_folder(app_paths.backups_dir, demo_database.url)

    window = QMainWindow()
    qtbot.addWidget(window)
    actions = SafetyActions(window, ctx, lambda _database: None)
    assert not actions.restore_action.isEnabled()  # a server is restored on the server
    assert actions.server_backups_action.isVisible() and actions.server_backups_action.isEnabled()
    actions.server_backups_action.trigger()
    dialog = actions.dialog
    assert isinstance(dialog, ServerBackupsDialog) and dialog.isVisible()
    model = dialog.model
    shown = {
        Path(b.path).name: [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r, b in enumerate(model.rows())
    }
    this_db = demo_database.url.split("?")[0].rsplit("/", 1)[1]
    assert set(shown) == {older.name, current.name, other.name, Path(moved).name}
    head = revisions.HEAD_REVISION
    assert shown[current.name][1:] == [f"base {this_db} sur local:5432", f"{head} (actuelle)",
                                       "manuelle", "ce serveur"]  # fmt: skip
    assert shown[older.name][1:] == [f"base {this_db} sur local:5432", f"{OLDER} (antérieure)",
                                     f"avant migration {OLDER}",
                                     "ce serveur ; schéma antérieur"]  # fmt: skip
    for name in (other.name, Path(moved).name):
        assert shown[name][1] == f"base {other_name} sur local:5432"
        assert shown[name][4] == "AUTRE SERVEUR OU BASE"
    assert shown[current.name][0] == current_date(ctx, current)

    # What restoring the one selected would do: the restore's own rules.
    names = [Path(b.path).name for b in model.rows()]
    dialog.view.selectRow(names.index(older.name))
    detail = dialog.findChild(QLabel, "serverBackupDetail").text()
    assert (
        f"Schéma antérieur ({OLDER}) : elle est d'abord mise au schéma de cette version" in detail
    )
    assert f"« chantier serveur restaurer {older} URL »" in detail
    dialog.view.selectRow(names.index(Path(moved).name))
    detail = dialog.findChild(QLabel, "serverBackupDetail").text()
    assert f"Elle vient d'une autre base partagée (base {other_name} sur local:5432)" in detail
    qtbot.wait(50)
    assert too_large(dialog) is None and cut_texts(dialog) == []  # the detail included
    dialog.grab().save(str(tmp_path / "sauvegardes-serveur.png"))  # looked at (--basetemp)

    # The folder's own restore dialog names a snapshot's server too.
    restore = RestoreDialog(backups.preview(Path(moved)), None)
    qtbot.addWidget(restore)
    assert restore.findChild(QLabel, "backup_origin").text() == (
        f"base partagée : base {other_name} sur local:5432"
    )
    assert "le serveur n'est pas modifié" in restore.findChild(QLabel, "restoreOrigin").text()


def current_date(_ctx: AppContext, path: Path) -> str:
    from chantier_app.db.backup import parse_backup_name

    parsed = parse_backup_name(path)
    assert parsed is not None
    return parsed.taken_at.strftime("%d/%m/%Y à %H:%M")
