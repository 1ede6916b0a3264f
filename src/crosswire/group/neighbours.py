"""Nearest lists for an incremental run, as a full regroup makes them (``graph.neighbour_lists``).

A published article's list holds the published articles near its dates (``graph.dated_nearest``): the kept date
windows (``Store.group_dated_near``) give the stored ones, the run's dirty articles take part with their windows
as they are now. An article without a publication date lists the nearest of all from the vector index.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np

from .ann import VectorIndex, label
from .graph import APPROX_MARGIN, DatedPool, dated_nearest, nearest
from .index import params

REVERSE_HITS = 128  # a new vector's nearest articles whose own nearest lists it may enter


def _by_range(queries: Sequence[tuple], gap: int):
    """Queries ``(key, window, ...)`` grouped by the joined day ranges their windows reach (``gap`` days either
    side): (first day, last day, the queries inside)."""
    merged: list[list[int]] = []
    for lo, hi in sorted((w[0] - gap, w[1] + gap) for _, w, *_ in queries):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    for lo, hi in merged:
        yield lo, hi, [q for q in queries if q[1][0] - gap >= lo and q[1][1] + gap <= hi]


class DatedLists:
    """The nearest lists of a run over the store (``lists``), and the published stored articles whose lists a
    dirty article may enter (``probe``) or may have left (``holding``)."""

    def __init__(self, store, index: VectorIndex | None, corpus, dirty: Collection[str], removed: Collection[str]):
        self.store, self.index, self.corpus = store, index, corpus
        self.dirty, self.removed = set(dirty), set(removed)
        self.gap = params()["story"]["max_gap_days"]

    def _window(self, a: str) -> tuple[int, int] | None:
        return self.corpus.profile(a).window

    def _pool(self, lo: int, hi: int, stored_only: bool = False) -> DatedPool:
        """The published articles with a vector whose window comes within [lo, hi]: the stored ones (not dirty,
        not removed; with the cosine a new vector must reach to enter each one's list) and, unless
        ``stored_only``, the dirty ones with their windows now."""
        members = {a: r for a, r in self.store.group_dated_near(lo, hi).items()
                   if a not in self.dirty and a not in self.removed}
        if not stored_only:
            for a in self.dirty & set(self.corpus.vectors):
                w = self._window(a)
                if w is not None and w[1] >= lo and w[0] <= hi:
                    members[a] = (w[0], w[1], None)
        by_label = {label(a): a for a in members}
        held, mat = self.index.vectors(list(by_label))
        keys = [by_label[k] for k in held]
        return DatedPool(keys, [members[a][:2] for a in keys], mat, [members[a][2] for a in keys])

    def lists(self, keys: Sequence[str], now) -> dict[str, tuple[list[str], float | None]]:
        """The nearest list (and the cosine a new vector must reach to enter it) of each of ``keys`` (loaded)."""
        if self.index is None or not keys:
            return {}
        vec = self.corpus.vectors
        dated, loose = [], []
        for a in keys:
            w = self._window(a)
            (loose if w is None else dated).append((a, w, vec[a]))
        out = nearest(self.index, now.labels, [(a, v) for a, _, v in loose]) if loose else {}
        for lo, hi, part in _by_range(dated, self.gap):
            out.update(dated_nearest(self._pool(lo, hi), part))
        return out

    def probe(self, keys: Sequence[str]) -> dict[str, float]:
        """The published stored articles near the dates of the published ones of ``keys`` (dirty, loaded) whose
        nearest list one of those may enter (its exact cosine, as ``dated_nearest`` takes it, reaching the kept
        entry cosine, or the list short), each with the closest such cosine."""
        if self.index is None:
            return {}
        vec = self.corpus.vectors
        dated = [(a, w, vec[a]) for a in keys if (w := self._window(a)) is not None]
        out: dict[str, float] = {}
        for lo, hi, part_of in _by_range(dated, self.gap):
            pool = self._pool(lo, hi, stored_only=True)
            for part, pos, approx in pool.chunks(part_of, self.gap):
                if not len(pos):
                    continue
                lasts = pool.lasts[pos]
                for row, (a, w, v) in enumerate(part):
                    ok = pool.compatible(pos, a, w, self.gap)
                    if approx is not None:
                        ok &= approx[row] >= lasts - APPROX_MARGIN
                    at = pos[ok]
                    cos = pool.cosines(at, v)
                    for b, c, m in zip(pool.keys[at].tolist(), cos.tolist(), pool.lasts[at].tolist(), strict=True):
                        if c >= m - 1e-6:
                            out[b] = max(c, out.get(b, -2.0))
        return out

    def holding(self, rows: dict[str, Mapping], keys: Collection[str]) -> set[str]:
        """The stored articles whose kept nearest list holds one of ``keys`` (dirty articles already stored, whose
        dates or vector may have changed): their lists are made again. Their rows are added to ``rows``."""
        if not keys:
            return set()
        ends = {x for pair in self.store.group_pairs_touching(set(keys)) for x in pair} - self.dirty - self.removed
        rows.update(self.store.group_articles(ends - set(rows)))
        keys = set(keys)
        return {b for b in ends if b in rows and keys & set(rows[b].get("near", ()))}


def _enters(row: Mapping, cos: float) -> bool:
    """Whether a vector at ``cos`` enters the kept nearest list of ``row`` (short lists take any)."""
    return row["last"] is None or cos >= row["last"] - 1e-6


def nearest_update(store, index: VectorIndex | None, corpus, now, dirty: set[str], new: set[str],
                   removed: set[str]) -> tuple[dict[str, tuple[list[str], float | None]], dict[str, dict], set[str],
                                               set[str]]:
    """The nearest lists a run makes again: (the lists of the dirty articles and of the old ones to make again,
    the kept rows read, the old articles a dirty vector entered or left, the partners of removed articles). An
    article without a publication date lists the nearest of all, so a new vector enters its list by the index's
    hits; a published one lists published ones near its dates, so a dirty article enters it only there
    (``DatedLists.probe``)."""
    vec = corpus.vectors
    dates = DatedLists(store, index, corpus, dirty, removed)
    mine = sorted(dirty & set(vec))
    lists = dates.lists(mine, now)
    gone_pairs = store.group_pairs_touching(removed) if removed else {}
    partners = ({x for pair in gone_pairs for x in pair} & now) - dirty
    probe: dict[str, float] = {}
    fresh = sorted(new & set(vec))
    if fresh and index is not None:
        hits = index.search(np.asarray([vec[a] for a in fresh], dtype=np.float32), REVERSE_HITS)
        labels = now.labels({h for row in hits for h, _ in row})
        for row in hits:
            for h, cos in row:
                a = labels.get(h)
                if a is not None and a not in dirty:
                    probe[a] = max(cos, probe.get(a, -1.0))
    near_dated = dates.probe(mine)
    rows = store.group_articles(dirty | set(probe) | partners | set(near_dated))
    entered = {a for a, cos in probe.items() if a in rows and rows[a].get("window") is None and _enters(rows[a], cos)}
    entered |= {a for a, cos in near_dated.items() if a in rows and _enters(rows[a], cos)}
    # a dirty article already stored may have left a published list (its dates or vector changed)
    entered |= dates.holding(rows, sorted(dirty - new))
    corpus.keep(rows)
    corpus.load(entered | partners)
    lists.update(dates.lists(sorted((entered | partners) & set(vec)), now))
    return lists, rows, entered, partners
