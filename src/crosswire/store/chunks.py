"""Id lists read or written in chunks: every ``IN (...)`` list the store sends holds at most ``CHUNK`` ids, far
below every engine's limit on bound parameters, so callers pass plain id lists of any length; or, with ``among``,
the whole list as one bound parameter (one statement, one round trip to the server, whatever its length)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

CHUNK = 500


def chunks(ids: Iterable[str], size: int | None = None) -> Iterator[list[str]]:
    """The distinct ``ids``, sorted, ``size`` (default ``CHUNK``) at a time."""
    size = size or CHUNK
    ids = sorted(set(ids))
    for k in range(0, len(ids), size):
        yield ids[k:k + size]


def among(conn, column, ids: Iterable):
    """``column IN ids`` with the whole list bound as one parameter: ``= ANY(array)`` on PostgreSQL, a JSON array
    unpacked by ``json_each`` on SQLite (both look each value up in the column's index), so a list of any length
    is one statement: one round trip to a server, one compiled (and cached) statement, where ``chunks`` sends a
    statement per 500 ids and compiles each list's literal placeholders again. Other engines: a plain ``IN``."""
    from sqlalchemy import bindparam, func, select

    ids = sorted({v if isinstance(v, str) else int(v) for v in ids})  # (numpy integers: plain ones)
    name = conn.dialect.name
    if name == "postgresql":
        from sqlalchemy import any_
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(None, ids, type_=ARRAY(column.type)))
    if name == "sqlite":
        values = func.json_each(bindparam(None, json.dumps(ids))).table_valued("value")
        return column.in_(select(values.c.value))
    return column.in_(ids)


def article_order(article) -> tuple[bool, str, str]:
    """The store's article order (undated first, then by date, then by id) as a Python sort key; the
    databases' own ``ORDER BY published NULLS FIRST, id`` under a C collation."""
    return (article.published is not None, article.published or "", article.id)
