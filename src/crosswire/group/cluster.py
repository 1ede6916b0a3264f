"""Story and thread clustering (stub: one story per article until the grouping stage lands)."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import ArticleFacts, Story, Thread


def group_stories(facts: Sequence[ArticleFacts], embedder=None) -> tuple[list[Story], list[Thread]]:
    """Stories (same main event) and threads (stories over time) of the given articles."""
    stories = [
        Story(id=f"s-{f.article.id[:10]}", title=f.article.title, articles=(f.article.id,), date=f.article.published,
              outlets=tuple(filter(None, [f.article.outlet])), languages=(f.article.language,))
        for f in facts if f.article.duplicate_of is None
    ]
    return stories, []
