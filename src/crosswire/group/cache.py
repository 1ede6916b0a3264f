"""Grouping over the stored corpus with title+lead vectors cached in the store, keyed by article id, model and
window (``embed.vector_key``).

The store keeps the vectors (``Store.load_vectors`` / ``save_vectors``); only articles without one are embedded.
It also keeps the nearest-neighbour index of those vectors (``Store.load_ann`` / ``save_ann``) and the users'
story corrections (``Store.corrections``), replayed at every regroup.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence


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


FOLD, FOLD_MIN = 0.05, 1000  # deltas are folded into the saved index once they hold this share of it (and
# more than FOLD_MIN vectors): loading replays them, saving the whole index costs its size

# store url, model -> (the saved index's mark, the grouping state generation written after this process saved it,
# the index as saved): a `watch` process's next run reuses the index its last run left instead of restoring it
# from its row (0.2-0.4 s at 50k stored articles), while nothing else wrote the index or the grouping state since
_SAVED: dict[tuple[str, str], tuple[tuple | None, str | None, object]] = {}
_SAVED_STORES = 4  # indexes kept per process (a test opens many stores)


def stored_index(store, model: str, vectors: Mapping[str, Sequence[float] | None]):
    """The store's vector index for ``model`` with every vector of ``vectors`` in it (new ones added and saved).

    A run's new vectors are saved as a delta beside the index (a few KB) rather than the whole index again; the
    deltas are replayed in order on load, so the index is the one adding them to the saved index would give,
    and folded into it once they hold ``FOLD`` of it. A process keeps the index it saved (``settle``) and uses
    it again while the store's index rows and grouping state are still the ones it wrote."""
    from .ann import VectorIndex, label, pack_delta, unpack_delta

    dim = next((len(v) for v in vectors.values() if v is not None), 0)
    mark = store.ann_mark(model)
    if not dim:  # nothing to add: the saved index as it is
        dim = mark[0][0] if mark else 0
    if not dim:
        return None
    fits = mark is not None and mark[0][0] == dim
    memo = _SAVED.get((store.url, model))
    if memo is not None and memo[0] == mark and memo[1] is not None and memo[2].dim == dim \
            and memo[1] == store.group_meta().get("generation"):
        index = memo[2]
    else:
        saved = store.load_ann(model) if fits else None
        index = VectorIndex(dim, saved[1] if saved else None)
        for count, blob in saved[2] if saved else ():
            index.add(*unpack_delta(blob, count, dim))
        _keep(store, model, (mark, None, index))  # good once the run's grouping state is written (``settle``)
    pending = sum(d[1] for d in mark[1]) if fits else 0
    new = [(label(a), v) for a, v in sorted(vectors.items()) if v is not None and label(a) not in index]
    new += _replaced(index, vectors)
    if new:
        import numpy as np

        keys, rows = [k for k, _ in new], np.asarray([v for _, v in new], dtype=np.float32)
        index.add(keys, rows)
        pending += len(new)
        if fits and pending <= max(FOLD_MIN, FOLD * len(index)):
            store.append_ann(model, dim, len(new), pack_delta(keys, rows))
        else:
            blob = index.to_bytes()
            if blob is not None:
                store.save_ann(model, dim, len(index), blob)
        _keep(store, model, (store.ann_mark(model), None, index))
    return index


def _replaced(index, vectors: Mapping[str, Sequence[float] | None]) -> list[tuple[int, Sequence[float]]]:
    """(label, vector) of the ``vectors`` the index holds another vector for: articles re-read under the same id
    (a page updated at its URL) with a changed title or lead, whose new vector must replace the old one, as a
    rebuild would hold it. Compared as the float32 the index keeps, so an unchanged vector is never re-added."""
    import numpy as np

    from .ann import label

    held = {label(a): v for a, v in vectors.items() if v is not None}
    keys, rows = index.vectors(sorted(held))  # those the index holds (~0.1 s for 10k, in a full regroup only)
    if not keys:
        return []
    changed = np.any(rows != np.asarray([held[k] for k in keys], dtype=np.float32), axis=1)
    return [(k, held[k]) for k, c in zip(keys, changed, strict=True) if c]


def _keep(store, model: str, memo: tuple) -> None:
    _SAVED.pop((store.url, model), None)
    _SAVED[(store.url, model)] = memo
    while len(_SAVED) > _SAVED_STORES:
        _SAVED.pop(next(iter(_SAVED)))


def settle(store, model: str, index) -> None:
    """After a run wrote its grouping state: the ``index`` it grouped with is the store's saved one for as long
    as that state generation and the index rows stay as they are."""
    memo = _SAVED.get((store.url, model))
    if memo is not None and memo[2] is index:
        _SAVED[(store.url, model)] = (memo[0], store.group_meta().get("generation"), index)


def group_stored(store, facts=None, dirty: Collection[str] | None = None,
                 changes: dict | None = None) -> tuple[list, list]:
    """Stories and threads of stored facts (``facts``: every stored article's, read here when None and needed),
    embedding only articles whose vectors are not cached yet; candidate pairs come from the store's persisted
    vector index, and users' corrections are replayed.

    ``dirty``: the articles this run stored or changed; then only the pairs they touch are scored and only the
    connected groups those pairs touch are clustered again, from the grouping state kept in the store (same
    stories and threads as a full regroup), reading the facts of those articles only; ``changes`` (a dict), when
    given, then gets the ids of the stories and threads whose records may have changed (``stories``,
    ``threads``; left empty when the run grouped in full: every record may have) and the vector index the run
    searched, with every stored vector (``index``). None groups everything and keeps the state."""
    import logging

    from .cluster import article_vectors
    from .embed import embed_articles, get_embedder, vector_key
    from .incremental import group_full, group_incremental, state_key
    from .state import Corpus

    corrections = corrections_of(store)
    try:
        embedder = get_embedder()
    except (ImportError, OSError, RuntimeError, KeyError) as exc:
        logging.getLogger(__name__).warning("no embedder (%s): grouping without vectors", exc)
        embedder = _NoVectors()
    # vectors, their index and the grouping state are kept under the model and the window that made them
    model = vector_key(embedder) if embedder.dim else "none"
    key = state_key(model)
    if dirty is not None:
        index = None
        if embedder.dim:
            ids = sorted(store.live_of(set(dirty)))
            cache = store.load_vectors(model, ids) if ids else {}
            missing = [a for a in ids if a not in cache]
            if missing:  # not embedded while reading (another engine, or a store from before)
                vectors = embed_articles(store.articles(missing), embedder, cache)
                store.save_vectors(model, {a: v for a, v in vectors.items() if v is not None})
            index = stored_index(store, model, cache)
        out = group_incremental(store, model, index, corrections, key, dirty, changes)
        if out is not None:
            if index is not None:
                settle(store, model, index)
            if changes is not None and index is not None:
                changes["index"] = index  # the run's vector index, for derivation's nearest lists (not loaded twice)
            return out
    if facts is None:
        facts = [f for f in store.facts() if f.article.duplicate_of is None]
    cache = store.load_vectors(model) if embedder.dim else {}
    known = set(cache)
    vectors = article_vectors([f for f in facts if f.article.duplicate_of is None], embedder, cache)
    if embedder.dim:
        store.save_vectors(model, {a: v for a, v in cache.items() if a not in known})
    index = stored_index(store, model, vectors) if embedder.dim else None
    out = group_full(store, Corpus(facts, vectors), index, corrections, key)
    if index is not None:
        settle(store, model, index)
    return out


class _NoVectors:
    """An embedder that embeds nothing, for stores on machines without a model."""

    name, dim = "none", 0

    def embed(self, texts):
        """No vector for any text."""
        return [None] * len(texts)
