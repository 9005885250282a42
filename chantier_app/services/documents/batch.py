"""A batch of documents: prepared, then drawn on every core.

A small batch is made document after document, each in its own transaction. A large one
is one action: prepared in one transaction (rights, data, the audit lines), which needs
the database and stays in this process; each document, once prepared, goes to worker
processes that draw it (pure Python on plain data: ``reports.drawing``, no SQLAlchemy),
so drawing overlaps the preparing. Workers are spawned (safe beside Qt's threads, and the
same on Windows) by the first large batch, load ReportLab while its first documents are
prepared, and are kept for the next batches (starting them costs about 0.4 s of CPU each)
by a ``DrawingPool`` that the caller owns (the documents page for the session, the command
line for one run) and closes; a batch stopped or failed stops them. A small batch, or a
machine with one core, draws here.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from sqlalchemy.orm import Session

from chantier_app.reports import drawing
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.printing import (
    DocumentRequest,
    GeneratedDocument,
    PreparedDocument,
)

PARALLEL_FROM = 24  # documents; below, workers would not pay for their start
CHUNK = 6  # documents sent to a worker at once (each sending costs a switch of threads)
Report = Callable[[int, int, str], None]  # done, total, what


class DrawingPool:
    """The processes that draw large batches: started by the first one, kept for the next,
    stopped by ``close()`` (or a batch stopped or failed; the next batch starts others)."""

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._workers = 0
        self._lock = threading.Lock()

    def executor(self, workers: int, modules: Sequence[str]) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is not None and self._workers != workers:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=drawing.follow_parent,  # no worker outlives a crash
                )
                self._workers = workers
            for index in range(workers):  # the renderers this batch needs, loaded meanwhile
                self._executor.submit(drawing.warm, modules[index % len(modules)])
            return self._executor

    @property
    def running(self) -> bool:
        return self._executor is not None

    def close(self) -> None:
        """Stop the drawing processes; the documents under way finish first."""
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None

    def __enter__(self) -> DrawingPool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def texts_dir(ctx: AppContext) -> Path | None:
    """The association's own wording of the documents, when the context knows its folder."""
    return ctx.paths.texts_dir if ctx.paths is not None else None


def prepare_one(
    ctx: AppContext, request: DocumentRequest, today: dt.date | None = None
) -> PreparedDocument:
    texts = texts_dir(ctx)
    # A read-only database cannot take the audit line: the print is not recorded then.
    if ctx.database.readonly:
        return ctx.read(documents.prepare, request, today=today, texts_dir=texts)
    return ctx.run(documents.prepare, request, today=today, texts_dir=texts)


def _prepare_all(
    ctx: AppContext,
    requests: Sequence[DocumentRequest],
    check: Callable[[], None],
    today: dt.date | None,
    prepared: Callable[[PreparedDocument], None],
) -> None:
    """A large batch is one action: prepared (and its prints recorded) in one transaction;
    stopped before the end, nothing is recorded. ``prepared`` receives each document."""
    texts = texts_dir(ctx)

    def prepare_all(session: Session, actor: Actor) -> None:
        # Read once what the sheets share, and each person's file in a few IN queries.
        shared = documents.batch_data(session, actor, requests, today)
        for request in requests:
            check()
            prepared(
                documents.prepare(
                    session, actor, request, today=today, texts_dir=texts, shared=shared
                )
            )

    # A read-only database cannot take the audit lines: the prints are not recorded then.
    if ctx.database.readonly:
        ctx.read(prepare_all)
    else:
        ctx.run(prepare_all)


def workers_for(count: int) -> int:
    cores = os.cpu_count() or 1
    return 0 if count < PARALLEL_FROM or cores < 2 else min(cores, 8)


def make_documents(
    ctx: AppContext,
    requests: Sequence[DocumentRequest],
    *,
    pool: DrawingPool | None = None,
    report: Report | None = None,
    check: Callable[[], None] | None = None,
    today: dt.date | None = None,
) -> list[GeneratedDocument]:
    """The documents of ``requests`` in order. ``check`` raises to stop (between two
    documents); ``report`` says how far it went (preparing, then drawing). A large batch
    is drawn by ``pool``'s processes (kept for the next batch), or without one by processes
    started for this batch only."""
    report = report or (lambda _done, _total, _what: None)
    check = check or (lambda: None)
    total = len(requests)
    workers = workers_for(total)
    if not workers:
        made = []
        for index, request in enumerate(requests):
            check()
            prepared = prepare_one(ctx, request, today)
            made.append(documents.render(prepared))
            report(index + 1, total, prepared.title)
        return made
    if pool is None:
        with DrawingPool() as own:
            return make_documents(ctx, requests, pool=own, report=report, check=check, today=today)
    modules = sorted({documents.renderer_module(r.kind) for r in requests})
    executor = pool.executor(workers, modules)
    try:
        chunks: list[tuple[list[PreparedDocument], Future[list[bytes]]]] = []
        chunk: list[PreparedDocument] = []

        def send() -> None:
            jobs = [documents.drawing_job(p) for p in chunk]
            chunks.append((list(chunk), executor.submit(drawing.draw_many, jobs)))
            chunk.clear()

        def add_prepared(document: PreparedDocument) -> None:
            chunk.append(document)
            if len(chunk) == CHUNK:
                send()

        _prepare_all(ctx, requests, check, today, add_prepared)
        if chunk:
            send()
        made = []
        for documents_sent, future in chunks:
            for document, pdf in zip(documents_sent, future.result(), strict=True):
                check()
                made.append(GeneratedDocument(document.title, document.filename, pdf))
                report(len(made), total, document.title)
    except BaseException:
        pool.close()  # what was sent is not drawn for nothing; a broken pool is replaced
        raise
    return made
