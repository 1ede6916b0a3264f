"""Quote groups: one utterance as several articles of a story render it, with its drift verdict.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quote_groups",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("scope", sa.String(), index=True),
        sa.Column("speaker", sa.String(), index=True),
        sa.Column("verdict", sa.String()),
        sa.Column("data", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("quote_groups")
