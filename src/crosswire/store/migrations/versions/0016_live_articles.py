"""An index of the articles by (duplicate_of, id), so the stored originals are found in the index alone: a run's
check of which originals the grouping state does not hold yet (``Store.group_changes``) and which articles no
alert pass has seen (``Store.unmonitored_ids``) scan this index instead of the articles' wide rows.

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
        op.create_index("ix_articles_live", "articles", ["duplicate_of", "id"])


def downgrade() -> None:
    op.drop_index("ix_articles_live", table_name="articles")
