"""What a dialog opened before another office saved the same record is told on saving."""

from __future__ import annotations

from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.services.context import AppContext


def stale_text(ctx: AppContext, entity: str, record_id: int) -> str:
    """The refusal of an edit made from a copy loaded before the last save of the record:
    who saved it and at what time, as the audit trail has them."""
    with ctx.database.reading() as session:
        who, at = session.execute(
            select(m.AuditEntry.staff_name, m.AuditEntry.at)
            .where(m.AuditEntry.entity == entity, m.AuditEntry.entity_id == record_id)
            .where(m.AuditEntry.action != "refused")
            .order_by(m.AuditEntry.id.desc())
            .limit(1)
        ).one()
    return f"Modifié par {who} à {at:%H:%M} : rechargez la fiche avant de modifier."
