"""Threads kept with the grouping state, so a run decides again only the stories whose inputs it changes; the
threads are those ``threads.link_threads`` gives over every story.

Why that holds: ``thread_pairs`` scores each story against the ``POSTINGS_CAP`` stories listed before it under
each of its top entities. Such a window changes only when a changed story (dropped, or built by this run) leaves
or enters it: a window with no dropped story before and no new one after holds the same stories. So only the new
stories and the stories whose windows a changed story was or is in are scored again. Threads grow forward in
listing order a block (month) at a time (``threads.block_step``): a block's threads are a function of its stories'
scored pairs (with earlier stories and each other), of the earlier stories' threads and of those threads' recent
members before the block (``threads.recent_members``). The state keeps each story's listing date and thread (named
by its first story) and every scored pair, so a run decides again, in listing order, only the blocks holding a
story the run built, a story that left, or a story whose pair with a thread's recent member changed, and the later
blocks whose stories pair with a thread that gained or lost a member still recent there; every other block keeps
its threads (its inputs are as they were), and news listed in the last block decides that block alone. A block
queued only because of threads changed before it (or of earlier stories' changed pairs into it) is left as it was
when none of those threads, before the run or after it, can join any of its stories (``inert``): a story changed
years back whose dormant thread still pairs with later news no longer decides every later month again. Margins are
summed in the order a full linking sums them.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import logging
from collections.abc import Mapping, Sequence

from ..model import Story
from .cluster import listing_key
from .index import params
from .threads import (
    POSTINGS_CAP,
    StoryAgg,
    block_of,
    block_step,
    block_threads,
    month_of,
    recent_members,
    thread_pairs,
    thread_score,
)

Pair = tuple[str, str]

log = logging.getLogger(__name__)


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
    listed = [listing_key(built[k])[0] for k in order]
    labels = block_threads(len(ids), local, listed, params()["thread"]["missing_margin"])
    thread = {ids[k]: ids[t] for k, t in enumerate(labels)}
    rows = {ids[k]: (listed[k], thread[ids[k]]) for k in range(len(ids))}
    return _linked(ids, thread), {"gone": (), "dropped": (), "pairs": margins, "stories": rows}


def relink_threads(store, kept, rows: Mapping[str, tuple[str, str]], dropped: set[str], built: Sequence[Story],
                   aggs: Sequence[StoryAgg]) -> tuple[list[str], dict[str, tuple[Story, StoryAgg]], list[list[str]],
                                                      dict]:
    """Threads after a run that dropped the ``dropped`` kept stories and built ``built``, deciding again only the
    stories whose inputs changed: (every story id in listing order, the stories it built, the threads as story
    ids, the thread state's changes). ``kept``: the kept stories (``kept.Kept``), of which only those the changes
    reach are read: the listing comes from the thread state (``rows``: ``Store.thread_stories``), the postings of the changed entities from the kept
    stories' top entities (``Store.group_story_postings``)."""
    cfg, cap = params()["thread"], POSTINGS_CAP
    new = {st.id: (st, agg) for st, agg in zip(built, aggs, strict=True)}
    # every kept story has its thread row (both are written together): else a state from before thread state, or
    # one not kept by this code, and every story is linked again
    if store.group_story_count() != len(rows) or not dropped <= set(rows):
        now = {sid: v for sid, v in kept.all().items() if sid not in dropped}
        now.update(new)
        order = sorted(now, key=lambda sid: listing_key(now[sid][0]))
        linked, delta = full_threads([now[s][0] for s in order], [now[s][1] for s in order])
        return order, new, linked, {**delta, "full": True}
    old_key = {sid: (listed, sid) for sid, (listed, _) in rows.items()}
    now_key = {sid: k for sid, k in old_key.items() if sid not in dropped}
    now_key.update({sid: listing_key(st) for sid, (st, _) in new.items()})
    order = sorted(now_key, key=now_key.__getitem__)
    pos = {sid: i for i, sid in enumerate(order)}

    def agg(sid: str) -> StoryAgg:
        return new[sid][1] if sid in new else kept.get([sid])[sid][1]

    dropped_tops = {sid: v[1].top_entities() for sid, v in kept.get(sorted(dropped)).items()}
    changed = {e for tops in dropped_tops.values() for e in tops} | {
        e for _, a in new.values() for e in a.top_entities()}
    posted: dict[str, frozenset[str]] = {}  # entity -> kept stories posted under it (before the run)
    old_pos = {sid: i for i, sid in enumerate(sorted(old_key, key=old_key.__getitem__))}
    listed_under: dict[tuple[str, bool], list[str]] = {}  # each posting in listing order, sorted once

    def postings(want: set[str], after: bool) -> dict[str, list[str]]:
        """The stories listed under each of ``want``, in listing order, before the run or after it."""
        missing = want - set(posted)
        if missing:
            posted.update(kept.postings(missing))
        for e in want:
            if (e, after) in listed_under:
                continue
            if after:
                ids_e = {sid for sid in posted[e] if sid not in dropped} | {
                    sid for sid, (_, a) in new.items() if e in a.top_entities()}
                listed_under[(e, after)] = sorted(ids_e, key=pos.__getitem__)
            else:
                listed_under[(e, after)] = sorted(posted[e], key=old_pos.__getitem__)
        return {e: listed_under[(e, after)] for e in want}

    # -- the pairs that change: every pair of a new story; of a kept story, those with a story that entered or left
    # its window under an entity a dropped story left or a new one entered (the next ``cap`` stories listed under
    # it): the rest pair two unchanged stories and score as before
    rescored: set[str] = set()
    for listed in postings(changed, False).values():
        for i, sid in enumerate(listed):
            if sid in dropped:
                rescored.update(x for x in listed[i + 1:i + 1 + cap] if x not in dropped)
    for listed in postings(changed, True).values():
        for i, sid in enumerate(listed):
            if sid in new:
                rescored.update(x for x in listed[i + 1:i + 1 + cap] if x not in new)

    def windows(ks, after: bool):
        tops = {k: (new[k][1] if after and k in new else agg(k)).top_entities() for k in ks}
        post = postings({e for es in tops.values() for e in es}, after)
        at: dict[str, dict[str, int]] = {}
        out = {}
        for k in ks:
            seen: set[str] = set()
            for e in tops[k]:
                if e not in at:
                    at[e] = {sid: i for i, sid in enumerate(post[e])}
                i = at[e][k]
                seen.update(post[e][max(0, i - cap):i])
            out[k] = seen
        return out

    def margin(other: str, k: str, after: bool) -> float | None:
        a_k = new[k][1] if after and k in new else kept.get([k])[k][1]
        a_o = new[other][1] if after and other in new else kept.get([other])[other][1]
        score = thread_score(a_k, a_o)
        return None if score is None else score - cfg["threshold"]

    kept.get(sorted(rescored))  # in one read
    before = windows(rescored, False)
    after = windows(rescored | set(new), True)
    added: dict[Pair, float] = {}
    gone: dict[Pair, float] = {}  # kept stories' pairs no longer scored, with the margin they had
    ks = sorted(rescored | set(new), key=pos.__getitem__)
    lost = {k: sorted(before[k] - after[k] - dropped) for k in ks if k in rescored}
    scored = {k: [o for o in sorted(after[k], key=pos.__getitem__) if k in new or o in new or o not in before[k]]
              for k in ks}
    kept.get(sorted({o for k in ks for o in (*lost.get(k, ()), *scored[k], k) if o not in new}))  # in one read
    for k in ks:
        for other in lost.get(k, ()):
            if (m := margin(other, k, False)) is not None:
                gone[(other, k)] = m
        for other in scored[k]:
            if (m := margin(other, k, True)) is not None:
                added[(other, k)] = m

    rows_now, dirty, start = replay(store, rows, order, {sid: st for sid, (st, _) in new.items()}, dropped, added,
                                    gone)
    thread = {sid: rows[sid][1] for sid in order if sid not in new}
    thread.update({sid: t for sid, (_, t) in rows_now.items()})
    delta = {"gone": set(gone), "dropped": dropped, "pairs": added, "stories": rows_now}
    return order, new, _linked(order, thread), delta


def replay(store, kept: Mapping[str, tuple[str, str]], order: Sequence[str], new: Mapping[str, Story],
           dropped: set[str], added: Mapping[Pair, float], gone: Mapping[Pair, float]):
    """Replay ``threads.block_threads`` over the listing ``order`` (story ids) from its first changed block:
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
    members_before = {t: list(lst) for t, lst in members.items()}  # each thread's places before the run
    blocks = [block_of(d) for d, _ in keys]
    months = [month_of(d) for d, _ in keys]

    def since(t: str, p0: int) -> int:
        """The first place of thread ``t``'s window for the block at ``p0`` (as the replay stands)."""
        return recent_members(months, members.get(t, []), p0)[0]

    head = list(range(len(order)))  # each place's block's first place
    for i in range(1, len(order)):
        if blocks[i] == blocks[i - 1]:
            head[i] = head[i - 1]
    queue: list[int] = []  # first places of the blocks to decide again
    queued: set[int] = set()
    # why each queued block decides again: the earlier stories whose changed pairs into it pushed it (besides the
    # threads that gained or lost a member before it, ``changed``), or None: the block itself changed
    reasons: dict[int, set[str] | None] = {}
    changed: list[tuple[str, int]] = []

    def push(at: int, earlier: str | None = None) -> None:
        """Decide the block of place ``at`` again: because of ``earlier``'s pairs into it, of the threads changed
        before it (``earlier`` None, from ``mark``), or of a change of its own (``whole``, below)."""
        h = head[at]
        if h not in queued:
            queued.add(h)
            heapq.heappush(queue, h)
            reasons[h] = set()
        if earlier is not None and reasons[h] is not None:
            reasons[h].add(earlier)

    def whole(at: int) -> None:
        push(at)
        reasons[head[at]] = None

    later: dict[str, list[str]] = {}  # each story's later partners (pairs from it), read as needed
    marked: dict[str, tuple[int, set[str]]] = {}  # per thread: the earliest place marked, the members expanded

    def mark(t: str | None, at: int) -> None:
        """Thread ``t`` gained or lost a member at place ``at``: every later block pairing with it decides again."""
        if t is None:
            return
        changed.append((t, at))
        ids = [order[i] for i in members.get(t, ())]
        low, done = marked.get(t, (at, set()))
        if at < low:
            done = set()
        marked[t] = (min(at, low), done)
        ids = [a for a in ids if a not in done]
        done.update(ids)
        want = [a for a in ids if a not in later and a not in new]
        for a in want:
            later[a] = []
        for a, b in store.thread_pairs_from(want):
            if (a, b) not in gone and b in pos:
                later[a].append(b)
        for a in ids:
            for b in later.get(a, []) + fresh.get(a, []):
                # a later block whose window of the thread reaches the change (a story may have left just after
                # ``at``)
                if pos[b] > at and (at < 0 or head[pos[b]] > head[at]) and since(t, head[pos[b]]) <= at + 1:
                    push(pos[b])

    fresh: dict[str, list[str]] = {}  # the run's pairs by earlier story
    fresh_into: dict[str, list[tuple[str, float]]] = {}  # ... and by later story
    for (a, b), m in added.items():
        fresh.setdefault(a, []).append(b)
        fresh_into.setdefault(b, []).append((a, m))
    # stories whose own pairs changed: every pair into a new story, a rescored one, or from a dropped one
    # (only a pair within the later story's window weighs: a new story entering the postings of stories months
    # later, or an old partner leaving them, changes nothing there)
    def place(a: str) -> int:
        """Where story ``a`` is or was listed (a dropped one: the place after it)."""
        return pos[a] if a in pos and a not in dropped else bisect.bisect_left(keys, (kept[a][0], a))

    def weighs(a: str, b: str) -> bool:
        if b not in pos or b in new:
            return b in pos
        if a in pos and a not in before:
            return False  # a story the run decides: its thread, once decided, is marked (``mark``)
        t = before[a] if a in before else kept[a][1]
        return place(a) + 1 >= since(t, head[pos[b]])

    touched = set(new)
    for sid in new:
        whole(pos[sid])
    for a, b in itertools.chain(added, gone, store.thread_pairs_from(dropped)):
        if weighs(a, b):
            touched.add(b)
            if a in pos and head[pos[a]] != head[pos[b]]:
                push(pos[b], a)
            else:
                whole(pos[b])
    if log.isEnabledFor(logging.DEBUG) and touched:
        first = min(touched, key=pos.__getitem__)
        log.debug("thread replay from %s (story %s, built by the run: %s): %d stories touched, %d built",
                  keys[pos[first]][0], first, first in new, len(touched), len(new))
    for sid in (set(dropped) | set(new)) & set(kept):
        if before.get(sid) is None:  # it left its old thread at its old place: that block (if any) and later ones
            at = bisect.bisect_left(keys, (kept[sid][0], sid))
            if at < len(order) and blocks[at] == block_of(kept[sid][0]):
                whole(at)
            mark(kept[sid][1], at - 1)
    out_pairs: dict[str, list[tuple[str, float]]] = {}  # kept pairs from a story (read as needed)
    fresh_out: dict[str, list[tuple[str, float]]] = {}
    for (a, b), m in added.items():
        fresh_out.setdefault(a, []).append((b, m))

    def read_out(ids: list[str]) -> None:
        """The kept pairs from each of ``ids`` not read yet, in one read."""
        want = [a for a in ids if a not in out_pairs]
        if not want:
            return
        for a in want:
            out_pairs[a] = []
        for (a, b), m in store.thread_pairs_out([a for a in want if a in kept]).items():
            out_pairs[a].append((b, m))

    def pairs_from(a: str, now: bool) -> list[tuple[str, float]]:
        """Story ``a``'s pairs with later stories, before the run or now."""
        read_out([a])
        if not now:
            return out_pairs[a]
        stored = [] if a in dropped or a in new else [
            (b, m) for b, m in out_pairs[a] if (a, b) not in gone and (a, b) not in added]
        return stored + fresh_out.get(a, [])

    def inert(p0: int, run: list[int], earlier: set[str]) -> bool:
        """Whether the block at ``p0``, changed only in the pairs of ``earlier`` stories into it and in the threads
        changed before it, decides as it did: every such thread, before the run and now, joins none of its stories.
        A thread ``t`` is one frozen cluster of its window's ``s`` members in ``block_step``; a cluster ``C`` of block
        stories joins it only at a mean margin >= 0, and that mean is the mean over ``C``'s stories ``j`` of
        ``default + e_j / s`` (``e_j``: the sum of ``margin - default`` over the pairs of the window's members with
        ``j``). Where that is below 0 for every story of the block, the thread joins nothing whatever the block's
        other merges, and those merges never weigh its pairs: the block decides as without it, as it did."""
        threads: set[str] = {t for t, at in changed if at < p0}
        for a in earlier:
            if cur.get(a) is None:
                return False
            threads.add(cur[a])
            if before.get(a) is not None:
                threads.add(before[a])
        inside = {order[j] for j in run}
        windows = []
        for t in threads:
            for now in (True, False):
                mem = (members if now else members_before).get(t, [])
                first, s = recent_members(months, mem, p0)
                if s:
                    windows.append((now, s, mem[bisect.bisect_left(mem, first):bisect.bisect_left(mem, p0)]))
        read_out([order[i] for _, _, places in windows for i in places])
        for now, s, places in windows:
            e: dict[str, float] = {}
            for i in places:
                for b, m in pairs_from(order[i], now):
                    if b in inside:
                        e[b] = e.get(b, 0.0) + (m - default)
            if any(default + x / s >= -1e-9 for x in e.values()):
                return False
        return True

    rows: dict[str, tuple[str, str]] = {}
    decided = 0
    start = queue[0] if queue else len(order)
    left = 0  # blocks queued but left as they were (``inert``)
    while queue:
        p0 = heapq.heappop(queue)
        run = [j for j in range(p0, len(order)) if head[j] == p0]
        if reasons[p0] is not None and inert(p0, run, reasons[p0]):
            left += 1
            continue
        decided += len(run)
        into: dict[int, list[tuple[int, float]]] = {j: [] for j in run}
        for (a, b), m in store.thread_pairs_into([order[j] for j in run if order[j] not in new]).items():
            if a in pos and a not in dropped and (a, b) not in gone and (a, b) not in added:
                into[pos[b]].append((pos[a], m))
        for j in run:
            into[j].extend((pos[a], m) for a, m in fresh_into.get(order[j], ()))
        for lst in into.values():
            lst.sort()
        step = block_step(run, into, lambda i: pos[cur[order[i]]],
                          lambda t, p0=p0: recent_members(months, members[order[t]], p0), default)
        for j in run:
            sid, t = order[j], order[step[j]]
            old = cur.get(sid)
            if old != t:
                if old is not None:
                    members[old].remove(j)
                bisect.insort(members.setdefault(t, []), j)
                cur[sid] = t
                mark(old, j)
                mark(t, j)
            if before.get(sid) != t or sid in new:
                rows[sid] = (keys[j][0], t)
    log.debug("thread replay: %d blocks queued, %d left as they were (no changed thread joins their stories), %d "
              "stories decided again", len(queued), left, decided)
    return rows, decided, start
