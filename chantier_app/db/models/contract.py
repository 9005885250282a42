"""Contracts (Premières Heures, CDDI), their amendments and suspensions, and exits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from chantier_app.db.base import Base, Timestamped, Versioned
from chantier_app.db.cancellable import Cancellable
from chantier_app.domain.codes.contract_codes import (
    AmendmentKind,
    ContractKind,
    DerogationKind,
    EndReason,
    ExtensionReason,
    SuspensionReason,
)
from chantier_app.domain.codes.exit_reasons import ExitReason
from chantier_app.domain.codes.support_codes import TrainingResult


class Contract(Base, Timestamped, Versioned, Cancellable):
    """One contract. Renewals are amendments of the same row (the end date moves).
    Cancelled (a hire entered by mistake), it stays, out of every reader's sight."""

    __tablename__ = "contract"
    __table_args__ = (sa.Index("ix_contract_dates", "start_date", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("person.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[ContractKind]
    workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="RESTRICT")
    )
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("team.id", ondelete="SET NULL"))
    job_title: Mapped[str | None]
    signed_on: Mapped[dt.date | None]
    start_date: Mapped[dt.date]
    initial_end_date: Mapped[dt.date]
    end_date: Mapped[dt.date]  # planned end, after every renewal
    # Hours: per week for a CDDI, per month for Premières Heures (integer minutes).
    weekly_minutes: Mapped[int | None]
    monthly_minutes: Mapped[int | None]
    trial_days: Mapped[int | None]
    hourly_wage: Mapped[Decimal | None]
    derogation: Mapped[DerogationKind] = mapped_column(default=DerogationKind.NONE)
    derogation_reference: Mapped[str | None]
    adjusted_sentence: Mapped[bool] = mapped_column(default=False)
    extension_reason: Mapped[ExtensionReason] = mapped_column(default=ExtensionReason.NONE)
    extension_until: Mapped[dt.date | None]
    extension_notes: Mapped[str | None] = mapped_column(sa.Text)
    # The contract this one follows (Premières Heures -> CDDI, or a CDDI after another).
    previous_contract_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contract.id", ondelete="SET NULL"), index=True
    )
    # Chantier qualifiant
    training_provider: Mapped[str | None]
    target_diploma: Mapped[str | None]
    exam_date: Mapped[dt.date | None]
    exam_result: Mapped[TrainingResult | None]
    # End and exit
    actual_end_date: Mapped[dt.date | None]
    end_reason: Mapped[EndReason | None]
    exit_reason: Mapped[ExitReason | None]
    exit_notes: Mapped[str | None] = mapped_column(sa.Text)
    # Warnings the user ticked as read before saving (codes, who, when).
    acknowledged_warnings: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", ondelete="SET NULL")
    )
    # Copies printed so far: the first is the one signed, any later one a duplicate.
    print_count: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))

    amendments: Mapped[list[Amendment]] = relationship(
        back_populates="contract", cascade="all, delete-orphan", order_by="Amendment.number"
    )
    suspensions: Mapped[list[ContractSuspension]] = relationship(
        back_populates="contract",
        cascade="all, delete-orphan",
        order_by="ContractSuspension.start_date",
    )
    derogations: Mapped[list[ContractDerogation]] = relationship(
        back_populates="contract",
        cascade="all, delete-orphan",
        order_by="ContractDerogation.start_date",
    )

    @property
    def effective_end(self) -> dt.date:
        """The actual end when the contract has ended, else the planned end."""
        return self.actual_end_date or self.end_date


class Amendment(Base, Timestamped, Versioned, Cancellable):
    """Avenant: a renewal (new end date) or a change of hours, numbered per contract."""

    __tablename__ = "amendment"
    __table_args__ = (sa.UniqueConstraint("contract_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contract.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    kind: Mapped[AmendmentKind]
    signed_on: Mapped[dt.date | None]
    effective_date: Mapped[dt.date]
    previous_end_date: Mapped[dt.date]
    new_end_date: Mapped[dt.date | None]
    previous_weekly_minutes: Mapped[int | None]
    new_weekly_minutes: Mapped[int | None]
    previous_monthly_minutes: Mapped[int | None]
    new_monthly_minutes: Mapped[int | None]
    # An hours amendment's derogation below 20 h, and the one it replaced: with the
    # previous hours, the terms the contract (or the amendment before) was signed with.
    previous_derogation: Mapped[DerogationKind | None]
    previous_derogation_reference: Mapped[str | None]
    new_derogation: Mapped[DerogationKind | None]
    new_derogation_reference: Mapped[str | None]
    extension_reason: Mapped[ExtensionReason] = mapped_column(default=ExtensionReason.NONE)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    acknowledged_warnings: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", ondelete="SET NULL")
    )
    print_count: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))

    contract: Mapped[Contract] = relationship(back_populates="amendments")


class ContractSuspension(Base, Timestamped, Versioned, Cancellable):
    """The contract is suspended (PMSMP, trial at another employer): no hours then."""

    __tablename__ = "contract_suspension"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contract.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[SuspensionReason]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    other_employer: Mapped[str | None]
    pmsmp_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("pmsmp.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)

    contract: Mapped[Contract] = relationship(back_populates="suspensions")


class ContractDerogation(Base, Timestamped):
    """A period below 20 h a week the préfet granted (D5132-43-5, D5132-43-8): 12 months at most."""

    __tablename__ = "contract_derogation"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contract.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DerogationKind]
    start_date: Mapped[dt.date]
    end_date: Mapped[dt.date]
    reference: Mapped[str | None]  # the decision's reference
    decided_on: Mapped[dt.date | None]  # the decision's date
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff.id", ondelete="SET NULL")
    )

    contract: Mapped[Contract] = relationship(back_populates="derogations")
