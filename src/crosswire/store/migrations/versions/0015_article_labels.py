"""Each article's key in the vector index (``group.ann.label``: 60 bits of a hash of its id) as an indexed column
``articles.ann_label``, so an incremental run maps the index's hits back to articles by looking up those hits
instead of reading every live article id and hashing it. Filled here for the stored articles.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _label(article_id: str) -> int:  # group.ann.label as of this revision (a migration stays as it was written)
    return int(hashlib.sha1(article_id.encode()).hexdigest()[:15], 16)


def upgrade() -> None:
    conn = op.get_bind()
    have = sa.inspect(conn)
    # a store made by an early ``create_all`` of the current tables before Alembic has the column and index
    if "ann_label" not in {c["name"] for c in have.get_columns("articles")}:
        op.add_column("articles", sa.Column("ann_label", sa.BigInteger(), nullable=True))
    indexed = "ix_articles_ann_label" in {i["name"] for i in have.get_indexes("articles")}
    ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM articles"))]
    update = sa.text("UPDATE articles SET ann_label = :label WHERE id = :id")
    for k in range(0, len(ids), 5000):
        conn.execute(update, [{"label": _label(i), "id": i} for i in ids[k:k + 5000]])
    if not indexed:
        op.create_index("ix_articles_ann_label", "articles", ["ann_label"])


def downgrade() -> None:
    op.drop_index("ix_articles_ann_label", table_name="articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("ann_label")
