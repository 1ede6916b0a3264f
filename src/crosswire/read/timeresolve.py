"""Resolve a found temporal expression to an ISO day, month, year, interval or duration.

Absolute expressions need nothing; relative ones are read against a reference date (the publication date, or
the middle of an inferred publication window) and a direction (past or upcoming) read from the sentence.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from .timexpr import Found, lookup

PART_DAYS = {"start": (1, 10), "middle": (11, 20), "end": (21, 31), "first_half": (1, 15), "second_half": (16, 31)}
PART_MONTHS = {"start": (1, 4), "middle": (5, 8), "end": (9, 12), "first_half": (1, 6), "second_half": (7, 12)}
SEASON_MONTHS = {"winter": (12, 2), "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}
UNIT_CODE = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "M"}


@dataclass(frozen=True, slots=True)
class Reference:
    """What relative expressions are read against: a day and how it is known (published or inferred)."""

    day: date
    anchor: str  # published, inferred
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str | None
    grain: str
    anchor: str
    confidence: float


UNRESOLVED = Resolved(None, "unresolved", "none", 0.2)


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole months, the day clipped to the target month's length."""
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def add_units(d: date, unit: str, n: float) -> date:
    """``d`` moved by ``n`` (possibly fractional) years, months, weeks or days."""
    if unit in ("year", "month"):
        months = n * (12 if unit == "year" else 1)
        whole = int(months)
        return add_months(d, whole) + timedelta(days=round((months - whole) * 30.44))
    days = {"week": 7, "day": 1, "hour": 1 / 24, "minute": 1 / 1440}.get(unit, 1) * n
    return d + timedelta(days=round(days))


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def interval(a: date, b: date) -> str:
    return f"{a.isoformat()}/{b.isoformat()}"


def number(text: str, tables: dict) -> float | None:
    """A number written in digits ("2,5") or words ("двух", "півтора")."""
    text = text.strip()
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    key = lookup(tables.get("number_words") or {}, text)
    try:
        return float(key) if key is not None else None
    except ValueError:  # "несколько", "кілька": a count, but no number
        return None


def roman(text: str) -> int:
    """A Roman numeral written in Latin or look-alike Cyrillic letters ("xix", "хіх") as an int."""
    vals = {"i": 1, "v": 5, "x": 10, "l": 50}
    text = text.replace("х", "x").replace("і", "i")
    total = 0
    for i, c in enumerate(text):
        v = vals[c]
        total += -v if i + 1 < len(text) and vals[text[i + 1]] > v else v
    return total


def period(n: float, unit: str) -> str:
    """An ISO 8601 period: (19, month) -> P19M, (2.5, hour) -> PT2.5H."""
    val = f"{n:g}"
    return f"PT{val}{UNIT_CODE[unit]}" if unit in ("hour", "minute") else f"P{val}{UNIT_CODE[unit]}"


def weekday_date(ref: date, wd: int, direction: int, rel: int | None = None) -> date:
    """The day named by a weekday, read against ``ref``.

    Rule: in a past-tense report the weekday is the most recent such day on or before ``ref`` (a weekday equal
    to ref's weekday is ref itself: "сообщили в среду" in a Wednesday article is that Wednesday); in an
    upcoming context ("перед встречей … в пятницу", future tense) it is the next such day on or after ``ref``.
    "прошлую среду" / "следующую среду" step a week away from ``ref`` when the weekday is ref's own.
    """
    if rel is not None and rel < 0:
        back = (ref.weekday() - wd) % 7 or 7
        return ref - timedelta(days=back)
    if rel is not None and rel > 0:
        fwd = (wd - ref.weekday()) % 7 or 7
        return ref + timedelta(days=fwd)
    if direction > 0:
        return ref + timedelta(days=(wd - ref.weekday()) % 7)
    return ref - timedelta(days=(ref.weekday() - wd) % 7)


def _year_of(f: Found, ref: Reference | None, tables: dict) -> tuple[int | None, bool]:
    """(year, is_relative) from a year written out or a relative year ("прошлого года"); None when absent."""
    s = f.slots
    if s.get("year"):
        return int(s["year"]), False
    if s.get("year2"):
        return int(s["year2"]), False
    rel = s.get("rel") if s.get("relunit") else s.get("rel2") if lookup(tables["units"], s.get("unit", "")) == "year" else None
    if rel and ref is not None:
        k = lookup(tables["relative"], rel)
        if k is not None:
            return ref.day.year + int(k), True
    return None, True


def _since(f: Found, start: date, ref: Reference | None, tables: dict) -> str | None:
    """An interval from ``start`` to the reference date when the expression opens with "с"/"з"/"since"."""
    prep = f.slots.get("prep")
    if prep and lookup({"s": tables.get("since") or []}, prep) == "s":
        # open-ended when nothing is known of "now", or when the start lies after it
        end = ref.day.isoformat() if ref and ref.day >= start else ".."
        return f"{start.isoformat()}/{end}"
    return None


def resolve(f: Found, ref: Reference | None, direction: int, tables: dict) -> Resolved:
    """Resolve ``f`` against ``ref`` (None when nothing is known of the publication date)."""
    s, kind = f.slots, f.kind
    rel_anchor = ref.anchor if ref else "none"
    rel_conf = ref.confidence if ref else 0.0
    try:
        return _resolve(f, s, kind, ref, direction, tables, rel_anchor, rel_conf)
    except (ValueError, KeyError, TypeError, OverflowError):
        return UNRESOLVED


def _resolve(f, s, kind, ref, direction, tables, rel_anchor, rel_conf) -> Resolved:  # noqa: C901 - one branch per kind
    if kind == "numeric":
        return Resolved(date(int(s["year"]), int(s["mnum"]), int(s["day"])).isoformat(), "day", "absolute", 0.95)
    if kind in ("date", "month", "part", "season"):
        year, relative = _year_of(f, ref, tables)
        anchor, conf = ("absolute", 0.95) if not relative else (rel_anchor, 0.9 * rel_conf)
        mon = lookup(tables["months"], s["mon"]) if s.get("mon") else None
        if year is None:
            if ref is None:
                return UNRESOLVED
            year = ref.day.year
            # A bare day-month takes the reference year as written, never shifted to fit (a wrong date in
            # the text is found later by comparison). A bare month or season in a past report that lies after
            # the reference month is last year's ("в декабре" read in January); in an upcoming one, next year's.
            if kind in ("month", "season") and mon is None and s.get("season"):
                first = SEASON_MONTHS[lookup(tables["seasons"], s["season"])][0]
                if direction < 0 and first > ref.day.month and first != 12:
                    year -= 1
            elif kind in ("month", "part") and mon is not None:
                if direction < 0 and int(mon) > ref.day.month:
                    year -= 1
                elif direction > 0 and int(mon) < ref.day.month:
                    year += 1
        if kind == "date":
            d1 = date(year, int(mon), int(s["day"]))
            if s.get("day2"):
                return Resolved(interval(d1, date(year, int(mon), int(s["day2"]))), "interval", anchor, conf)
            return Resolved(_since(f, d1, ref, tables) or d1.isoformat(), "interval" if _since(f, d1, ref, tables) else "day",
                            anchor, conf)
        if kind == "month":
            first = date(year, int(mon), 1)
            since = _since(f, first, ref, tables)
            return Resolved(since or f"{year:04d}-{int(mon):02d}", "interval" if since else "month", anchor, conf)
        if kind == "part":
            part = lookup(tables["parts"], s["part"])
            if mon is not None:
                a, b = PART_DAYS[part]
                last = calendar.monthrange(year, int(mon))[1]
                return Resolved(interval(date(year, int(mon), a), date(year, int(mon), min(b, last))),
                                "interval", anchor, conf * 0.9)
            unit = lookup(tables["units"], s.get("unit", "")) if s.get("unit") else "year"
            if unit == "month" and ref is not None:
                k = int(lookup(tables["relative"], s["rel2"]) or 0) if s.get("rel2") else 0
                m0 = add_months(ref.day.replace(day=1), k)
                a, b = PART_DAYS[part]
                return Resolved(interval(m0.replace(day=a), m0.replace(day=min(b, month_end(m0.year, m0.month).day))),
                                "interval", rel_anchor, 0.8 * rel_conf)
            a, b = PART_MONTHS[part]
            return Resolved(interval(date(year, a, 1), month_end(year, b)), "interval", anchor, conf * 0.9)
        # season: winter spans the turn of the year (December of the year before)
        season = lookup(tables["seasons"], s["season"])
        a, b = SEASON_MONTHS[season]
        start = date(year - 1 if a > b else year, a, 1)
        since = _since(f, start, ref, tables)
        return Resolved(since or interval(start, month_end(year, b)), "interval", anchor, conf * 0.9)
    if kind == "range":
        # "с апреля 1998 года по май 1999 года": from the first part's start to the second part's end
        a, b = (Found(x.start, x.end, x.text, x.kind, {k: v for k, v in x.slots.items() if k != "prep"})
                for x in s["parts"])
        if a.kind in ("date", "month") and not (a.slots.get("year") or a.slots.get("rel")):
            # "с 1 апреля по 30 июня 2021 года": the first part takes the second part's year
            a.slots.update({k: b.slots[k] for k in ("year", "rel", "relunit") if b.slots.get(k)})
        ra, rb = (resolve(x, ref, direction, tables) for x in (a, b))
        va, vb = value_range(ra.value), value_range(rb.value)
        if not (va and vb):
            return UNRESOLVED
        anchor = ra.anchor if ra.anchor != "absolute" else rb.anchor
        return Resolved(interval(va[0], vb[1]), "interval", anchor, min(ra.confidence, rb.confidence))
    if kind == "century":
        c1, c2 = roman(s["c1"]), roman(s.get("c2") or s["c1"])
        return Resolved(f"{(c1 - 1) * 100 + 1:04d}/{c2 * 100:04d}", "interval", "absolute", 0.9)
    if kind == "decade":
        y = int(s["dec"])
        y = y if y >= 100 else (1900 + y if y >= 30 else 2000 + y)
        return Resolved(f"{y:04d}/{y + 9:04d}", "interval", "absolute", 0.85)
    if kind == "clock":
        return Resolved(None, "unresolved", "none", 0.5)  # a time of day: its day comes from context
    if kind == "yearrange":
        y1, y2 = int(s["y1"]), s["y2"]
        y2 = int(y2) if len(y2) == 4 else y1 // 100 * 100 + int(y2)
        return Resolved(f"{y1:04d}/{y2:04d}", "interval", "absolute", 0.95)
    if kind == "year":
        y = int(s["year"])
        since = _since(f, date(y, 1, 1), ref, tables)
        return Resolved(since or f"{y:04d}", "interval" if since else "year", "absolute", 0.95)
    if kind == "ctxday":
        return UNRESOLVED  # read against the previous date of the text by ``resolve_context``
    if ref is None and kind not in ("duration", "anniversary"):
        return UNRESOLVED
    if kind == "relyear":
        k = int(lookup(tables["relative_years"], s["ry"]))
        return Resolved(f"{ref.day.year + k:04d}", "year", rel_anchor, 0.9 * rel_conf)
    if kind == "relunit":
        k = int(lookup(tables["relative"], s["rel"]))
        unit = lookup(tables["units"], s["unit"])
        d = ref.day
        if unit == "year":
            return Resolved(f"{d.year + k:04d}", "year", rel_anchor, 0.9 * rel_conf)
        if unit == "month":
            m = add_months(d.replace(day=1), k)
            return Resolved(f"{m.year:04d}-{m.month:02d}", "month", rel_anchor, 0.9 * rel_conf)
        if unit == "week":
            monday = d - timedelta(days=d.weekday()) + timedelta(weeks=k)
            return Resolved(interval(monday, monday + timedelta(days=6)), "interval", rel_anchor, 0.85 * rel_conf)
        if unit == "day":
            return Resolved((d + timedelta(days=k)).isoformat(), "day", rel_anchor, 0.9 * rel_conf)
        return UNRESOLVED
    if kind == "ago":
        n = number(s["num"], tables) if s.get("num") else 1.0
        unit = lookup(tables["units"], s["unit"])
        d = add_units(ref.day, unit, -n)
        grain = {"year": "year", "month": "month"}.get(unit, "day")
        value = {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(grain, d.isoformat())
        return Resolved(value, grain, rel_anchor, 0.8 * rel_conf)
    if kind == "relday":
        k = int(lookup(tables["relative_days"], s["rd"]))
        return Resolved((ref.day + timedelta(days=k)).isoformat(), "day", rel_anchor, 0.9 * rel_conf)
    if kind == "weekday":
        wd = int(lookup(tables["weekdays"], s["wd"]))
        rel = lookup(tables["relative"], s["rel"]) if s.get("rel") else None
        d = weekday_date(ref.day, wd, direction, int(rel) if rel is not None else None)
        return Resolved(d.isoformat(), "day", rel_anchor, 0.8 * rel_conf)
    if kind == "vague":
        spec = next(v for i, v in enumerate(tables["vague"]) if f"v{i}" in s)
        other = add_units(ref.day, spec["unit"], spec["count"])
        a, b = sorted((ref.day, other))
        return Resolved(interval(a, b), "interval", rel_anchor, 0.15 * rel_conf)
    if kind == "anniversary":
        n = next(int(v) for k, v in s.items() if k.startswith("num"))
        return Resolved(f"P{n}Y", "duration", "absolute", 0.9)
    if kind == "duration":
        n, unit = duration_amount(f, tables)
        if n is None:
            return UNRESOLVED
        return Resolved(period(n, unit), "duration", "absolute", 0.9)
    return UNRESOLVED


def duration_amount(f: Found, tables: dict) -> tuple[float | None, str]:
    """(amount, unit) of a duration: "двух с половиной часов" -> (2.5, hour), "двухмесячного" -> (2, month)."""
    s = f.slots
    if s.get("halfunit"):
        return 0.5, lookup(tables["half_unit"], s["halfunit"]) or "year"
    if s.get("cnum"):
        return float(lookup(tables["compound_numbers"], s["cnum"]) or 0) or None, \
            lookup(tables["compound_units"], s["cunit"]) or "day"
    n = number(s["num"], tables) if s.get("num") else 1.0  # "через год", "около недели": one unit
    if n is not None and s.get("half"):
        n += 0.5
    return n, lookup(tables["units"], s.get("unit", "")) or "day"


def value_range(value: str | None) -> tuple[date, date] | None:
    """The first and last day an ISO day, month, year or interval value covers (None for others)."""
    if not value or value.startswith(("P", "T")):
        return None
    parts = value.split("/")
    lo = _bound(parts[0], first=True)
    hi = date.max if parts[-1] == ".." else _bound(parts[-1], first=False)
    return (lo, hi) if lo and hi else None


def _bound(v: str, first: bool) -> date | None:
    try:
        if re.fullmatch(r"\d{4}", v):
            return date(int(v), 1, 1) if first else date(int(v), 12, 31)
        if re.fullmatch(r"\d{4}-\d\d", v):
            y, m = int(v[:4]), int(v[5:])
            return date(y, m, 1) if first else month_end(y, m)
        if re.fullmatch(r"\d{4}-\d\d-\d\d", v):
            return date.fromisoformat(v)
    except ValueError:
        return None
    return None


def resolve_context(f: Found, previous: Resolved | None, tables: dict) -> Resolved:
    """"На следующий день" / "того ж дня": days from the day-grain date the text mentioned just before."""
    if previous is None or previous.grain != "day" or not previous.value:
        return UNRESOLVED
    k = int(lookup(tables["context_days"], f.slots["cd"]))
    day = date.fromisoformat(previous.value) + timedelta(days=k)
    return Resolved(day.isoformat(), "day", "context", round(0.7 * previous.confidence, 3))
