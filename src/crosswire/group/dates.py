"""ISO dates, months, years and intervals as closed day ranges, and the gap between two of them.

Grouping and comparison both reason on ranges, so a month-grain "2025-09" is compatible with "2025-09-20".
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

DayRange = tuple[date, date]


def _point(text: str, end: bool) -> date | None:
    """The first (or last, when ``end``) day of an ISO day, month or year."""
    parts = text.strip().split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 12, 31) if end else date(year, 1, 1)
        month = int(parts[1])
        if len(parts) == 2:
            return date(year, month, calendar.monthrange(year, month)[1]) if end else date(year, month, 1)
        return date(year, month, int(parts[2][:2]))
    except (ValueError, IndexError):
        return None


def day_range(value: str | None) -> DayRange | None:
    """``2025-09-03``, ``2025-09``, ``2025`` or ``A/B`` as (first day, last day); None for durations or junk."""
    if not value or value.startswith("P"):
        return None
    lo_text, _, hi_text = value.partition("/")
    lo = _point(lo_text, end=False)
    hi = _point(hi_text or lo_text, end=True)
    if lo is None or hi is None:
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


def gap_days(a: DayRange | None, b: DayRange | None) -> int | None:
    """Days between two ranges (0 when they overlap); None when either is unknown."""
    if a is None or b is None:
        return None
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def width(r: DayRange) -> int:
    """How many days a range spans (1 for a single day)."""
    return (r[1] - r[0]).days + 1


def widen(r: DayRange, before: int, after: int = 0) -> DayRange:
    """The range stretched ``before`` days earlier and ``after`` days later."""
    return (r[0] - timedelta(days=before), r[1] + timedelta(days=after))


def iso(r: DayRange) -> str:
    """The ISO text of a range: one day, or ``A/B``."""
    return r[0].isoformat() if r[0] == r[1] else f"{r[0].isoformat()}/{r[1].isoformat()}"
