"""Quantitative claims (stub until the claims stage lands)."""

from __future__ import annotations

from ..model import Article, Claim, Entity, Mention, TimeRef
from ..nlp.base import ParsedText


def read_claims(article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity],
                timerefs: list[TimeRef]) -> list[Claim]:
    """Every stated quantity with qualifier, unit, measure, attribution and evidence span."""
    return []
