"""Previous versions of corrected or cancelled records: what was there, who changed it, why."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from chantier_app.db.base import Base, now


class RecordVersion(Base):
    """One record as it was before a correction or a cancellation (its values as JSON).

    Kept with the person's file (their history goes with it under the retention rules);
    the audit trail says the same change happened, without the values."""

    __tablename__ = "record_version"
    __table_args__ = (sa.Index("ix_record_version_record", "kind", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))  # contract, exit, ...
    record_id: Mapped[int]
    # None for a record of no one (a training session with nobody enrolled, migration 0024).
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(20))  # correct, cancel
    at: Mapped[dt.datetime] = mapped_column(default=now)
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id", ondelete="SET NULL"))
    staff_name: Mapped[str | None]  # kept even if the account is removed
    reason: Mapped[str | None] = mapped_column(sa.Text)
    summary: Mapped[str | None] = mapped_column(sa.Text)  # what changed, in French
    previous: Mapped[str] = mapped_column(sa.Text)  # the record's values before, JSON
