"""Derivation after a run: the nearest lists across languages its new title+lead vectors change (``derive_state``).

A new article's list is the closest few stored vectors of another language at ``cross_vector_cos`` or closer, found
through the vector index grouping keeps (every stored vector when all the hits it was asked for are close); an old
article's list changes when a new vector comes closer than its last entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from .derive import _unit_vectors, cosine, nearest_across

REVERSE_HITS = 128  # a new vector's nearest stored vectors asked of the index; all of them close: search exactly


def near_update(store, model: str | None, vec: Mapping[str, np.ndarray], langs: Mapping[str, str | None], p: dict,
                index=None) -> tuple[dict[str, list[tuple[str, float]]], dict[str, list[tuple[str, float]]]]:
    """(each new article's nearest list across languages, old article -> the new ones close enough to enter its
    list); close enough: other language and ``cross_vector_cos`` or closer, by the exact cosine."""
    if not vec or not model:
        return {z: [] for z in langs}, {}
    floor = p["cross_vector_cos"]
    ids = sorted(vec)
    queries = np.asarray([vec[i] for i in ids], dtype=np.float32)
    found: dict[str, set[str]] = {i: set(ids) - {i} for i in ids}
    exact = []
    from .ann import label
    from .cache import stored_index

    if index is None:  # the index grouping keeps, with every vector it holds
        index = stored_index(store, model, {})
    if index is None:
        exact = ids
    else:
        searched = index.search(queries, REVERSE_HITS)
        # the originals among the hits, by their kept labels (``articles.ann_label``): no read of every original
        hit = {h for hits in searched for h, _ in hits}
        labels = store.derive_originals(hit)
        labels.update((k, a) for a in ids if (k := label(a)) in hit)
        for i, hits in zip(ids, searched, strict=True):
            if len(hits) >= min(REVERSE_HITS, len(index)) and hits and hits[-1][1] >= floor - 0.01:
                exact.append(i)  # more stored vectors may be close than the index was asked for
            found[i] |= {labels[h] for h, c in hits if h in labels and c >= floor - 0.01}
    if exact:  # every stored vector against these
        every_close(store, index, exact, vec, found, floor)
    others = sorted(set().union(*found.values()) - set(ids))
    other_langs = store.derive_languages(others)
    other_vec = _unit_vectors(store.load_vectors(model, others), {o: None for o in others})
    every = {**other_vec, **vec}
    every_lang = {**other_langs, **langs}
    near_new: dict[str, list[tuple[str, float]]] = {}
    entered: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for z in ids:
        close = []
        for x in sorted(found[z]):
            if x not in every or (every_lang.get(x) or "") == (langs[z] or ""):
                continue
            c = cosine(vec[z], every[x])
            if c >= floor:
                close.append((x, c))
                if x not in vec:
                    entered[x].append((z, c))
        near_new[z] = nearest_across(close, p)
    return near_new, dict(entered)


def every_close(store, index, exact: Sequence[str], vec: Mapping[str, np.ndarray], found: dict[str, set[str]],
                floor: float) -> None:
    """Add to ``found`` of each ``exact`` article every original whose vector may reach ``floor``: the index's
    own (float32) vectors against these as one matrix product, with a margin far above float32 rounding, so the
    exact float64 cosine taken later keeps the same answers while reading only the close ones' vectors; the
    originals the index does not hold are all added, and read from the store as before. (Every original's id
    is read at each call and its label hashed once per process, ``ann.label`` being cached: 0.04 CPU s at 10k
    stored articles, where reading the kept ``articles.ann_label`` column through a join with the derivation
    state costs 0.1 s.)"""
    originals = store.derive_article_ids(originals=True)
    if index is None:
        for i in exact:
            found[i] |= originals
        return
    from .ann import label

    by_label = {label(a): a for a in originals}
    held, mat = index.vectors(sorted(by_label))
    missing = originals - {by_label[k] for k in held}
    if len(held):
        norms = np.linalg.norm(mat, axis=1)
        mat = mat / np.where(norms == 0, 1.0, norms)[:, None]
        sims = np.asarray([vec[i] for i in exact], dtype=np.float32) @ mat.T
    for row, i in enumerate(exact):
        found[i] |= missing
        if len(held):
            found[i] |= {by_label[held[t]] for t in np.flatnonzero(sims[row] >= floor - 0.01)}
