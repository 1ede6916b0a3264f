"""What incremental derivation keeps between runs: each article's language and word 4-gram hashes, the number of
originals with each 4-gram, the originals with each rare one, and each original's nearest vectors in other
languages (``group.derive_state``); vectors of quotes by a hash of (model, text), so a run embeds only new ones.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "derive_meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "derive_articles",
        sa.Column("article", sa.String(), primary_key=True),
        sa.Column("language", sa.String()),
        sa.Column("shingles", sa.LargeBinary()),
    )
    op.create_table(
        "derive_df",
        sa.Column("shingle", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "derive_postings",
        sa.Column("shingle", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("article", sa.String(), primary_key=True),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "derive_near",
        sa.Column("article", sa.String(), primary_key=True),
        sa.Column("near", sa.String(), primary_key=True),
        sa.Column("cos", sa.Float(), nullable=False),
    )
    op.create_index("ix_derive_near_near", "derive_near", ["near"])
    op.create_table(
        "text_vectors",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    for name in ("text_vectors", "derive_near", "derive_postings", "derive_df", "derive_articles", "derive_meta"):
        op.drop_table(name)
