"""Start the GUI: French Qt, error handling, the data folder locked, checked and opened, the
main window shown; at the end a backup, the database closed and the lock released."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from chantier_app import APP_DISPLAY_NAME, APP_NAME, __version__
from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.ui.errors import install_excepthook
from chantier_app.ui.locale import install_french

if TYPE_CHECKING:
    from chantier_app.db.engine import Database
    from chantier_app.db.lock import WriterLock
    from chantier_app.services.context import AppContext
    from chantier_app.services.first_screen import FirstScreen
    from chantier_app.ui.safety.startup import Started


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    install_french(app)
    return app


# For bench/run.py: quit as soon as the first screen is shown with its data (no closing backup).
QUIT_WHEN_READY = "CHANTIER_QUIT_WHEN_READY"


def run_gui(paths: AppPaths, *, readonly: bool = False) -> int:
    """Lock, open (checked beside the start-up), show the dashboard read with sqlite3, then
    load the rest of the application while the user reads it."""
    begun = time.perf_counter()
    app = create_application()
    _start_logging(paths)
    install_excepthook()
    from chantier_app.ui.safety.startup import resolve_check, settle_check, start_session

    started = start_session(paths, readonly=readonly, check_later=True)
    if started is None:
        return 1
    first = _first_screen(started.opened.database)
    if first is None and not resolve_check(started):  # unreadable: settle it before a window
        if started.lock is not None:
            started.lock.release()
        return 1
    from chantier_app.services.context import AppContext

    database = started.opened.database
    if first is not None:
        actor = first.actor
    else:
        from chantier_app.services.accounts import startup_actor

        actor = startup_actor(database)
    ctx = AppContext(database, actor, paths)
    from chantier_app.ui.main_window import MainWindow

    settings = QSettings(str(paths.settings_path), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings, first_screen=first)
    benchmark = bool(os.environ.get(QUIT_WHEN_READY))

    def ready() -> None:
        elapsed = time.perf_counter() - begun
        logging.getLogger(__name__).info("premier écran affiché en %.2f s", elapsed)
        if benchmark:
            print("READY", flush=True)
        settle_check(window, started)
        if benchmark:
            _quit_when_checked(started)
        else:
            QTimer.singleShot(200, warm_up)

    window.first_screen_ready.connect(ready)
    window.show()
    try:
        return app.exec()
    finally:
        shutdown(ctx, started.lock, backup=not benchmark)


def _first_screen(database: Database) -> FirstScreen | None:
    """The dashboard's figures read with sqlite3 (SQLite only), or None to use the services."""
    path = database.path
    if path is None or database.gate is None:  # not the quick start: the services are there
        return None
    import datetime as dt
    import sqlite3

    from chantier_app.services.first_screen import read_first_screen

    try:
        return read_first_screen(path, dt.date.today())
    except sqlite3.Error:
        logging.getLogger(__name__).warning("Premier écran illisible : vérification du fichier")
        return None


def _quit_when_checked(started: Started) -> None:
    """Benchmark mode: quit once the background check is over (its time is printed)."""
    if started.opened.check is not None and not started.opened.check.done():
        QTimer.singleShot(20, lambda: _quit_when_checked(started))
        return
    print("CHECKED", flush=True)
    QTimer.singleShot(0, QApplication.quit)


def warm_up() -> None:
    """Load SQLAlchemy, the models and the screens' services in the background, so that the
    first page the user opens does not wait for them (imports only: nothing is read)."""

    def load() -> None:
        from chantier_app.services.warm_up import load_modules

        load_modules()

    threading.Thread(target=load, name="warm-up", daemon=True).start()


def _start_logging(paths: AppPaths) -> None:
    from chantier_app.logs import setup_logging

    try:
        setup_logging(paths.logs_dir)
    except OSError:  # a read-only data folder: the application still opens for consultation
        logging.getLogger(__name__).warning("Journal de l'application impossible à écrire")


def shutdown(ctx: AppContext, lock: WriterLock | None, *, backup: bool = True) -> None:
    """At every close: a checked backup (rotated), then the database closed, the lock freed."""
    try:
        if backup and not ctx.database.readonly and ctx.paths is not None:
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
