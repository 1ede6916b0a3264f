"""What the pages and reports show, read from the store: story lists with filters and the story view.

Read-only queries over the store's tables (SQLAlchemy Core, every value a bound parameter); plain dicts out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from ..model import ArticleFacts, Claim, ClaimGroup, Story, Thread, Verdict
from ..serialize import from_dict, to_dict
from ..store import schema as s
from .fmt import chart_date, claim_value, snippet
from .highlight import anchor

VERDICT_ORDER = {Verdict.CONTRADICT: 0, Verdict.DIVERGE: 1, Verdict.AGREE: 2, Verdict.SINGLE_SOURCE: 3}


@dataclass(slots=True)
class StoryFilter:
    """The story list's filters; empty fields do not filter."""

    date_from: str = ""
    date_to: str = ""
    entity: str = ""
    outlet: str = ""
    language: str = ""
    q: str = ""


class Reader:
    """Read models for the views over one ``Store``."""

    def __init__(self, store):
        self.store = store
        self.engine = store.engine

    # -- plain reads ----------------------------------------------------------------------------------
    def stories(self, ids=None) -> list[Story]:
        """Stories (all, or those of ``ids``), newest first."""
        q = select(s.stories.c.data).order_by(s.stories.c.date.desc(), s.stories.c.id)
        if ids is not None:
            q = q.where(s.stories.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return [from_dict(Story, r[0]) for r in conn.execute(q)]

    def story(self, story_id: str) -> Story | None:
        """One story, or None."""
        found = self.stories([story_id])
        return found[0] if found else None

    def threads(self, ids=None) -> list[Thread]:
        """Threads (all, or those of ``ids``)."""
        q = select(s.threads.c.data).order_by(s.threads.c.id)
        if ids is not None:
            q = q.where(s.threads.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return [from_dict(Thread, r[0]) for r in conn.execute(q)]

    def groups(self, scopes) -> list[ClaimGroup]:
        """Claim groups of the given story/thread ids, contradictions first."""
        q = select(s.claim_groups.c.data).where(s.claim_groups.c.scope.in_(list(scopes)))
        with self.engine.connect() as conn:
            out = [from_dict(ClaimGroup, r[0]) for r in conn.execute(q)]
        return sorted(out, key=lambda g: (VERDICT_ORDER.get(g.verdict, 9), g.measure))

    def coverage(self, scopes) -> list[dict]:
        """Coverage records of the given story/thread ids."""
        q = select(s.coverage.c.data).where(s.coverage.c.scope.in_(list(scopes))).order_by(s.coverage.c.id)
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def stories_of(self, article_ids) -> list[Story]:
        """The stories holding any of ``article_ids``."""
        q = select(s.story_articles.c.story).where(s.story_articles.c.article.in_(list(article_ids)))
        with self.engine.connect() as conn:
            ids = {r[0] for r in conn.execute(q)}
        return self.stories(ids) if ids else []

    def article_ids_mentioning(self, entity_id: str) -> list[str]:
        """Ids of the articles with a mention of ``entity_id``."""
        q = select(s.mentions.c.article).where(s.mentions.c.entity == entity_id).distinct()
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def entity_names(self, ids) -> dict[str, str]:
        """id -> canonical name for the stored entities among ``ids``."""
        ids = sorted({i for i in ids if i})
        return {e.id: e.name for e in self.store.entities(ids)} if ids else {}

    def claims_of_measures(self, measures) -> list[Claim]:
        """Every stored claim on one of ``measures``."""
        q = select(s.claims.c.data).where(s.claims.c.measure.in_(list(measures)))
        with self.engine.connect() as conn:
            return [from_dict(Claim, r[0]) for r in conn.execute(q)]

    def outlets_languages(self) -> tuple[list[str], list[str]]:
        """Distinct outlets and languages, for the filter menus."""
        with self.engine.connect() as conn:
            outlets = [r[0] for r in conn.execute(select(s.articles.c.outlet).distinct()) if r[0]]
            langs = [r[0] for r in conn.execute(select(s.articles.c.language).distinct()) if r[0]]
        return sorted(outlets), sorted(langs)

    def top_entities(self, n: int = 200) -> list[tuple[str, str]]:
        """(id, name) of the ``n`` most mentioned entities, for the entity filter menu."""
        q = (select(s.mentions.c.entity, func.count()).group_by(s.mentions.c.entity)
             .order_by(func.count().desc(), s.mentions.c.entity).limit(n))
        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(q)]
        names = self.entity_names(ids)
        return sorted(((i, names.get(i, i)) for i in ids), key=lambda x: x[1].lower())

    # -- the story list -------------------------------------------------------------------------------
    def story_rows(self, f: StoryFilter | None = None, limit: int = 500) -> list[dict]:
        """Stories (newest first) with verdict counts, filtered by date, entity, outlet, language and text."""
        from .search import search_ids

        f = f or StoryFilter()
        st, sa, ar = s.stories, s.story_articles, s.articles
        # filters run in SQL and rows stay raw JSON: the list must stay fast with tens of thousands of stories
        q = select(st.c.data).order_by(st.c.date.desc().nulls_last(), st.c.id).limit(limit)
        if f.date_from:
            q = q.where(func.substr(st.c.date, 1, 10) >= f.date_from)
        if f.date_to:
            q = q.where(func.substr(st.c.date, 1, 10) <= f.date_to)

        def via(cond, joined=ar, on=None):
            on = on if on is not None else ar.c.id == sa.c.article
            return st.c.id.in_(select(sa.c.story).join(joined, on).where(cond))

        if f.outlet:
            q = q.where(via(ar.c.outlet == f.outlet))
        if f.language:
            q = q.where(via(ar.c.language == f.language))
        if f.entity:
            q = q.where(via(s.mentions.c.entity == f.entity, s.mentions, s.mentions.c.article == sa.c.article))
        if f.q.strip():
            hits = search_ids(self.engine, f.q, limit=2000)
            if not hits:
                return []
            q = q.where(st.c.id.in_(select(sa.c.story).where(sa.c.article.in_(hits))))
        with self.engine.connect() as conn:
            stories = [r[0] for r in conn.execute(q)]
            counts: dict[str, Counter] = {x["id"]: Counter() for x in stories}
            if stories:
                cq = select(s.claim_groups.c.scope, s.claim_groups.c.verdict).where(
                    s.claim_groups.c.scope.in_(list(counts)))
                for scope, verdict in conn.execute(cq):
                    counts[scope][verdict] += 1
        return [{
            "id": x["id"], "title": x.get("title") or "(untitled)", "date": x.get("date"),
            "outlets": list(x.get("outlets") or ()), "languages": list(x.get("languages") or ()),
            "articles": len(x.get("articles") or ()), "thread": x.get("thread"),
            "agree": counts[x["id"]][Verdict.AGREE.value], "diverge": counts[x["id"]][Verdict.DIVERGE.value],
            "contradict": counts[x["id"]][Verdict.CONTRADICT.value],
        } for x in stories]

    # -- the story view -------------------------------------------------------------------------------
    def story_view(self, story_id: str) -> dict | None:
        """Everything the story page shows: sources, contradictions, claims by measure, timeline data."""
        story = self.story(story_id)
        if story is None:
            return None
        facts = self.store.facts(list(story.articles))
        # side by side in date order; undated (or only window-dated) sources after the dated ones
        facts.sort(key=lambda f: (f.article.published or (f.article.published_window or ("9999",))[0], f.article.id))
        groups = self.groups([story.id] + ([story.thread] if story.thread else []))
        groups = [g for g in groups if g.scope == story.id or set(g.articles) & set(story.articles)]
        names = self.entity_names(
            [p for f in facts for e in f.events for p in (*e.participants, e.place)]
            + [m.entity for f in facts for m in f.mentions] + [q.speaker for f in facts for q in f.quotes])
        index = self.index_for(groups, facts)
        sources = [source_row(f) for f in facts]
        thread = self.threads([story.thread])[0] if story.thread and self.threads([story.thread]) else None
        return {
            "story": to_dict(story), "thread": to_dict(thread) if thread else None, "sources": sources,
            "contradictions": [group_row(g, index) for g in groups if g.verdict == Verdict.CONTRADICT],
            "comparisons": [group_row(g, index) for g in groups if g.kind != "claim"],
            "claims_table": claims_table(facts, [g for g in groups if g.kind == "claim"]),
            "events": event_rows(facts, names),
            "estimates": self.estimate_rows(facts),
            "quotes": [quote_row(q, f.article, names) for f in facts for q in f.quotes],
            "coverage": self.coverage([story.id]),
        }

    def index_for(self, groups: list[ClaimGroup], facts: list[ArticleFacts]) -> dict:
        """The fact index of ``facts`` plus the other articles the groups compare them with."""
        have = {f.article.id for f in facts}
        extra = sorted({a for g in groups for a in g.articles} - have)
        return fact_index(facts + (self.store.facts(extra) if extra else []))

    def estimate_rows(self, facts: list[ArticleFacts]) -> list[dict]:
        """Every stored claim on the measures this story's articles state, dated, for 'estimates over time'."""
        measures = sorted({c.measure for f in facts for c in f.claims if c.value is not None})
        if not measures:
            return []
        claims = [c for c in self.claims_of_measures(measures) if c.value is not None]
        arts = {a.id: a for a in self.store.articles(sorted({c.article for c in claims}))}
        rows = []
        for c in claims:
            a = arts.get(c.article)
            when = chart_date(c.refers_to) or chart_date(a.published if a else None)
            rows.append({"measure": c.measure, "date": when, "value": c.value, "label": claim_value(c),
                         "source": c.source or (a.outlet if a else "") or "", "outlet": (a.outlet if a else "") or "",
                         "href": f"/articles/{c.article}#{anchor('claim', c.id)}", "claim": c.id})
        return sorted(rows, key=lambda r: (r["measure"], r["date"] or "9999"))


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
    return {"id": g.id, "measure": g.measure, "verdict": g.verdict.value, "reason": g.reason, "kind": g.kind,
            "members": items, "articles": list(g.articles)}


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
            rows.append(_row(g.measure, g.verdict.value, g.reason, members))
    rest: dict[str, list[Claim]] = {}
    for c in by_id.values():
        if c.id not in seen:
            rest.setdefault(c.measure, []).append(c)
    for measure, members in sorted(rest.items()):
        rows.append(_row(measure, "", "not compared", members))
    return {"columns": columns, "rows": rows}


def _row(measure: str, verdict: str, reason: str, claims: list[Claim]) -> dict:
    cells: dict[str, list[dict]] = {}
    for c in sorted(claims, key=lambda c: c.start):
        cells.setdefault(c.article, []).append({
            "id": c.id, "value": claim_value(c), "qualifier": c.qualifier.value, "unit": c.unit,
            "source": c.source, "refers_to": c.refers_to, "text": snippet(c.text, 240),
            "measure_text": c.measure_text, "href": f"/articles/{c.article}#{anchor('claim', c.id)}"})
    return {"measure": measure, "verdict": verdict, "reason": reason, "cells": cells}


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
