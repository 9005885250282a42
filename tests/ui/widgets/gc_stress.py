"""Run as a script by test_collector.py: background jobs loading rows through SQLAlchemy while
the GUI thread drops widgets caught in reference cycles, as a real session does (pages closed,
dialogs gone). Without the GUI-thread collector this died of a segmentation fault within 60
jobs on PySide6 6.11.3 (« Garbage-collecting » on the GUI thread, the job in SQLAlchemy's
loading); with it, every job ends. Argument: the data folder; « sans-collecteur » to see
the crash."""

from __future__ import annotations

import datetime as dt
import faulthandler
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import insert, select

from chantier_app.db import models as m
from chantier_app.paths import resolve_paths
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.ui.widgets.collector import install_collector
from chantier_app.ui.widgets.jobs import Progress, run_job

JOBS = 60


class _Cycle:
    """A widget's wrapper in a reference cycle: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self
        self.label = QLabel("x")


def main() -> int:
    faulthandler.enable()
    app = QApplication([])
    if "sans-collecteur" not in sys.argv:
        install_collector(app)
    opened = open_data(resolve_paths(Path(sys.argv[1])))
    database = opened.database
    with database.transaction() as session:
        session.execute(
            insert(m.AuditEntry),
            [
                {"at": dt.datetime(2026, 1, 1), "action": "update", "entity": "person",
                 "entity_id": i, "summary": f"ligne {i}"}
                for i in range(3000)
            ],
        )  # fmt: skip
    done = [0]

    def work(_progress: Progress) -> int:
        with database.reading() as session:
            return sum(len(session.scalars(select(m.AuditEntry)).all()) for _ in range(3))

    def start() -> None:
        if done[0] >= JOBS:
            app.quit()
            return
        run_job(work, finished, show_dialog=False)

    def finished(_rows: int) -> None:
        done[0] += 1
        QTimer.singleShot(0, start)

    def churn() -> None:
        for _ in range(30):
            _Cycle()

    timer = QTimer()
    timer.timeout.connect(churn)
    timer.start(1)
    start()
    app.exec()
    database.dispose()
    print(f"TERMINÉ {done[0]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
