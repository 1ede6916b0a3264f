"""What incremental grouping keeps between runs: per article its nearest-vector list and top entities, the scored
article pairs with their margins, each story's entity weights and centroid, the events that date undated articles'
main events, and what the state was computed with; the LSH band keys of every original text (deduplication).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "group_meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "group_articles",
        sa.Column("article", sa.String(), primary_key=True),
        sa.Column("data", _JSON, nullable=False),
    )
    op.create_table(
        "group_entities",
        sa.Column("entity", sa.String(), primary_key=True),
        sa.Column("article", sa.String(), primary_key=True),
    )
    op.create_index("ix_group_entities_article", "group_entities", ["article"])
    op.create_table(
        "group_pairs",
        sa.Column("a", sa.String(), primary_key=True),
        sa.Column("b", sa.String(), primary_key=True),
        sa.Column("margin", sa.Float()),
        sa.Column("candidate", sa.Integer(), nullable=False),
    )
    op.create_index("ix_group_pairs_b", "group_pairs", ["b"])
    op.create_table(
        "group_stories",
        sa.Column("story", sa.String(), primary_key=True),
        sa.Column("data", _JSON, nullable=False),
    )
    op.create_table(
        "group_events",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("article", sa.String(), primary_key=True),
        sa.Column("event", sa.String(), primary_key=True),
        sa.Column("main", sa.Integer(), primary_key=True),
        sa.Column("data", _JSON, nullable=False),
    )
    op.create_index("ix_group_events_article", "group_events", ["article"])
    op.create_table(
        "dedup_bands",
        sa.Column("band", sa.String(), primary_key=True),
        sa.Column("article", sa.String(), primary_key=True),
    )
    op.create_index("ix_dedup_bands_article", "dedup_bands", ["article"])


def downgrade() -> None:
    op.drop_index("ix_dedup_bands_article", table_name="dedup_bands")
    op.drop_table("dedup_bands")
    op.drop_index("ix_group_events_article", table_name="group_events")
    op.drop_table("group_events")
    op.drop_table("group_stories")
    op.drop_index("ix_group_pairs_b", table_name="group_pairs")
    op.drop_table("group_pairs")
    op.drop_index("ix_group_entities_article", table_name="group_entities")
    op.drop_table("group_entities")
    op.drop_table("group_articles")
    op.drop_table("group_meta")
