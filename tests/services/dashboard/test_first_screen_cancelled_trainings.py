"""Enrolments, sessions and PASS IAE cancelled (db.cancellable): the first screen's plain SQL
leaves them out of « À faire » as the services' ORM filter does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.services.dashboard import todo
from chantier_app.services.dashboard.figures import TodoKind
from chantier_app.services.dashboard.first_screen import read_first_screen
from tests.conftest import TODAY


def _kinds(items) -> list[TodoKind]:  # type: ignore[no-untyped-def]
    return [item.kind for item in items]


@pytest.mark.sqlite_only(
    reason="the first screen reads the SQLite file; a server's dashboard is the services' "
    "(dashboard/first_screen)"
)
def test_cancelled_enrolments_sessions_and_passes_are_left_out(demo_ctx) -> None:
    before = read_first_screen(demo_ctx.database.url, TODAY)
    assert before is not None and TodoKind.TRAINING in _kinds(before.todo)
    with demo_ctx.database.transaction() as session:
        enrolled = session.scalars(select(m.Enrolment).order_by(m.Enrolment.id)).all()
        for enrolment in enrolled[::2]:  # half of the enrolments, then the other half's sessions
            enrolment.mark_cancelled(None, "test")
        for enrolment in enrolled[1::2]:
            enrolment.session.mark_cancelled(None, "test")
        for record in session.scalars(select(m.PassIae)):
            record.mark_cancelled(None, "test")
    first = read_first_screen(demo_ctx.database.url, TODAY)
    assert first is not None
    assert first.todo == tuple(demo_ctx.read(todo.todo_list, today=TODAY))
    assert TodoKind.TRAINING not in _kinds(first.todo)
