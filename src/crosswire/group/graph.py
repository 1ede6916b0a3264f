"""Stories as clusters of a graph of scored article pairs: candidates from the vector index and shared rare
entities, every candidate pair scored (``link``), then average-linkage clustering (``agglomerate``).

Order-independent by construction: the pairs, their scores and the clustering depend only on the set of
articles (and the user's corrections), never on the order they arrived in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from ..model import StoryMember
from ..unionfind import UnionFind
from .agglom import agglomerate
from .ann import VectorIndex, label
from .index import params
from .link import Link, link
from .profile import Profile

T = TypeVar("T")


@dataclass(slots=True)
class Corrections:
    """Users' corrections as article pairs: ``must`` share a story, ``cannot`` never does (latest wins)."""

    must: set[frozenset[str]] = field(default_factory=set)
    cannot: set[frozenset[str]] = field(default_factory=set)
    note: dict[frozenset[str], str] = field(default_factory=dict)

    def merge(self, left: Sequence[str], right: Sequence[str], note: str = "merged by a user") -> None:
        for a in left:
            for b in right:
                if a != b:
                    pair = frozenset((a, b))
                    self.cannot.discard(pair)
                    self.must.add(pair)
                    self.note[pair] = note

    def split(self, article: str, others: Sequence[str]) -> None:
        for b in others:
            if b != article:
                pair = frozenset((article, b))
                self.must.discard(pair)
                self.cannot.add(pair)


@dataclass(slots=True)
class Grouping:
    """Clusters of profile indices with the margins that built them; links (with their parts) are kept only for
    pairs that came near the bar, the rest are scored again when an explanation needs them (memory at 50k)."""

    profiles: list[Profile]
    clusters: list[list[int]]
    margins: dict[tuple[int, int], float]
    kept: dict[tuple[int, int], Link]
    corrections: Corrections
    candidates: set[tuple[int, int]] = field(default_factory=set)
    cannot: set[tuple[int, int]] = field(default_factory=set)

    def link(self, i: int, j: int) -> Link:
        pair = (min(i, j), max(i, j))
        return self.kept.get(pair) or link(self.profiles[pair[0]], self.profiles[pair[1]])

    def members(self, cluster: list[int]) -> tuple[StoryMember, ...]:
        """Why each article of ``cluster`` is there: its best-scored partner, that pair's parts, its mean fit."""
        if len(cluster) < 2:
            return ()
        default = params()["story"]["missing_margin"]
        out = []
        for i in cluster:
            best: tuple[float, int] | None = None
            margins = []
            for j in cluster:
                if j == i:
                    continue
                scored = self.margins.get((min(i, j), max(i, j)))
                margins.append(default if scored is None else scored)
                if scored is not None and (best is None or (scored, -j) > (best[0], -best[1])):
                    best = (scored, j)
            pid = self.profiles[i].id
            forced = next((self.corrections.note[pair] for j in cluster if j != i
                           for pair in [frozenset((pid, self.profiles[j].id))] if pair in self.corrections.must),
                          None)
            if best is None:
                out.append(StoryMember(article=pid, fit=round(sum(margins) / len(margins), 4), corrected=forced))
                continue
            j = best[1]
            lk = self.link(i, j)
            # keys in PostgreSQL JSONB's own order (shorter first), so every store gives the same document
            parts = {k: lk.parts[k] for k in sorted(lk.parts, key=lambda k: (len(k), k))}
            out.append(StoryMember(article=pid, matched=self.profiles[j].id, score=lk.score,
                                   threshold=lk.threshold, parts=parts,
                                   fit=round(sum(margins) / len(margins), 4), corrected=forced))
        return tuple(out)


def pair_cos(a: Profile, b: Profile) -> float | None:
    """The cosine of two profiles' vectors in float32 (the same figure for a pair whichever run scores it)."""
    if a.vector is None or b.vector is None:
        return None
    return float(np.asarray(a.vector, dtype=np.float32) @ np.asarray(b.vector, dtype=np.float32))


def nearest(index: VectorIndex, labels: Mapping[int, T] | Callable[[set[int]], Mapping[int, T]],
            queries: Sequence[tuple[T, Sequence[float]]]) -> dict[T, tuple[list[T], float | None]]:
    """Each query's nearest articles by vector among ``labels`` (index label -> key, or a function giving that
    map for the labels the index returned): at most ``retrieval.neighbours`` with a raw cosine >= ``min_cosine``,
    and the cosine of the last hit the index returned (None when it returned fewer than asked: then any new
    vector enters the list)."""
    cfg = params()["retrieval"]
    k = cfg["neighbours"] + 1
    out: dict[T, tuple[list[T], float | None]] = {}
    if not queries:
        return out
    mat = np.asarray([v for _, v in queries], dtype=np.float32)
    found = index.search(mat, k)
    if callable(labels):
        labels = labels({h for hits in found for h, _ in hits})
    for (key, _), hits in zip(queries, found, strict=True):
        near = [labels[h] for h, cos in hits if h in labels and labels[h] != key and cos >= cfg["min_cosine"]]
        out[key] = (near, hits[-1][1] if len(hits) >= k else None)
    return out


# float32 cosines pick the few articles the exact ones are taken for: a float32 dot of two unit vectors of 384
# dimensions is within 384 * 2**-24 (2.3e-5) of the float64 one, so every article whose exact cosine reaches the
# k-th best has a float32 one within twice that of the k-th best float32 one, far inside this margin
APPROX_MARGIN = 1e-3
CHUNK = 256  # queries whose windows are near one another, scored in one float32 product
# below this many (query, article) cosines the exact ones are taken directly: a BLAS product wakes OpenBLAS's
# threads, whose spinning cost a 10-article run at 10k stored articles about 0.1 CPU s
SMALL_PRODUCT = 1 << 16


class DatedPool:
    """Published articles with a vector, by date window, for ``dated_nearest``: their keys, windows (day
    ordinals), float32 vectors and, where given, the cosine a new vector must reach to enter each one's list,
    ordered by the window's first day."""

    def __init__(self, keys: Sequence[T], windows: Sequence[tuple[int, int]], vectors: np.ndarray,
                 lasts: Sequence[float | None] | None = None):
        n = len(keys)
        order = np.lexsort((np.asarray(keys), np.asarray([w[0] for w in windows], dtype=np.int64))) if n \
            else np.zeros(0, dtype=np.int64)
        self.keys = np.asarray(keys)[order] if n else np.asarray([], dtype=object)
        self.lo = np.asarray([windows[i][0] for i in order], dtype=np.int64)
        self.hi = np.asarray([windows[i][1] for i in order], dtype=np.int64)
        self.vectors = np.asarray(vectors, dtype=np.float32).reshape(n, -1)[order] if n \
            else np.zeros((0, 0), dtype=np.float32)
        # None (a list short of its size: any vector enters) as -inf
        self.lasts = np.asarray([-np.inf if lasts[i] is None else lasts[i] for i in order], dtype=np.float64) \
            if lasts is not None else None
        self.at = {k: i for i, k in enumerate(self.keys.tolist())}
        self.widest = int((self.hi - self.lo).max()) if n else 0

    def within(self, lo: int, hi: int) -> np.ndarray:
        """Positions of the articles whose window comes within [lo, hi] (ascending)."""
        start = np.searchsorted(self.lo, lo - self.widest, side="left")
        end = np.searchsorted(self.lo, hi, side="right")
        pos = np.arange(start, end)
        return pos[self.hi[start:end] >= lo]

    def cosines(self, pos: np.ndarray, vec: Sequence[float]) -> np.ndarray:
        """The cosines of ``vec`` with the articles at ``pos``: float64 sums over float32 vectors, row by row, so
        a run over part of the store and a full regroup compute each article's alike."""
        q = np.asarray(vec, dtype=np.float32).astype(np.float64)
        return (self.vectors[pos].astype(np.float64) * q).sum(axis=1)

    def chunks(self, queries: Sequence[tuple[T, tuple[int, int], Sequence[float]]], gap: int):
        """The queries by window in chunks: (the chunk's queries, the positions their windows may reach, the
        float32 cosines of each query with those; None for a product under ``SMALL_PRODUCT``)."""
        order = sorted(range(len(queries)), key=lambda i: queries[i][1])
        for start in range(0, len(order), CHUNK):
            part = [queries[i] for i in order[start:start + CHUNK]]
            pos = self.within(min(w[0] for _, w, _ in part) - gap, max(w[1] for _, w, _ in part) + gap)
            approx = None
            if len(pos) * len(part) > SMALL_PRODUCT:
                approx = np.asarray([v for _, _, v in part], dtype=np.float32) @ self.vectors[pos].T
            yield part, pos, approx

    def compatible(self, pos: np.ndarray, key, window: tuple[int, int], gap: int) -> np.ndarray:
        """Which of ``pos`` lie within ``gap`` days of ``window``, ``key`` itself left out."""
        ok = (self.lo[pos] <= window[1] + gap) & (self.hi[pos] >= window[0] - gap)
        me = self.at.get(key)
        if me is not None:
            k = np.searchsorted(pos, me)
            if k < len(pos) and pos[k] == me:
                ok[k] = False
        return ok


def dated_nearest(pool: DatedPool, queries: Sequence[tuple[T, tuple[int, int], Sequence[float]]]
                  ) -> dict[T, tuple[list[T], float | None]]:
    """Each published query's nearest articles among the published ones of ``pool`` whose date window lies at most
    ``story.max_gap_days`` from its own, exactly (a pair further apart can never be one story, so it takes no
    neighbour's place): at most ``retrieval.neighbours`` with a raw cosine >= ``min_cosine``, closest first (ties
    by key), and the cosine of the ``neighbours``-th such article (None when fewer: any new one enters the list).
    Float32 products pick the candidates within ``APPROX_MARGIN`` of the k-th best; their exact cosines decide."""
    cfg, gap = params()["retrieval"], params()["story"]["max_gap_days"]
    k = cfg["neighbours"]
    out: dict[T, tuple[list[T], float | None]] = {}
    for part, pos, approx in pool.chunks(queries, gap):
        for row, (key, window, vec) in enumerate(part):
            cand = np.flatnonzero(pool.compatible(pos, key, window, gap))
            if len(cand) > k and approx is not None:
                s = approx[row, cand]
                kth = np.partition(s, len(s) - k)[len(s) - k]
                cand = cand[s >= kth - APPROX_MARGIN]
            at = pos[cand]
            cos = pool.cosines(at, vec)
            top = np.lexsort((pool.keys[at], -cos))[:k]
            near = [pool.keys[at[t]].item() for t in top if cos[t] >= cfg["min_cosine"]]
            out[key] = (near, float(cos[top[-1]]) if len(top) >= k else None)
    return out


def neighbour_lists(profiles: Sequence[Profile], index: VectorIndex | None = None
                    ) -> dict[int, tuple[list[int], float | None]]:
    """Every profile's nearest list as profile indices (profiles without a vector have none): a published one's
    among the published ones near its dates (``dated_nearest``), another's among all (``nearest``)."""
    with_vec = [i for i, p in enumerate(profiles) if p.vector is not None]
    if not with_vec:
        return {}
    dated = [i for i in with_vec if profiles[i].window is not None]
    loose = [i for i in with_vec if profiles[i].window is None]
    out: dict[int, tuple[list[int], float | None]] = {}
    if dated:
        pool = DatedPool([profiles[i].id for i in dated], [profiles[i].window for i in dated],
                         np.asarray([profiles[i].vector for i in dated], dtype=np.float32))
        at = {profiles[i].id: i for i in dated}
        lists = dated_nearest(pool, [(profiles[i].id, profiles[i].window, profiles[i].vector) for i in dated])
        out.update({at[a]: ([at[b] for b in near], last) for a, (near, last) in lists.items()})
    if loose:
        labels = {label(profiles[i].id): i for i in with_vec}
        if index is None:
            index = VectorIndex(len(profiles[with_vec[0]].vector))
            index.add(list(labels), np.asarray([profiles[i].vector for i in with_vec], dtype=np.float32))
        out.update(nearest(index, labels, [(i, profiles[i].vector) for i in loose]))
    return out


def rare_entity_pairs(profiles: Sequence[Profile]) -> set[tuple[int, int]]:
    """Pairs of articles sharing an entity that at most ``retrieval.rare_entity`` articles name."""
    cap = params()["retrieval"]["rare_entity"]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for eid in p.entities:
            postings[eid].append(i)
    pairs: set[tuple[int, int]] = set()
    for ids in postings.values():
        if 1 < len(ids) <= cap:
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    pairs.add((ids[x], ids[y]))
    return pairs


def candidate_pairs(profiles: Sequence[Profile], index: VectorIndex | None = None,
                    lists: dict[int, tuple[list[int], float | None]] | None = None) -> set[tuple[int, int]]:
    """Pairs worth scoring: each article's nearest neighbours by vector (``neighbour_lists``) and articles
    sharing one of its entities that few articles name (``rare_entity_pairs``)."""
    lists = neighbour_lists(profiles, index) if lists is None else lists
    pairs = {(min(i, j), max(i, j)) for i, (near, _) in lists.items() for j in near}
    return pairs | rare_entity_pairs(profiles)


def group_graph(profiles: Sequence[Profile], corrections: Corrections | None = None,
                index: VectorIndex | None = None, candidates: set[tuple[int, int]] | None = None,
                known: dict[tuple[int, int], float | None] | None = None) -> Grouping:
    """Stories of ``profiles`` (clusters of indices into ``profiles``, which must be in a fixed order, e.g.
    sorted by id) with the links that built them.

    ``candidates``: the pairs to score (found here when None); ``known``: margins already scored (None: the
    pair can never be one story), reused instead of scoring again (an incremental run's unchanged pairs)."""
    cfg = params()["story"]
    corrections = corrections or Corrections()
    profiles = list(profiles)
    known = known or {}
    pos = {p.id: i for i, p in enumerate(profiles)}
    dim = next((len(p.vector) for p in profiles if p.vector is not None), 0)
    mat = np.asarray([p.vector if p.vector is not None else [0.0] * dim for p in profiles], dtype=np.float32)
    margins: dict[tuple[int, int], float] = {}
    cannot: set[tuple[int, int]] = set()
    kept: dict[tuple[int, int], Link] = {}

    def score(i: int, j: int) -> None:
        if (i, j) in known:
            m = known[(i, j)]
            if m is None:
                cannot.add((i, j))
            else:
                margins[(i, j)] = m
            return
        cos = float(mat[i] @ mat[j]) if dim and profiles[i].vector is not None and profiles[j].vector is not None \
            else None
        lk = link(profiles[i], profiles[j], cos)
        if lk.cannot is not None:
            cannot.add((i, j))
            return
        margins[(i, j)] = lk.margin
        if lk.margin >= cfg["keep_parts_above"]:  # the rest keep only their margin (memory at 50k articles)
            kept[(i, j)] = lk

    if candidates is None:
        candidates = candidate_pairs(profiles, index)
    for i, j in sorted(candidates):
        score(i, j)
    must = [(pos[a], pos[b]) for a, b in (tuple(pair) for pair in corrections.must) if a in pos and b in pos]
    # complete the pairs inside each connected group of passing links: average linkage then sees every pair
    uf = UnionFind(len(profiles))
    for (i, j), m in margins.items():
        if m >= 0:
            uf.union(i, j)
    for i, j in must:
        uf.union(i, j)
    for group in uf.groups():
        if 2 < len(group) <= cfg["complete_up_to"]:
            for x, i in enumerate(group):
                for j in group[x + 1:]:
                    if (i, j) not in margins and (i, j) not in cannot:
                        score(i, j)
    forbidden = list(cannot) + [(pos[a], pos[b]) for a, b in (tuple(pair) for pair in corrections.cannot)
                                if a in pos and b in pos]
    clusters = agglomerate(len(profiles), margins, forbidden, must, default=cfg["missing_margin"])
    return Grouping(profiles, clusters, margins, kept, corrections, set(candidates), cannot)
