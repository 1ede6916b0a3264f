"""Events (stub until the events stage lands)."""

from __future__ import annotations

from ..model import Article, Entity, Event, Mention, TimeRef
from ..nlp.base import ParsedText


def read_events(article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity],
                timerefs: list[TimeRef]) -> list[Event]:
    """Meetings, calls, visits, agreements, strikes, deployments, tests, statements with participants."""
    return []
