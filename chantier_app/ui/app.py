"""Start the GUI: French Qt, error handling, the data folder opened, the main window shown."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from chantier_app import APP_DISPLAY_NAME, APP_NAME, __version__
from chantier_app.domain.errors import AppError
from chantier_app.i18n import tr
from chantier_app.paths import AppPaths
from chantier_app.ui.errors import install_excepthook
from chantier_app.ui.locale import install_french


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    install_french(app)
    return app


def run_gui(paths: AppPaths, *, readonly: bool = False) -> int:
    app = create_application()
    paths.ensure()
    from chantier_app.logs import setup_logging

    setup_logging(paths.logs_dir)
    install_excepthook()
    from chantier_app.services.bootstrap import open_data

    try:
        opened = open_data(paths, readonly=readonly)
    except AppError as error:
        QMessageBox.critical(None, tr("Impossible d'ouvrir les données"), error.message)
        return 1
    from chantier_app.ui.login.session import start_session

    ctx = start_session(opened.database, paths)  # set-up or login, then the idle lock
    if ctx is None:
        opened.database.dispose()
        return 0
    from chantier_app.ui.main_window import MainWindow

    settings = QSettings(str(paths.settings_path), QSettings.Format.IniFormat)
    window = MainWindow(ctx, settings)
    window.show()
    try:
        return app.exec()
    finally:
        opened.database.dispose()
