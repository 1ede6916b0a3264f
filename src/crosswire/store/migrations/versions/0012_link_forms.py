"""Each corpus-linking unit's form and each form's keys (``read.linkkeys.unit_forms``), so an incremental run
relinks one unit of each form its keys reach, not every article that names a frequent surname. A store from
before is indexed at its next run.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_units",
        sa.Column("article", sa.String(), primary_key=True),
        sa.Column("entity", sa.String(), primary_key=True),
        sa.Column("form", sa.String(), nullable=False),
    )
    op.create_index("ix_link_units_form", "link_units", ["form"])
    op.create_table(
        "link_form_keys",
        sa.Column("form", sa.String(), primary_key=True),
        sa.Column("key", sa.String(), primary_key=True),
    )
    op.create_index("ix_link_form_keys_key", "link_form_keys", ["key"])


def downgrade() -> None:
    op.drop_index("ix_link_form_keys_key", table_name="link_form_keys")
    op.drop_table("link_form_keys")
    op.drop_index("ix_link_units_form", table_name="link_units")
    op.drop_table("link_units")
