"""The story list and the story view: what the home page, the story page and the reports show.

Read models over a ``Store`` (every query is the store's); plain dicts out, ready for templates and JSON.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import ArticleFacts, Claim, ClaimGroup, Verdict
from ..serialize import to_dict
from .fmt import chart_date, claim_value, snippet
from .highlight import anchor
from .provenance import story_provenance
from .quotes import group_rows, quote_index

VERDICT_ORDER = {Verdict.CONTRADICT: 0, Verdict.DIVERGE: 1, Verdict.UPDATE: 2, Verdict.AGREE: 3,
                 Verdict.SINGLE_SOURCE: 4}


@dataclass(slots=True)
class StoryFilter:
    """The story list's filters; empty fields do not filter."""

    date_from: str = ""
    date_to: str = ""
    entity: str = ""
    outlet: str = ""
    language: str = ""
    q: str = ""


def groups(store, scopes) -> list[ClaimGroup]:
    """Claim groups of the given story/thread ids, contradictions first."""
    out = store.claim_groups(list(scopes))
    return sorted(out, key=lambda g: (VERDICT_ORDER.get(g.verdict, 9), g.measure))


def entity_names(store, ids) -> dict[str, str]:
    """id -> canonical name for the stored entities among ``ids``."""
    ids = sorted({i for i in ids if i})
    return {e.id: e.name for e in store.entities(ids)} if ids else {}


def stories_of(store, article_ids) -> list:
    """The stories holding any of ``article_ids``, newest first."""
    ids = store.story_ids_of(article_ids)
    return store.stories(ids) if ids else []


def top_entities(store, n: int = 200) -> list[tuple[str, str]]:
    """(id, name) of the ``n`` most mentioned entities, for the entity filter menu."""
    ids = store.top_entity_ids(n)
    names = entity_names(store, ids)
    return sorted(((i, names.get(i, i)) for i in ids), key=lambda x: x[1].lower())


def story_rows(store, f: StoryFilter | None = None, limit: int = 500) -> list[dict]:
    """Stories (newest first) with verdict counts, filtered by date, entity, outlet, language and text."""
    f = f or StoryFilter()
    hits = None
    if f.q.strip():
        hits = store.search_ids(f.q, limit=2000)
        if not hits:
            return []
    stories = store.story_records(date_from=f.date_from, date_to=f.date_to, outlet=f.outlet, language=f.language,
                                  entity=f.entity, article_ids=hits, limit=limit)
    counts = _story_counts(store, stories)
    return [{
        "id": x["id"], "title": x.get("title") or "(untitled)", "date": x.get("date"),
        "outlets": list(x.get("outlets") or ()), "languages": list(x.get("languages") or ()),
        "articles": len(x.get("articles") or ()), "thread": x.get("thread"),
        "agree": counts[x["id"]][Verdict.AGREE.value], "update": counts[x["id"]][Verdict.UPDATE.value],
        "diverge": counts[x["id"]][Verdict.DIVERGE.value],
        "contradict": counts[x["id"]][Verdict.CONTRADICT.value],
    } for x in stories]


def _story_counts(store, stories: list[dict]) -> dict[str, Counter]:
    """Verdict counts per story, counted as its page and ``crosswire stories`` count them: the story's own groups
    and the thread groups that hold one of its articles (``_touching``)."""
    counts = store.verdict_counts([x["id"] for x in stories])
    by_thread: dict[str, list[dict]] = {}
    for x in stories:
        if x.get("thread"):
            by_thread.setdefault(x["thread"], []).append(x)
    for g in store.claim_groups(sorted(by_thread)) if by_thread else []:
        for x in by_thread.get(g.scope, []):
            if set(g.articles) & set(x.get("articles") or ()):
                counts[x["id"]][g.verdict.value] += 1
    return counts


def story_view(store, story_id: str) -> dict | None:
    """Everything the story page shows: sources, contradictions, claims by measure, timeline data."""
    found = store.stories([story_id])
    if not found:
        return None
    story = found[0]
    facts = store.facts(list(story.articles))
    # side by side in date order; undated (or only window-dated) sources after the dated ones
    facts.sort(key=lambda f: (f.article.published or (f.article.published_window or ("9999",))[0], f.article.id))
    touching = groups(store, [story.id] + ([story.thread] if story.thread else []))
    touching = [g for g in touching if g.scope == story.id or set(g.articles) & set(story.articles)]
    names = entity_names(
        store, [p for f in facts for e in f.events for p in (*e.participants, e.place)]
        + [m.entity for f in facts for m in f.mentions] + [q.speaker for f in facts for q in f.quotes])
    index = index_for(store, touching, facts)
    sources = [source_row(f) for f in facts]
    threads = store.threads([story.thread]) if story.thread else []
    thread = threads[0] if threads else None
    return {
        "story": to_dict(story), "thread": to_dict(thread) if thread else None, "sources": sources,
        "contradictions": [group_row(g, index) for g in touching if g.verdict == Verdict.CONTRADICT],
        "comparisons": [group_row(g, index) for g in touching if g.kind != "claim"],
        "claims_table": claims_table(facts, [g for g in touching if g.kind == "claim"]),
        "events": event_rows(facts, names),
        "estimates": estimate_rows(index, touching),
        "quotes": [quote_row(q, f.article, names) for f in facts for q in f.quotes],
        "quote_groups": (qgroups := group_rows(store.quote_groups([story.id]), quote_index(facts), names)),
        "altered_quotes": [g for g in qgroups if g["verdict"] == "altered"],
        "coverage": store.coverage([story.id]),
        "provenance": story_provenance(store, story.articles),
    }


def index_for(store, groups: list[ClaimGroup], facts: list[ArticleFacts]) -> dict:
    """The fact index of ``facts`` plus the other articles the groups compare them with."""
    have = {f.article.id for f in facts}
    extra = sorted({a for g in groups for a in g.articles} - have)
    return fact_index(facts + (store.facts(extra) if extra else []))


def estimate_rows(index: dict, claim_groups: list[ClaimGroup]) -> list[dict]:
    """The dated figures of the claim groups shown, one series per group: a group holds figures ``compare``
    aligned as one fact (same counted thing, predicate, place, event), so a line never joins two events'
    figures that only share a measure name (one talks' duration and another's)."""
    rows, seen = [], set()
    for g in claim_groups:
        if g.kind != "claim":
            continue
        for ident in g.claims:
            kind, c, a = index.get(ident, (None, None, None))
            if kind != "claim" or c.value is None or (g.id, ident) in seen:
                continue
            seen.add((g.id, ident))
            when = chart_date(c.refers_to) or chart_date(a.published if a else None)
            rows.append({"measure": g.measure, "series": g.id, "verdict": g.verdict.value, "date": when,
                         "value": c.value, "label": claim_value(c),
                         "source": c.source or (a.outlet if a else "") or "", "outlet": (a.outlet if a else "") or "",
                         "href": f"/articles/{c.article}#{anchor('claim', c.id)}", "claim": c.id})
    return sorted(rows, key=lambda r: (r["measure"], r["series"], r["date"] or "9999"))


def fact_index(facts: list[ArticleFacts]) -> dict[str, tuple[str, object, object]]:
    """id -> (kind, fact, article) over claims, timerefs, events and quotes, to resolve group members."""
    out: dict[str, tuple[str, object, object]] = {}
    for f in facts:
        for kind, items in (("claim", f.claims), ("time", f.timerefs), ("event", f.events), ("quote", f.quotes)):
            for x in items:
                out[x.id] = (kind, x, f.article)
    return out


def source_row(f: ArticleFacts) -> dict:
    """One source column of a story: outlet, language, date, framing profile, quality flags."""
    a = f.article
    leanings = Counter(x.leaning for x in f.framing)
    return {
        "id": a.id, "title": a.title or "(untitled)", "outlet": a.outlet or "(unknown outlet)", "language": a.language,
        "published": a.published, "published_from": a.published_from,
        "window": list(a.published_window) if a.published_window else None, "url": a.url,
        "flags": list(a.flags), "duplicate_of": a.duplicate_of, "noise": len(a.noise),
        "framing": [{"leaning": k, "count": v, "terms": sorted({x.term for x in f.framing if x.leaning == k})}
                    for k, v in leanings.most_common()],
        "counts": {"claims": len(f.claims), "quotes": len(f.quotes), "events": len(f.events),
                   "entities": len({m.entity for m in f.mentions})},
    }


def group_row(g: ClaimGroup, index: dict) -> dict:
    """A claim group with each member resolved to its value, source and evidence link."""
    items = []
    for ident in g.claims:
        kind, x, art = index.get(ident, (None, None, None))
        if x is None:
            items.append({"id": ident, "value": ident, "text": "", "outlet": "", "href": None})
            continue
        if kind == "claim":
            value = claim_value(x)
        elif kind == "time":
            value = x.value or "unresolved"
        elif kind == "event":
            value = x.date or x.kind
        else:
            value = ""
        items.append({"id": ident, "kind": kind, "value": value, "text": snippet(x.text, 200),
                      "outlet": art.outlet or art.id, "article": art.id, "published": art.published,
                      "href": f"/articles/{art.id}#{anchor(kind, ident)}"})
    out = {"id": g.id, "measure": g.measure, "verdict": g.verdict.value, "reason": g.reason, "kind": g.kind,
           "members": items, "articles": list(g.articles), "basis": basis_text(g),
           "independent_sources": g.independent_sources}
    if g.verdict is Verdict.UPDATE:
        out["series"] = series_points(g, index)
        out["latest"] = out["series"][-1] if out["series"] else None
    return out


def basis_text(g: ClaimGroup) -> str:
    """What the group's figures share, in one line ("counted children · predicate мать · place - …")."""
    return " · ".join(f"{k} {v}" for k, v in g.basis.items()) if g.basis else ""


def series_points(g: ClaimGroup, index: dict) -> list[dict]:
    """An update's figures in time order: {as_of, value, outlet, href}."""
    points = []
    for ident in g.claims:
        kind, x, art = index.get(ident, (None, None, None))
        if kind == "claim" and x is not None:
            points.append({"as_of": x.as_of or x.refers_to or "", "value": claim_value(x),
                           "outlet": art.outlet or art.id, "href": f"/articles/{art.id}#{anchor(kind, ident)}"})
    return sorted(points, key=lambda p: p["as_of"])


def claims_table(facts: list[ArticleFacts], groups: list[ClaimGroup]) -> dict:
    """Rows by measure, one column per source; each cell lists that source's claims with evidence links."""
    columns = [{"id": f.article.id, "outlet": f.article.outlet or f.article.id[:8], "language": f.article.language}
               for f in facts]
    by_id = {c.id: c for f in facts for c in f.claims}
    rows, seen = [], set()
    # widest comparisons first: a claim in a thread-wide group and in a story-only group gets one row
    for g in sorted(groups, key=lambda g: (-len(set(g.articles)), VERDICT_ORDER.get(g.verdict, 9), g.measure)):
        members = [by_id[i] for i in g.claims if i in by_id]
        if members and not {c.id for c in members} <= seen:
            seen.update(c.id for c in members)
            rows.append(_row(g.measure, g.verdict.value, g.reason, members, basis_text(g)))
    rest: dict[str, list[Claim]] = {}
    for c in by_id.values():
        if c.id not in seen:
            rest.setdefault(c.measure, []).append(c)
    for measure, members in sorted(rest.items()):
        vague = sorted({c.vague for c in members if c.vague})
        rows.append(_row(measure, "", "not compared" + (f": {'; '.join(vague)}" if vague else ""), members))
    return {"columns": columns, "rows": rows}


def _row(measure: str, verdict: str, reason: str, claims: list[Claim], basis: str = "") -> dict:
    cells: dict[str, list[dict]] = {}
    for c in sorted(claims, key=lambda c: c.start):
        cells.setdefault(c.article, []).append({
            "id": c.id, "value": claim_value(c), "qualifier": c.qualifier.value, "unit": c.unit,
            "source": c.source, "refers_to": c.refers_to, "text": snippet(c.text, 240),
            "measure_text": c.measure_text, "href": f"/articles/{c.article}#{anchor('claim', c.id)}"})
    return {"measure": measure, "verdict": verdict, "reason": reason, "cells": cells, "basis": basis}


def event_rows(facts: list[ArticleFacts], names: dict[str, str]) -> list[dict]:
    """The story's events with dates, participants and evidence links, in date order."""
    rows = []
    for f in facts:
        for e in f.events:
            rows.append({"id": e.id, "kind": e.kind, "date": e.date, "chart_date": chart_date(e.date),
                         "participants": [names.get(p, p) for p in e.participants],
                         "place": names.get(e.place, e.place) if e.place else None,
                         "outlet": f.article.outlet or f.article.id[:8], "text": snippet(e.text, 200),
                         "href": f"/articles/{f.article.id}#{anchor('event', e.id)}"})
    return sorted(rows, key=lambda r: (r["chart_date"] or "9999", r["kind"]))


def quote_row(q, article, names: dict[str, str]) -> dict:
    """A quote with its speaker's name and evidence link."""
    return {"id": q.id, "speaker": names.get(q.speaker or "", q.speaker_text or "(unknown)"),
            "speaker_id": q.speaker, "text": snippet(q.text.strip(' «»"“”„'), 300), "direct": q.direct,
            "outlet": article.outlet or article.id[:8], "article": article.id,
            "href": f"/articles/{article.id}#{anchor('quote', q.id)}"}


def _touching(all_groups: list[ClaimGroup], story) -> list[ClaimGroup]:
    """The story's own groups, then thread groups that include one of its articles."""
    mine = set(story.articles)
    return [g for g in all_groups if g.scope == story.id or (g.scope == story.thread and mine & set(g.articles))]


def story_table(store) -> dict:
    """Every story (date order) with the verdict counts of the groups touching it, and the thread count."""
    stories = sorted(store.stories(), key=lambda s: (s.date or "9999", s.id))
    threads = store.threads()
    scopes = [s.id for s in stories] + [t.id for t in threads]
    by_scope: dict[str, list[ClaimGroup]] = {}
    for g in store.claim_groups(scopes) if scopes else []:
        by_scope.setdefault(g.scope, []).append(g)
    rows = []
    for s in stories:
        near = by_scope.get(s.id, []) + (by_scope.get(s.thread, []) if s.thread else [])
        rows.append({"story": s, "votes": Counter(g.verdict for g in _touching(near, s))})
    return {"stories": rows, "threads": len(threads)}


def find_story(store, story_id: str):
    """The story with this id (or the one a retired id redirects to), else the one story whose id or one of
    whose articles' ids starts with it."""
    found = store.stories([story_id])
    if not found and (live := store.resolve_story(story_id)):
        found = store.stories([live])
    if not found:
        found = [s for s in store.stories(store.story_ids_like(story_id))
                 if s.id.startswith(story_id) or any(a.startswith(story_id) for a in s.articles)]
    return found[0] if len(found) == 1 else None


def story_sides(store, story_id: str) -> dict | None:
    """One story for a terminal: its thread, its sources with claim counts, the groups touching it
    (contradictions first), its quote groups (altered first) and the facts only one side reports."""
    story = find_story(store, story_id)
    if story is None:
        return None
    threads = store.threads([story.thread]) if story.thread else []
    facts = {f.article.id: f for f in store.facts(list(story.articles))}
    near = sorted(store.claim_groups([story.id] + ([story.thread] if story.thread else [])), key=lambda g: g.id)
    qgroups = store.quote_groups([story.id])
    order = [Verdict.CONTRADICT, Verdict.DIVERGE, Verdict.UPDATE, Verdict.AGREE, Verdict.SINGLE_SOURCE]
    return {
        "story": story, "thread": threads[0] if threads else None,
        "sources": [(facts[a].article, len(facts[a].claims)) for a in story.articles if a in facts],
        "groups": sorted(_touching(near, story), key=lambda g: (order.index(g.verdict), g.measure)),
        "only": [c for c in store.coverage([story.id]) if c.get("only")],
        "provenance": story_provenance(store, story.articles),
        "quote_groups": group_rows(qgroups, quote_index(list(facts.values())),
                                   entity_names(store, {g.speaker for g in qgroups})),
    }
