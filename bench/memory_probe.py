"""Peak memory with the database open and every page visited (run as its own process).

Prints the peak resident set size in kB: the main window on the data folder given, each
page of the navigation, a person's file with every tab, every tab of the hours page.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from chantier_app.paths import resolve_paths
from chantier_app.services.context import AppContext
from chantier_app.services.people import views as people_views
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.services.structure.accounts import startup_actor
from chantier_app.ui.app import create_application
from chantier_app.ui.main_window import MainWindow


def peak_kb() -> int:
    """This process's peak resident memory. Linux: VmHWM, which is this program's own;
    ``ru_maxrss`` would keep the launching process's size (the benchmark, hundreds of MB),
    which the child holds between fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    app = create_application()
    paths = resolve_paths(sys.argv[1])
    opened = open_data(paths)
    ctx = AppContext(opened.database, startup_actor(opened.database), paths)
    window = MainWindow(ctx)
    window.resize(1200, 760)
    window.show()
    QApplication.processEvents()
    for spec in window.specs:
        window.show_page(spec.key)
        QApplication.processEvents()
        page = window.pages[spec.key]
        tabs = getattr(page, "tabs", None)
        for index in range(tabs.count() if tabs is not None else 0):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
    busiest = max(ctx.read(people_views.list_people), key=lambda row: row.id % 97)
    window.open_person(busiest.id)
    file = window.pages["people"].file
    for index in range(file.tabs.count()):
        file.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    print(peak_kb(), flush=True)
    window.close()
    opened.database.dispose()
    app.quit()


if __name__ == "__main__":
    main()
