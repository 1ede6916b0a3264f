"""Whether two event reports are of one event: kind, shared participants, compatible places, close dates.

Places are compatible when equal, unknown, or a capital and its country (the gazetteer's ``actor`` column).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from ..model import ArticleFacts, Event
from .dates import day_range, gap_days

SAME_EVENT_MAX_GAP = 45  # days: further apart, the same people met twice (Putin and Kim: 2023 and 2025)


@lru_cache(maxsize=4096)
def _country_of(place: str) -> str | None:
    try:
        from ..nlp.gazetteer import gazetteer

        entry = gazetteer().entries.get(place)
    except Exception:  # noqa: BLE001 - without a gazetteer, places only match themselves
        return None
    return entry.actor if entry is not None else None


def compatible(a: str | None, b: str | None) -> bool:
    """True when either place is unknown, they are equal, or one is the other's country."""
    if not a or not b or a == b:
        return True
    return _country_of(a) == b or _country_of(b) == a


def same_event(a: Event, b: Event, max_gap: int = SAME_EVENT_MAX_GAP) -> bool:
    """Two articles' reports of one event: same kind, two shared participants (or all of a smaller side's),
    compatible places, dates at most ``max_gap`` days apart."""
    if a.kind != b.kind or a.article == b.article:
        return False
    pa, pb = set(a.participants), set(b.participants)
    shared = len(pa & pb)
    if shared == 0 or shared < min(2, len(pa), len(pb)) or not compatible(a.place, b.place):
        return False
    gap = gap_days(day_range(a.date), day_range(b.date))
    return gap is not None and gap <= max_gap


def disputed_dates(facts: Sequence[ArticleFacts], mains: dict[str, Event | None]) -> dict[str, tuple[str, ...]]:
    """For each article, the dates other articles give its main event when they do not overlap its own."""
    by_key: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for f in facts:
        for e in f.events:
            if day_range(e.date):
                for who in e.participants:
                    by_key[(e.kind, who)].append(e)
    out: dict[str, tuple[str, ...]] = {}
    for aid, main in mains.items():
        own = day_range(main.date) if main else None
        if own is None:
            continue
        seen = {e.id: e for who in main.participants for e in by_key.get((main.kind, who), ())}
        dates = sorted({e.date for e in seen.values()
                        if same_event(main, e) and gap_days(own, day_range(e.date))})
        if dates:
            out[aid] = tuple(dates)
    return out
