"""Title+lead vectors cached in the store's ``embeddings`` table, keyed by article id and model name.

Vectors are float64 bytes, the format ``Store.facts`` reads back into ``ArticleFacts.embedding``.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence


def load_vectors(store, model: str, ids: Sequence[str] | None = None) -> dict[str, list[float]]:
    """Cached vectors of ``model`` by article id."""
    from sqlalchemy import select

    from ..store import schema as s

    q = select(s.embeddings.c.article, s.embeddings.c.vector).where(s.embeddings.c.model == model)
    if ids is not None:
        q = q.where(s.embeddings.c.article.in_(list(ids)))
    with store.engine.connect() as conn:
        return {a: list(array("d", bytes(v))) for a, v in conn.execute(q)}


def save_vectors(store, model: str, vectors: Mapping[str, Sequence[float] | None]) -> None:
    """Replace the cached vectors of these articles with ``model``'s."""
    from sqlalchemy import delete, insert

    from ..store import schema as s

    rows = [{"article": a, "model": model, "vector": array("d", v).tobytes()}
            for a, v in sorted(vectors.items()) if v is not None]
    if not rows:
        return
    with store.engine.begin() as conn:
        conn.execute(delete(s.embeddings).where(s.embeddings.c.article.in_([r["article"] for r in rows])))
        conn.execute(insert(s.embeddings), rows)


def group_stored(store, facts) -> tuple[list, list]:
    """Stories and threads of stored facts, embedding only articles whose vectors are not cached yet."""
    import logging

    from .cluster import group_stories
    from .embed import get_embedder

    try:
        embedder = get_embedder()
    except (ImportError, OSError, RuntimeError, KeyError) as exc:
        logging.getLogger(__name__).warning("no embedder (%s): grouping without vectors", exc)
        return group_stories(facts, embedder=_NoVectors(), cache={})
    cache = load_vectors(store, embedder.name)
    known = set(cache)
    result = group_stories(facts, embedder, cache)
    save_vectors(store, embedder.name, {a: v for a, v in cache.items() if a not in known})
    return result


class _NoVectors:
    """An embedder that embeds nothing, for stores on machines without a model."""

    name, dim = "none", 0

    def embed(self, texts):
        """No vector for any text."""
        return [None] * len(texts)
