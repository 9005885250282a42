"""The File menu's safety actions: back up now, back up to a folder, restore, the journal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMenu, QMessageBox

from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.jobs import Job, Progress, run_job

if TYPE_CHECKING:
    from chantier_app.db.engine import Database
    from chantier_app.services.context import AppContext
    from chantier_app.services.safety.backups import RestoreResult

BACKUP_FILTER = "Sauvegardes (*.sqlite3 *.db);;Tous les fichiers (*)"


def server_restore_text() -> str:
    """Why « Restaurer… » is off on a shared database: the restore of a folder rewrites its
    SQLite file and reopens it, which would take this PC off the server without a word while
    the other offices keep working on it. A server is restored on the server."""
    return tr(
        "Base partagée : la restauration se fait sur le serveur, tous les postes fermés "
        "(chantier serveur restaurer FICHIER URL, voir « Plusieurs postes » dans le README)."
    )


class SafetyActions(QObject):
    """Owns the four actions and runs them for ``window``; after a restore, ``reopened``
    gets the database reopened (``ctx`` is the window's, its database then replaced)."""

    def __init__(
        self, window: QMainWindow, ctx: AppContext, reopened: Callable[[Database], None]
    ) -> None:
        super().__init__(window)
        self.window = window
        self._ctx = ctx
        self._reopened = reopened
        self.job: Job[Any] | None = None
        self.dialog: QDialog | None = None  # the last dialog opened (restore, journal)
        self.backup_now_action = self._action(tr("Sauvegarder &maintenant"), self.backup_now)
        self.save_to_action = self._action(tr("Sauvegarder &vers…"), self.save_to)
        self.restore_action = self._action(tr("&Restaurer…"), self.restore)
        self.server_backups_action = self._action(
            tr("Sauvegardes du ser&veur…"), self.show_server_backups
        )
        self.journal_action = self._action(tr("&Journal des actions…"), self.show_journal)
        self.update_rights()

    def _action(self, text: str, slot: Any) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    @property
    def ctx(self) -> AppContext:
        return self._ctx

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.backup_now_action)
        menu.addAction(self.save_to_action)
        menu.addAction(self.restore_action)
        menu.addAction(self.server_backups_action)
        menu.addSeparator()
        menu.addAction(self.journal_action)

    def update_rights(self) -> None:
        """What the acting staff member may do (after a restore the actor may change)."""
        has_file = self.ctx.paths is not None
        readonly = self.ctx.database.readonly
        self.backup_now_action.setEnabled(has_file and not readonly)
        self.save_to_action.setEnabled(has_file and allowed(self.ctx.actor, Permission.BACKUP_COPY))
        on_server = not self.ctx.database.is_sqlite
        self.restore_action.setEnabled(
            has_file
            and not readonly
            and not on_server
            and allowed(self.ctx.actor, Permission.SETTINGS_EDIT)
        )
        why = server_restore_text() if on_server else ""
        self.restore_action.setStatusTip(why)
        self.restore_action.setToolTip(why or self.restore_action.text().replace("&", ""))
        # On a shared database « Restaurer… » is off: its backups are listed instead, with
        # what restoring each would do on the server.
        self.server_backups_action.setVisible(on_server and has_file)
        self.server_backups_action.setEnabled(allowed(self.ctx.actor, Permission.SETTINGS_EDIT))
        self.journal_action.setVisible(allowed(self.ctx.actor, Permission.AUDIT_VIEW))

    # Backups ------------------------------------------------------------------------------------
    def backup_now(self) -> Job[Path]:
        from chantier_app.services.safety import backups

        ctx = self.ctx

        def work(_progress: Progress) -> Path:
            return backups.backup_now(ctx, reason="manuelle")

        return self._run(work, self._backed_up, tr("Sauvegarde en cours…"))

    def save_to(self, folder: Path | None = None) -> Job[Path] | None:
        from chantier_app.services.safety import backups

        if folder is None:
            start = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation
            )
            chosen = QFileDialog.getExistingDirectory(
                self.window, tr("Sauvegarder vers (clé USB, disque…)"), start
            )
            if not chosen:
                return None
            folder = Path(chosen)
        ctx = self.ctx
        target = folder

        def work(_progress: Progress) -> Path:
            return backups.save_to(ctx, target)

        return self._run(work, self._backed_up, tr("Copie de la sauvegarde…"))

    def _backed_up(self, path: Path) -> None:
        self.window.statusBar().showMessage(
            tr("Sauvegarde vérifiée : {path}").format(path=path), 15000
        )

    def _run(self, work: Any, on_success: Any, title: str) -> Job[Any]:
        self.job = run_job(
            work,
            on_success,
            parent=self.window,
            title=title,
            on_error=lambda exc: show_error(self.window, exc, title=tr("Sauvegarde impossible")),
        )
        return self.job

    # Restore ------------------------------------------------------------------------------------
    def restore(self, path: Path | None = None) -> None:
        """Ask for a backup, show what it holds; « Restaurer » then runs the restore."""
        from chantier_app.services.safety import backups
        from chantier_app.ui.safety.restore_dialog import RestoreDialog

        ctx = self.ctx
        try:
            backups.require_restore(ctx.actor)
            if not ctx.database.is_sqlite:
                raise AppError(server_restore_text())
        except AppError as error:
            show_error(self.window, error)
            return
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self.window,
                tr("Restaurer une sauvegarde"),
                str(ctx.paths.backups_dir),
                tr(BACKUP_FILTER),
            )
            if not chosen:
                return
            path = Path(chosen)
        preview = backups.preview(path)
        current = backups.preview(ctx.paths.db_path)
        dialog = RestoreDialog(preview, current, self.window)
        dialog.setObjectName("restore_dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._start_restore(path))
        self.dialog = dialog
        dialog.open()

    def show_server_backups(self) -> None:
        """The shared databases' backups on this PC, and what restoring each would do."""
        from chantier_app.services.safety import backups, shared_database
        from chantier_app.services.safety.server_backups import server_backups
        from chantier_app.ui.safety.server_backups_dialog import ServerBackupsDialog

        ctx = self.ctx
        try:
            backups.require_restore(ctx.actor)
        except AppError as error:
            show_error(self.window, error)
            return
        assert ctx.paths is not None  # the action shows only with a data folder
        server = shared_database.running_server(ctx.database)
        found = server_backups(ctx.paths, None if ctx.database.is_sqlite else ctx.database.url)
        dialog = ServerBackupsDialog(
            found, server.describe() if server is not None else None, self.window
        )
        dialog.setObjectName("server_backups_dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _start_restore(self, source: Path) -> Job[RestoreResult]:
        from chantier_app.services.safety import backups

        ctx = self.ctx
        paths, actor = ctx.paths, ctx.actor
        # Every connection of this process is closed: the restore rewrites the file.
        ctx.database.dispose()
        self._set_busy(True)

        def work(_progress: Progress) -> RestoreResult:
            return backups.restore(paths, source, actor)

        self.job = run_job(
            work,
            self._restored,
            parent=self.window,
            title=tr("Restauration en cours…"),
            on_error=self._restore_failed,
        )
        if self.job.dialog is not None:
            self.job.dialog.setCancelButton(None)  # a restore runs to its end
        return self.job

    def _set_busy(self, busy: bool) -> None:
        self.window.centralWidget().setEnabled(not busy)
        self.window.menuBar().setEnabled(not busy)

    def _reopen(self) -> bool:
        from chantier_app.services.safety.bootstrap import open_data

        self._set_busy(False)
        try:
            opened = open_data(self.ctx.paths)
        except AppError as error:
            QMessageBox.critical(
                self.window, tr("Impossible de rouvrir les données"), error.message
            )
            return False
        self._reopened(opened.database)
        self.update_rights()
        return True

    def _restored(self, result: RestoreResult) -> None:
        if not self._reopen():
            return
        text = tr("La sauvegarde du {date} a été restaurée.").format(
            date=result.restored.taken_at.strftime(tr("%d/%m/%Y à %H:%M"))
        )
        if result.safety_copy is not None:
            text += "\n" + tr("Les données d'avant sont copiées dans {path}.").format(
                path=result.safety_copy
            )
        QMessageBox.information(self.window, tr("Restauration terminée"), text)

    def _restore_failed(self, error: BaseException) -> None:
        self._reopen()
        show_error(self.window, error, title=tr("Restauration impossible"))

    # Journal ------------------------------------------------------------------------------------
    def show_journal(self) -> None:
        from chantier_app.ui.safety.audit_view import AuditDialog

        dialog = AuditDialog(self.ctx, self.window)
        dialog.setObjectName("audit_dialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
