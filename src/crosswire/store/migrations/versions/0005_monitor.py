"""Monitoring: watchlists, alerts, their deliveries, the articles already looked at, digests sent.

Articles stored before this revision count as already looked at, so a store that gains watchlists is not
flooded with alerts for its whole past.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "watchlists",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("data", Json, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("watchlist", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("data", Json, nullable=False),
    )
    op.create_index("ix_alerts_watchlist", "alerts", ["watchlist"])
    op.create_index("ix_alerts_at", "alerts", ["at"])
    op.create_table(
        "alert_deliveries",
        sa.Column("alert", sa.String(), primary_key=True),
        sa.Column("channel", sa.String(), primary_key=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("at", sa.Float()),
    )
    op.create_table(
        "monitor_seen",
        sa.Column("article", sa.String(), primary_key=True),
        sa.Column("at", sa.Float()),
    )
    op.create_table(
        "digests_sent",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("at", sa.Float(), nullable=False),
    )
    op.execute("INSERT INTO monitor_seen (article, at) SELECT id, run_at FROM articles")


def downgrade() -> None:
    for name in ("digests_sent", "monitor_seen", "alert_deliveries", "alerts", "watchlists"):
        op.drop_table(name)
