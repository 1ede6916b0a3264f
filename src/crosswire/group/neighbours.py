"""Nearest lists for an incremental run, as a full regroup makes them (``graph.neighbour_lists``).

A published article's list holds the published articles near its dates (``graph.dated_nearest``): the kept date
windows (``Store.group_dated_near``) give the stored ones, the run's dirty articles take part with their windows
as they are now. An article without a publication date lists the nearest of all from the vector index.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from .ann import VectorIndex, label
from .graph import APPROX_MARGIN, DatedPool, dated_nearest, nearest
from .index import params


def _merged(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping day ranges joined (sorted)."""
    out: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


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
        dated = [(a, w) for a in keys if (w := self._window(a)) is not None]
        loose = [a for a in keys if self._window(a) is None]
        out = nearest(self.index, now.labels, [(a, vec[a]) for a in loose]) if loose else {}
        for lo, hi in _merged([(w[0] - self.gap, w[1] + self.gap) for _, w in dated]):
            pool = self._pool(lo, hi)
            out.update(dated_nearest(pool, [(a, w, vec[a]) for a, w in dated
                                            if w[0] - self.gap >= lo and w[1] + self.gap <= hi]))
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
        for lo, hi in _merged([(w[0] - self.gap, w[1] + self.gap) for _, w, _ in dated]):
            pool = self._pool(lo, hi, stored_only=True)
            part_of = [q for q in dated if q[1][0] - self.gap >= lo and q[1][1] + self.gap <= hi]
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
