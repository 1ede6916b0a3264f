"""Infer a publication window for an undated article from what its text says about time.

Evidence: durations of well-known ongoing events ("вторгнення триває вже майже 19 місяців"), anniversaries
("80-летию победы"), both counted from ``data/time/anchors.yaml``, and the latest absolute date mentioned.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from ..datafiles import load_yaml
from .timeresolve import add_units, duration_amount, value_range
from .timexpr import Found, compiled, lookup, sentence_around


@dataclass(frozen=True, slots=True)
class Window:
    """An inferred publication window with the evidence it rests on."""

    start: date
    end: date
    confidence: float
    evidence: str
    reference: date | None = None  # the day relative expressions are read against (default: the middle)

    @property
    def middle(self) -> date:
        return self.reference or self.start + (self.end - self.start) / 2


@functools.lru_cache(maxsize=1)
def anchors() -> list[dict]:
    """Well-known anchor events: id, date, cue patterns."""
    path = resources.files("crosswire") / "data" / "time" / "anchors.yaml"
    out = load_yaml(path.read_text(encoding="utf-8"))
    for a in out:
        a["date"] = a["date"] if isinstance(a["date"], date) else date.fromisoformat(str(a["date"]))
        a["rx"] = [re.compile(r"(?<!\w)" + c) for c in a["cues"]]
    return out


def anchor_in(sentence: str) -> dict | None:
    """The anchor event a sentence names, preferring the longest (most specific) cue."""
    best, best_len = None, 0
    for a in anchors():
        for rx in a["rx"]:
            m = rx.search(sentence)
            if m and len(m.group(0)) > best_len:
                best, best_len = a, len(m.group(0))
    return best


def _sentence(low: str, f: Found) -> str:
    """The lower-cased sentence around ``f`` (cheap split on terminal punctuation)."""
    a, b = sentence_around(low, f.start, f.end)
    return low[a:b]


def _duration_bounds(f: Found, tables: dict) -> tuple[float, float, str] | None:
    """(low, high, unit) of how long something has lasted, widened by its hedge ("майже" 19 -> 18.5..19)."""
    n, unit = duration_amount(f, tables)
    if n is None or unit not in ("year", "month", "week", "day"):
        return None
    qual = f.slots.get("qual")
    if qual and lookup({"a": tables["qualifiers"].get("almost", [])}, qual):
        return n - 0.5, n, unit
    if qual and lookup({"a": tables["qualifiers"].get(">", [])}, qual):
        return n, n + 1, unit
    if qual and lookup({"a": tables["qualifiers"].get("<", [])}, qual):
        return max(n - 1, 0), n, unit
    if qual:
        return n - 0.5, n + 0.5, unit
    return n, n + 1, unit


def infer_window(found: list[Found], resolved: list, low: str, tables: dict,
                 directions: list[int] | None = None) -> Window | None:
    """The window the article was most likely written in, or None when the text gives no evidence.

    ``resolved`` holds, per found expression, its resolution without a reference date (absolute ones only);
    ``directions`` whether each looks ahead (+1) or back (-1) from its sentence.
    """
    ongoing = [compiled(r"(?<!\w)" + c + r"(?!\w)") for c in tables.get("ongoing_cues") or []]
    spans: list[tuple[date, date, str]] = []
    for f in found:
        sent = _sentence(low, f)
        if f.kind == "duration" and any(rx.search(sent) for rx in ongoing):
            anchor = anchor_in(sent)
            bounds = _duration_bounds(f, tables)
            if anchor and bounds:
                lo, hi, unit = bounds
                spans.append((add_units(anchor["date"], unit, lo), add_units(anchor["date"], unit, hi),
                              f"{anchor['id']} + {f.text}"))
        elif f.kind == "anniversary":
            anchor = anchor_in(sent)
            if anchor:
                n = next(int(v) for k, v in f.slots.items() if k.startswith("num"))
                y = anchor["date"].year + n
                spans.append((date(y, 1, 1), date(y, 12, 31), f"{anchor['id']} {f.text}"))
    latest: date | None = None
    latest_end: date | None = None
    skip = {x for x in tables.get("window_skip_preps") or []}
    for i, (f, r) in enumerate(zip(found, resolved, strict=True)):
        # "к 2050 году", "by 2030", a future-tense sentence: targets and plans say nothing of "now"
        if f.slots.get("prep") in skip or (directions and directions[i] > 0):
            continue
        if r.anchor == "absolute" and r.value and r.grain in ("day", "month", "year", "interval") \
                and f.kind not in ("duration", "anniversary", "range"):
            rng = value_range(r.value.split("/")[0])
            if rng and (latest is None or rng[0] > latest):
                latest, latest_end = rng
    if spans:
        start = max(s for s, _, _ in spans)
        end = min(e for _, e, _ in spans)
        if start > end:  # disagreeing anchors: keep the most precise one
            start, end, _ = min(spans, key=lambda s: s[1] - s[0])
        evidence = "; ".join(e for _, _, e in spans)
        if latest and start <= latest <= end:
            start, evidence = latest, evidence + f"; latest date mentioned {latest.isoformat()}"
        return Window(start, end, 0.6, evidence)
    if latest:
        # news is mostly written soon after the latest date it mentions: read relative dates from that day
        return Window(latest, latest_end + timedelta(days=365), 0.3,
                      f"latest date mentioned {latest.isoformat()}", reference=latest)
    return None

