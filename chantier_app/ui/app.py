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
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from chantier_app import APP_DISPLAY_NAME, APP_NAME, __version__
from chantier_app.domain.errors import AppError
from chantier_app.file_modes import restrict_umask
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths, resource_path
from chantier_app.ui.errors import install_excepthook
from chantier_app.ui.locale import install_french
from chantier_app.ui.start_failure import fail, start_failed, start_logging

if TYPE_CHECKING:
    from collections.abc import Callable

    from chantier_app.db.engine import Database
    from chantier_app.services.context import AppContext
    from chantier_app.services.dashboard.first_screen import FirstScreen
    from chantier_app.services.safety.lock import WriterLock
    from chantier_app.ui.login.unlock_dialog import Typed
    from chantier_app.ui.main_window import MainWindow
    from chantier_app.ui.safety.startup import Started


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_path("icons", "chantier.png"))))
    install_french(app)
    return app


# For bench/run.py: quit as soon as the first screen is shown with its data (no closing backup).
QUIT_WHEN_READY = "CHANTIER_QUIT_WHEN_READY"


def run_gui(paths: AppPaths, *, readonly: bool = False, server_url: str | None = None) -> int:
    """The GUI's whole life; whatever escapes it, before the main window or after, ends in
    a French window and a line in the log, with a non-zero exit (issue 23, point 10)."""
    begun = time.perf_counter()
    restrict_umask()  # also when started without the command line (the packaged launcher)
    start_logging(paths)
    try:
        return _run_gui(paths, readonly=readonly, server_url=server_url, begun=begun)
    except Exception as error:
        return start_failed(error)


def _run_gui(paths: AppPaths, *, readonly: bool, server_url: str | None, begun: float) -> int:
    """Lock, open, show the dashboard read with sqlite3, then check the file and load the
    rest of the application while the user reads it (the demo; other data log in first).

    On a shared database (``server_url``, else the data folder's ``serveur.json``) there is
    no lock file and no file to check: the server is reached, then the log-in."""
    app = create_application()
    from chantier_app.ui.widgets.collector import install_collector

    install_collector(app)  # before the warm-up's thread: collections on this thread only
    install_excepthook()
    from chantier_app.services.safety import keys
    from chantier_app.services.safety.shared_database import choose_server
    from chantier_app.ui.safety.startup import (
        EarlyLock,
        resolve_check,
        settle_check,
        start_session,
    )

    try:
        server = choose_server(paths, server_url)
    except AppError as error:  # a broken serveur.json: a window (no stderr from a shortcut)
        fail(None, error.message)
        return 1
    warming: list[threading.Thread] = []
    typed: Typed | None = None
    after_check: list[Callable[[Database], None]] = []  # the log-in's writes, once checked
    if server is not None:
        from chantier_app.ui.safety.server_start import start_on_server

        if keys.is_encrypted(paths) and not keys.is_unlocked(paths):
            # An encrypted folder keeps its key file on a server: the copies of the server
            # this PC writes (backups/serveur-…) are encrypted with its data key
            # (db/server_copy), so the key is opened first, by the same log-in as on the
            # file (what is typed then logs in to the server's accounts). A clear folder
            # asks nothing: its copies are clear, as its own file was.
            from chantier_app.ui.login.unlock_dialog import unlock_at_start

            go_on, typed = unlock_at_start(paths)
            if not go_on:
                return 0
        started = start_on_server(paths, server, readonly=readonly)
    else:
        # Encrypted data: the log-in comes first, nothing of the folder is read before it.
        # While it shows, the modules and SQLCipher load and the folder's lock is taken (as
        # the clear start takes it before its log-in): after the password, only the opening.
        early = None if readonly else EarlyLock(paths)

        def while_shown() -> None:
            warming.append(warm_up(encrypted=True))
            import_screens(warming[-1], while_=lambda: waiting)
            if early is not None:
                early.start()

        waiting = True
        go_on = True
        if keys.is_encrypted(paths) and not keys.is_unlocked(paths):
            # Its dialogs' modules only then: clear data show their first screen without them.
            from chantier_app.ui.login.unlock_dialog import unlock_at_start

            go_on, typed = unlock_at_start(paths, while_shown=while_shown)
        waiting = False
        if not go_on:
            if early is not None:
                early.release()
            return 0
        lock = early.taken() if early is not None else None
        started = start_session(paths, readonly=readonly, check_later=True, lock=lock)
    if started is None:
        return 1
    database = started.opened.database
    encrypted = keys.is_unlocked(paths)  # never the demo's data (always clear)
    first = None if encrypted else _first_screen(database)  # the demo's, read with sqlite3
    if first is not None:
        from chantier_app.services.context import AppContext

        ctx = AppContext(database, first.actor, paths)  # its automatic login is recorded below
    else:
        if encrypted and started.opened.check is not None:
            # An encrypted file is checked only now, after the password: the check runs in
            # SQLite's C code off the GUI thread, the log-in and the dashboard read meanwhile
            # and their writes wait for it (services/structure/before_check.py); a damaged
            # file gets its choices once the window shows (settle_check), as the demo's.
            started.opened.check.start()
            database.reads_before_check = True
            database.connect_early()
        elif not resolve_check(started):  # a damaged file is settled before anyone logs in
            if started.lock is not None:
                started.lock.release()
            return 1
        from chantier_app.ui.login.session import start_session as log_in

        logging_in = not warming  # else the encrypted log-in's window imported them
        if not warming:
            warming.append(warm_up())  # the rest loads while the user types their password
            import_screens(warming[-1], while_=lambda: logging_in)
        database = started.opened.database
        ctx = log_in(database, paths, typed, after_check)  # set-up or log-in, the idle lock
        logging_in = False
        if ctx is None:
            database.dispose()
            if started.lock is not None:
                started.lock.release()
            return 0
    if started.lock is not None:
        started.lock.name_holder(ctx.actor.name)  # a second instance is told who holds it
    from chantier_app.ui.main_window import MainWindow

    settings = QSettings(str(paths.settings_path), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings, first_screen=first)
    if started.lock is not None:
        name_in_lock(window, started.lock)
    benchmark = bool(os.environ.get(QUIT_WHEN_READY))

    settled: list[bool] = []

    def checked() -> None:
        for write in after_check:
            write(window.ctx.database)  # the data checked, or the backup restored instead
        settled.append(True)

    def ready() -> None:
        elapsed = time.perf_counter() - begun
        logging.getLogger(__name__).info("premier écran affiché en %.2f s", elapsed)
        if benchmark:
            print("READY", flush=True)
            settle_check(window, started, then=checked)
            _quit_when_checked(started, settled)
        elif first is not None:
            settle_check(window, started, then=lambda: warm_up(demo_login=window.ctx))
        else:
            settle_check(window, started, then=checked)

    window.first_screen_ready.connect(ready)
    window.show()
    try:
        return app.exec()
    finally:
        shutdown(ctx, started.lock, backup=not benchmark)


def name_in_lock(window: MainWindow, lock: WriterLock) -> None:
    """The lock names whoever uses the window, also after the demo's account switch, and
    is touched every minute: another computer reads it as this session's sign of life."""
    from chantier_app.services.safety.lock import HEARTBEAT_SECONDS

    window.actor_changed.connect(lock.name_holder)
    beat = QTimer(window)
    beat.setObjectName("lockHeartbeat")
    beat.setInterval(int(HEARTBEAT_SECONDS * 1000))
    beat.timeout.connect(lock.touch)
    beat.start()


def _first_screen(database: Database) -> FirstScreen | None:
    """The demo's dashboard read with sqlite3 (the demo logs in directly as its director),
    or None: log in, then the services read it. SQLite only, deliberately: a server's start
    has loaded SQLAlchemy to check its schema already (``dashboard/first_screen``)."""
    path = database.path
    if path is None or database.gate is None:  # not the quick start: the services are there
        return None
    import datetime as dt
    import sqlite3

    from chantier_app.services.dashboard.first_screen import read_first_screen

    try:
        return read_first_screen(path, dt.date.today(), demo_only=True)
    except sqlite3.Error:
        logging.getLogger(__name__).warning("Premier écran illisible : vérification du fichier")
        return None


def _quit_when_checked(started: Started, settled: list[bool], *, printed: bool = False) -> None:
    """Benchmark mode: quit once the background check is over (its time is printed) and
    what waited for it (the log-in's writes) is done."""
    if started.opened.check is not None and not started.opened.check.done():
        QTimer.singleShot(20, lambda: _quit_when_checked(started, settled))
        return
    if not printed:
        print("CHECKED", flush=True)
    if not settled:
        QTimer.singleShot(20, lambda: _quit_when_checked(started, settled, printed=True))
        return
    QTimer.singleShot(0, QApplication.quit)


def warm_up(*, demo_login: AppContext | None = None, encrypted: bool = False) -> threading.Thread:
    """Load SQLAlchemy, the models and the screens' services in the background, so that the
    first page the user opens does not wait for them (imports only: nothing is read); then,
    for the demo shown at once, record its automatic login (an audit line). ``encrypted``:
    SQLCipher's driver first (the encrypted log-in window shows)."""

    def load() -> None:
        from chantier_app.services.safety.warm_up import load_modules

        load_modules(encrypted=encrypted)
        if demo_login is not None:
            from chantier_app.services.structure.accounts import log_in_demo

            try:
                log_in_demo(demo_login.database)
            except AppError:
                logging.getLogger(__name__).exception("Connexion de démonstration non notée")

    thread = threading.Thread(target=load, name="warm-up", daemon=True)
    thread.start()
    return thread


# The main window's and its dashboard's modules (imports only: no widget, nothing read),
# loaded while a log-in window waits for the password, so that after it only the window's
# widgets and the data remain: 0.26-0.29 s of the GUI thread's CPU at a load of 14, which
# the dashboard after the password paid (issue 17, budget 1 s).
SCREEN_MODULES = (
    "chantier_app.ui.login.session",
    "chantier_app.ui.login.idle",
    "chantier_app.ui.main_window",
    "chantier_app.ui.dashboard.page",
    "chantier_app.ui.dashboard.setup_panel",
    "chantier_app.ui.dashboard.team_day",
    "chantier_app.ui.dashboard.overview",
    "chantier_app.ui.support.panel",
    "chantier_app.ui.hours.fte_panel",
    "chantier_app.ui.contracts.exits_panel",
)


def import_screens(warming: threading.Thread, *, while_: Callable[[], bool]) -> None:
    """Import SCREEN_MODULES on this (the GUI) thread, one per turn of the event loop so the
    log-in window keeps answering, once the warm-up thread's imports are over: never beside
    them (two threads importing modules that import each other can meet one half-made).
    Stops when ``while_()`` is False: the log-in is over, what is left loads as before."""
    import importlib

    pending = [name for name in SCREEN_MODULES if name not in sys.modules]

    def next_one() -> None:
        if not pending or not while_():
            return
        if warming.is_alive():
            QTimer.singleShot(50, next_one)
            return
        importlib.import_module(pending.pop(0))
        QTimer.singleShot(0, next_one)

    QTimer.singleShot(0, next_one)


def shutdown(ctx: AppContext, lock: WriterLock | None, *, backup: bool = True) -> None:
    """At every close: a checked backup (rotated), then the database closed, the lock freed."""
    try:
        if backup and not ctx.database.readonly and ctx.paths is not None:
            from chantier_app.services.safety.backups import backup_now

            backup_now(ctx, reason="fermeture")
    except AppError as error:
        logging.getLogger(__name__).warning(
            "Sauvegarde de fermeture impossible : %s", error.message
        )
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
