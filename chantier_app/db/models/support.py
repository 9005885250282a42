"""Social and professional support: milestones, barriers, actions, PMSMP, sensitive notes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from chantier_app.db.base import Base, Timestamped, Versioned
from chantier_app.db.cancellable import Cancellable
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import (
    ActionStatus,
    MilestoneKind,
    MilestoneStatus,
    PmsmpOutcome,
    SensitiveNoteKind,
)


class Milestone(Base, Timestamped, Versioned):
    """Jalon d'accompagnement: welcome interview, diagnosis, reviews, exit, follow-ups."""

    __tablename__ = "milestone"
    # The to-do list asks for open milestones by due date.
    __table_args__ = (sa.Index("ix_milestone_status_due", "status", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    contract_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contract.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[MilestoneKind]
    due_date: Mapped[dt.date] = mapped_column(index=True)
    planned_date: Mapped[dt.date | None]
    done_date: Mapped[dt.date | None]
    status: Mapped[MilestoneStatus] = mapped_column(default=MilestoneStatus.TO_PLAN)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    objectives_reached: Mapped[str | None] = mapped_column(sa.Text)
    next_objectives: Mapped[str | None] = mapped_column(sa.Text)
    # Created by the schedule from the contract's dates (moves with the contract).
    generated: Mapped[bool] = mapped_column(default=False)


class BarrierScore(Base, Timestamped, Versioned, Cancellable):
    """A barrier scored 1 (none) to 5 (blocking) at a date; the history is kept."""

    __tablename__ = "barrier_score"
    __table_args__ = (sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    # Indexed: saving a review replaces the scores it holds (a lookup, not a scan).
    milestone_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("milestone.id", ondelete="SET NULL"), index=True
    )
    barrier: Mapped[Barrier]
    scored_on: Mapped[dt.date]
    score: Mapped[int]
    comment: Mapped[str | None] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id", ondelete="SET NULL"))


class BarrierAction(Base, Timestamped, Versioned, Cancellable):
    """An action to lift a barrier, often with a partner organisation."""

    __tablename__ = "barrier_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    barrier: Mapped[Barrier]
    description: Mapped[str] = mapped_column(sa.Text)
    partner: Mapped[str | None]
    due_date: Mapped[dt.date | None] = mapped_column(index=True)
    status: Mapped[ActionStatus] = mapped_column(default=ActionStatus.TODO)
    done_date: Mapped[dt.date | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id", ondelete="SET NULL"))


class SensitiveNote(Base, Timestamped, Versioned, Cancellable):
    """Health or justice note: stored apart, shown only to CIP and direction."""

    __tablename__ = "sensitive_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[SensitiveNoteKind]
    written_on: Mapped[dt.date]
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(sa.Text)


class Pmsmp(Base, Timestamped, Versioned, Cancellable):
    """Période de mise en situation en milieu professionnel: at most one month per agreement."""

    __tablename__ = "pmsmp"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="CASCADE"), index=True
    )
    contract_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contract.id", ondelete="SET NULL")
    )
    host_name: Mapped[str]
    host_siret: Mapped[str | None] = mapped_column(sa.String(14))
    host_contact: Mapped[str | None]
    target_job: Mapped[str | None]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    agreement_reference: Mapped[str | None]
    outcome: Mapped[PmsmpOutcome] = mapped_column(default=PmsmpOutcome.PENDING)
    notes: Mapped[str | None] = mapped_column(sa.Text)
