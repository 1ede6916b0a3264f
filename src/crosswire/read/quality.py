"""Quality flags: machine-translation artefacts, boilerplate, ad markers, missing date (stub)."""

from __future__ import annotations

from ..model import Article, Mention
from ..nlp.base import ParsedText


def read_quality(article: Article, parsed: ParsedText, mentions: list[Mention]) -> list[str]:
    return []
