"""The thread page: its stories in date order (for the timeline) and its cross-story claim groups."""

from __future__ import annotations

from ..serialize import to_dict
from .fmt import chart_date
from .story import entity_names, estimate_rows, event_rows, group_row, groups, index_for


def thread_view(store, thread_id: str) -> dict | None:
    """What the thread page shows (None when the store has no such thread)."""
    found = store.threads([thread_id])
    if not found:
        return None
    thread = found[0]
    stories = store.stories(thread.stories)
    stories.sort(key=lambda x: (x.date or "9999", x.id))
    article_ids = [a for x in stories for a in x.articles]
    facts = store.facts(article_ids) if article_ids else []
    own = groups(store, [thread.id])
    index = index_for(store, own, facts)
    names = entity_names(store, [p for f in facts for e in f.events for p in (*e.participants, e.place)])
    return {
        "thread": to_dict(thread),
        "stories": [{"id": x.id, "title": x.title or "(untitled)", "date": x.date, "chart_date": chart_date(x.date),
                     "outlets": list(x.outlets), "articles": len(x.articles)} for x in stories],
        "groups": [group_row(g, index) for g in own],
        "estimates": estimate_rows(index, own),
        "events": event_rows(facts, names),
    }
