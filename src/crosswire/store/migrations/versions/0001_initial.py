"""Initial schema: articles, entities, per-article facts, embeddings, the cross-article view, input errors.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")
FACTS = {
    "mentions": [sa.Column("entity", sa.String()), sa.Column("start", sa.Integer())],
    "timerefs": [sa.Column("value", sa.String())],
    "events": [sa.Column("kind", sa.String()), sa.Column("date", sa.String())],
    "claims": [sa.Column("measure", sa.Text())],
    "quotes": [sa.Column("speaker", sa.String())],
    "framing": [sa.Column("leaning", sa.String())],
}


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("outlet", sa.String()),
        sa.Column("language", sa.String()),
        sa.Column("published", sa.String()),
        sa.Column("title", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String()),
        sa.Column("duplicate_of", sa.String()),
        sa.Column("data", JSON, nullable=False),
        sa.Column("run_at", sa.Float()),
    )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_table(
        "entities",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String()),
        sa.Column("wikidata", sa.String()),
        sa.Column("data", JSON, nullable=False),
    )
    for name, extra in FACTS.items():
        op.create_table(
            name,
            sa.Column("id", sa.String(), primary_key=True),
            sa.Column("article", sa.String(), nullable=False),
            *extra,
            sa.Column("data", JSON, nullable=False),
        )
        op.create_index(f"ix_{name}_article", name, ["article"])
    op.create_index("ix_mentions_entity", "mentions", ["entity"])
    op.create_index("ix_quotes_speaker", "quotes", ["speaker"])
    op.create_table(
        "embeddings",
        sa.Column("article", sa.String(), primary_key=True),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("title", sa.Text()),
        sa.Column("date", sa.String()),
        sa.Column("thread", sa.String()),
        sa.Column("data", JSON, nullable=False),
    )
    op.create_table(
        "story_articles",
        sa.Column("story", sa.String(), primary_key=True),
        sa.Column("article", sa.String(), primary_key=True),
    )
    op.create_index("ix_story_articles_article", "story_articles", ["article"])
    op.create_table(
        "threads",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("title", sa.Text()),
        sa.Column("data", JSON, nullable=False),
    )
    op.create_table(
        "claim_groups",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("scope", sa.String()),
        sa.Column("verdict", sa.String()),
        sa.Column("data", JSON, nullable=False),
    )
    op.create_index("ix_claim_groups_scope", "claim_groups", ["scope"])
    op.create_table(
        "coverage",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("scope", sa.String()),
        sa.Column("data", JSON, nullable=False),
    )
    op.create_index("ix_coverage_scope", "coverage", ["scope"])
    op.create_table(
        "input_errors",
        sa.Column("source", sa.Text(), primary_key=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("run_at", sa.Float()),
    )


def downgrade() -> None:
    for name in ("input_errors", "coverage", "claim_groups", "threads", "story_articles", "stories", "embeddings",
                 *reversed(FACTS), "entities", "articles"):
        op.drop_table(name)
