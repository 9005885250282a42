"""Start the GUI: French Qt, error handling, the data folder locked, checked and opened, the
main window shown; at the end a backup, the database closed and the lock released."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from chantier_app import APP_DISPLAY_NAME, APP_NAME, __version__
from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths, resource_path
from chantier_app.ui.errors import install_excepthook
from chantier_app.ui.locale import install_french

if TYPE_CHECKING:
    from chantier_app.db.lock import WriterLock
    from chantier_app.services.context import AppContext


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "chantier.png"))))
    install_french(app)
    return app


def run_gui(paths: AppPaths, *, readonly: bool = False) -> int:
    app = create_application()
    _start_logging(paths)
    install_excepthook()
    from chantier_app.ui.safety.startup import start_session

    started = start_session(paths, readonly=readonly)
    if started is None:
        return 1
    from chantier_app.ui.login.session import start_session as log_in

    database = started.opened.database
    ctx = log_in(database, paths)  # first set-up or login, then the idle lock
    if ctx is None:
        database.dispose()
        if started.lock is not None:
            started.lock.release()
        return 0
    from chantier_app.ui.main_window import MainWindow

    settings = QSettings(str(paths.settings_path), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    window.show()
    try:
        return app.exec()
    finally:
        shutdown(ctx, started.lock)


def _start_logging(paths: AppPaths) -> None:
    from chantier_app.logs import setup_logging

    try:
        setup_logging(paths.logs_dir)
    except OSError:  # a read-only data folder: the application still opens for consultation
        logging.getLogger(__name__).warning("Journal de l'application impossible à écrire")


def shutdown(ctx: AppContext, lock: WriterLock | None) -> None:
    """At every close: a checked backup (rotated), then the database closed, the lock freed."""
    try:
        if not ctx.database.readonly and ctx.paths is not None:
            from chantier_app.services.backups import backup_now

            backup_now(ctx, reason="fermeture")
    except AppError as error:
        QMessageBox.warning(
            None,
            tr("Sauvegarde à la fermeture"),
            tr("La sauvegarde de fermeture n'a pas pu être faite : {message}").format(
                message=error.message
            ),
        )
    finally:
        ctx.database.dispose()
        if lock is not None:
            lock.release()
