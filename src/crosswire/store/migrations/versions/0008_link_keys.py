"""The keys that tie mentions across articles in corpus linking (``read.linkkeys``), so an incremental run
relinks only the mentions its new articles can affect.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_keys",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("article", sa.String(), primary_key=True),
        sa.Column("entity", sa.String(), primary_key=True),
    )
    op.create_index("ix_link_keys_article", "link_keys", ["article"])


def downgrade() -> None:
    op.drop_index("ix_link_keys_article", table_name="link_keys")
    op.drop_table("link_keys")
