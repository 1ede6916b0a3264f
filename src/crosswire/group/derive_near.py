"""Derivation after a run: the nearest lists across languages its new title+lead vectors change (``derive_state``).

A new article's list is the closest few stored vectors of another language at ``cross_vector_cos`` or closer, found
through the vector index grouping keeps (every stored vector when all the hits it was asked for are close); an old
article's list changes when a new vector comes closer than its last entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

import numpy as np

from .derive import _unit_vectors, cosine, nearest_across

REVERSE_HITS = 128  # a new vector's nearest stored vectors asked of the index; all of them close: search exactly


def near_update(store, model: str | None, vec: Mapping[str, np.ndarray], langs: Mapping[str, str | None], p: dict,
                index=None, generations: tuple[str | None, str | None] = (None, None)
                ) -> tuple[dict[str, list[tuple[str, float]]], dict[str, list[tuple[str, float]]]]:
    """(each new article's nearest list across languages, old article -> the new ones close enough to enter its
    list); close enough: other language and ``cross_vector_cos`` or closer, by the exact cosine. ``generations``:
    the kept derivation state's, and the one this run will leave (``Originals``)."""
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
        every_close(store, index, exact, vec, found, floor, generations)
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


class Originals:
    """The vectors of the originals the kept derivation state holds, as the index holds them (float32, unit
    length), for ``every_close``; kept per store in a process between runs, as a ``watch`` process runs them.

    Reading every original's id and vector at each exact search cost 0.3-0.5 CPU s a run at 50k stored articles
    (77 MB copied out of the index). A process's copy is good while the store's derivation state is the one it
    was made for (its ``generation``, new at every incremental derivation); a run appends its new originals and
    names the copy after the state it leaves (``remember``), any other writer's run makes it be read again."""

    def __init__(self, generation: str | None, made_for: str | None = None):
        self.generation = generation
        self.made_for = made_for  # the state the run that read it leaves (a state of no generation: a full one)
        self.by_label: dict[int, str] = {}  # index label -> original
        self.held: list[int] = []  # the labels the index holds, in the matrix's row order
        self.missing: set[str] = set()  # originals the index holds no vector of
        self.blocks: list[np.ndarray] = []  # the matrix's rows, as added

    @classmethod
    def read(cls, store, index, generation: str | None, made_for: str | None) -> Originals:
        """Every original the kept derivation state holds, read from the store and ``index``."""
        kept = cls(generation, made_for)
        kept.add(index, store.derive_article_ids(originals=True))
        return kept

    def matrix(self) -> np.ndarray:
        if len(self.blocks) > 1:
            self.blocks = [np.concatenate(self.blocks)]
        return self.blocks[0]

    def add(self, index, ids: Collection[str]) -> None:
        """The originals ``ids`` (new to the state) added, their vectors as ``index`` holds them."""
        from .ann import label

        mine = {label(a): a for a in ids if label(a) not in self.by_label}
        held, mat = index.vectors(sorted(mine))
        self.by_label.update(mine)
        self.held.extend(held)
        self.blocks.append(_unit_rows(mat))
        self.missing |= set(mine.values()) - {mine[k] for k in held}


_KEPT: dict[str, Originals] = {}  # store URL -> its originals' vectors, as this process's last run left them


def _unit_rows(mat: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(mat, axis=1)
    return (mat / np.where(norms == 0, 1.0, norms)[:, None]).astype(np.float32, copy=False)


def remember(store, index, before: str | None, after: str, new_originals: Sequence[str]) -> None:
    """A run moved the derivation state from ``before`` to ``after``, adding ``new_originals``: a kept copy of
    ``before``'s originals, or one this run read, becomes ``after``'s (any other is dropped: the next exact search
    reads them)."""
    key = str(store.engine.url)
    kept = _KEPT.pop(key, None)
    if kept is None or index is None or (before is None or kept.generation != before) and kept.made_for != after:
        return
    kept.add(index, new_originals)
    kept.generation = after
    _KEPT[key] = kept


def every_close(store, index, exact: Sequence[str], vec: Mapping[str, np.ndarray], found: dict[str, set[str]],
                floor: float, generations: tuple[str | None, str | None] = (None, None)) -> None:
    """Add to ``found`` of each ``exact`` article every original whose vector may reach ``floor``: the index's
    own (float32) vectors against these as one matrix product, with a margin far above float32 rounding, so the
    exact float64 cosine taken later keeps the same answers while reading only the close ones' vectors; the
    originals the index does not hold are all added, and read from the store as before. The originals' vectors
    are this process's copy (``Originals``) while the store's derivation state is still the one it was made for
    (``generations``: the state's now, and the one this run leaves)."""
    if index is None:
        originals = store.derive_article_ids(originals=True)
        for i in exact:
            found[i] |= originals
        return
    key = str(store.engine.url)
    kept = _KEPT.get(key)
    now, after = generations
    if kept is None or now is None or kept.generation != now:
        kept = _KEPT[key] = Originals.read(store, index, now, after)
    mat = kept.matrix()
    if len(kept.held):
        sims = np.asarray([vec[i] for i in exact], dtype=np.float32) @ mat.T
    for row, i in enumerate(exact):
        found[i] |= kept.missing
        if len(kept.held):
            found[i] |= {kept.by_label[kept.held[t]] for t in np.flatnonzero(sims[row] >= floor - 0.01)}
