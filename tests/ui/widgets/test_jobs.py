"""Background jobs report on the GUI thread, can be cancelled, and never lose an error."""

from __future__ import annotations

import threading

from chantier_app.domain.errors import StorageError
from chantier_app.ui.widgets.jobs import run_job


def test_result_arrives_on_the_gui_thread(qtbot) -> None:
    results: list[tuple[int, bool]] = []
    gui_thread = threading.get_ident()

    def work(progress):
        for step in range(3):
            progress.report(step + 1, 3, f"Étape {step + 1}")
        return threading.get_ident()

    job = run_job(
        work,
        lambda ident: results.append((ident, threading.get_ident() == gui_thread)),
        show_dialog=False,
    )
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    worker_ident, on_gui = results[0]
    assert worker_ident != gui_thread and on_gui


def test_cancel_stops_the_work(qtbot) -> None:
    started = threading.Event()
    seen: list[str] = []

    def work(progress):
        started.set()
        for _ in range(1000):
            progress.check()
            threading.Event().wait(0.01)
        return "fini"

    job = run_job(work, seen.append, on_cancel=lambda: seen.append("annulé"), show_dialog=False)
    started.wait(5)
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert seen == ["annulé"]


def test_errors_reach_the_error_callback(qtbot) -> None:
    errors: list[BaseException] = []

    def work(_progress):
        raise StorageError("Le disque est plein.")

    job = run_job(work, lambda _r: None, on_error=errors.append, show_dialog=False)
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert isinstance(errors[0], StorageError)
