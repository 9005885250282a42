"""A batch of documents: prepared, then drawn on every core.

A small batch is made document after document, each in its own transaction. A large one
is prepared in one transaction (rights, data, the audit lines: one user action), which
needs the database and stays in this process;
drawing a PDF is pure Python on plain data, so a large batch is drawn by worker processes
(« spawn »: safe beside Qt's threads, and the same on Windows), in order. A small batch,
or a machine with one core, draws here: starting workers costs about half a second.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy.orm import Session

from chantier_app.services import documents
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.documents import DocumentRequest, GeneratedDocument, PreparedDocument

PARALLEL_FROM = 24  # documents; below, workers would not pay for their start
Report = Callable[[int, int, str], None]  # done, total, what


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
) -> list[PreparedDocument]:
    """A large batch is one action: prepared (and its prints recorded) in one transaction;
    stopped before the end, nothing is recorded."""

    def prepare_all(session: Session, actor: Actor) -> list[PreparedDocument]:
        prepared = []
        for request in requests:
            check()
            prepared.append(documents.prepare(session, actor, request, today=today))
        return prepared

    # A read-only database cannot take the audit lines: the prints are not recorded then.
    if ctx.database.readonly:
        return ctx.read(prepare_all)
    return ctx.run(prepare_all)


def workers_for(count: int) -> int:
    cores = os.cpu_count() or 1
    return 0 if count < PARALLEL_FROM or cores < 2 else min(cores, 8)


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
    prepared_all = _prepare_all(ctx, requests, check, today)
    made = []
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        try:
            for index, document in enumerate(pool.map(documents.render, prepared_all, chunksize=4)):
                check()
                made.append(document)
                report(index + 1, total, document.title)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return made
