"""staff civility: roles shown in the feminine for a woman (« Directrice »)

A staff account gets a civility (M. / Mme), chosen in the account form. Accounts that
exist keep none (NULL): the application cannot know it, and they go on showing the role's
current label (« Direction », « Conseiller en insertion professionnelle (CIP) »,
« Encadrant technique ») until the direction sets it.

Revision ID: 0021
Revises: 0017
Create Date: 2026-12-03 08:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("civility", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("civility")
