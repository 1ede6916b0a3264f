"""Threads kept with the grouping state, so a run links again only the threads whose stories it changes; the
threads are those ``threads.link_threads`` gives over every story.

Why that holds: ``thread_pairs`` scores each story against the ``POSTINGS_CAP`` stories listed before it under
each of its top entities. Such a window changes only when a changed story (dropped, or built by this run) leaves
or enters it: a window with no dropped story before and no new one after holds the same stories. So only the new
stories and the stories whose windows a changed story was or is in are scored again. Threads are average-linkage
clusters, and a cluster never spans two connected groups of pairs at or above the bar (a missing pair counts below
it), so a connected group none of whose pairs changed links as before; ties break by listing order, which a group
keeps inside the whole list, and its margins are summed in the order a full linking sums them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..model import Story
from ..unionfind import component_labels
from .agglom import agglomerate
from .cluster import listing_key
from .index import params
from .threads import POSTINGS_CAP, StoryAgg, thread_pairs, thread_score

Pair = tuple[str, str]


def _labels(ids: Sequence[str], linking: Iterable[Pair]) -> dict[str, str]:
    """Each story's connected group of ``linking`` pairs, named by its smallest story id."""
    return component_labels(ids, linking, name=min)


def _cluster(ids: Sequence[str], margins: Mapping[Pair, float]) -> list[list[str]]:
    """The threads (two stories or more) of ``ids`` (in listing order, whole connected groups) from their pairs."""
    pos = {s: i for i, s in enumerate(ids)}
    # (the order of the pairs is free: each starts a sum of its own, merges add the sums in merge order)
    local = {(pos[a], pos[b]): m for (a, b), m in margins.items() if a in pos and b in pos}
    groups = agglomerate(len(ids), local, default=params()["thread"]["missing_margin"])
    return [[ids[i] for i in g] for g in groups if len(g) > 1]


def _rows(ids: Sequence[str], margins: Mapping[Pair, float], linked: list[list[str]]) -> dict[str, tuple]:
    """Each story's kept row: (its connected group, its thread's first story id or None)."""
    labels = _labels(ids, (p for p, m in margins.items() if m >= 0))
    thread = {s: t[0] for t in linked for s in t}
    return {s: (labels[s], thread.get(s)) for s in ids}


def full_threads(built: Sequence[Story], aggs: Sequence[StoryAgg]) -> tuple[list[list[str]], dict]:
    """The threads of every story (story ids in listing order) and the thread state to keep."""
    order = sorted(range(len(built)), key=lambda k: listing_key(built[k]))
    ids = [built[k].id for k in order]
    margins = {(ids[i], ids[j]): m for (i, j), m in thread_pairs([aggs[k] for k in order]).items()}
    linked = _cluster(ids, margins)
    return linked, {"gone": (), "dropped": (), "pairs": margins, "stories": _rows(ids, margins, linked)}


def relink_threads(store, old: Mapping[str, tuple[Story, StoryAgg]], dropped: set[str], built: Sequence[Story],
                   aggs: Sequence[StoryAgg]) -> tuple[list[Story], list[StoryAgg], list[list[str]], dict]:
    """Every story after a run that dropped the ``dropped`` of the ``old`` stories and built ``built``: (stories,
    their aggregates, the threads as story ids, the thread state's changes), linking again only the connected
    groups of thread pairs the changed stories' pairs touch."""
    cfg, cap = params()["thread"], POSTINGS_CAP
    new = {st.id: (st, agg) for st, agg in zip(built, aggs, strict=True)}
    now = {sid: v for sid, v in old.items() if sid not in dropped}
    now.update(new)
    order = sorted(now, key=lambda sid: listing_key(now[sid][0]))
    pos = {sid: i for i, sid in enumerate(order)}
    changed = {e for sid in dropped for e in old[sid][1].top_entities()} | {
        e for _, agg in new.values() for e in agg.top_entities()}

    def postings(stories: Mapping[str, tuple[Story, StoryAgg]], listed: Iterable[str], want: set[str]):
        out: dict[str, list[str]] = {e: [] for e in want}
        for sid in listed:
            for e in stories[sid][1].top_entities():
                if e in want:
                    out[e].append(sid)
        return out

    # -- the pairs that change: every pair of a new story; of a kept story, those with a story that entered or left
    # its window under an entity a dropped story left or a new one entered (the next ``cap`` stories listed under
    # it): the rest pair two unchanged stories and score as before
    old_order = sorted(old, key=lambda sid: listing_key(old[sid][0]))
    rescored: set[str] = set()
    for listed in postings(old, old_order, changed).values():
        for i, sid in enumerate(listed):
            if sid in dropped:
                rescored.update(x for x in listed[i + 1:i + 1 + cap] if x not in dropped)
    for listed in postings(now, order, changed).values():
        for i, sid in enumerate(listed):
            if sid in new:
                rescored.update(x for x in listed[i + 1:i + 1 + cap] if x not in new)

    def windows(stories, listed, ks):
        post = postings(stories, listed, {e for k in ks for e in stories[k][1].top_entities()})
        at = {e: {sid: i for i, sid in enumerate(ids)} for e, ids in post.items()}
        out = {}
        for k in ks:
            seen: set[str] = set()
            for e in stories[k][1].top_entities():
                i = at[e][k]
                seen.update(post[e][max(0, i - cap):i])
            out[k] = seen
        return out

    def margin(stories, other: str, k: str) -> float | None:
        score = thread_score(stories[k][1], stories[other][1])
        return None if score is None else score - cfg["threshold"]

    before = windows(old, old_order, rescored)
    after = windows(now, order, rescored | set(new))
    added: dict[Pair, float] = {}
    gone: dict[Pair, float] = {}  # kept stories' pairs no longer scored, with the margin they had
    for k in sorted(rescored | set(new), key=pos.__getitem__):
        if k in rescored:
            for other in sorted(before[k] - after[k] - dropped):
                if (m := margin(old, other, k)) is not None:
                    gone[(other, k)] = m
        for other in sorted(after[k], key=pos.__getitem__):
            if k in new or other in new or other not in before[k]:
                if (m := margin(now, other, k)) is not None:
                    added[(other, k)] = m

    # -- the connected groups the changed pairs touch (as in ``incremental``: a pair at or above the bar, before
    # or after, reclusters its ends' groups; one below it both times only when its ends share a kept group). A
    # dropped story's old group falls apart into groups each holding one of its linking partners: theirs too. The
    # kept groups of those stories, with the new stories, hold whole groups of the new pairs: a linking pair
    # leaving them would be a changed one (its ends' groups are in) or an unchanged one (its ends share a group)
    kept = store.thread_stories()
    if any(sid not in kept for sid in now if sid not in new):  # a state from before thread state: link all
        linked, delta = full_threads([now[s][0] for s in order], [now[s][1] for s in order])
        return [now[s][0] for s in order], [now[s][1] for s in order], linked, {**delta, "full": True}
    members: dict[str, list[str]] = {}
    for sid, (g, _) in kept.items():
        if sid in now and sid not in new:
            members.setdefault(g, []).append(sid)
    partners = {x for p in store.thread_pairs_touching(dropped, linking=True) for x in p} - dropped
    moved = {p for p in set(gone) | set(added) if gone.get(p) != added.get(p)}
    hard = {p for p in moved if any(m is not None and m >= 0 for m in (gone.get(p), added.get(p)))}
    affected: set[str] = set(new)
    groups = {kept[x][0] for x in partners | {x for p in hard for x in p} if x in now and x not in new}
    for a, b in sorted(moved - hard):
        if a in now and b in now and a not in new and b not in new and kept[a][0] == kept[b][0]:
            groups.add(kept[a][0])
    for g in groups:
        affected.update(members.get(g, ()))

    ids = sorted(affected, key=pos.__getitem__)
    # every pair inside the regrouped stories: kept ones (not dropped, not gone), and the run's
    inner = {p: m for p, m in store.thread_pairs_touching(affected - set(new), inside=True).items()
             if p not in gone and p[0] not in dropped and p[1] not in dropped}
    inner.update({p: m for p, m in added.items() if p[0] in affected and p[1] in affected})
    linked = _cluster(ids, inner)
    threads: dict[str, list[str]] = {}
    for sid, (_, first) in kept.items():
        if first is not None and sid in now and sid not in affected and sid not in new:
            threads.setdefault(first, []).append(sid)
    linked += [sorted(t, key=pos.__getitem__) for t in threads.values()]
    delta = {"gone": set(gone), "dropped": dropped, "pairs": added,
             "stories": _rows(ids, inner, linked[:len(linked) - len(threads)])}
    return [now[s][0] for s in order], [now[s][1] for s in order], linked, delta
