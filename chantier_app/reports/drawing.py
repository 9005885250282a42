"""Drawing a document from its plain data, the renderer named by module and function.

What a batch's worker processes run: this module and the reports import ReportLab and the
domain's plain values, never SQLAlchemy nor Qt, so a worker starts in a fraction of a second.
"""

from __future__ import annotations

import importlib
from typing import Any

Job = tuple[str, str, Any]  # (module of chantier_app.reports, function, its data)


def draw(job: Job) -> bytes:
    module_name, function, data = job
    module = importlib.import_module(f"chantier_app.reports.{module_name}")
    pdf: bytes = getattr(module, function)(data)
    return pdf


def draw_many(jobs: list[Job]) -> list[bytes]:
    """Several documents in one task: fewer round trips between processes."""
    return [draw(job) for job in jobs]


def warm(module_name: str) -> None:
    """Import a renderer and register the fonts ahead of the first document."""
    from chantier_app.reports.base import register_fonts

    importlib.import_module(f"chantier_app.reports.{module_name}")
    register_fonts()


def follow_parent() -> None:
    """A worker's initializer: the worker exits as soon as the process that started it is
    gone (a crash, ``os._exit``, a kill) instead of waiting for work for ever.

    The parent's sentinel (a pipe on POSIX, a process handle on Windows) is ready once the
    parent no longer exists; a daemon thread waits on it.
    """
    import multiprocessing
    import os
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait_then_exit() -> None:
        parent.join()
        os._exit(0)  # nothing of the worker's is worth saving: the batch died with its parent

    threading.Thread(target=wait_then_exit, name="parent-watch", daemon=True).start()
