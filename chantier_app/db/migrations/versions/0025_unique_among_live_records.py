"""a PASS number and an enrolment are unique among the records not cancelled

Since 0024 a cancelled PASS IAE or enrolment keeps its row. The unique constraints of 0001
(``uq_pass_iae_number``, ``uq_enrolment_session_id_person_id``) counted those rows too: the
right number could not be entered again after a PASS recorded on the wrong person's file was
cancelled, nor a person enrolled again in a session after a cancelled enrolment. Both become
partial unique indexes over the live rows (``WHERE cancelled_at IS NULL``: SQLite 3.8 and
PostgreSQL both have them), so a cancelled row keeps its facts as they were.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "cancelled_at IS NULL"
# (table, the constraint of 0001, its columns)
UNIQUE_AMONG_LIVE = (
    ("pass_iae", "uq_pass_iae_number", ("number",)),
    ("enrolment", "uq_enrolment_session_id_person_id", ("session_id", "person_id")),
)


def upgrade() -> None:
    for table, name, columns in UNIQUE_AMONG_LIVE:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(name, type_="unique")
        op.create_index(
            name,
            table,
            list(columns),
            unique=True,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )


def downgrade() -> None:
    for table, name, columns in UNIQUE_AMONG_LIVE:
        # The older schema cannot hold a cancelled row beside a live one of the same key:
        # cancelled rows go with the downgrade (0024's downgrade would remove them anyway).
        op.execute(f"DELETE FROM {table} WHERE cancelled_at IS NOT NULL")
        op.drop_index(name, table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(name, list(columns))
