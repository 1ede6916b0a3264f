"""Id lists read or written in chunks: every ``IN (...)`` list the store sends holds at most ``CHUNK`` ids, far
below every engine's limit on bound parameters, so callers pass plain id lists of any length."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

CHUNK = 500


def chunks(ids: Iterable[str], size: int | None = None) -> Iterator[list[str]]:
    """The distinct ``ids``, sorted, ``size`` (default ``CHUNK``) at a time."""
    size = size or CHUNK
    ids = sorted(set(ids))
    for k in range(0, len(ids), size):
        yield ids[k:k + size]


def article_order(article) -> tuple[bool, str, str]:
    """The store's article order (undated first, then by date, then by id) as a Python sort key; the
    databases' own ``ORDER BY published NULLS FIRST, id`` under a C collation."""
    return (article.published is not None, article.published or "", article.id)
