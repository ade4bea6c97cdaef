"""mention.border: the border whose reader found the mention, so one node can watch several borders

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mention") as batch:
        batch.add_column(sa.Column("border", sa.String(length=5), nullable=True))
        batch.create_index("ix_mention_border", ["border"])
    # Until now every mention was read for the one border there was: the default, Pakistan-Iran.
    op.execute("UPDATE mention SET border = 'PK-IR'")


def downgrade() -> None:
    with op.batch_alter_table("mention") as batch:
        batch.drop_index("ix_mention_border")
        batch.drop_column("border")
