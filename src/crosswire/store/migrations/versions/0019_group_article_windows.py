"""Each grouped article's date window (the first and last day of a published article's date anchors, as day
ordinals; null without a publication date) kept beside its grouping row and indexed, so a run finds the published
articles near a new one's dates (``Store.group_dated_near``): its nearest neighbours are chosen among them, not
among articles years away that can never share its story (``group.graph.dated_nearest``). With it, the cosine a
new vector must reach to enter the article's nearest list, so a run reads the rows only of the lists it enters.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    have = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("group_articles")}
    with op.batch_alter_table("group_articles") as batch:
        if "day_lo" not in have:
            batch.add_column(sa.Column("day_lo", sa.Integer(), nullable=True))
        if "day_hi" not in have:
            batch.add_column(sa.Column("day_hi", sa.Integer(), nullable=True))
        if "near_last" not in have:
            batch.add_column(sa.Column("near_last", sa.Float(), nullable=True))
    indexes = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("group_articles")}
    if "ix_group_articles_day_hi" not in indexes:
        op.create_index("ix_group_articles_day_hi", "group_articles", ["day_hi", "day_lo"])


def downgrade() -> None:
    op.drop_index("ix_group_articles_day_hi", table_name="group_articles")
    with op.batch_alter_table("group_articles") as batch:
        batch.drop_column("near_last")
        batch.drop_column("day_hi")
        batch.drop_column("day_lo")
