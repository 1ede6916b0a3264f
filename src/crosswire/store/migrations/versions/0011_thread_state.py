"""What incremental thread linking keeps between runs: the scored pairs of stories (the later story of each pair
scored it against the recent stories sharing its top entities) and each story's connected group of linking pairs
and thread, so a run links again only the threads whose stories it changes (``group.thread_state``).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "group_thread_pairs",
        sa.Column("a", sa.String(), primary_key=True),
        sa.Column("b", sa.String(), primary_key=True),
        sa.Column("margin", sa.Float(), nullable=False),
    )
    op.create_index("ix_group_thread_pairs_b", "group_thread_pairs", ["b"])
    op.create_table(
        "group_thread_stories",
        sa.Column("story", sa.String(), primary_key=True),
        sa.Column("grp", sa.String(), nullable=False),
        sa.Column("thread", sa.String()),
    )


def downgrade() -> None:
    op.drop_table("group_thread_stories")
    op.drop_index("ix_group_thread_pairs_b", table_name="group_thread_pairs")
    op.drop_table("group_thread_pairs")
