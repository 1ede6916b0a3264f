"""Threads: stories linked over time by the same actors and close content, whatever their dates.

Pairs come from entity postings (never all pairs), each scored from the later story's side against earlier ones.
Threads grow forward in time, as news arrives: stories are taken in listing order and each joins the earlier
thread with the best average margin over all its members (a member it has no scored pair with counts
``missing_margin``) when that average is >= 0, else starts a thread of its own. Average margins over every member
keep one story that shares actors with two unrelated threads from chaining them into one (as average linkage
does); deciding each story from the earlier ones alone keeps an update bounded by what a run changes: a story's
thread is a function of its scored pairs and of the threads (and their sizes at its place in the listing) of the
earlier stories it pairs with, so stories appended at the end decide only themselves (``thread_state``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

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


def choose(partners: list[tuple[int, float]], thread_of, size_of, rank_of, default: float):
    """The thread a story joins, or None (it starts one): ``partners`` its scored pairs (earlier story's position,
    margin) in ascending position; ``thread_of(position)`` that story's thread, ``size_of(thread)`` its members
    listed before the story, ``rank_of(thread)`` its first member's position (ties go to the earlier thread).
    Margins are summed in partner order, so a replay sums exactly as a full linking does."""
    sums: dict = {}
    counts: dict = {}
    for i, m in partners:
        t = thread_of(i)
        sums[t] = sums.get(t, 0.0) + m
        counts[t] = counts.get(t, 0) + 1
    best, best_key = None, None
    for t, total in sums.items():
        n = size_of(t)
        avg = (total + default * (n - counts[t])) / n
        if avg >= 0:
            key = (-round(avg, 9), rank_of(t))
            if best_key is None or key < best_key:
                best, best_key = t, key
    return best


def forward_threads(n: int, margins: dict[tuple[int, int], float], default: float) -> list[int]:
    """Each story's thread (named by its first story's index) for stories ``0..n-1`` in listing order and their
    scored pairs (earlier, later) -> margin: each story joins the earlier thread ``choose`` picks."""
    into: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (i, j), m in margins.items():
        into[j].append((i, m))
    thread = list(range(n))
    size: dict[int, int] = {}
    for j in range(n):
        t = choose(sorted(into.get(j, ())), thread.__getitem__, size.__getitem__, int, default)
        thread[j] = j if t is None else t
        size[thread[j]] = size.get(thread[j], 0) + 1
    return thread


def link_threads(stories: list[StoryAgg], postings_cap: int = POSTINGS_CAP,
                 margins: dict[tuple[int, int], float] | None = None) -> list[list[int]]:
    """Groups of story indices (two or more stories each) that form threads (``margins``: ``thread_pairs``
    of ``stories``, scored here when None)."""
    margins = thread_pairs(stories, postings_cap) if margins is None else margins
    thread = forward_threads(len(stories), margins, params()["thread"]["missing_margin"])
    groups: dict[int, list[int]] = defaultdict(list)
    for k, t in enumerate(thread):
        groups[t].append(k)
    return [g for _, g in sorted(groups.items()) if len(g) > 1]
