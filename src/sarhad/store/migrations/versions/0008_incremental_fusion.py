"""Incremental fusion: mention.cluster_id, the fusion index (fusion_key), stored MinHash signatures with
their LSH bands, near-duplicate pairs, and the fusion state (the last report fused)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mention") as batch:
        batch.add_column(sa.Column("cluster_id", sa.String(40), nullable=True))
        batch.create_index("ix_mention_cluster_id", ["cluster_id"])
    op.create_table(
        "fusion_key",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("cluster_id", sa.String(40), nullable=False),
        sa.Column("family", sa.String(16), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_fusion_key"),
    )
    op.create_index("ix_fusion_key_cluster_id", "fusion_key", ["cluster_id"])
    op.create_index("ix_fusion_key_lookup", "fusion_key", ["family", "key", "week"])
    op.create_table(
        "report_signature",
        sa.Column("report_id", sa.String(64), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name="fk_report_signature_report_id_report", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", name="pk_report_signature"),
    )
    op.create_table(
        "report_band",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.String(64), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name="fk_report_band_report_id_report", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_report_band"),
    )
    op.create_index("ix_report_band_report_id", "report_band", ["report_id"])
    op.create_index("ix_report_band_lookup", "report_band", ["band", "key"])
    op.create_table(
        "near_duplicate",
        sa.Column("a", sa.String(64), nullable=False),
        sa.Column("b", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["a"], ["report.id"], name="fk_near_duplicate_a_report", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["b"], ["report.id"], name="fk_near_duplicate_b_report", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("a", "b", name="pk_near_duplicate"),
    )
    op.create_index("ix_near_duplicate_b", "near_duplicate", ["b"])
    op.create_table(
        "fusion_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("through_intake", sa.DateTime(timezone=True), nullable=True),
        sa.Column("through_report", sa.String(64), nullable=True),
        sa.Column("mentions", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id", name="pk_fusion_state"),
    )


def downgrade() -> None:
    op.drop_table("fusion_state")
    op.drop_table("near_duplicate")
    op.drop_table("report_band")
    op.drop_table("report_signature")
    op.drop_table("fusion_key")
    with op.batch_alter_table("mention") as batch:
        batch.drop_index("ix_mention_cluster_id")
        batch.drop_column("cluster_id")
