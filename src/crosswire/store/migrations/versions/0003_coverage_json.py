"""Coverage rows keep their key order on PostgreSQL: plain JSON instead of JSONB (which sorts object keys).

Coverage entries are free-form dicts (no dataclass to rebuild them in field order), so the stored text must be
returned as written for `--json` output to match SQLite's byte for byte.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("coverage", "data", type_=sa.JSON(), postgresql_using="data::json")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("coverage", "data", type_=JSONB(), postgresql_using="data::jsonb")
