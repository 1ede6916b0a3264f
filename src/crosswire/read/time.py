"""Temporal expressions resolved against the publication date (stub until the time stage lands)."""

from __future__ import annotations

from ..model import Article, TimeRef
from ..nlp.base import ParsedText


def read_timerefs(article: Article, parsed: ParsedText) -> tuple[Article, list[TimeRef]]:
    """(the article, with an inferred publication window where undated; its resolved time expressions)."""
    return article, []
