"""Alembic environment: runs on the connection ``migrate.upgrade`` hands over (no alembic.ini, no URL here)."""

from __future__ import annotations

from alembic import context

from crosswire.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `migrate.upgrade` drives this environment
    raise RuntimeError("run crosswire migrations through crosswire.store.migrate.upgrade(engine)")

# batch mode lets later revisions alter SQLite tables (copy-and-move); a no-op on PostgreSQL
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
