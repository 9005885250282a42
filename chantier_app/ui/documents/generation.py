"""Documents made off the GUI thread: one for the preview, or a batch with progress and cancel."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.documents import batch as documents_batch
from chantier_app.services.documents import files as documents_files
from chantier_app.services.documents.batch import DrawingPool
from chantier_app.services.documents.printing import DocumentRequest, GeneratedDocument
from chantier_app.ui.widgets.jobs import Job, Progress, run_job


def make_documents(
    ctx: AppContext,
    requests: Sequence[DocumentRequest],
    progress: Progress,
    pool: DrawingPool | None = None,
) -> list[GeneratedDocument]:
    """Each request in its own transaction; « Annuler » stops between two documents.
    A large batch is drawn on every core by ``pool`` (``services.documents.batch``)."""
    return documents_batch.make_documents(
        ctx, requests, pool=pool, report=progress.report, check=progress.check
    )


def generate(
    ctx: AppContext,
    requests: Sequence[DocumentRequest],
    on_success: Callable[[list[GeneratedDocument]], Any],
    *,
    parent: QWidget,
    title: str,
    on_error: Callable[[BaseException], Any] | None = None,
) -> Job[list[GeneratedDocument]]:
    return run_job(
        lambda progress: make_documents(ctx, requests, progress),
        on_success,
        parent=parent,
        title=title,
        on_error=on_error,
    )


class BatchResult:
    """What a batch wrote: the files, and the merged PDF when one file was asked for."""

    def __init__(self, paths: list[Path], merged: GeneratedDocument | None) -> None:
        self.paths = paths
        self.merged = merged


def run_batch(
    ctx: AppContext,
    requests: Sequence[DocumentRequest],
    destination: Path,
    *,
    one_file: bool,
    label: str,
    on_success: Callable[[BatchResult], Any],
    on_cancel: Callable[[], Any],
    on_error: Callable[[BaseException], Any] | None,
    parent: QWidget,
    pool: DrawingPool,
) -> Job[BatchResult]:
    """Make every document, then write them (nothing is written if cancelled before)."""

    def work(progress: Progress) -> BatchResult:
        made = make_documents(ctx, requests, progress, pool)
        progress.check()
        progress.report(len(requests), len(requests), tr("Écriture des fichiers…"))
        if one_file:
            merged = GeneratedDocument(label, destination.name, documents_files.merged(made))
            return BatchResult([documents_files.write_pdf(destination, merged.pdf)], merged)
        return BatchResult(documents_files.write_folder(destination, made), None)

    return run_job(
        work,
        on_success,
        parent=parent,
        title=tr("Génération de {n} documents…").format(n=len(requests)),
        on_error=on_error,
        on_cancel=on_cancel,
    )
