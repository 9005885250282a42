"""Python's garbage collector run on the GUI thread only, when no other thread runs Python.

Why: a collection that frees widgets caught in reference cycles (a window's Python wrapper
and the lambdas connected to its buttons) runs Qt's destructors, and shiboken releases the
interpreter lock inside them. Another thread running Python at that moment (a background
job loading rows through SQLAlchemy, the start-up's warm-up importing modules) then mutates
the collector's lists in the middle of a collection: the process dies of a segmentation
fault (PySide6 6.11.3, CPython 3.11; seen in CI in the anonymisation job's test, reproduced
by tests/ui/widgets/test_collector.py's stress run within 60 jobs, never with this module).

So the automatic collection is switched off and this timer collects, by generation as the
interpreter would, only while no background job and no other Python thread is alive. Work
on a thread allocates without collections until it ends (its cycles wait for the next tick).
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject, QTimer

# Often enough that a screen's garbage never waits long, rarely enough to cost nothing.
TICK_MS = 500


def other_threads_running() -> bool:
    """Any Python thread besides the GUI's (the warm-up, the file check, a job's QThread)."""
    from chantier_app.ui.widgets.jobs import jobs_running

    if jobs_running():
        return True
    main = threading.main_thread()
    # A QThread that once asked for its ``current_thread()`` (logging does) stays listed as
    # a « dummy » thread, alive for ever (CPython 3.11 never removes it): jobs are counted
    # above, those entries are not threads running Python.
    return any(
        t is not main and t.is_alive() and not isinstance(t, threading._DummyThread)
        for t in threading.enumerate()
    )


def collect_if_safe(*, full: bool = False) -> bool:
    """One collection on the calling (GUI) thread if no other thread runs Python: the
    generations past their threshold (all of them with ``full``). False when it waited."""
    if other_threads_running():
        return False
    if full:
        gc.collect()
        return True
    counts, thresholds = gc.get_count(), gc.get_threshold()
    generation = -1
    for level in range(3):
        if counts[level] > thresholds[level]:
            generation = level
    if generation >= 0:
        gc.collect(generation)
    return True


class MainThreadCollector(QObject):
    """Installed once, on the application: automatic collection off, this timer instead."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        collect_if_safe()

    def stop(self) -> None:
        """Back to the interpreter's automatic collection (the application quits)."""
        self.timer.stop()
        gc.enable()


_installed: list[MainThreadCollector] = []


def install_collector(app: QObject) -> MainThreadCollector:
    """The application's collector (one per process, made on the first call)."""
    if not _installed:
        _installed.append(MainThreadCollector(app))
    return _installed[0]
