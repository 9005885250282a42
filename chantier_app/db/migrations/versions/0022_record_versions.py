"""record versions: several people editing at once (several offices on one server)

Each record a user edits from a form or the hours grid gets ``version``, checked and
incremented by every UPDATE (SQLAlchemy's ``version_id_col``): an edit made from a copy
loaded before someone else's saved change matches no row and is refused with who changed
it and when, never written over it. Existing rows start at 1, as new ones do.

Amendment numbers were already unique per contract (uq_amendment_contract_id_number,
0001): the number is now drawn under a lock of the contract's row.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03 15:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The models that mix in db.base.Versioned.
VERSIONED_TABLES = (
    "person",
    "eligibility_diagnosis",
    "pass_iae",
    "contract",
    "amendment",
    "contract_suspension",
    "monthly_hours",
    "milestone",
    "pmsmp",
    "training_session",
    "enrolment",
)


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
            )


def downgrade() -> None:
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
