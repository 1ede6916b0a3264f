"""Threads: stories linked over time by the same actors and close content, whatever their dates.

Pairs come from entity postings (never all pairs), each scored from the later story's side against earlier ones.
Threads grow forward in time, as news arrives, a block of the listing at a time (a block: the stories of one
month; undated stories form one, listed last): the block's stories and the earlier threads their pairs reach are
clustered by average linkage (``agglomerate``), each earlier thread one cluster of its recent members (those of the
``WINDOW_MONTHS`` months up to its last member before the block, however long ago: a dormant thread wakes up with
the news it ended on), so a block story joins the earlier thread (or block cluster) with the best average margin
over those members (a member it has no scored pair with counts ``missing_margin``) when that is >= 0; two earlier
threads never merge. Average margins over every recent member keep one story that shares actors with two
unrelated threads from chaining them into one; a thread continues as long as its latest news is related. Deciding a
block from the earlier ones alone, and from threads' recent members only, bounds an update by what a run changes
(``thread_state``): a block's threads are a function of its stories' scored pairs, the earlier stories' threads and
those threads' recent members, so a story that joins or leaves a thread reaches only the later blocks whose window
of that thread still holds it (further only through a block whose threads it changes). Undated stories (one
block) are plain average linkage.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
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
            top = self._top[k] = heaviest(self.entities, k)
        return top


def heaviest(weights: Mapping[str, float], k: int = 8) -> list[str]:
    """The ``k`` heaviest entities of a story's ``weights`` (weight, then id): what threading posts it under."""
    return [e for e, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


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


def block_step(block: Sequence[int], into: Mapping[int, Sequence[tuple[int, float]]], thread_of, recent,
               default: float) -> dict[int, int]:
    """The threads of one block of stories (their positions, consecutive in listing order): average linkage over
    the block's stories and the earlier threads their scored pairs reach, each earlier thread one cluster of its
    recent members (``recent(t)``: (the first place of thread ``t``'s window, how many members it has there before
    the block)), never merged with another; a pair with an earlier member outside its thread's window is not
    weighed. ``into[j]``: story ``j``'s scored pairs (earlier position, margin) in ascending position;
    ``thread_of(i)``: an earlier story's thread (its first member's position). Returns each block story's thread:
    the earlier thread its cluster joined, else the cluster's first story."""
    first = block[0]
    of = {i: thread_of(i) for j in block for i, _ in into.get(j, ()) if i < first}  # each asked once
    window = {t: recent(t) for t in set(of.values())}
    weighed = {i for i, t in of.items() if i >= window[t][0]}
    threads = sorted({of[i] for i in weighed})
    node = {t: k for k, t in enumerate(threads)}
    node.update({j: len(threads) + k for k, j in enumerate(block)})
    margins: dict[tuple[int, int], float] = {}
    summed: dict[tuple[int, int], float] = {}
    for j in block:
        for i, m in into.get(j, ()):
            if i >= first:
                margins[(node[i], node[j])] = m
            elif i in weighed:  # a pair with an earlier thread's recent member: summed into the thread's cluster
                key = (node[of[i]], node[j])
                summed[key] = summed.get(key, 0.0) + (m - default)
    sizes = [window[t][1] for t in threads] + [1] * len(block)
    out: dict[int, int] = {}
    for cluster in agglomerate(len(sizes), margins, default=default, sizes=sizes, frozen=range(len(threads)),
                               summed=summed):
        label = threads[cluster[0]] if cluster[0] < len(threads) else block[cluster[0] - len(threads)]
        out.update({block[k - len(threads)]: label for k in cluster if k >= len(threads)})
    return out


WINDOW_MONTHS = 3  # a thread's recent members: those of the last this many months of its news before a block


def month_of(listed: str) -> int | None:
    """A listing date's month as a number (a year alone: its month 0); None for undated stories."""
    try:
        return None if listed == "9999" else int(listed[:4]) * 12 + (int(listed[5:7]) if len(listed) >= 7 else 0)
    except ValueError:
        return None


def recent_members(months: Sequence[int | None], members: Sequence[int], first: int) -> tuple[int, int]:
    """A thread's window before the block at place ``first``: (its first place, how many of the thread's
    ``members`` (sorted places) lie in it before the block). The window holds the ``WINDOW_MONTHS`` months up to
    the thread's last member before the block, however long ago that was: a dormant thread wakes up with the
    news it ended on (``months``: each place's ``month_of``, in listing order)."""
    b = bisect.bisect_left(members, first)
    m = months[members[b - 1]] if b else None
    since = 0 if m is None else bisect.bisect_left(months, m - WINDOW_MONTHS, 0, first,
                                                   key=lambda x: float("inf") if x is None else x)
    return since, b - bisect.bisect_left(members, since, 0, b)


def block_threads(n: int, margins: Mapping[tuple[int, int], float], listed: Sequence[str],
                  default: float) -> list[int]:
    """Each story's thread (named by its first story's index) for stories ``0..n-1`` in listing order, their
    scored pairs (earlier, later) -> margin and their listing dates: block (month) by block, ``block_step``."""
    into: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (i, j), m in sorted(margins.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        into[j].append((i, m))
    months = [month_of(d) for d in listed]
    thread = list(range(n))
    members: dict[int, list[int]] = defaultdict(list)
    for _, block in itertools.groupby(range(n), key=lambda k: block_of(listed[k])):
        block = list(block)
        step = block_step(block, into, thread.__getitem__,
                          lambda t, first=block[0]: recent_members(months, members[t], first), default)
        for j in block:
            thread[j] = step[j]
            members[thread[j]].append(j)
    return thread


def block_of(listed: str) -> str:
    """The block a story's listing date puts it in: its month (undated stories: one block)."""
    return listed[:7]


def link_threads(stories: list[StoryAgg], listed: Sequence[str], postings_cap: int = POSTINGS_CAP,
                 margins: dict[tuple[int, int], float] | None = None) -> list[list[int]]:
    """Groups of story indices (two or more stories each) that form threads (``listed``: each story's listing
    date; ``margins``: ``thread_pairs`` of ``stories``, scored here when None)."""
    margins = thread_pairs(stories, postings_cap) if margins is None else margins
    thread = block_threads(len(stories), margins, listed, params()["thread"]["missing_margin"])
    groups: dict[int, list[int]] = defaultdict(list)
    for k, t in enumerate(thread):
        groups[t].append(k)
    return [g for _, g in sorted(groups.items()) if len(g) > 1]
