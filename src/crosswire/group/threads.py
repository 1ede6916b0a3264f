"""Threads: stories linked over time by the same actors and close content, whatever their dates.

Pairs come from entity postings (never all pairs), each scored from the later story's side against earlier ones.
Threads grow forward in time, as news arrives, a block of the listing at a time (a block: the stories of one
month; undated stories form one): the block's stories and the earlier threads their pairs reach are clustered by
average linkage (``agglomerate``), each earlier thread one cluster of all its members, so a block story joins the
earlier thread (or block cluster) with the best average margin over every member (a member it has no scored pair
with counts ``missing_margin``) when that is >= 0, and two earlier threads never merge. Average margins over every
member keep one story that shares actors with two unrelated threads from chaining them into one; deciding a block
from the earlier ones alone bounds an update by what a run changes: a block's threads are a function of its
stories' scored pairs and of the threads (and their members listed before it) of the earlier stories they pair
with, so a run whose stories are listed in the last block decides that block alone (``thread_state``). Within a
block the rule is average linkage: the month of news one run adds to is clustered as a whole.
"""

from __future__ import annotations

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


def block_step(block: Sequence[int], into: Mapping[int, Sequence[tuple[int, float]]], thread_of, members_of,
               default: float) -> dict[int, int]:
    """The threads of one block of stories (their positions, consecutive in listing order): average linkage over
    the block's stories and the earlier threads their scored pairs reach, each earlier thread one cluster of all
    its members listed before the block (``members_of``), never merged with another. ``into[j]``: story ``j``'s
    scored pairs (earlier position, margin); ``thread_of(i)``: an earlier story's thread (its first member's
    position). Returns each block story's thread: the earlier thread its cluster joined, else the cluster's
    first story."""
    first = block[0]
    threads = sorted({thread_of(i) for j in block for i, _ in into.get(j, ()) if i < first})
    nodes = sorted({i for t in threads for i in members_of(t)}) + list(block)
    at = {x: k for k, x in enumerate(nodes)}
    margins = {(at[i], at[j]): m for j in block for i, m in sorted(into.get(j, ()))}
    must = [(at[a], at[b]) for t in threads for a, b in itertools.pairwise(members_of(t))]
    cannot = [(at[t], at[u]) for t, u in itertools.combinations(threads, 2)]
    out: dict[int, int] = {}
    for cluster in agglomerate(len(nodes), dict(sorted(margins.items())), cannot, must, default):
        head = nodes[cluster[0]]
        label = thread_of(head) if head < first else head
        out.update({nodes[k]: label for k in cluster if nodes[k] >= first})
    return out


def block_threads(n: int, margins: Mapping[tuple[int, int], float], blocks: Sequence, default: float) -> list[int]:
    """Each story's thread (named by its first story's index) for stories ``0..n-1`` in listing order, their
    scored pairs (earlier, later) -> margin and each story's block (equal for consecutive stories): block by
    block, ``block_step``."""
    into: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for (i, j), m in margins.items():
        into[j].append((i, m))
    thread = list(range(n))
    members: dict[int, list[int]] = defaultdict(list)
    for _, block in itertools.groupby(range(n), key=blocks.__getitem__):
        block = list(block)
        step = block_step(block, into, thread.__getitem__, members.__getitem__, default)
        for j in block:
            thread[j] = step[j]
            members[thread[j]].append(j)
    return thread


def block_of(listed: str) -> str:
    """The block a story's listing date puts it in: its month (undated stories: one block)."""
    return listed[:7]


def link_threads(stories: list[StoryAgg], blocks: Sequence, postings_cap: int = POSTINGS_CAP,
                 margins: dict[tuple[int, int], float] | None = None) -> list[list[int]]:
    """Groups of story indices (two or more stories each) that form threads (``blocks``: each story's block,
    ``block_of`` its listing date; ``margins``: ``thread_pairs`` of ``stories``, scored here when None)."""
    margins = thread_pairs(stories, postings_cap) if margins is None else margins
    thread = block_threads(len(stories), margins, blocks, params()["thread"]["missing_margin"])
    groups: dict[int, list[int]] = defaultdict(list)
    for k, t in enumerate(thread):
        groups[t].append(k)
    return [g for _, g in sorted(groups.items()) if len(g) > 1]
