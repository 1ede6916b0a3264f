"""Threads grow forward in listing order (``group.threads``): the thread state keeps each story's listing date
and thread instead of its connected group of linking pairs. The kept rows were the earlier rule's (a state the
grouping code no longer matches, so the next run groups in full and writes them again): the table is remade.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("group_thread_stories")
    op.create_table(
        "group_thread_stories",
        sa.Column("story", sa.String(), primary_key=True),
        sa.Column("listed", sa.String(), nullable=False),
        sa.Column("thread", sa.String(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("group_thread_stories")
    op.create_table(
        "group_thread_stories",
        sa.Column("story", sa.String(), primary_key=True),
        sa.Column("grp", sa.String(), nullable=False),
        sa.Column("thread", sa.String()),
    )
