"""mention.weekday: a weekday the report names but cannot date, placed later by fusion

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mention") as batch:
        batch.add_column(sa.Column("weekday", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mention") as batch:
        batch.drop_column("weekday")
