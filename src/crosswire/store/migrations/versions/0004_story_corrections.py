"""Stories that explain and keep themselves: users' corrections, redirects from retired story ids, and the
persisted nearest-neighbour index of article vectors.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_corrections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("data", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    )
    op.create_table(
        "story_redirects",
        sa.Column("old", sa.String(), primary_key=True),
        sa.Column("new", sa.String(), nullable=False),
        sa.Column("at", sa.Float()),
    )
    op.create_table(
        "ann_index",
        sa.Column("model", sa.String(), primary_key=True),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("blob", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ann_index")
    op.drop_table("story_redirects")
    op.drop_table("story_corrections")
