"""The entity page: aliases, the articles naming it, its events, quotes by and about it (``said``: what it is
quoted as saying, by date, renderings of one utterance grouped with their drift), co-occurring entities."""

from __future__ import annotations

from collections import Counter

from ..serialize import to_dict
from .highlight import anchor, mention_ident
from .quotes import said_by
from .story import entity_names, event_rows, quote_row, stories_of


def entity_view(store, entity_id: str) -> dict | None:
    """What the entity page shows (None when the store has no such entity)."""
    found = store.entities([entity_id])
    if not found:
        return None
    ent = found[0]
    ids = store.article_ids_mentioning(ent.id)
    facts = store.facts(ids) if ids else []
    forms = Counter(m.text for f in facts for m in f.mentions if m.entity == ent.id)
    names = entity_names(store, [m.entity for f in facts for m in f.mentions]
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
    stories = stories_of(store, ids) if ids else []
    said = said_by(ent.id, facts, store.quote_groups(speaker=ent.id))
    return {
        "entity": to_dict(ent),
        "forms": [{"text": t, "count": n} for t, n in forms.most_common()],
        "articles": [{"id": f.article.id, "title": f.article.title or "(untitled)", "outlet": f.article.outlet,
                      "language": f.article.language, "published": f.article.published,
                      "mentions": sum(1 for m in f.mentions if m.entity == ent.id),
                      "first": next((anchor("mention", mention_ident(m)) for m in f.mentions
                                     if m.entity == ent.id), None)} for f in facts],
        "stories": [{"id": x.id, "title": x.title or "(untitled)", "date": x.date} for x in stories],
        "events": events, "quotes_by": by, "quotes_about": about, "said": said,
        "cooccurring": [{"id": e, "name": names.get(e, e), "articles": n} for e, n in co.most_common(30)],
    }
