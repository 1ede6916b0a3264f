"""The search page: articles matching a query, best first, and the stories they belong to."""

from __future__ import annotations

from .article import article_rows
from .story import StoryFilter, story_rows


def search_view(store, q: str, limit: int = 200) -> dict:
    """{"hits": article rows, "stories": story rows} for ``q`` (both empty for an empty query)."""
    if not q.strip():
        return {"hits": [], "stories": []}
    return {"hits": article_rows(store, q, limit), "stories": story_rows(store, StoryFilter(q=q))}
