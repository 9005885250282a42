"""every record a user can cancel is kept; the last editable records get a version

Issue 15 asks that nothing be hard-deleted except by the retention rules: an amendment
or renewal, a PMSMP, a confidential note, a training session or enrolment, a barrier score
or action, a diagnosis, a PASS IAE and its suspensions and prolongations, cancelled by
mistake, keep their row with when, by whom and why (``db.cancellable``, as 0023 did for
contracts and suspensions): a deleted row's id is given again by SQLite to the next one,
and « Historique des modifications » would compare its previous version with another
record. A training session with nobody enrolled has no person: ``record_version.person_id``
may be NULL (its history is then the session's own).

Issue 21 asks that no stale edit overwrite another office's: PASS suspensions and
prolongations, barrier scores and actions and confidential notes get ``version``
(``db.base.Versioned``, as 0022 did for the other edited records). Existing rows start at 1
and are not cancelled (NULL).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The models that now mix in db.cancellable.Cancellable.
CANCELLABLE_TABLES = (
    "amendment",
    "pmsmp",
    "sensitive_note",
    "training_session",
    "enrolment",
    "barrier_score",
    "barrier_action",
    "eligibility_diagnosis",
    "pass_iae",
    "pass_suspension",
    "pass_prolongation",
)
# The models that now mix in db.base.Versioned.
VERSIONED_TABLES = (
    "pass_suspension",
    "pass_prolongation",
    "barrier_score",
    "barrier_action",
    "sensitive_note",
)


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
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
            )
    with op.batch_alter_table("record_version", schema=None) as batch_op:
        batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # Versions kept of records without a person (a training session with nobody enrolled)
    # cannot be kept under NOT NULL: they go (their audit lines stay).
    op.execute("DELETE FROM record_version WHERE person_id IS NULL")
    with op.batch_alter_table("record_version", schema=None) as batch_op:
        batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
    for table in CANCELLABLE_TABLES:
        # A cancelled row goes with the downgrade: the older schema cannot tell it apart.
        op.execute(f"DELETE FROM {table} WHERE cancelled_at IS NOT NULL")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_cancelled_by_id_staff", type_="foreignkey")
            batch_op.drop_column("cancelled_by_id")
            batch_op.drop_column("cancellation_reason")
            batch_op.drop_column("cancelled_at")
