"""Find temporal expressions (dates, relative days, periods, durations) in ru/uk/en text.

A small regex grammar compiled from the per-language lexicons in ``data/time/<lang>.yaml``; it only finds
and labels spans (``Found``), resolution against a reference date lives in ``timeresolve``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from ..datafiles import load_yaml

# Own grammar rather than dateparser: dateparser reads "в 2019 году" as year 7 and "40%" as 1940
# (see docs/benchmarks and tests/test_time_expressions.py), and has no Ukrainian periods.

_B = r"(?<![\w'’])"  # left word boundary that treats apostrophes as letters (п'ятниця)
_E = r"(?![\w'’])"
YEAR = r"(?:1[6-9]|20)\d\d"

# kinds in priority order when two candidates cover the same span length
KINDS = ("numeric", "date", "part", "month", "season", "century", "decade", "yearrange", "year", "relyear", "ctxday",
         "relunit", "ago", "relday", "weekday", "clock", "vague", "anniversary", "duration")


@dataclass(slots=True)
class Found:
    """A temporal expression as written: its span, kind and the slots the grammar read from it."""

    start: int
    end: int
    text: str
    kind: str
    slots: dict = field(default_factory=dict)


def _alt(items) -> str:
    items = sorted({str(i) for i in items if str(i)}, key=len, reverse=True)
    return "(?:" + "|".join(items) + ")" if items else "(?!x)x"


def _flat(table: dict) -> list[str]:
    return [p for pats in (table or {}).values() for p in pats]


def lookup(table: dict, text: str):
    """The key of ``table`` (key -> regex list) whose pattern matches all of ``text``, or None."""
    text = re.sub(r"\s+", " ", text.strip())
    best, best_len = None, -1
    for key, pats in (table or {}).items():
        for p in pats:
            if compiled(p).fullmatch(text) and len(p) > best_len:
                best, best_len = key, len(p)
    return best


# Patterns built from the lexicons, compiled once for the process. Through re's own cache (512 patterns, the
# oldest dropped first) the ~400 lookup patterns and the quotes stage's patterns of each article's own verb forms
# pushed each other out: 2,206 compilations while reading 482 development articles, 1,178 of them here.
compiled = functools.lru_cache(maxsize=None)(re.compile)


@functools.lru_cache(maxsize=8)
def lexicon(language: str) -> dict:
    """The temporal lexicon for ``language`` (ru, uk, en; others read as English)."""
    name = language if language in ("ru", "uk", "en") else "en"
    text = (resources.files("crosswire") / "data" / "time" / f"{name}.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


class Grammar:
    """The compiled patterns of one language (plus English, which articles quote)."""

    def __init__(self, language: str):
        self._tables: dict | None = None
        lx = lexicon(language)
        self.lx = lx
        self.en = lexicon("en")
        both = [lx] if language == "en" else [lx, self.en]
        merge = lambda key: [p for x in both for p in _flat(x.get(key))]  # noqa: E731
        mlist = lambda key: [p for x in both for p in (x.get(key) or [])]  # noqa: E731
        prep = rf"(?:(?P<prep>{_alt(mlist('preps'))})\s+)?"
        months = _alt(merge("months"))
        rel = _alt(merge("relative"))
        yw = _alt(mlist("year_words"))
        yunits = _alt([p for x in both for p in (x.get("units") or {}).get("year", [])])
        units = _alt(merge("units"))
        year_tail = (rf"(?:,?\s+(?P<year>{YEAR})(?:-?(?:го|м|му|й)?\s*{yw})?"
                     rf"|\s+(?P<rel>{rel})\s+(?P<relunit>{yunits}))?")
        day = r"(?P<day>[0-3]?\d)(?:-?(?:го|е|й|th|st|nd|rd))?"
        wdays = _alt(merge("weekdays"))
        parts = _alt(merge("parts"))
        seasons = _alt(merge("seasons"))
        nums = _alt(merge("number_words"))
        num = rf"(?P<num>\d+(?:[.,]\d+)?|{nums})"
        rdays = _alt(merge("relative_days"))
        dayparts = _alt(mlist("dayparts"))
        p: dict[str, list[str]] = {k: [] for k in KINDS}
        p["numeric"] = [rf"(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)\.(?P<year>{YEAR})",
                        rf"(?P<year>{YEAR})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)"]
        # a day range inside one month: "9-10 декабря", "с 9 по 10 декабря", "з 9 до 10 грудня", "December 9-10"
        to_day = r"(?:\s*[-–—]\s*|\s+(?:по|до|to|through|until)\s+)"
        p["date"] = [rf"{prep}(?:(?P<wd>{wdays}),?\s+)?{day}(?:{to_day}(?P<day2>[0-3]?\d))?\s+(?P<mon>{months})"
                     + year_tail,
                     rf"{prep}(?P<mon>{months})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
                     rf"(?:{to_day}(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)?(?:,?\s+(?P<year>{YEAR}))?"]
        p["part"] = [rf"{prep}(?P<part>{parts})\s+(?:(?P<mon>{months}){year_tail}"
                     rf"|(?P<year2>{YEAR})\s*{yw}|(?:(?P<rel2>{rel})\s+)?(?P<unit>{units}))"]
        roman = r"[ivxlхі]+"
        p["century"] = [rf"{prep}(?:(?P<part>{parts})\s+)?(?P<c1>{roman})(?:\s*[-–—]\s*(?P<c2>{roman}))?"
                        rf"\s*(?:{_alt(mlist('centuries'))})"]
        p["decade"] = [rf"{prep}(?:(?P<part>{parts})\s+)?(?P<dec>(?:1[6-9]|20)?\d0)-?(?:х|е|ті|их|і|s)"
                       rf"(?:\s+(?:{_alt(mlist('decade_words'))}))?"]
        p["month"] = [rf"{prep}(?P<mon>{months}){year_tail}"]
        p["season"] = [rf"{prep}(?P<season>{seasons}){year_tail}"]
        p["yearrange"] = [rf"{prep}(?P<y1>{YEAR})\s*[-–—]\s*(?P<y2>{YEAR}|\d\d)(?:\s*{yw})?"]
        p["year"] = [rf"{prep}(?P<year>{YEAR})(?:-?(?:го|м|му|й|х|ті|ий|ом))?\s*(?P<yw>{yw})",
                     rf"{prep}(?P<year>{YEAR})-(?:м|му|го|й|ом|ий)",
                     rf"(?<=\()(?P<year>{YEAR})(?=\s*\??\))",
                     rf"(?P<prep>{_alt(mlist('preps'))})\s+(?P<year>{YEAR})"]
        qual = _alt(merge("qualifiers"))
        p["clock"] = [rf"{prep}(?:(?P<qual>{qual})\s+)?(?P<hh>[0-2]?\d)(?P<sep>[:.])(?P<mm>[0-5]\d)"
                      rf"(?:\s+(?P<zone>{_alt(mlist('clock_zones'))}))?"]
        p["relyear"] = [rf"(?P<ry>{_alt(merge('relative_years'))})"]
        p["relunit"] = [rf"{prep}(?P<rel>{rel})\s+(?P<unit>{units})"]
        p["ago"] = [rf"(?:{num}\s+)?(?P<unit>{units})\s+(?P<ago>{_alt(mlist('ago'))})"]
        p["ctxday"] = [rf"(?P<cd>{_alt(merge('context_days'))})"]
        p["relday"] = [rf"(?P<rd>{rdays})(?:\s+(?P<daypart>{dayparts}))?"]
        p["weekday"] = [rf"(?P<prep>{_alt(mlist('preps'))})\s+(?:(?P<rel>{rel})\s+)?(?P<wd>{wdays})"
                        rf"(?:\s+(?P<daypart>{dayparts}))?",
                        rf"(?P<rel>{rel})\s+(?P<wd>{wdays})"]  # "last Friday", "минулої п'ятниці"
        p["vague"] = [f"(?P<v{i}>{v['pattern']})" for i, v in enumerate(lx.get("vague") or [])]
        p["anniversary"] = [a.replace("(?P<num>", f"(?P<num{i}>") for i, a in enumerate(mlist("anniversary"))]
        cnum, cunit = _alt(merge("compound_numbers")), _alt(merge("compound_units"))
        dprep = _alt(mlist("duration_preps"))
        p["duration"] = [
            rf"(?:(?P<dprep>{dprep})\s+)?(?:(?P<qual>{qual})\s+)?(?:{num}(?:\s+(?P<half>{_alt(mlist('half'))}))?"
            rf"\s+(?P<unit>{units})|(?P<halfunit>{_alt(merge('half_unit'))}))",
            rf"(?P<cnum>{cnum})-?(?P<cunit>{cunit})",
            rf"(?P<dprep>{dprep})\s+(?:(?P<qual>{qual})\s+)?(?P<unit>{units})",  # "через год": one unit
            rf"(?P<qual>{qual})\s+(?P<unit>{units})"]
        self.patterns = [(kind, re.compile(_B + pat + _E)) for kind in KINDS for pat in p[kind]]

    def tables(self) -> dict:
        """Lookup tables of this language merged with English ones (regex lists per key); built once, shared by
        every caller (read only)."""
        if self._tables is None:
            self._tables = self._merged()
        return self._tables

    def _merged(self) -> dict:
        out: dict = {}
        for x in (self.en, self.lx):
            for key, val in x.items():
                if isinstance(val, dict):
                    merged = out.setdefault(key, {})
                    for k, pats in val.items():
                        merged[k] = [*merged.get(k, []), *pats]
                elif isinstance(val, list):
                    out[key] = [*out.get(key, []), *val] if key != "vague" else x.get("vague", [])
        out["vague"] = self.lx.get("vague") or []
        return out


@functools.lru_cache(maxsize=8)
def grammar(language: str) -> Grammar:
    """The compiled grammar for ``language`` (built once per process)."""
    return Grammar(language)


def sentence_around(low: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the sentence around ``low[start:end]`` by a cheap split on terminal punctuation, looking
    at most ``MAX_SENTENCE`` characters either way (a text with no full stop costs linear time, not quadratic)."""
    from ..nlp.base import MAX_SENTENCE

    floor, ceiling = max(0, start - MAX_SENTENCE), min(len(low), end + MAX_SENTENCE)
    a = max(floor - 1, *(low.rfind(c, floor, start) for c in ".!?\n")) + 1
    ends = [i for i in (low.find(c, end, ceiling) for c in ".!?\n") if i >= 0]
    return a, min(ends) if ends else ceiling


def lower(text: str) -> str:
    """Lower-cased text of the same length with ё read as е (offsets stay valid)."""
    low = text.lower().replace("ё", "е")
    if len(low) != len(text):  # a few characters change length when lower-cased; keep offsets exact
        low = "".join(c.lower()[:1] or c for c in text).replace("ё", "е")
    return low


def _plausible(kind: str, m: re.Match, low: str, text: str, ages: list[str]) -> bool:
    """Drop matches that look like dates only by accident (numbers that are amounts, not days)."""
    g = m.groupdict()
    if kind == "year" and not g.get("yw") and g.get("prep") and text[m.start():m.end()][-1:].isdigit():
        # "в 2013" is a year before punctuation, a name or "и"; "в 2000 км" is not
        nxt = re.match(r"\s*(\S+)", text[m.end():])
        if nxt and not (nxt.group(1)[:1] in ",.;:)!?»\"—–-" or nxt.group(1)[:1].isupper()
                        or nxt.group(1) in ("и", "і", "та", "а", "или", "або", "and", "or", "по", "до", "to")):
            return False
    if kind == "duration" and g.get("unit") and compiled(
            r"(?:" + "|".join(ages) + r")\s+(?:\S+\s+)?$").search(low[max(0, m.start() - 40):m.start()]):
        return False  # "в возрасте 60 лет", "старше 18 лет": an age
    if kind == "clock" and (int(g["hh"]) > 24 or (g["sep"] == "." and not g.get("prep"))):
        return False
    if kind in ("duration", "ago") and g.get("num") and re.fullmatch(YEAR, g["num"] or ""):
        return False  # "2019 году" is a year, never "2019 years"
    after = low[m.end():m.end() + 2]
    if after.startswith("%") or after.strip().startswith("%"):
        return False
    if kind == "date" and g.get("day") and not 1 <= int(g["day"]) <= 31:
        return False
    if kind == "numeric" and not (1 <= int(g["mnum"]) <= 12 and 1 <= int(g["day"]) <= 31):
        return False
    if kind == "duration" and g.get("num") and not g.get("qual") and not g.get("dprep"):
        # a bare "один день" or "два года" is still a duration; keep it
        return True
    return True


def find(text: str, language: str) -> list[Found]:
    """Non-overlapping temporal expressions of ``text``, longest first, in text order."""
    g = grammar(language)
    low = lower(text)
    ages = g.tables().get("age_cues") or ["(?!x)x"]
    cands: list[tuple[int, int, int, str, re.Match]] = []
    for kind, rx in g.patterns:
        for m in rx.finditer(low):
            if m.end() > m.start() and _plausible(kind, m, low, text, ages):
                cands.append((m.start(), m.end(), KINDS.index(kind), kind, m))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    out: list[Found] = []
    for start, end, _, kind, m in cands:
        if any(start < e and s < end for s, e in taken):
            continue
        slots = {k: v for k, v in m.groupdict().items() if v is not None}
        if kind == "month" and "prep" not in slots and "year" not in slots and "rel" not in slots:
            continue  # a bare month name ("Март", "май") is too often something else
        if kind == "season" and "prep" not in slots and "year" not in slots and "rel" not in slots \
                and not re.search(r"(?:ом|ой|ою|ени|ку|ні)$", slots.get("season", "")):
            continue  # "осень" alone is a noun; "осенью", "восени", "взимку" are adverbs of time
        taken.append((start, end))
        out.append(Found(start, end, text[start:end], kind, slots))
    out.sort(key=lambda f: f.start)
    return _join_ranges(out, text, g.tables())


RANGEABLE = {"date", "month", "year", "part", "season", "decade", "century", "numeric"}


def _join_ranges(found: list[Found], text: str, tables: dict) -> list[Found]:
    """Join "с 2009 года" + "по 2013 год" (since-part, then until-part, nothing between) into one range."""
    since = tables.get("since") or []
    until = tables.get("until") or []
    out: list[Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and a.kind in RANGEABLE and b.kind in RANGEABLE \
                and text[a.end:b.start].strip() in ("", "-", "–", "—") \
                and lookup({"s": since}, a.slots.get("prep", "")) and lookup({"u": until}, b.slots.get("prep", "")):
            out.append(Found(a.start, b.end, text[a.start:b.end], "range", {"parts": (a, b)}))
            i += 2
            continue
        out.append(a)
        i += 1
    return out
