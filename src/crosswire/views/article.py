"""The article list, search hits and the article page: highlighted text, its facts, its stories and groups.

Plain dicts out; article text leaves here only as segments cut at fact offsets, never as HTML.
"""

from __future__ import annotations

from collections import Counter

from ..model import ArticleFacts
from ..serialize import to_dict
from .fmt import claim_value, snippet
from .highlight import anchor, marks_of, paragraphs, segments
from .story import entity_names, event_rows, group_row, groups, index_for, quote_row, stories_of


def article_rows(store, q: str = "", limit: int = 200) -> list[dict]:
    """Stored articles, newest first, or the search hits for ``q`` best first, as list rows."""
    ids = store.search_ids(q, limit=limit) if q.strip() else None
    return [{"id": r[0], "title": r[1] or "(untitled)", "outlet": r[2], "language": r[3], "published": r[4],
             "snippet": snippet(r[5], 200), "duplicate_of": r[6]} for r in store.article_rows(ids, limit=limit)]


def article_facts(store, article_id: str) -> ArticleFacts | None:
    """An article with its facts (a unique id prefix is enough)."""
    art = store.article(article_id)
    return store.facts([art.id])[0] if art else None


def article_json(store, article_id: str) -> dict | None:
    """The article and every fact read from it, and the ids of its stories (the JSON API's article)."""
    facts = article_facts(store, article_id)
    if facts is None:
        return None
    out = to_dict(facts)
    out.pop("embedding", None)
    out["stories"] = [x.id for x in stories_of(store, [facts.article.id])]
    return out


def article_view(store, article_id: str) -> dict | None:
    """One article with its highlighted text, its facts listed, and the stories it belongs to."""
    facts = article_facts(store, article_id)
    if facts is None:
        return None
    art = facts.article
    names = entity_names(store, [m.entity for m in facts.mentions] + [q.speaker for q in facts.quotes]
                         + [p for e in facts.events for p in (*e.participants, e.place)])
    marks = marks_of(facts, names)
    stories = stories_of(store, [art.id])
    scopes = [x.id for x in stories] + [x.thread for x in stories if x.thread]
    touching = groups(store, scopes) if scopes else []
    index = index_for(store, touching, [facts])
    mentions = Counter(m.entity for m in facts.mentions)
    return {
        "article": to_dict(art),
        "paragraphs": paragraphs(segments(art.text, marks)),
        "noise": list(art.noise),
        "stories": [{"id": x.id, "title": x.title or "(untitled)", "date": x.date} for x in stories],
        "groups": [group_row(g, index) for g in touching if art.id in g.articles],
        "entities": [{"id": e, "name": names.get(e, e), "count": n} for e, n in mentions.most_common()],
        "claims": [{"id": c.id, "anchor": anchor("claim", c.id), "measure": c.measure, "value": claim_value(c),
                    "source": c.source, "refers_to": c.refers_to, "text": snippet(c.text, 200)} for c in facts.claims],
        "quotes": [quote_row(q, art, names) | {"anchor": anchor("quote", q.id)} for q in facts.quotes],
        "events": [r | {"anchor": r["href"].split("#", 1)[1]} for r in event_rows([facts], names)],
        "timerefs": [{"id": t.id, "anchor": anchor("time", t.id), "text": t.text, "value": t.value, "grain": t.grain,
                      "resolved_by": t.anchor} for t in facts.timerefs],
        "framing": [{"anchor": anchor("framing", str(i)), "term": f.term, "leaning": f.leaning,
                     "category": f.category, "lexicon": f.lexicon} for i, f in enumerate(facts.framing)],
    }
