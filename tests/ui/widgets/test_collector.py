"""Garbage is collected on the GUI thread only, never while a background job runs Python."""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from chantier_app.ui.widgets.collector import collect_if_safe, install_collector
from chantier_app.ui.widgets.collector import other_threads_running as collector_is_blocked
from chantier_app.ui.widgets.jobs import run_job

ROOT = Path(__file__).resolve().parents[3]
GARBAGE = 3000


class _Garbage:
    """Reference cycle whose collection is seen (its finaliser notes it)."""

    def __init__(self, seen: list[str]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append("collectée")


def test_cycles_wait_while_a_job_runs_then_go_on_the_gui_thread(qtbot, qapp) -> None:
    collector = install_collector(qapp)
    assert not gc.isenabled()  # the interpreter never collects on its own
    seen: list[str] = []
    release = threading.Event()

    def work(_progress) -> bool:
        logging.getLogger(__name__).info("tâche")  # leaves a « dummy » thread listed for ever
        return release.wait(10)

    job = run_job(work, lambda _result: None, show_dialog=False)
    for _ in range(GARBAGE):  # far past generation 0's threshold (700 allocations)
        _Garbage(seen)
    collector.tick()
    qtbot.wait(2 * 500)  # two ticks of the timer while the job is at work
    assert seen == []
    with qtbot.waitSignal(job.finished, timeout=10_000):
        release.set()
    # Once the job is over the GUI thread may collect (the timer collects by generation as
    # the interpreter would; its counts are net of the frees the event loop makes meanwhile,
    # so the test asks for a whole collection).
    assert not collector_is_blocked()
    assert collect_if_safe(full=True)
    assert len(seen) == GARBAGE


def test_jobs_loading_rows_while_widgets_are_freed_do_not_crash(tmp_path) -> None:
    # The fault seen in CI: the GUI thread collecting widgets while a job ran SQLAlchemy.
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("gc_stress.py")), str(tmp_path / "data")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "TERMINÉ 60" in result.stdout
