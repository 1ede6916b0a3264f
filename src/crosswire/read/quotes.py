"""Quotes and their speakers (stub until the quotes stage lands)."""

from __future__ import annotations

from ..model import Article, Entity, Mention, Quote
from ..nlp.base import ParsedText


def read_quotes(article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity]) -> list[Quote]:
    """Direct quotes (and cheap indirect speech) with the speaker linked to an entity."""
    return []
