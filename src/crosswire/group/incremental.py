"""Grouping with a state kept in the store, so a run scores only the pairs its new or changed articles touch and
re-clusters only the connected groups those pairs touch; the stories and threads equal a full regroup's.

Why that holds: a story never spans two connected groups of passing candidate pairs (``graph``), so a group that
no changed pair touches clusters as before. A pair decided otherwise that neither passes nor passed weighs only
inside one connected group (in average linkage every cross pair between two groups is below the bar), so it
reclusters nothing when its ends lie in two groups: each article's group is kept with the state (named by its
first article, a function of the passing pairs), and such a pair only has its row rewritten. The candidate pairs are
a function of the articles: each article's nearest vectors (kept per article with the cosine of its last hit, so a
new vector that enters an old article's list is noticed) and the articles sharing an entity that few articles name
(kept as postings, so an entity whose count crosses the cap drops or gains its pairs). Threads are linked again
only where the changed stories reach (``thread_state``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import uuid
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

from ..model import Story, Thread
from ..unionfind import component_labels
from .ann import VectorIndex
from .cluster import built_stories, threaded
from .graph import Corrections, candidate_pairs, group_graph, neighbour_lists, pair_cos
from .index import params
from .kept import Kept, LiveIds, remember, round_trip, story_rows
from .link import link
from .neighbours import nearest_update
from .partial import held_grouping
from .state import Corpus, LazyNames, disputed_update, event_rows, pack_profile
from .thread_state import full_threads, relink_threads

log = logging.getLogger(__name__)

# the code whose figures the kept state holds (profiles, pair scores, candidates, clusters): a change to any of
# them, or to a grouping data file, makes the next run group in full and keep a new state
STATE_CODE = ("profile.py", "signature.py", "headline.py", "link.py", "graph.py", "agglom.py", "cluster.py",
              "threads.py", "eventmatch.py", "dates.py", "index.py", "incremental.py", "state.py", "thread_state.py",
              "kept.py", "neighbours.py", "ann.py")


def state_key(model: str) -> str:
    """What a kept state is valid for: the embedding model, every grouping parameter and data file, and the
    grouping code."""
    from importlib import resources

    h = hashlib.sha1(json.dumps([model, params()], sort_keys=True, default=str).encode())
    here = resources.files("crosswire")
    for f in sorted(here.joinpath("data", "group").iterdir(), key=lambda x: x.name):
        if f.name.endswith(".yaml"):
            h.update(f.read_bytes())
    for name in STATE_CODE:
        f = here.joinpath("group", name)
        if f.is_file():
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _window(p) -> list[int] | None:
    """A profile's date window as kept with its row (``Store.group_dated_near`` reads it)."""
    return list(p.window) if p.window is not None else None


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def _passes(decision: tuple[float | None, bool]) -> bool:
    """A kept pair decision (margin or None, is a candidate) that joins its ends' connected group."""
    m, cand = decision
    return cand and m is not None and m >= 0


def group_labels(ids: Sequence[str], passing: Iterable[tuple[str, str]], corrections: Corrections) -> dict[str, str]:
    """Each of ``ids``'s connected group of ``passing`` pairs and users' must-links, named by its first article
    (``ids`` must hold whole groups: the label is then the one a full regroup gives)."""
    return component_labels(ids, itertools.chain(passing, (tuple(pair) for pair in corrections.must)))


def _meta(key: str, disputed, corrections: Corrections) -> dict[str, str]:
    """The state's meta rows; ``generation`` is new at every write of the state (a parsed copy of its stories is
    good while the store's generation is the copy's, ``kept.Kept``)."""
    return {"key": key, "disputed": json.dumps(disputed, sort_keys=True), "corrections": _corrections_key(corrections),
            "generation": uuid.uuid4().hex}


def _corrections_key(corrections: Corrections) -> str:
    """What the kept group labels assumed of users' corrections (another set of corrections: group in full)."""
    must = sorted(sorted(p) for p in corrections.must)
    cannot = sorted(sorted(p) for p in corrections.cannot)
    return hashlib.sha1(json.dumps([must, cannot]).encode()).hexdigest()[:16]


def group_full(store, corpus: Corpus, index: VectorIndex | None, corrections: Corrections,
               key: str) -> tuple[list[Story], list[Thread]]:
    """Group every article and keep the state an incremental run starts from."""
    ids = sorted(corpus.facts)
    profiles = [corpus.profile(a) for a in ids]
    lists = neighbour_lists(profiles, index)
    cands = candidate_pairs(profiles, lists=lists)
    grouping = group_graph(profiles, corrections, candidates=cands)
    built, aggs = built_stories(grouping)
    linked, thread_rows = full_threads(built, aggs)
    stories, threads = threaded(built, aggs, LazyNames(corpus), linked)
    articles = {a: {"near": [], "last": None} for a in ids}
    articles.update({ids[i]: {"near": [ids[j] for j in near], "last": last} for i, (near, last) in lists.items()})
    pairs = {(ids[i], ids[j]): (m, (i, j) in cands) for (i, j), m in grouping.margins.items()}
    pairs.update({(ids[i], ids[j]): (None, (i, j) in cands) for i, j in grouping.cannot})
    labels = group_labels(ids, (p for p, d in pairs.items() if _passes(d)), corrections)
    for a, p in zip(ids, profiles, strict=True):
        articles[a].update(group=labels[a], profile=pack_profile(p), window=_window(p))
    store.save_group_state(full=True, meta=_meta(key, corpus.disputed, corrections), articles=articles,
                           entities={a: set(p.entities) for a, p in zip(ids, profiles, strict=True)},
                           pairs_of=(), pairs=pairs, drop_stories=(), stories=story_rows(built, aggs),
                           events=[r for a in ids for r in event_rows(corpus.facts[a])], threads=thread_rows)
    return stories, threads


def group_incremental(store, model: str, index: VectorIndex | None, corrections: Corrections, key: str,
                      dirty: Collection[str], changes: dict | None = None) -> tuple[list[Story], list[Thread]] | None:
    """Group after a run that stored or changed the ``dirty`` articles, from the kept state (None: no usable
    state, group in full). Reads the facts and vectors of the articles the changes touch, not the corpus.
    ``changes``, when given, gets the ids of the stories and threads whose records may differ from the last
    grouping's (``stories``, ``threads``: every other one is as it was, thread field and title included)."""
    meta = store.group_meta()
    fits = meta.get("key") == key and meta.get("corrections") == _corrections_key(corrections)
    delta = store.group_changes() if fits else None
    if delta is None or index is None and model != "none":
        return None
    cap = params()["retrieval"]["rare_entity"]
    new, removed = delta
    now = LiveIds(store)
    changed = {f.article.id: f for f in store.facts(sorted((set(dirty) | new) & now))}
    disputed, moved, event_rows_now = disputed_update(store, changed, removed,
                                                      json.loads(meta.get("disputed") or "{}"))
    corpus = Corpus.stored(store, now, disputed, model if model != "none" else None)
    corpus.facts.update(changed)
    dirty_now = (set(dirty) | new | moved) & now
    corpus.fresh = dirty_now
    corpus.load(dirty_now)

    # -- nearest lists: the dirty articles', and the old ones a new vector may have entered or a removed one left
    lists, rows, entered, partners = nearest_update(store, index, corpus, now, dirty_now, new, removed)
    near_old = {a: set(r["near"]) for a, r in rows.items()}
    near: dict[str, set[str]] = {a: set(near_old.get(a, ())) for a in rows}
    for a in dirty_now | entered | partners:
        near[a] = set(lists.get(a, ((), None))[0])

    # -- entities: postings of every entity a dirty or removed article names, before and after
    held = dirty_now - new  # the dirty articles the state holds
    ents_old = store.group_entities_of(held | removed)
    ents: dict[str, set[str]] = {a: set(corpus.profile(a).entities) for a in dirty_now}
    touched = set().union(*(ents_old.get(a, set()) ^ ents.get(a, set()) for a in dirty_now | removed)) \
        if dirty_now | removed else set()
    wanted = touched | set().union(*ents.values()) if ents else touched
    posting_old = store.group_postings(wanted, cap)
    posting: dict[str, set[str] | int] = {}
    for e, old in posting_old.items():
        leave = {a for a in held | removed if e in ents_old.get(a, ())}
        join = {a for a in dirty_now if e in ents[a]}
        if isinstance(old, set):
            posting[e] = (old - leave) | join
        else:
            count = old - len(leave - join) + len(join - leave)
            # fell to the cap: the whole posting list is needed now
            posting[e] = count if count > cap else (store.group_postings([e], None)[e] - leave) | join

    def small(p) -> bool:
        return isinstance(p, set) and len(p) <= cap

    reconsider: set[tuple[str, str]] = set()
    for a in dirty_now | entered | partners:
        reconsider.update(_pair(a, b) for b in near_old.get(a, set()) | near[a] if b != a)
    for e in wanted:
        old, cur = posting_old[e], posting[e]
        if small(old) != small(cur):  # the entity crossed the cap: every pair of the rare side changes
            side = sorted(old if small(old) else cur)
            reconsider.update(_pair(x, y) for k, x in enumerate(side) for y in side[k + 1:])
        elif small(cur):
            reconsider.update(_pair(a, x) for a in cur & dirty_now for x in cur if x != a)
    kept = store.group_pairs_touching(dirty_now)
    reconsider.update(kept)
    live = {x for p in reconsider for x in p} & now
    reconsider = {p for p in reconsider if p[0] in live and p[1] in live}

    # -- which reconsidered pairs are candidates now, and their margins
    ends = {x for p in reconsider for x in p}
    rows.update(store.group_articles(ends - set(rows)))
    corpus.keep(rows)
    for a in ends - set(near):
        near[a] = set(rows.get(a, {}).get("near", ()))
    ents.update({a: es for a, es in store.group_entities_of(ends - set(ents)).items()})
    shared = {e for x, y in reconsider for e in ents[x] & ents[y]} - set(posting)
    posting.update(store.group_postings(shared, cap))
    corpus.load(ends)
    # the kept rows of the reconsidered pairs: every pair of a few of their ends (``full``: the articles whose
    # pairs are all read), each pair covered by its end that more of them share (the articles whose nearest lists
    # a new vector entered cover their neighbours' pairs; reading every end's pairs read ten times as many rows)
    stored = dict(kept)
    full = set(dirty_now)
    need = reconsider - set(kept)
    shared_by = Counter(x for p in need for x in p)
    for x, y in sorted(need):
        if x not in full and y not in full:
            full.add(max((x, y), key=lambda a: (shared_by[a], a)))
    stored.update(store.group_pairs_touching(full - dirty_now))
    decided: dict[tuple[str, str], tuple[float | None, bool]] = {}
    for x, y in sorted(reconsider):
        cand = y in near[x] or x in near[y] or any(small(posting[e]) for e in ents[x] & ents[y])
        if x in dirty_now or y in dirty_now or (x, y) not in stored:
            if not cand:
                decided[(x, y)] = (None, False)  # no longer (or never) a candidate: dropped below
                continue
            lk = link(corpus.profile(x), corpus.profile(y), pair_cos(corpus.profile(x), corpus.profile(y)))
            decided[(x, y)] = (None if lk.cannot is not None else lk.margin, True)
        else:
            decided[(x, y)] = (stored[(x, y)][0], cand)

    # -- the connected groups the changes touch, closed over passing candidate pairs and users' must-links
    must: dict[str, set[str]] = {}
    for pair in corrections.must:
        x, y = tuple(pair)
        must.setdefault(x, set()).add(y)
        must.setdefault(y, set()).add(x)
    # a connected group none of whose articles changed and none of whose pairs the run decided otherwise clusters
    # as before. A pair that passes (or passed) can join or split groups: its ends start the walk. A pair that
    # neither passes nor passed weighs in average linkage only inside one group: it reclusters that group when
    # its ends share one (the kept group label says so), and otherwise only its row is rewritten
    moved = {p: d for p, d in decided.items() if stored.get(p, (None, False)) != d}
    hard = {p for p, d in moved.items() if _passes(d) or _passes(stored.get(p, (None, False)))}
    start = (dirty_now | partners | {x for p in hard for x in p}) & now
    # passing pairs by article, indexed as they are read (a scan of every pair per step was quadratic)
    passing: dict[str, set[str]] = {}
    indexed: set[tuple[str, str]] = set()

    def index(pairs) -> None:
        for p in pairs:
            if p in indexed or p[0] in removed or p[1] in removed:
                continue
            indexed.add(p)
            if _passes(decided[p] if p in decided else stored[p]):
                passing.setdefault(p[0], set()).add(p[1])
                passing.setdefault(p[1], set()).add(p[0])

    index(list(stored) + list(decided))
    affected: set[str] = set()

    def walk(frontier: set[str]) -> None:
        while frontier:
            affected.update(frontier)
            more = store.group_pairs_touching(frontier - full)
            full.update(frontier)
            stored.update(more)
            index(more)
            nxt: set[str] = set()
            for a in frontier:
                nxt.update(passing.get(a, ()))
                nxt.update(must.get(a, ()))
            frontier = (nxt & now) - affected

    walk(set(start))
    # groups untouched by the walk are the groups they were: their kept labels tell whether a pair lies in one
    inside: set[str] = set()
    for x, y in sorted(set(moved) - hard):
        if x in affected or y in affected:
            continue  # one end in a regrouped group, the other not: two groups
        gx, gy = rows.get(x, {}).get("group"), rows.get(y, {}).get("group")
        if gx is None or gx == gy:
            inside.update((x, y))
    walk(inside - affected)
    aside = {p: d for p, d in moved.items() if p[0] not in affected and p[1] not in affected}

    # -- group the affected articles as a full regroup would, reusing the margins nothing changed
    ids = sorted(affected)
    rows.update(store.group_articles(affected - set(rows)))
    corpus.keep(rows)
    corpus.load(ids)
    at = {a: i for i, a in enumerate(ids)}
    profiles = [corpus.profile(a) for a in ids]
    cands: set[tuple[int, int]] = set()
    known: dict[tuple[int, int], float | None] = {}
    crossing: dict[tuple[str, str], tuple[float | None, bool]] = {}
    for p, (m, cand) in stored.items():
        if p[0] in removed or p[1] in removed:
            continue
        m, cand = decided.get(p, (m, cand))
        if p in decided and not cand:
            continue
        if p[0] in at and p[1] in at:
            pair = (at[p[0]], at[p[1]])
            if cand:
                cands.add(pair)
            if p in decided or not (p[0] in dirty_now or p[1] in dirty_now):
                known[pair] = m
        elif cand and (p[0] in at or p[1] in at):
            crossing[p] = (m, True)
    for p, (m, cand) in decided.items():
        if cand and p not in stored:
            if p[0] in at and p[1] in at:
                cands.add((at[p[0]], at[p[1]]))
                known[(at[p[0]], at[p[1]])] = m
            elif p[0] in at or p[1] in at:
                crossing[p] = (m, True)
    grouping = group_graph(profiles, corrections, candidates=cands, known=known)
    built, aggs = built_stories(grouping)
    built_rows = story_rows(built, aggs)

    # -- every other story as it was (read only where the changes reach it); threads linked again where the changed
    # stories reach (``thread_state``)
    kept = Kept(store, meta.get("generation"))
    old = kept.get(sorted(set(store.group_stories_of(affected | removed).values())))
    drop = set(old)
    # a regrouped story rebuilt as it was kept (same id, record, entity weights and vector) is no change: it stays
    # as kept, so its month is not decided again (the touched connected groups hold older stories the run leaves)
    same = {sid for sid in drop & set(built_rows) if round_trip(built_rows[sid])
            == round_trip(story_rows([old[sid][0]], [old[sid][1]])[sid])}
    drop -= same
    rebuilt = [k for k, st in enumerate(built) if st.id not in same]
    labels_before = kept.thread_rows()
    order, new_stories, linked, thread_rows = relink_threads(store, kept, labels_before, drop,
                                                             [built[k] for k in rebuilt], [aggs[k] for k in rebuilt])
    names = LazyNames(corpus)

    def every() -> tuple[list[Story], list[Thread]]:
        """Every story and thread, as a full regroup gives them (the kept ones not dropped, the new ones)."""
        now = {sid: v for sid, v in kept.all().items() if sid not in drop}
        now.update(new_stories)
        return threaded([now[s][0] for s in order], [now[s][1] for s in order], names, linked)

    if changes is None or thread_rows.get("full"):
        stories, threads = every()
        result = stories, threads
    else:
        entities = {e.id for f in changed.values() for e in f.entities}
        result = held_grouping(store, kept, order, new_stories, linked, labels_before,
                               drop | set(new_stories), entities, names, every)
        changes.update({"stories": result[0].grouping.changed[0], "threads": result[0].grouping.changed[1]})

    pairs = dict(crossing)
    pairs.update({(ids[i], ids[j]): (m, (i, j) in cands) for (i, j), m in grouping.margins.items()})
    pairs.update({(ids[i], ids[j]): (None, (i, j) in cands) for i, j in grouping.cannot})
    labels_now = group_labels(sorted(affected), (p for p, d in pairs.items() if _passes(d)), corrections)
    articles: dict[str, dict] = {}
    for a in dirty_now | entered | partners | affected:
        d = dict(rows.get(a) or {})
        if a in dirty_now | entered | partners:
            d["near"], d["last"] = (list(lists[a][0]), lists[a][1]) if a in lists else ([], None)
        d["group"] = labels_now.get(a, d.get("group"))
        if a in dirty_now or "profile" not in d:
            d["profile"] = pack_profile(corpus.profile(a))
            d["window"] = _window(corpus.profile(a))
        articles[a] = d
    # the kept rows of every pair touching a regrouped article were read (``stored``): only those that differ
    # from the pairs kept now are written (a regrouped group's pairs mostly keep their rows)
    pair_rows: dict[tuple[str, str], tuple[float | None, bool] | None] = {
        p: None for p in stored if (p[0] in affected or p[1] in affected) and p not in pairs
        and p[0] not in removed and p[1] not in removed}
    pair_rows.update({p: d for p, d in pairs.items() if stored.get(p) != d})
    pair_rows.update({p: d if d[1] else None for p, d in aside.items()})
    meta_now = _meta(key, corpus.disputed, corrections)
    written = {sid: r for sid, r in built_rows.items() if sid not in same}
    store.save_group_state(
        full=False, meta=meta_now, articles=articles,
        entities={a: ents[a] for a in dirty_now}, pairs_of=(), pairs={}, drop_stories=drop,
        stories=written, removed=removed,
        events_of=set(changed), events=event_rows_now, pair_rows=pair_rows, threads=thread_rows)
    remember(store, meta_now["generation"], kept, drop, written, thread_rows)
    log.debug("incremental grouping sizes: %d pairs reconsidered over %d articles, %d kept pairs read, %d pair rows "
              "written (%d kept now touch the regrouped articles), %d decided aside", len(reconsider), len(ends),
              len(stored), len(pair_rows), len(pairs), len(aside))
    log.info("incremental grouping: %d new or changed articles, %d regrouped, %d stories kept (%d rebuilt as kept, "
             "%d kept records read)", len(dirty_now), len(affected), len(order) - len(rebuilt), len(same), kept.read)
    log.info("incremental threads: %d stories dropped, %d built, %d pairs scored, %d dropped, %d stories linked again",
             len(drop), len(rebuilt), len(thread_rows["pairs"]), len(thread_rows["gone"]), len(thread_rows["stories"]))
    return result

