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


# Opening a store that is already at head (every open but the first after an upgrade) asks two things, answered
# here without Alembic: importing it and reading its scripts cost 0.07 CPU s of each process that opens a store
# (0.31 -> 0.24 s to open one; the CLI, the web app, `watch`). Alembic runs the upgrades themselves.


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision shipped with this version of crosswire: revisions are numbered in order, each file
    ``NNNN_what.py`` revising the one numbered before it (tests/test_store_suite.py checks this against Alembic's
    own reading of the scripts)."""
    return max(p.name for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))[:4]


def current(conn: Connection) -> str | None:
    """The revision a database is at (None when it has never been migrated): Alembic's version table, read
    directly; Alembic itself where the table holds other than one row (branches, which crosswire never makes)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    if len(rows) == 1:
        return rows[0][0]
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
