"""A batch of documents: prepared, then drawn on every core.

A small batch is made document after document, each in its own transaction. A large one
is one action: prepared in one transaction (rights, data, the audit lines), which needs
the database and stays in this process; each document, once prepared, goes to worker
processes that draw it (pure Python on plain data: ``reports.drawing``, no SQLAlchemy),
so drawing overlaps the preparing. Workers are spawned (safe beside Qt's threads, and the
same on Windows) by the first large batch, load ReportLab while its first documents are
prepared, and are kept for the next batches of the session (starting them costs about
0.4 s of CPU each); a batch stopped or failed stops them. A small batch, or a machine with
one core, draws here.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from sqlalchemy.orm import Session

from chantier_app.paths import ENV_TEXTS_DIR
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

_pool: ProcessPoolExecutor | None = None
_pool_workers = 0
_pool_texts: str | None = None  # the texts folder the workers were started with
_pool_lock = threading.Lock()


def prepare_one(
    ctx: AppContext, request: DocumentRequest, today: dt.date | None = None
) -> PreparedDocument:
    # A read-only database cannot take the audit line: the print is not recorded then.
    if ctx.database.readonly:
        return ctx.read(documents.prepare, request, today=today)
    return ctx.run(documents.prepare, request, today=today)


def _prepare_all(
    ctx: AppContext,
    requests: Sequence[DocumentRequest],
    check: Callable[[], None],
    today: dt.date | None,
    prepared: Callable[[PreparedDocument], None],
) -> None:
    """A large batch is one action: prepared (and its prints recorded) in one transaction;
    stopped before the end, nothing is recorded. ``prepared`` receives each document."""

    def prepare_all(session: Session, actor: Actor) -> None:
        for request in requests:
            check()
            prepared(documents.prepare(session, actor, request, today=today))

    # A read-only database cannot take the audit lines: the prints are not recorded then.
    if ctx.database.readonly:
        ctx.read(prepare_all)
    else:
        ctx.run(prepare_all)


def workers_for(count: int) -> int:
    cores = os.cpu_count() or 1
    return 0 if count < PARALLEL_FROM or cores < 2 else min(cores, 8)


def _drawing_pool(workers: int, modules: Sequence[str]) -> ProcessPoolExecutor:
    """The drawing processes: started once, then kept for the session's next batches."""
    global _pool, _pool_workers, _pool_texts
    texts = os.environ.get(ENV_TEXTS_DIR)  # inherited by the workers when they start
    with _pool_lock:
        if _pool is not None and (_pool_workers, _pool_texts) != (workers, texts):
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
        if _pool is None:
            _pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=multiprocessing.get_context("spawn")
            )
            _pool_workers, _pool_texts = workers, texts
        for index in range(workers):  # the renderers this batch needs, loaded meanwhile
            _pool.submit(drawing.warm, modules[index % len(modules)])
        return _pool


def stop_workers() -> None:
    """Stop the drawing processes (a batch stopped or failed; the next batch starts others)."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)  # the documents under way finish
            _pool = None


def make_documents(
    ctx: AppContext,
    requests: Sequence[DocumentRequest],
    *,
    report: Report | None = None,
    check: Callable[[], None] | None = None,
    today: dt.date | None = None,
) -> list[GeneratedDocument]:
    """The documents of ``requests`` in order. ``check`` raises to stop (between two
    documents); ``report`` says how far it went (preparing, then drawing)."""
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
    modules = sorted({documents.renderer_module(r.kind) for r in requests})
    pool = _drawing_pool(workers, modules)
    try:
        chunks: list[tuple[list[PreparedDocument], Future[list[bytes]]]] = []
        chunk: list[PreparedDocument] = []

        def send() -> None:
            jobs = [documents.drawing_job(p) for p in chunk]
            chunks.append((list(chunk), pool.submit(drawing.draw_many, jobs)))
            chunk.clear()

        def prepared(document: PreparedDocument) -> None:
            chunk.append(document)
            if len(chunk) == CHUNK:
                send()

        _prepare_all(ctx, requests, check, today, prepared)
        if chunk:
            send()
        made = []
        for documents_sent, future in chunks:
            for document, pdf in zip(documents_sent, future.result(), strict=True):
                check()
                made.append(GeneratedDocument(document.title, document.filename, pdf))
                report(len(made), total, document.title)
    except BaseException:
        stop_workers()  # what was sent is not drawn for nothing; a broken pool is replaced
        raise
    return made
