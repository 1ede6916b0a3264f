"""`crosswire watch` state: HTTP validators per feed and the entries already analysed.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_feeds",
        sa.Column("url", sa.Text(), primary_key=True),
        sa.Column("etag", sa.Text()),
        sa.Column("modified", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("polled_at", sa.Float()),
        sa.Column("status", sa.Integer()),
    )
    op.create_table(
        "watch_seen",
        sa.Column("feed", sa.Text(), primary_key=True),
        sa.Column("entry", sa.Text(), primary_key=True),
        sa.Column("article", sa.String()),
        sa.Column("seen_at", sa.Float()),
    )


def downgrade() -> None:
    op.drop_table("watch_seen")
    op.drop_table("watch_feeds")
