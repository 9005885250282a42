"""A record cancelled at another office, then changed from a dialog opened before (issues 15
and 21): the second ``Database`` on the same data, the refusal and what it leaves behind."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.engine import Database
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.domain.errors import StaleEditError
from chantier_app.services.context import AppContext
from chantier_app.services.structure.accounts import actor_for
from tests import support_factory as f
from tests.db_dump import dump


@contextmanager
def another_office(ctx: AppContext) -> Iterator[AppContext]:
    """Sophie Lacroix of the direction, on a ``Database`` of her own on the same data."""
    with ctx.database.transaction() as session:
        director, _ = f.staff(session, Role.DIRECTION, last="Lacroix")
        director.first_name = "Sophie"
        session.flush()
        actor = actor_for(director)
    elsewhere = Database(ctx.database.url)
    try:
        yield AppContext(elsewhere, actor)
    finally:
        elsewhere.dispose()


def stale_message(ctx: AppContext, entity: str, record_id: int) -> str:
    """The refusal as the trail's last change of the record says it: Sophie Lacroix's."""
    message, who = stale_text(ctx, entity, record_id)
    assert who == "Sophie Lacroix"
    return message


def stale_text(ctx: AppContext, entity: str, record_id: int) -> tuple[str, str]:
    """The refusal as the trail's last change of the record says it, and who made it."""
    with ctx.database.reading() as session:
        who, at = session.execute(
            select(m.AuditEntry.staff_name, m.AuditEntry.at)
            .where(m.AuditEntry.entity == entity, m.AuditEntry.entity_id == record_id)
            .where(m.AuditEntry.action != "refused")
            .order_by(m.AuditEntry.id.desc())
            .limit(1)
        ).one()
    return f"Modifié par {who} à {at:%H:%M} : rechargez la fiche avant de modifier.", who


def refused_as_stale(ctx: AppContext, action: Callable[..., object], *args, **kwargs) -> str:
    """``action`` refused as a stale edit: every table as it was, but the refusal's one
    line in the trail."""
    before = dump(ctx.database)
    with pytest.raises(StaleEditError) as refused:
        ctx.run(action, *args, **kwargs)
    after = dump(ctx.database)
    was, now = before.pop("audit_entry"), after.pop("audit_entry")
    assert now[: len(was)] == was
    assert [row[4] for row in now[len(was) :]] == ["refused"]
    assert after == before
    return refused.value.message
