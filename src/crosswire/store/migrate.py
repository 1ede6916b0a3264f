"""Schema creation and upgrades: the Alembic revisions in ``migrations/`` run programmatically on open.

A database made before migrations existed (``metadata.create_all``) is stamped with the revision it matches.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# the revision whose tables the pre-migration skeleton's create_all made
BASELINE = "0001"
# any constant: one PostgreSQL advisory lock serialises concurrent upgrades of one database
_PG_LOCK = 0x63727377


def _config(conn: Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision shipped with this version of crosswire."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current(conn: Connection) -> str | None:
    """The revision a database is at (None when it has never been migrated)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision (stamping a pre-migration database first)."""
    with engine.connect() as conn:
        if current(conn) == head():
            return  # the common case: no lock, no Alembic environment
    with engine.begin() as conn:
        _lock(conn)
        rev = current(conn)  # again: another process may have upgraded while we waited
        if rev == head():
            return
        from alembic import command

        cfg = _config(conn)
        if rev is None:
            stamp = _stamp_for(conn)
            if stamp:
                log.info("stamping pre-migration database at %s", stamp)
                command.stamp(cfg, stamp)
        log.info("upgrading database from %s to %s", rev, head())
        command.upgrade(cfg, "head")


def _lock(conn: Connection) -> None:
    """Hold a database-wide lock for the rest of this transaction, so two openers never migrate at once."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
    elif conn.dialect.name == "sqlite":
        # pysqlite runs DDL outside transactions; an explicit IMMEDIATE transaction takes the write lock now
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _stamp_for(conn: Connection) -> str | None:
    """The revision an unversioned database already matches: head if it has every table, else the baseline."""
    from .schema import metadata

    have = set(inspect(conn).get_table_names())
    if not have & set(metadata.tables):
        return None  # empty database: migrate from scratch
    if set(metadata.tables) <= have:
        return head()
    return BASELINE
