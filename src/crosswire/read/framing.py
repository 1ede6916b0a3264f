"""Framing: loaded and partisan terms (stub until the framing stage lands)."""

from __future__ import annotations

from ..model import Article, Framing
from ..nlp.base import ParsedText


def read_framing(article: Article, parsed: ParsedText) -> list[Framing]:
    return []
