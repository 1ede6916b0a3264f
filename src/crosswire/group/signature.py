"""An article's event signature for grouping: the days its title and lead name, its distinctive figures and
whether it is an evergreen text (an explainer or guide with no news event).

Undated texts (most real corpora lose their publication dates) still name their event's day in the title or
lead ("Прогноз погоды на 8 ноября", "В воскресенье, 8 июля"); two reports naming different days are reports of
different events however close their wording. Days are kept as (year or None, month, day): a text that names
no year still clashes with another on the month and day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..model import ArticleFacts

LEAD_CHARS = 400
Day = tuple[int | None, int, int]  # (year or None, month, day)
Figure = tuple[float, str]  # (value, unit)


@dataclass(frozen=True, slots=True)
class Signature:
    """What an article's event is pinned to, beyond its vector and entities."""

    days: tuple[Day, ...] = ()
    figures: tuple[Figure, ...] = ()
    measures: tuple[tuple[str, float], ...] = ()  # (canonical measure, value) stated in the title or lead
    evergreen: bool = False


@lru_cache(maxsize=4)
def _evergreen_titles(language: str) -> re.Pattern | None:
    from .index import params

    pats = params().get("evergreen_titles", {}).get(language if language in ("ru", "uk") else "en")
    return re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE) if pats else None


@lru_cache(maxsize=4)
def _holidays(language: str) -> list[tuple[re.Pattern, int, int]]:
    from .index import params

    table = params().get("holidays", {}).get(language if language in ("ru", "uk") else "en", {})
    return [(re.compile(pat, re.IGNORECASE), int(md[0]), int(md[1])) for pat, md in table.items()]


def _days(text: str, language: str) -> list[Day]:
    """Calendar days (day and month named, year when given; fixed-date holidays) in ``text``."""
    from ..read.timexpr import find, lexicon, lookup

    tables = lexicon(language)
    # a holiday names its day ("индекс самоизоляции в День Победы"): the time reader leaves it out
    out: list[Day] = [(None, mon, day) for pat, mon, day in _holidays(language) if pat.search(text)]
    for f in find(text, language):
        if f.kind != "date" or not f.slots.get("day") or not f.slots.get("mon"):
            continue
        month = lookup(tables["months"], f.slots["mon"].lower())
        try:
            day = int(f.slots["day"])
            year = int(f.slots["year"]) if str(f.slots.get("year") or "").isdigit() else None
            month = int(month)
            date(year or 2000, month, day)
        except (TypeError, ValueError):
            continue
        out.append((year, month, day))
    return out


def signature(facts: ArticleFacts) -> Signature:
    """The signature of one article: the days its title names (else its lead's first one; the main event's own
    date already anchors it), its lead's figures and measures, and whether its title reads as an explainer."""
    a = facts.article
    days = _days(a.title, a.language) if a.title else []
    if not days:
        days = _days(a.text[:LEAD_CHARS], a.language)[:1]
    figures = sorted({(c.value, c.unit or "") for c in facts.claims
                      if c.start < LEAD_CHARS and c.value is not None and distinctive(c.value)})
    measures = sorted({(c.measure, c.value) for c in facts.claims
                       if c.start < LEAD_CHARS and c.value is not None and c.measure})
    pattern = _evergreen_titles(a.language)
    evergreen = bool(pattern and a.title and pattern.search(a.title))
    return Signature(days=tuple(sorted(set(days), key=lambda d: (d[0] or 0, d[1], d[2]))),
                     figures=tuple(figures), measures=tuple(measures), evergreen=evergreen)


def distinctive(value: float) -> bool:
    """A figure that names one event: not a small count or a round ten (2 ministers, 100 years)."""
    if value != int(value):
        return True
    return value > 12 and not (value <= 1000 and value % 10 == 0) and not 1900 <= value <= 2100


def _near(a: Day, b: Day, slack: int) -> bool:
    if a[0] is not None and b[0] is not None and a[0] != b[0]:
        return False
    year = a[0] or b[0] or 2001
    try:
        return abs((date(year, a[1], a[2]) - date(year, b[1], b[2])).days) <= slack
    except ValueError:
        return False


def days_clash(a: Signature, b: Signature, slack: int = 1) -> bool:
    """Both name days and none of one side's is within ``slack`` days of the other's."""
    if not a.days or not b.days:
        return False
    return not any(_near(x, y, slack) for x in a.days for y in b.days)


def same_day_unresolved(a: Signature, b: Signature) -> bool:
    """Both name one calendar day and at least one of them without a year: the year a reader resolved for it
    (from the other years a text mentions) is a guess, so the two may still report one day's event."""
    return any(x[1:] == y[1:] and (x[0] is None or y[0] is None) for x in a.days for y in b.days)


def shared_figures(a: Signature, b: Signature) -> int:
    """How many distinctive figures (value and unit) both leads state."""
    return len(set(a.figures) & set(b.figures))


def figures_clash(a: Signature, b: Signature, tolerance: float = 0.2) -> bool:
    """The leads give one measure values further apart than ``tolerance`` (relative) and share none."""
    mine: dict[str, set[float]] = {}
    for m, v in a.measures:
        mine.setdefault(m, set()).add(v)
    theirs: dict[str, set[float]] = {}
    for m, v in b.measures:
        theirs.setdefault(m, set()).add(v)
    for m in set(mine) & set(theirs):
        if all(abs(x - y) > tolerance * max(abs(x), abs(y), 1e-9) for x in mine[m] for y in theirs[m]):
            return True
    return False
