"""The store's run lock: one analysis (dedup against the store, writes, regrouping) at a time per store.

Two ``analyze`` runs on one store then give what running them one after the other gives: the second sees the
first's articles when it looks for duplicates and regroups a corpus that holds both. SQLite: an OS file lock on
``<db>.lock`` (filelock); PostgreSQL: a session advisory lock. Either is released by the operating system or the
server when its process dies, so a killed run never leaves the store locked. Re-entrant within a thread;
other threads and processes wait.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator

log = logging.getLogger(__name__)
# the advisory-lock key: one per database (advisory locks are server-wide), the same in every process
PG_KEY = "hashtext('crosswire:run:' || current_database())"
_held = threading.local()  # url -> depth, for re-entry in one thread (PostgreSQL sessions do not nest per thread)


def sqlite_path(url: str) -> str | None:
    """The file behind a sqlite URL (None for an in-memory store)."""
    path = url.split(":///", 1)[1] if ":///" in url else ""
    return None if not path or path == ":memory:" or path.startswith("file::memory:") else path


@contextlib.contextmanager
def run_lock(store, what: str = "an analysis") -> Iterator[None]:
    """Hold ``store``'s run lock; logs once when another run holds it and this one waits."""
    if not hasattr(_held, "depth"):
        _held.depth = {}
    depth = _held.depth.get(store.url, 0)
    if depth:  # this thread holds it already (a regroup inside an analysis)
        _held.depth[store.url] = depth + 1
        try:
            yield
        finally:
            _held.depth[store.url] = depth
        return
    with _acquire(store, what):
        _held.depth[store.url] = 1
        try:
            yield
        finally:
            _held.depth[store.url] = 0


@contextlib.contextmanager
def _acquire(store, what: str) -> Iterator[None]:
    if store.dialect == "postgresql":
        from sqlalchemy import text

        with store.engine.connect() as conn:  # the session that holds the lock, for the whole run
            if not conn.execute(text(f"SELECT pg_try_advisory_lock({PG_KEY})")).scalar():
                log.warning("waiting: another crosswire run holds this store; %s starts when it ends", what)
                conn.execute(text(f"SELECT pg_advisory_lock({PG_KEY})"))
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text(f"SELECT pg_advisory_unlock({PG_KEY})"))
                conn.commit()
        return
    path = sqlite_path(store.url) if store.dialect == "sqlite" else None
    if path is None:
        yield
        return
    from filelock import FileLock, Timeout

    lock = FileLock(path + ".lock", is_singleton=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning("waiting: another crosswire run holds %s; %s starts when it ends", path, what)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
