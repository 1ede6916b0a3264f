"""The digest of a time window: what arrived, the stories it touched ranked by coverage, and the new
contradictions, updates and altered quotes among them, each with its evidence links.

"Arrived" is when the alert pass first looked at an article (the ``monitor_seen`` time), so a digest lists
what came in during the window whatever the articles' own dates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from ..model import ArticleFacts, Story
from .fmt import snippet
from .highlight import anchor
from .story import fact_index, group_row, stories_of

TOP = 10


def digest_view(store, since: float, until: float | None = None, *,
                watched: Callable[[Story, dict[str, ArticleFacts]], bool] | None = None, top: int = TOP,
                title: str = "crosswire digest") -> dict:
    """Everything a digest shows; ``watched`` keeps only the stories a watchlist watches."""
    arrived = store.arrived_since(since, until)
    new = set(arrived)
    stories = stories_of(store, arrived) if arrived else []
    if watched is not None and stories:
        facts = {f.article.id: f for f in store.facts(sorted({a for s in stories for a in s.articles}))}
        stories = [s for s in stories if watched(s, facts)]
    meta = store.article_meta({a for s in stories for a in s.articles})

    def outlets(s: Story) -> list[str]:
        return sorted({(meta.get(a) or (None,))[0] for a in s.articles} - {None})

    def languages(s: Story) -> list[str]:
        return sorted({(meta.get(a) or (None, None))[1] for a in s.articles} - {None})

    ranked = sorted(stories, key=lambda s: (-len(outlets(s)), -len(languages(s)), -len(s.articles), s.id))
    rows = [{"id": s.id, "title": s.title or "(untitled)", "date": s.date, "outlets": outlets(s),
             "languages": languages(s), "articles": len(s.articles),
             "new": sum(1 for a in s.articles if a in new), "href": f"/stories/{s.id}"} for s in ranked[:top]]
    scopes = [s.id for s in stories] + sorted({s.thread for s in stories if s.thread})
    groups, seen = [], set()
    for g in store.claim_groups(scopes) if scopes else []:
        key = (g.measure, frozenset(g.claims))
        if new & set(g.articles) and getattr(g.verdict, "value", g.verdict) in ("contradict", "update") \
                and key not in seen:
            seen.add(key)
            groups.append(g)
    index = fact_index(store.facts(sorted({a for g in groups for a in g.articles}))) if groups else {}
    rows_of = [group_row(g, index) for g in groups]
    altered = []
    for q in store.quote_groups(scopes) if scopes else []:
        if q.verdict == "altered" and new & set(q.articles):
            facts = {f.article.id: f for f in store.facts(list(q.articles))}
            quotes = {x.id: (x, f.article) for f in facts.values() for x in f.quotes}
            names = {e.id: e.name for f in facts.values() for e in f.entities}
            altered.append({
                "id": q.id, "speaker": names.get(q.speaker, q.speaker), "reason": q.reason, "href": f"/stories/{q.scope}",
                "text": snippet(quotes[q.quotes[0]][0].text.strip(' «»"“”„'), 200) if q.quotes and q.quotes[0] in quotes else "",
                "members": [{"outlet": art.outlet or art.id[:8], "text": snippet(x.text.strip(' «»"“”„'), 240),
                             "href": f"/articles/{art.id}#{anchor('quote', i)}"}
                            for i in q.quotes if i in quotes for x, art in [quotes[i]]]})
    return {
        "title": title, "since": _iso(since), "until": _iso(until) if until else None,
        "articles": len(arrived), "stories_total": len(stories), "stories": rows,
        "contradictions": [r for r in rows_of if r["verdict"] == "contradict"],
        "updates": [r for r in rows_of if r["verdict"] == "update"],
        "altered_quotes": altered,
    }


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="seconds")
