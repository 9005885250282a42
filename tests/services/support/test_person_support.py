"""The support tab's one read (``person_support``): the timeline and the barrier actions it
lists, the actions read once, the same as the two reads it replaces."""

from __future__ import annotations

import sqlalchemy as sa

from chantier_app.db import models as m
from chantier_app.services.support.barriers import list_actions
from chantier_app.services.support.timeline import person_support, person_timeline
from tests.conftest import TODAY


def test_the_timeline_and_the_actions_read_together_are_the_two_reads(demo_ctx) -> None:
    with demo_ctx.database.reading() as session:
        person_id = session.scalar(
            sa.select(m.BarrierAction.person_id)
            .group_by(m.BarrierAction.person_id)
            .order_by(sa.func.count().desc(), m.BarrierAction.person_id)
            .limit(1)
        )
    actions = demo_ctx.read(list_actions, person_id)
    timeline = demo_ctx.read(person_timeline, person_id, today=TODAY)
    statements: list[str] = []

    def count(_conn, _cursor, statement: str, *_args: object) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = demo_ctx.database.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        together = demo_ctx.read(person_support, person_id, today=TODAY)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert actions and any(e.kind.value == "action" for e in timeline)
    assert (together.actions, together.timeline) == (actions, timeline)
    assert sum("FROM barrier_action" in s for s in statements) == 1
