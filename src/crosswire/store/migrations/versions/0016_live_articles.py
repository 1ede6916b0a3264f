"""An index of the articles by (id, duplicate_of), so which stored articles are originals is read from the index
alone: a run's check of which originals the grouping state does not hold yet (``Store.group_changes``) scans this
index instead of the articles' wide rows. Led by the id, so no lookup by another column (content hash, vector
label) takes it for an index of the originals and scans every one of them.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a store made by an early ``create_all`` of the current tables before Alembic has the index
    if "ix_articles_live" not in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("articles")}:
        op.create_index("ix_articles_live", "articles", ["id", "duplicate_of"])


def downgrade() -> None:
    op.drop_index("ix_articles_live", table_name="articles")
