"""What the article, entity and thread pages show, built on ``data.Reader``.

Plain dicts out; article text leaves here only as segments cut at fact offsets, never as HTML.
"""

from __future__ import annotations

from collections import Counter

from ..serialize import to_dict
from .data import Reader, event_rows, group_row, quote_row
from .fmt import claim_value, snippet
from .highlight import anchor, marks_of, mention_ident, paragraphs, segments


def article_rows(reader: Reader, q: str = "", limit: int = 200) -> list[dict]:
    """Stored articles, newest first, or the search hits for ``q`` best first, as list rows."""
    from sqlalchemy import func, select

    from ..store import schema as s
    from .search import search_ids

    a = s.articles
    cols = select(a.c.id, a.c.title, a.c.outlet, a.c.language, a.c.published, func.substr(a.c.text, 1, 400),
                  a.c.duplicate_of)
    if q.strip():
        ids = search_ids(reader.engine, q, limit=limit)
        query = cols.where(a.c.id.in_(ids))
    else:
        ids = None
        query = cols.order_by(a.c.published.desc().nulls_last(), a.c.id).limit(limit)
    with reader.engine.connect() as conn:
        rows = {r[0]: r for r in conn.execute(query)}
    order = ids if ids is not None else list(rows)
    return [{"id": r[0], "title": r[1] or "(untitled)", "outlet": r[2], "language": r[3], "published": r[4],
             "snippet": snippet(r[5], 200), "duplicate_of": r[6]} for r in (rows[i] for i in order if i in rows)]


def article_view(reader: Reader, article_id: str) -> dict | None:
    """One article with its highlighted text, its facts listed, and the stories it belongs to."""
    art = reader.store.article(article_id)
    if art is None:
        return None
    facts = reader.store.facts([art.id])[0]
    names = reader.entity_names([m.entity for m in facts.mentions] + [q.speaker for q in facts.quotes]
                                + [p for e in facts.events for p in (*e.participants, e.place)])
    marks = marks_of(facts, names)
    stories = reader.stories_of([art.id])
    scopes = [x.id for x in stories] + [x.thread for x in stories if x.thread]
    groups = reader.groups(scopes) if scopes else []
    index = reader.index_for(groups, [facts])
    mentions = Counter(m.entity for m in facts.mentions)
    return {
        "article": to_dict(art),
        "paragraphs": paragraphs(segments(art.text, marks)),
        "noise": list(art.noise),
        "stories": [{"id": x.id, "title": x.title or "(untitled)", "date": x.date} for x in stories],
        "groups": [group_row(g, index) for g in groups if art.id in g.articles],
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


def entity_view(reader: Reader, entity_id: str) -> dict | None:
    """An entity: aliases, the articles naming it, its events, quotes by and about it, co-occurring entities."""
    found = reader.store.entities([entity_id])
    if not found:
        return None
    ent = found[0]
    ids = reader.article_ids_mentioning(ent.id)
    facts = reader.store.facts(ids) if ids else []
    forms = Counter(m.text for f in facts for m in f.mentions if m.entity == ent.id)
    names = reader.entity_names([m.entity for f in facts for m in f.mentions]
                                + [p for f in facts for e in f.events for p in (*e.participants, e.place)])
    events = [r for r in event_rows(facts, names)
              if ent.name in r["participants"] or r["place"] == ent.name]
    by, about = [], []
    for f in facts:
        spans = [(m.start, m.end) for m in f.mentions if m.entity == ent.id]
        for q in f.quotes:
            if q.speaker == ent.id:
                by.append(quote_row(q, f.article, names))
            elif any(q.start <= s0 and e0 <= q.end for s0, e0 in spans):
                about.append(quote_row(q, f.article, names))
    co = Counter()
    for f in facts:
        for other in {m.entity for m in f.mentions} - {ent.id}:
            co[other] += 1
    stories = reader.stories_of(ids) if ids else []
    return {
        "entity": to_dict(ent),
        "forms": [{"text": t, "count": n} for t, n in forms.most_common()],
        "articles": [{"id": f.article.id, "title": f.article.title or "(untitled)", "outlet": f.article.outlet,
                      "language": f.article.language, "published": f.article.published,
                      "mentions": sum(1 for m in f.mentions if m.entity == ent.id),
                      "first": next((anchor("mention", mention_ident(m)) for m in f.mentions
                                     if m.entity == ent.id), None)} for f in facts],
        "stories": [{"id": x.id, "title": x.title or "(untitled)", "date": x.date} for x in stories],
        "events": events, "quotes_by": by, "quotes_about": about,
        "cooccurring": [{"id": e, "name": names.get(e, e), "articles": n} for e, n in co.most_common(30)],
    }


def thread_view(reader: Reader, thread_id: str) -> dict | None:
    """A thread: its stories in date order (for the timeline) and its cross-story claim groups."""
    found = reader.threads([thread_id])
    if not found:
        return None
    thread = found[0]
    stories = reader.stories(thread.stories)
    stories.sort(key=lambda x: (x.date or "9999", x.id))
    article_ids = [a for x in stories for a in x.articles]
    facts = reader.store.facts(article_ids) if article_ids else []
    groups = reader.groups([thread.id])
    index = reader.index_for(groups, facts)
    names = reader.entity_names([p for f in facts for e in f.events for p in (*e.participants, e.place)])
    from .fmt import chart_date

    return {
        "thread": to_dict(thread),
        "stories": [{"id": x.id, "title": x.title or "(untitled)", "date": x.date, "chart_date": chart_date(x.date),
                     "outlets": list(x.outlets), "articles": len(x.articles)} for x in stories],
        "groups": [group_row(g, index) for g in groups],
        "estimates": reader.estimate_rows(facts),
        "events": event_rows(facts, names),
    }
