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


def corrections_of(store):
    """The store's corrections replayed in order as must/cannot pairs of articles."""
    from .graph import Corrections

    out = Corrections()
    for c in store.corrections():
        if c["action"] == "merge":
            out.merge(c.get("left", ()), c.get("right", ()), note=f"merged by a user (correction {c['id']})")
        elif c["action"] == "split":
            out.split(c["article"], c.get("others", ()))
    return out


def stored_index(store, model: str, vectors: Mapping[str, Sequence[float] | None]):
    """The store's vector index for ``model`` with every vector of ``vectors`` in it (new ones added and saved)."""
    from .ann import VectorIndex, label

    dim = next((len(v) for v in vectors.values() if v is not None), 0)
    if not dim:
        return None
    saved = store.load_ann(model)
    index = VectorIndex(dim, saved[1] if saved and saved[0] == dim else None)
    new = [(label(a), v) for a, v in sorted(vectors.items()) if v is not None and label(a) not in index]
    if new:
        import numpy as np

        index.add([k for k, _ in new], np.asarray([v for _, v in new], dtype=np.float32))
        blob = index.to_bytes()
        if blob is not None:
            store.save_ann(model, dim, len(index), blob)
    return index


def group_stored(store, facts) -> tuple[list, list]:
    """Stories and threads of stored facts, embedding only articles whose vectors are not cached yet; candidate
    pairs come from the store's persisted vector index, and users' corrections are replayed."""
    import logging

    from .cluster import group_stories
    from .embed import get_embedder

    corrections = corrections_of(store)
    try:
        embedder = get_embedder()
    except (ImportError, OSError, RuntimeError, KeyError) as exc:
        logging.getLogger(__name__).warning("no embedder (%s): grouping without vectors", exc)
        return group_stories(facts, embedder=_NoVectors(), cache={}, corrections=corrections)
    cache = load_vectors(store, embedder.name)
    known = set(cache)
    from .cluster import article_vectors

    ready = [f for f in facts if f.article.duplicate_of is None]
    vectors = article_vectors(ready, embedder, cache)
    save_vectors(store, embedder.name, {a: v for a, v in cache.items() if a not in known})
    index = stored_index(store, embedder.name, vectors)
    return group_stories(facts, embedder, cache, corrections=corrections, index=index)


class _NoVectors:
    """An embedder that embeds nothing, for stores on machines without a model."""

    name, dim = "none", 0

    def embed(self, texts):
        """No vector for any text."""
        return [None] * len(texts)
