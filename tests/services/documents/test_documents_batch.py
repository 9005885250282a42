"""A batch of documents drawn on every core gives the very PDFs drawn one by one, in order."""

from __future__ import annotations

import pytest

from chantier_app.services.documents import batch as documents_batch
from chantier_app.services.documents import printing as documents
from chantier_app.services.documents.printing import DocumentKind, DocumentRequest
from chantier_app.services.people import views as people_views
from tests.conftest import TODAY


@pytest.fixture
def requests(demo_ctx) -> list[DocumentRequest]:
    people = demo_ctx.read(people_views.list_people, today=TODAY)
    return [DocumentRequest(DocumentKind.FOLLOW_UP, person_id=row.id) for row in people][:30]


def test_a_large_batch_is_drawn_by_workers_as_one_by_one(demo_ctx, requests, monkeypatch) -> None:
    monkeypatch.setattr(documents_batch.os, "cpu_count", lambda: 2)
    assert documents_batch.workers_for(len(requests)) == 2
    steps: list[tuple[int, int]] = []
    made = documents_batch.make_documents(
        demo_ctx, requests, report=lambda done, total, _what: steps.append((done, total)),
        today=TODAY,
    )  # fmt: skip
    alone = [
        documents.render(demo_ctx.run(documents.prepare, request, today=TODAY))
        for request in requests
    ]
    assert [d.pdf for d in made] == [d.pdf for d in alone]
    assert [d.title for d in made] == [d.title for d in alone]
    assert steps == [(n, len(requests)) for n in range(1, len(requests) + 1)]


def test_stopping_between_two_documents(demo_ctx, requests) -> None:
    class Stop(Exception):
        pass

    seen: list[int] = []

    def check() -> None:
        if len(seen) == 3:
            raise Stop
        seen.append(1)

    with pytest.raises(Stop):
        documents_batch.make_documents(demo_ctx, requests[:5], check=check, today=TODAY)
    assert documents_batch.workers_for(5) == 0  # a small batch is drawn here


def test_a_large_batch_stopped_before_the_end_records_no_print(demo_ctx, requests) -> None:
    import sqlalchemy as sa

    from chantier_app.db import models as m

    def printed() -> int:
        with demo_ctx.database.reading() as session:
            query = sa.select(sa.func.count()).where(m.AuditEntry.action == "print")
            return int(session.scalar(query) or 0)

    before = printed()
    calls: list[int] = []

    def check() -> None:
        calls.append(1)
        if len(calls) > 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        documents_batch.make_documents(demo_ctx, requests, check=check, today=TODAY)
    assert printed() == before  # one action: all of it recorded, or none
    documents_batch.make_documents(demo_ctx, requests, today=TODAY)
    assert printed() == before + len(requests)


def test_the_next_batch_reuses_the_drawing_processes(demo_ctx, requests, monkeypatch) -> None:
    """Starting the workers (ReportLab, the fonts) is paid by the first batch only; a batch
    stopped halfway stops them, and the next one draws with new ones."""
    import multiprocessing

    monkeypatch.setattr(documents_batch.os, "cpu_count", lambda: 2)
    with documents_batch.DrawingPool() as pool:
        first = documents_batch.make_documents(demo_ctx, requests, pool=pool, today=TODAY)
        workers = {p.pid for p in multiprocessing.active_children()}
        assert len(workers) == 2
        second = documents_batch.make_documents(demo_ctx, requests, pool=pool, today=TODAY)
        assert {p.pid for p in multiprocessing.active_children()} == workers
        assert [d.pdf for d in second] == [d.pdf for d in first]

        def stop() -> None:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            documents_batch.make_documents(demo_ctx, requests, pool=pool, check=stop, today=TODAY)
        assert not pool.running
        third = documents_batch.make_documents(demo_ctx, requests, pool=pool, today=TODAY)
        assert [d.pdf for d in third] == [d.pdf for d in first]
        assert not workers & {p.pid for p in multiprocessing.active_children()}
    assert multiprocessing.active_children() == []  # the owner closed it: no process left


def test_a_batch_without_a_pool_leaves_no_process(demo_ctx, requests, monkeypatch) -> None:
    """The command line draws one batch: its processes end with it."""
    import multiprocessing

    monkeypatch.setattr(documents_batch.os, "cpu_count", lambda: 2)
    made = documents_batch.make_documents(demo_ctx, requests, today=TODAY)
    assert len(made) == len(requests)
    assert multiprocessing.active_children() == []
