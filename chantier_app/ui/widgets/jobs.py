"""Slow work (PDF batches, exports, backups, imports) off the GUI thread, with progress and cancel.

The work function receives a ``Progress``; it reports steps and checks ``cancelled``
between them. It must not touch widgets: it returns a value, delivered on the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from chantier_app.i18n import tr
from chantier_app.ui.widgets.signals import emit

R = TypeVar("R")


class Cancelled(Exception):
    """Raised by ``Progress.check()`` when the user pressed « Annuler »."""


class Progress:
    """Handed to the work function: thread-safe reporting and cancellation."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def report(self, done: int, total: int, text: str = "") -> None:
        self._emit(done, total, text)


class _Worker(QThread, Generic[R]):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    was_cancelled = Signal()

    def __init__(self, work: Callable[[Progress], R]) -> None:
        super().__init__()
        self.work = work
        self.progress = Progress(self._progressed)

    def _progressed(self, done: int, total: int, text: str) -> None:
        emit(self, "progressed", (int, done), (int, total), (str, text))  # once a document

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except Cancelled:
            self.was_cancelled.emit()
        except BaseException as exc:  # reported on the GUI thread
            self.failed.emit(exc, "".join(traceback.format_exception(exc)))
        else:
            if self.progress.cancelled:
                self.was_cancelled.emit()
            else:
                self.succeeded.emit(result)


class Job(QObject, Generic[R]):
    """One background job; keep a reference until ``finished`` (the runner does)."""

    finished = Signal()

    def __init__(
        self,
        work: Callable[[Progress], R],
        on_success: Callable[[R], Any],
        on_error: Callable[[BaseException], Any] | None = None,
        on_cancel: Callable[[], Any] | None = None,
        *,
        parent_widget: QWidget | None = None,
        title: str = "",
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent_widget)
        self.worker: _Worker[R] = _Worker(work)
        self.dialog: QProgressDialog | None = None
        if show_dialog:
            self.dialog = QProgressDialog(
                title or tr("Traitement en cours…"), tr("Annuler"), 0, 0, parent_widget
            )
            self.dialog.setWindowTitle(title or tr("Traitement en cours"))
            self.dialog.setMinimumDuration(300)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.canceled.connect(self.cancel)
        self.worker.progressed.connect(self._on_progress)
        self.worker.succeeded.connect(lambda result: self._finish(on_success, result))
        self.worker.failed.connect(lambda exc, _tb: self._finish(on_error or _reraise, exc))
        self.worker.was_cancelled.connect(lambda: self._finish(on_cancel or (lambda: None)))

    def start(self) -> Job[R]:
        self.worker.start()
        return self

    def cancel(self) -> None:
        self.worker.progress.cancel()

    @property
    def progress(self) -> Progress:
        return self.worker.progress

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is None:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(done)
        if text:
            self.dialog.setLabelText(text)

    def _finish(self, callback: Callable[..., Any], *args: Any) -> None:
        self.worker.wait()
        if self.dialog is not None:
            self.dialog.close()
        try:
            callback(*args)
        finally:
            self.finished.emit()
            _running.discard(self)


def _reraise(exc: BaseException) -> None:
    raise exc


_running: set[Job[Any]] = set()


def jobs_running() -> bool:
    """A background job is still at work (or its result not yet delivered)."""
    return bool(_running)


def run_job(
    work: Callable[[Progress], R],
    on_success: Callable[[R], Any],
    *,
    parent: QWidget | None = None,
    title: str = "",
    on_error: Callable[[BaseException], Any] | None = None,
    on_cancel: Callable[[], Any] | None = None,
    show_dialog: bool = True,
) -> Job[R]:
    """Start ``work`` on a thread; callbacks run on the GUI thread. Errors go to
    ``on_error`` (default: the global error handler: French message or bug dialog)."""
    job: Job[R] = Job(
        work,
        on_success,
        on_error,
        on_cancel,
        parent_widget=parent,
        title=title,
        show_dialog=show_dialog,
    )
    _running.add(job)
    return job.start()
