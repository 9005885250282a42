"""The audit trail: who did what to which record, and when. Never sensitive values."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from chantier_app.db.base import Base, now


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    # "Who touched this record?" is the trail's usual question.
    __table_args__ = (sa.Index("ix_audit_entry_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=now, index=True)
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id", ondelete="SET NULL"))
    staff_name: Mapped[str | None]  # kept even if the account is removed
    action: Mapped[str] = mapped_column(
        sa.String(40)
    )  # create, update, delete, export, print, refused...
    entity: Mapped[str] = mapped_column(sa.String(60))
    entity_id: Mapped[int | None]
    person_id: Mapped[int | None] = mapped_column(index=True)  # no FK: the trail outlives records
    summary: Mapped[str | None] = mapped_column(sa.Text)
