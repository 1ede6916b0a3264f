"""Derived articles (copies, rewrites, translations, wire copy) and the cached sentence vectors that find
translations.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "derivations",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("article", sa.String(), nullable=False, index=True),
        sa.Column("source", sa.String()),
        sa.Column("kind", sa.String()),
        sa.Column("data", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    )
    op.create_table(
        "sentence_vectors",
        sa.Column("article", sa.String(), primary_key=True),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sentence_vectors")
    op.drop_table("derivations")
