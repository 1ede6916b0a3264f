"""Threads kept with the grouping state, so a run decides again only the stories whose inputs it changes; the
threads are those ``threads.link_threads`` gives over every story.

Why that holds: ``thread_pairs`` scores each story against the ``POSTINGS_CAP`` stories listed before it under
each of its top entities. Such a window changes only when a changed story (dropped, or built by this run) leaves
or enters it: a window with no dropped story before and no new one after holds the same stories. So only the new
stories and the stories whose windows a changed story was or is in are scored again. Threads grow forward in
listing order (``threads.choose``): a story's thread is a function of its scored pairs (with earlier stories), of
those stories' threads and of those threads' members listed before it. The state keeps each story's listing date
and thread (named by its first story) and every scored pair, so a run replays the listing from its first changed
place and decides again only a story whose pairs changed, one of whose partners changed thread, or one of whose
partners' threads gained or lost a member listed before it; every other story keeps its thread, and news appended
at the end of the listing decides only itself. Margins are summed in the order a full linking sums them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence

from ..model import Story
from .cluster import listing_key
from .index import params
from .threads import POSTINGS_CAP, StoryAgg, choose, forward_threads, thread_pairs, thread_score

Pair = tuple[str, str]


def _linked(order: Sequence[str], thread: Mapping[str, str]) -> list[list[str]]:
    """The threads of two stories or more, as story ids in listing order."""
    groups: dict[str, list[str]] = {}
    for sid in order:
        groups.setdefault(thread[sid], []).append(sid)
    return [g for g in groups.values() if len(g) > 1]


def full_threads(built: Sequence[Story], aggs: Sequence[StoryAgg]) -> tuple[list[list[str]], dict]:
    """The threads of every story (story ids in listing order) and the thread state to keep."""
    order = sorted(range(len(built)), key=lambda k: listing_key(built[k]))
    ids = [built[k].id for k in order]
    local = thread_pairs([aggs[k] for k in order])
    margins = {(ids[i], ids[j]): m for (i, j), m in local.items()}
    thread = {ids[k]: ids[t] for k, t in enumerate(forward_threads(len(ids), local, params()["thread"]["missing_margin"]))}
    rows = {ids[k]: (listing_key(built[order[k]])[0], thread[ids[k]]) for k in range(len(ids))}
    return _linked(ids, thread), {"gone": (), "dropped": (), "pairs": margins, "stories": rows}


def relink_threads(store, old: Mapping[str, tuple[Story, StoryAgg]], dropped: set[str], built: Sequence[Story],
                   aggs: Sequence[StoryAgg]) -> tuple[list[Story], list[StoryAgg], list[list[str]], dict]:
    """Every story after a run that dropped the ``dropped`` of the ``old`` stories and built ``built``: (stories,
    their aggregates, the threads as story ids, the thread state's changes), deciding again only the stories
    whose inputs changed."""
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

    kept = store.thread_stories()
    if any(sid not in kept for sid in now if sid not in new):  # a state from before thread state: link all
        linked, delta = full_threads([now[s][0] for s in order], [now[s][1] for s in order])
        return [now[s][0] for s in order], [now[s][1] for s in order], linked, {**delta, "full": True}
    rows, dirty, start = replay(store, kept, order, {sid: now[sid][0] for sid in new}, dropped, added, gone)
    thread = {sid: kept[sid][1] for sid in order if sid not in new}
    thread.update({sid: t for sid, (_, t) in rows.items()})
    delta = {"gone": set(gone), "dropped": dropped, "pairs": added, "stories": rows}
    return [now[s][0] for s in order], [now[s][1] for s in order], _linked(order, thread), delta


def replay(store, kept: Mapping[str, tuple[str, str]], order: Sequence[str], new: Mapping[str, Story],
           dropped: set[str], added: Mapping[Pair, float], gone: Mapping[Pair, float]):
    """Replay ``threads.forward_threads`` over the listing ``order`` (story ids) from its first changed place:
    (the rows to write: story -> (listing date, thread), the number of stories decided again, where it started).

    ``kept``: each kept story's (listing date, thread) before the run; ``new``: the stories the run built (a
    rebuilt story may keep its id); ``added``/``gone``: the thread pairs the run scored / no longer scores."""
    default = params()["thread"]["missing_margin"]
    pos = {sid: i for i, sid in enumerate(order)}
    keys = [(kept[sid][0] if sid not in new else listing_key(new[sid])[0], sid) for sid in order]
    # each kept story's thread before the run (None: built by it, or its listing place moved)
    before = {sid: kept[sid][1] for sid in order if sid in kept and (sid not in new or
                                                                     kept[sid][0] == keys[pos[sid]][0])}
    cur = dict(before)
    members: dict[str, list[int]] = {}
    for sid, t in cur.items():
        members.setdefault(t, []).append(pos[sid])
    for lst in members.values():
        lst.sort()
    # dirty[t]: stories listed after this place find thread t changed (members joined or left)
    dirty: dict[str, int] = {}

    def mark(t: str | None, at: int) -> None:
        if t is not None:
            dirty[t] = min(dirty.get(t, at), at)

    for sid in (set(dropped) | set(new)) & set(kept):
        if before.get(sid) is None:  # it left its old thread at its old listing place
            mark(kept[sid][1], bisect.bisect_left(keys, (kept[sid][0], sid)) - 1)
    # stories whose own pairs changed: every pair into a new story, a rescored one, or from a dropped one
    touched = {b for _, b in added} | {b for _, b in gone} | set(new)
    touched |= {b for (a, b) in store.thread_pairs_touching(dropped) if a in dropped}
    touched &= set(pos)
    first = [pos[s] for s in touched] + [at + 1 for at in dirty.values()]
    start = max(0, min(first)) if first else len(order)
    tail = order[start:]
    into: dict[str, list[tuple[int, float]]] = {sid: [] for sid in tail}
    for (a, b), m in store.thread_pairs_into([s for s in tail if s not in new]).items():
        if a in pos and a not in dropped and (a, b) not in gone and (a, b) not in added:
            into[b].append((pos[a], m))
    for (a, b), m in added.items():
        if b in into:
            into[b].append((pos[a], m))
    rows: dict[str, tuple[str, str]] = {}
    decided = 0
    for k, sid in enumerate(tail, start):
        partners = sorted(into[sid])
        if sid not in touched and sid in before and all(
                cur.get(order[i]) == before.get(order[i]) and dirty.get(cur[order[i]], k) >= k
                for i, _ in partners):
            continue  # its pairs, its partners' threads and their members before it are as they were
        decided += 1
        t = choose(partners, lambda i: cur[order[i]],
                   lambda t, k=k: bisect.bisect_left(members[t], k), lambda t: members[t][0], default)
        t = sid if t is None else t
        old = cur.get(sid)
        if old != t:
            if old is not None:
                members[old].remove(k)
            bisect.insort(members.setdefault(t, []), k)
            cur[sid] = t
            mark(old, k)
            mark(t, k)
        if sid not in before or before[sid] != t or sid in new:
            rows[sid] = (keys[k][0], t)
    return rows, decided, start
