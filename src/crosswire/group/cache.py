"""Grouping over the stored corpus with title+lead vectors cached in the store, keyed by article id and model.

The store keeps the vectors (``Store.load_vectors`` / ``save_vectors``); only articles without one are embedded.
"""

from __future__ import annotations


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
    cache = store.load_vectors(embedder.name)
    known = set(cache)
    result = group_stories(facts, embedder, cache)
    store.save_vectors(embedder.name, {a: v for a, v in cache.items() if a not in known})
    return result


class _NoVectors:
    """An embedder that embeds nothing, for stores on machines without a model."""

    name, dim = "none", 0

    def embed(self, texts):
        """No vector for any text."""
        return [None] * len(texts)
