"""support schedule settings

The milestones generated from each contract become the association's to set: the
diagnosis and the professional plan due dates, the review before a renewal, whether the
3-, 6- and 10-month reviews and the follow-ups after the exit are planned.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 19:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("schedule_diagnosis_months", sa.Integer(), "1"),
    ("schedule_plan_months", sa.Integer(), "2"),
    ("schedule_renewal_months", sa.Integer(), "1"),
    ("schedule_reviews", sa.Boolean(), sa.true()),
    ("schedule_follow_ups", sa.Boolean(), sa.true()),
)


def upgrade() -> None:
    with op.batch_alter_table("structure", schema=None) as batch_op:
        for name, kind, default in COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=False, server_default=default))


def downgrade() -> None:
    with op.batch_alter_table("structure", schema=None) as batch_op:
        for name, _kind, _default in reversed(COLUMNS):
            batch_op.drop_column(name)
