"""Roles and named years: mention.parties (the states taking part in a meeting or agreement),
incident.roles (who took part in an incident and how; replaces the deprecated incident.perpetrator) and
report.named_years (the years a report's text names, which bound where its undated events may join)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        batch.add_column(sa.Column("named_years", sa.JSON(), nullable=True))
    with op.batch_alter_table("mention") as batch:
        batch.add_column(sa.Column("parties", sa.String(200), nullable=True))
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("roles", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("roles")
    with op.batch_alter_table("mention") as batch:
        batch.drop_column("parties")
    with op.batch_alter_table("report") as batch:
        batch.drop_column("named_years")
