"""Threads: stories linked over time by the same actors and close content, whatever their dates.

Pairs come from entity postings (never all pairs); stories join a thread by average linkage (``agglomerate``),
so one story that shares actors with two unrelated threads does not chain them into one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from .agglom import agglomerate
from .index import jaccard, params, rescale_cos


@dataclass(slots=True)
class StoryAgg:
    """What threading knows of a story: its heaviest entities and its normalised mean vector (``entities`` is
    not changed once threading has asked for the top ones: they are kept)."""

    entities: Counter
    centroid: np.ndarray | None
    _top: dict[int, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def top_entities(self, k: int = 8) -> list[str]:
        # kept per k: threading asks for them once per scored pair (sorting the weights each time took most of it)
        top = self._top.get(k)
        if top is None:
            top = self._top[k] = [e for e, _ in sorted(self.entities.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]
        return top


def thread_score(a: StoryAgg, b: StoryAgg) -> float | None:
    """How strongly two stories continue one another (None: too few shared actors)."""
    cfg = params()["thread"]
    ea, eb = a.top_entities(), b.top_entities()
    if len(set(ea) & set(eb)) < cfg["min_shared_entities"]:
        return None
    if a.centroid is None or b.centroid is None:  # no vectors: entities alone decide
        return jaccard(ea, eb)
    return cfg["w_cos"] * rescale_cos(float(a.centroid @ b.centroid)) + cfg["w_entities"] * jaccard(ea, eb)


POSTINGS_CAP = 64  # a story is scored against the last this many stories listed before it under each top entity


def thread_pairs(stories: list[StoryAgg], postings_cap: int = POSTINGS_CAP) -> dict[tuple[int, int], float]:
    """Scored pairs (earlier, later) of story indices (stories in listing order) -> margin over the bar."""
    cfg = params()["thread"]
    postings: dict[str, list[int]] = defaultdict(list)
    margins: dict[tuple[int, int], float] = {}
    for key, s in enumerate(stories):
        seen: set[int] = set()
        for eid in s.top_entities():
            # recent stories per entity only: keeps pair counts linear in the number of stories
            seen.update(postings[eid][-postings_cap:])
        for other in sorted(seen):
            score = thread_score(s, stories[other])
            if score is not None:
                margins[(other, key)] = score - cfg["threshold"]
        for eid in s.top_entities():
            postings[eid].append(key)
    return margins


def link_threads(stories: list[StoryAgg], postings_cap: int = POSTINGS_CAP,
                 margins: dict[tuple[int, int], float] | None = None) -> list[list[int]]:
    """Groups of story indices (two or more stories each) that form threads (``margins``: ``thread_pairs``
    of ``stories``, scored here when None)."""
    margins = thread_pairs(stories, postings_cap) if margins is None else margins
    groups = agglomerate(len(stories), margins, default=params()["thread"]["missing_margin"])
    return [g for g in groups if len(g) > 1]
