"""Schema creation and upgrades (Alembic migrations run on open; a fresh database gets the current schema)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from .schema import metadata


def upgrade(engine: Engine) -> None:
    """Bring the database to the current schema."""
    metadata.create_all(engine)
