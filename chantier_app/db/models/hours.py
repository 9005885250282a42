"""Hours per contract per month (the State's monthly statement) and per day (sign-in sheets)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from chantier_app.db.base import Base, Timestamped, Versioned


class _HoursColumns:
    """The six categories kept apart, in integer minutes (exact, no float drift)."""

    worked_minutes: Mapped[int] = mapped_column(default=0)
    training_minutes: Mapped[int] = mapped_column(default=0)
    pmsmp_minutes: Mapped[int] = mapped_column(default=0)
    paid_absence_minutes: Mapped[int] = mapped_column(default=0)
    sick_minutes: Mapped[int] = mapped_column(default=0)
    unjustified_minutes: Mapped[int] = mapped_column(default=0)


class MonthlyHours(Base, _HoursColumns, Timestamped, Versioned):
    __tablename__ = "monthly_hours"
    __table_args__ = (sa.UniqueConstraint("contract_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contract.id", ondelete="CASCADE"))
    month: Mapped[dt.date] = mapped_column(index=True)  # first day of the month
    from_daily: Mapped[bool] = mapped_column(default=False)  # computed from the days
    notes: Mapped[str | None] = mapped_column(sa.Text)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", ondelete="SET NULL")
    )


class DailyAttendance(Base, _HoursColumns, Timestamped):
    __tablename__ = "daily_attendance"
    __table_args__ = (sa.UniqueConstraint("contract_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(sa.ForeignKey("contract.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(index=True)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", ondelete="SET NULL")
    )


class DeclaredMonth(Base):
    """A month declared to the State: its hours are locked until unlocked (recorded)."""

    __tablename__ = "declared_month"

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(unique=True)
    declared_at: Mapped[dt.datetime]
    declared_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", ondelete="SET NULL")
    )
