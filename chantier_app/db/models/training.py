"""Training sessions (catalogue), enrolments and attendance."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chantier_app.db.base import Base, Timestamped, Versioned
from chantier_app.db.cancellable import Cancellable
from chantier_app.domain.codes.support_codes import EnrolmentStatus, TrainingKind, TrainingResult


class TrainingSession(Base, Timestamped, Versioned, Cancellable):
    __tablename__ = "training_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    provider: Mapped[str | None]
    kind: Mapped[TrainingKind]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    duration_minutes: Mapped[int] = mapped_column(default=0)
    funding: Mapped[str | None]
    certificate_target: Mapped[str | None]
    location: Mapped[str | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)

    enrolments: Mapped[list[Enrolment]] = relationship(
        back_populates="session", cascade="all, delete-orphan"
    )


class Enrolment(Base, Timestamped, Versioned, Cancellable):
    __tablename__ = "enrolment"
    # Unique among the enrolments not cancelled (migration 0025): a person whose enrolment
    # was cancelled is enrolled again as a new record, the cancelled one kept as it was.
    __table_args__ = (
        sa.Index(
            "uq_enrolment_session_id_person_id",
            "session_id",
            "person_id",
            unique=True,
            sqlite_where=sa.text("cancelled_at IS NULL"),
            postgresql_where=sa.text("cancelled_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_session.id", ondelete="CASCADE")
    )
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    contract_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contract.id", ondelete="SET NULL")
    )
    status: Mapped[EnrolmentStatus] = mapped_column(default=EnrolmentStatus.ENROLLED)
    attended_minutes: Mapped[int] = mapped_column(default=0)
    result: Mapped[TrainingResult] = mapped_column(default=TrainingResult.PENDING)
    certificate_obtained: Mapped[str | None]
    result_date: Mapped[dt.date | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)

    session: Mapped[TrainingSession] = relationship(back_populates="enrolments")
    attendances: Mapped[list[TrainingAttendance]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan", order_by="TrainingAttendance.day"
    )


class TrainingAttendance(Base):
    """Training time on one day: paid work time that feeds the month's training hours."""

    __tablename__ = "training_attendance"
    __table_args__ = (sa.UniqueConstraint("enrolment_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(sa.ForeignKey("enrolment.id", ondelete="CASCADE"))
    day: Mapped[dt.date]
    minutes: Mapped[int]

    enrolment: Mapped[Enrolment] = relationship(back_populates="attendances")
