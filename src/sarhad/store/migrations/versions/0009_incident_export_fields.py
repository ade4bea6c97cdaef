"""incident.admin2, incident.distance_km and incident.conflicts: kept by fusion so that lists and exports
of a million incidents need no sourced values

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.add_column(sa.Column("admin2", sa.String(100), nullable=True))
        batch.add_column(sa.Column("distance_km", sa.Float(), nullable=True))
        batch.add_column(sa.Column("conflicts", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incident") as batch:
        batch.drop_column("conflicts")
        batch.drop_column("distance_km")
        batch.drop_column("admin2")
