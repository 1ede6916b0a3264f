"""Each kept story's articles and top entities as indexed rows beside its record (``group_story_articles``,
``group_story_entities``), so an incremental run looks up the kept stories its changes reach (an article's story,
the stories posted under an entity) instead of reading and parsing every story record. Filled here from the kept
records (the top entities as ``threads.StoryAgg.top_entities`` orders them: weight, then id; the first 8).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TOP = 8  # threads.StoryAgg.top_entities' default


def upgrade() -> None:
    articles = op.create_table(
        "group_story_articles",
        sa.Column("story", sa.String(), primary_key=True),
        sa.Column("article", sa.String(), primary_key=True),
    )
    op.create_index("ix_group_story_articles_article", "group_story_articles", ["article"])
    entities = op.create_table(
        "group_story_entities",
        sa.Column("entity", sa.String(), primary_key=True),
        sa.Column("story", sa.String(), primary_key=True),
    )
    op.create_index("ix_group_story_entities_story", "group_story_entities", ["story"])
    conn = op.get_bind()
    kept = conn.execute(sa.text("SELECT story, data FROM group_stories")).all()
    for k in range(0, len(kept), 2000):
        batch = kept[k:k + 2000]
        arts, ents = [], []
        for story, data in batch:
            d = json.loads(data) if isinstance(data, str | bytes) else data
            arts.extend({"story": story, "article": a} for a in dict.fromkeys(d["story"].get("articles") or ()))
            weights = d.get("entities") or {}
            top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
            ents.extend({"entity": e, "story": story} for e, _ in top)
        if arts:
            conn.execute(articles.insert(), arts)
        if ents:
            conn.execute(entities.insert(), ents)


def downgrade() -> None:
    op.drop_index("ix_group_story_entities_story", table_name="group_story_entities")
    op.drop_table("group_story_entities")
    op.drop_index("ix_group_story_articles_article", table_name="group_story_articles")
    op.drop_table("group_story_articles")
