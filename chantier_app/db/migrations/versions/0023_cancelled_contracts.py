"""cancelled contracts and suspensions: cancelled, never deleted

A contract (a hire entered by mistake, a move to CDDI cancelled) or a suspension that is
cancelled keeps its row with when, by whom and why (``db.cancellable``): a deleted row's id
was given again by SQLite to the next one, and « Historique des modifications » compared
the cancelled record's previous version with another record. Existing rows are not
cancelled (NULL).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 18:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The models that mix in db.cancellable.Cancellable.
CANCELLABLE_TABLES = ("contract", "contract_suspension")


def upgrade() -> None:
    for table in CANCELLABLE_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
            batch_op.add_column(sa.Column("cancellation_reason", sa.Text(), nullable=True))
            batch_op.add_column(sa.Column("cancelled_by_id", sa.Integer(), nullable=True))
            batch_op.create_foreign_key(
                f"fk_{table}_cancelled_by_id_staff",
                "staff",
                ["cancelled_by_id"],
                ["id"],
                ondelete="SET NULL",
            )


def downgrade() -> None:
    for table in CANCELLABLE_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_cancelled_by_id_staff", type_="foreignkey")
            batch_op.drop_column("cancelled_by_id")
            batch_op.drop_column("cancellation_reason")
            batch_op.drop_column("cancelled_at")
