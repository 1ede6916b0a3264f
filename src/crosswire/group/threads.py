"""Threads: stories linked over time by the same actors and close content, whatever their dates.

Pairs come from entity postings (never all pairs); linked pairs are joined with union-find.
"""

from __future__ import annotations

from collections import defaultdict

from ..unionfind import UnionFind
from .index import StoryState, jaccard, params, rescale_cos


def thread_score(a: StoryState, b: StoryState) -> float | None:
    """How strongly two stories continue one another (None: too few shared actors)."""
    cfg = params()["thread"]
    ea, eb = a.top_entities(), b.top_entities()
    if len(set(ea) & set(eb)) < cfg["min_shared_entities"]:
        return None
    ca, cb = a.centroid(), b.centroid()
    if ca is None or cb is None:  # no vectors: entities alone decide
        return jaccard(ea, eb)
    return cfg["w_cos"] * rescale_cos(float(ca @ cb)) + cfg["w_entities"] * jaccard(ea, eb)


def link_threads(stories: list[StoryState], postings_cap: int = 64) -> list[list[int]]:
    """Groups of story keys (two or more stories each) that form threads, in story order."""
    cfg = params()["thread"]
    postings: dict[str, list[int]] = defaultdict(list)
    uf = UnionFind(len(stories))
    for s in stories:
        seen: set[int] = set()
        for eid in s.top_entities():
            # recent stories per entity only: keeps pair counts linear in the number of stories
            seen.update(postings[eid][-postings_cap:])
        for other in sorted(seen):
            score = thread_score(s, stories[other])
            if score is not None and score >= cfg["threshold"]:
                uf.union(s.key, other)
        for eid in s.top_entities():
            postings[eid].append(s.key)
    groups: dict[int, list[int]] = defaultdict(list)
    for s in stories:
        groups[uf.find(s.key)].append(s.key)
    return [g for g in groups.values() if len(g) > 1]
