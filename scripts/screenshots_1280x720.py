"""Screenshots of every page of the main window, and of the manual, at 1280×720 logical
pixels on the demo data: ``xvfb-run -a -s "-screen 0 1280x720x24" python
scripts/screenshots_1280x720.py`` writes docs/screenshots/*-1280x720.png."""

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

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1280, 720)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def main() -> int:
    app = QApplication(sys.argv)
    install_french(app)
    with tempfile.TemporaryDirectory() as folder:
        paths = resolve_paths(Path(folder) / "data")
        opened = open_data(paths)
        with opened.database.transaction() as session:
            create_demo(session, Actor.system())
        ctx = AppContext(opened.database, startup_actor(opened.database), paths)
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        settle(app)
        for spec in window.specs:
            window.show_page(spec.key)
            settle(app)
            if spec.key == "documents":  # a document in the preview, its title shown
                page = window.page("documents")
                page.preview_button.click()
                deadline = time.monotonic() + 60
                while page.preview.current is None and time.monotonic() < deadline:
                    app.processEvents()
                    time.sleep(0.05)
                settle(app)
            window.grab().save(str(OUT / f"{spec.key}-{SIZE[0]}x{SIZE[1]}.png"))
        window.show_page("hours")
        settle(app)
        window.commands.show_manual()
        manual = window.commands.manual
        assert manual is not None
        manual.search.setText("repos")
        manual.find_next(from_start=True)
        manual.show_section("hours")
        settle(app)
        screen = app.primaryScreen()  # the manual over the window, as the user sees both
        screen.grabWindow(0).save(str(OUT / f"manual-{SIZE[0]}x{SIZE[1]}.png"))
        window.close()
        opened.database.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
