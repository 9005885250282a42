"""The « Base de données partagée » tab at 1280×720 after a real « Tester la connexion »:
a throw-away PostgreSQL cluster with TLS (tests/postgres_tls.py, run as root like the
tests), the demo in a temporary folder. From the repository: ``PYTHONPATH=.
QT_QPA_PLATFORM=offscreen python scripts/screenshot_settings_server.py`` writes
docs/screenshots/settings-server-1280x720.png."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from chantier_app.paths import resolve_paths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.services.structure.accounts import startup_actor
from chantier_app.synthetic.demo import create_demo
from chantier_app.ui.locale import install_french
from chantier_app.ui.main_window import MainWindow
from tests.postgres import Server
from tests.postgres_tls import PASSWORD, ROLE, TlsCluster, TlsServer

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1280, 720)


def main() -> int:
    app = QApplication(sys.argv)
    install_french(app)
    cluster = TlsCluster().start()
    server = Server(cluster)
    try:
        with server.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'")
        tls = TlsServer(cluster, server)
        with tls.database() as name, tempfile.TemporaryDirectory() as folder:
            paths = resolve_paths(Path(folder) / "data")
            opened = open_data(paths)
            with opened.database.transaction() as session:
                create_demo(session, Actor.system())
            ctx = AppContext(opened.database, startup_actor(opened.database), paths)
            window = MainWindow(ctx)
            window.resize(*SIZE)
            window.show()
            window.show_page("settings")
            page = window.page("settings")
            page.show_tab("server")
            tab = page.server
            tab.host.setText("localhost")
            tab.port.setText(str(tls.port))
            tab.database_name.setText(name)
            tab.user.setText(ROLE)
            tab.rootcert.setText(str(tls.ca_file))
            tab.password.setText(PASSWORD)
            tab.test_button.click()
            deadline = time.monotonic() + 60
            while not tab.test_button.isEnabled() and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.05)
            for _ in range(5):
                app.processEvents()
            print(tab.result.text())
            window.grab().save(str(OUT / f"settings-server-{SIZE[0]}x{SIZE[1]}.png"))
            window.close()
            opened.database.dispose()
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
