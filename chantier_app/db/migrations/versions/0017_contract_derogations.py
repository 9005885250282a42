"""contract derogations: the periods below 20 h a week (D5132-43-5, D5132-43-8)

Each derogation to the CDDI's 20-hour weekly minimum is granted for twelve months at
most: its periods (kind, start, end, the decision's reference and date) go in
contract_derogation. A contract that already had a derogation gets one period equal to
its own dates (start to planned end, after its renewals) with its recorded reference and
no decision date: the application never knew better, and the old rule accepted the hours
over the whole contract, so nothing recorded before becomes refused; a renewal or a change
of hours from now on asks for the periods that cover it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 06:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contract_derogation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_contract_derogation_contract_id_contract"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff.id"],
            name=op.f("fk_contract_derogation_created_by_id_staff"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_derogation")),
    )
    with op.batch_alter_table("contract_derogation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_derogation_contract_id"), ["contract_id"], unique=False
        )
    # Existing derogations: one period over the contract's own dates (see the docstring).
    op.execute(
        "INSERT INTO contract_derogation (contract_id, kind, start_date, end_date, reference, "
        "decided_on, created_by_id, created_at, updated_at) "
        "SELECT id, derogation, start_date, end_date, derogation_reference, NULL, NULL, "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM contract "
        "WHERE derogation <> 'AUCUNE' AND weekly_minutes IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("contract_derogation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_derogation_contract_id"))
    op.drop_table("contract_derogation")
