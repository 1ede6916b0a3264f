"""Verdicts on aligned claims: agree, update (one measure at different times), diverge (an uncertain conflict),
contradict (the same fact at the same time, confidently aligned, from the same source scope), single source.

Every verdict carries its reason: the figures, hedges, sources and times it was drawn from, and for a divergence
why it is no contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from ..group.dates import day_range, gap_days
from ..model import Article, Claim, Qualifier, Verdict
from .intervals import Interval, claim_interval, common, interval, overlaps, show

UNATTRIBUTED = {"", "article", "outlet", "unattributed"}
SAME_STORY_DAYS = 2  # dated reports of one story this close, with no time of their own, speak of one moment
AGE_SLACK_YEARS = 1  # two reports of one person's age may straddle a birthday

Span = tuple[date, date]


def _norm_source(c: Claim, articles: Mapping[str, Article]) -> str:
    """The named source of a figure; "" when the outlet states it itself."""
    text = re.sub(r"\W+", " ", (c.source_entity or c.source or "").lower()).strip()
    outlet = articles[c.article].outlet if c.article in articles else None
    return "" if text in UNATTRIBUTED or (outlet and text == re.sub(r"\W+", " ", outlet.lower()).strip()) else text


def time_of(c: Claim, articles: Mapping[str, Article]) -> tuple[Span | None, bool]:
    """(the days a figure holds for, whether that is sharp): its as-of time, else its article's publication
    date (sharp) or inferred window (not sharp)."""
    if c.as_of:
        return day_range(c.as_of), c.as_of_from != "window"
    if c.refers_to:
        return day_range(c.refers_to), True
    art = articles.get(c.article)
    if art is not None and art.published:
        return day_range(art.published[:10]), True
    if art is not None and art.published_window:
        return day_range("/".join(art.published_window)), False
    return None, False


def same_time(a: Claim, b: Claim, articles: Mapping[str, Article], story_of: Mapping[str, str]) -> bool | None:
    """Whether two figures describe one moment: True, False, or None when that cannot be told.

    Times the texts state (or present-tense figures of dated articles) decide; failing those, two dated
    reports of one story published within SAME_STORY_DAYS speak of that story's event."""
    ra = day_range(a.as_of or a.refers_to) if a.as_of_from != "window" else None
    rb = day_range(b.as_of or b.refers_to) if b.as_of_from != "window" else None
    if ra and rb:
        return gap_days(ra, rb) == 0
    if ra or rb:
        return None
    if story_of.get(a.article) is None or story_of.get(a.article) != story_of.get(b.article):
        return None
    pa = day_range((articles[a.article].published or "")[:10]) if a.article in articles else None
    pb = day_range((articles[b.article].published or "")[:10]) if b.article in articles else None
    if pa and pb:
        return (gap_days(pa, pb) or 0) <= SAME_STORY_DAYS
    return None


def same_source(a: Claim, b: Claim, articles: Mapping[str, Article]) -> bool:
    """Same named source, or neither names one (each outlet states it as fact)."""
    return _norm_source(a, articles) == _norm_source(b, articles)


def describe(c: Claim, articles: Mapping[str, Article]) -> str:
    """``Outlet (article): ~13000 troops, per X, as of D``."""
    art = articles.get(c.article)
    who = f"{art.outlet} " if art and art.outlet else ""
    parts = [f"{who}[{c.article}]: {show(c)}"]
    if _norm_source(c, articles):
        parts.append(f"per {c.source or c.source_entity}")
    when = c.as_of or c.refers_to or (art.published if art else None)
    if when:
        parts.append(f"as of {when}")
    return ", ".join(parts)


def series(claims: Sequence[Claim], articles: Mapping[str, Article]) -> list[list[Claim]] | None:
    """The claims as one measure over time: each figure with its as-of time (stated in the text, or the
    publication date of a present-tense figure, then from one source scope), in slots of overlapping times,
    each slot's figures agreeing among themselves and the slots' figures differing; None when they are no
    such series."""
    if len({_norm_source(c, articles) for c in claims}) > 1 and any(c.as_of_from != "text" for c in claims):
        return None  # estimates of different sources at publication times differ for either reason; dates the
        # texts give themselves ("в 2017 году", "по состоянию на 1 января") make a series whoever states them
    times = [day_range(c.as_of) if c.as_of and c.as_of_from in ("text", "published") else None for c in claims]
    if any(t is None for t in times):
        return None
    order = sorted(range(len(claims)), key=lambda i: times[i])
    slots: list[list[int]] = []
    end: date | None = None
    for i in order:
        lo, hi = times[i]
        if slots and end is not None and lo <= end:
            slots[-1].append(i)
            end = max(end, hi)
        else:
            slots.append([i])
            end = hi
    if len(slots) < 2:
        return None
    commons: list[Interval] = []
    for slot in slots:
        both = common([s for i in slot if (s := claim_interval(claims[i])) is not None])
        if both is None:
            return None  # a conflict inside one moment: no series
        commons.append(both)
    if all(overlaps(commons[k], commons[k + 1]) for k in range(len(commons) - 1)):
        return None  # one value all along: an agreement
    return [[claims[i] for i in slot] for slot in slots]


def running_kind(c: Claim) -> str:
    """Why a figure is bound to grow with time ("an age", "a running total": "уже уложено", "на момент
    публикации"); "" when nothing says so."""
    if c.counted.split(" (")[0] == "age":
        return "an age"
    return "a running total" if c.running else ""


def running_series(claims: Sequence[Claim], articles: Mapping[str, Article],
                   story_of: Mapping[str, str]) -> list[list[Claim]] | None:
    """Figures of a measure that only grows (an age, a running total), each as of its own report's moment, as
    slots in order of value; None when they are no such series.

    Undated reports give no order of their own; a measure that only grows orders them by value. Known times must
    not run against that order (a larger total known to be earlier is a conflict), no article may give two of
    the values, and ages must fit their times: undated ages, or ages that grew more or less than the years
    between their reports allow (one a year, plus a birthday), are a conflict, not an update."""
    kinds = {running_kind(c) for c in claims}
    if len(kinds) != 1 or "" in kinds:
        return None
    kind = kinds.pop()
    spans = [claim_interval(c) for c in claims]
    if any(s is None for s in spans):
        return None
    slots: list[list[int]] = []
    both: Interval | None = None
    for i in sorted(range(len(claims)), key=lambda i: (spans[i][0], spans[i][1])):
        joined = common([both, spans[i]]) if both is not None else None
        if joined is not None:
            slots[-1].append(i)
            both = joined
        else:
            slots.append([i])
            both = spans[i]
    if len(slots) < 2:
        return None
    slot_of = {i: k for k, slot in enumerate(slots) for i in slot}
    if any(len({slot_of[i] for i in range(len(claims)) if claims[i].article == a}) > 1
           for a in {c.article for c in claims}):
        return None  # one report gives two values: not two moments
    times = [time_of(c, articles)[0] for c in claims]
    for i in range(len(claims)):
        for j in range(len(claims)):
            if slot_of[i] < slot_of[j] and times[i] and times[j] and times[i][0] > times[j][1]:
                return None  # the smaller figure is known to come later
            if kind == "an age" and slot_of[i] < slot_of[j] and same_time(claims[i], claims[j], articles, story_of):
                return None
    if kind == "an age":
        if any(t is None for t in times):
            return None
        for i in range(len(claims)):
            for j in range(len(claims)):
                if slot_of[i] < slot_of[j]:
                    # years from i's report to j's, at least and at most, against the years the ages say
                    least = (times[j][0] - times[i][1]).days / 365.25
                    most = (times[j][1] - times[i][0]).days / 365.25
                    grown = claims[j].value - claims[i].value
                    if grown > most + AGE_SLACK_YEARS or grown < least - AGE_SLACK_YEARS:
                        return None
    return [[claims[i] for i in slot] for slot in slots]


def claim_verdict(claims: Sequence[Claim], articles: Mapping[str, Article], story_of: Mapping[str, str],
                  anchored: Callable[[Claim, Claim], bool] | None = None) -> tuple[Verdict, str]:
    """The verdict on figures that state one fact, and why.

    ``anchored(a, b)``: whether two figures are tied to one event (they name a common entity); a contradiction
    needs it. Without it every pair counts as tied (hand-built claims)."""
    listed = "; ".join(describe(c, articles) for c in claims)
    if len({c.article for c in claims}) < 2:
        return Verdict.SINGLE_SOURCE, f"only one article reports it: {listed}"
    spans = [claim_interval(c) for c in claims]
    both = common([s for s in spans if s is not None])
    apart = _bounds_apart(claims)
    if both is not None and apart:
        return Verdict.DIVERGE, (f"different figures, no contradiction: open bounds of different counts ({apart}); "
                                 f"each allows the other, but the counts behind them differ, and time or source "
                                 f"may explain it: {listed}")
    if both is not None:
        return Verdict.AGREE, f"consistent given their hedges (all allow {both[0]:g}–{both[1]:g}): {listed}"
    slots = series(claims, articles)
    if slots is not None:
        steps = [f"{'/'.join(sorted({show(c) for c in slot}))} as of {_when(slot[0], articles)}" for slot in slots]
        latest = slots[-1][0]
        return Verdict.UPDATE, (f"one measure at different times: {' → '.join(steps)}; latest {show(latest)} "
                                f"as of {_when(latest, articles)}: {listed}")
    slots = running_series(claims, articles, story_of)
    if slots is not None:
        steps = ["/".join(sorted({show(c) for c in slot})) for slot in slots]
        return Verdict.UPDATE, (f"one measure at different moments: {running_kind(claims[0])} only grows, and "
                                f"each report gives it as of its own moment, so the figures run in order of value: "
                                f"{' → '.join(steps)}; latest {steps[-1]}{_span(claims, articles)}: {listed}")
    clashes, doubts = [], set()
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if a.article == b.article or overlaps(spans[i], spans[j]):
                continue
            why = _doubt(a, b, articles, story_of, anchored)
            if why:
                doubts.add(why)
            else:
                clashes.append(f"{show(a)} vs {show(b)}")
    if clashes:
        return Verdict.CONTRADICT, (f"incompatible figures for the same fact at the same time from the same "
                                    f"source scope ({'; '.join(clashes)}): {listed}")
    return Verdict.DIVERGE, f"different figures, no contradiction: {'; '.join(sorted(doubts))}: {listed}"


_BOUNDS = {Qualifier.MORE_THAN: "above", Qualifier.AT_LEAST: "above", Qualifier.LESS_THAN: "below",
           Qualifier.UP_TO: "below"}


def _bounds_apart(claims: Sequence[Claim]) -> str:
    """ "более 180" and "более 260-ти" (one toll in two reports): open bounds of one direction whose figures are
    apart even as approximate figures; they allow each other, yet state different counts. "" when none are."""
    for side in ("above", "below"):
        bounds = sorted({c.value for c in claims if c.value is not None and _BOUNDS.get(Qualifier(c.qualifier)) == side})
        if len(bounds) > 1 and not overlaps(interval(bounds[0], Qualifier.APPROX), interval(bounds[-1], Qualifier.APPROX)):
            sign = ">" if side == "above" else "<"
            return " / ".join(f"{sign}{v:g}" for v in bounds)
    return ""


def _doubt(a: Claim, b: Claim, articles: Mapping[str, Article], story_of: Mapping[str, str],
           anchored: Callable[[Claim, Claim], bool] | None) -> str:
    """Why two clashing figures are no confirmed contradiction ("" when they are one)."""
    if not same_source(a, b, articles):
        return "different sources"
    when = same_time(a, b, articles, story_of)
    if when is None:
        return "their times are not known to coincide"
    if not when:
        return "different times"
    if anchored is not None and not anchored(a, b):
        return "nothing ties them to one event"
    return ""


def _span(claims: Sequence[Claim], articles: Mapping[str, Article]) -> str:
    """``; the reports' times span 2010-10-31 to 2019-12-31 (undated ones by their inferred windows)``, or ""."""
    times = [t for c in claims if (t := time_of(c, articles)[0]) is not None]
    if not times:
        return ""
    inferred = any(not time_of(c, articles)[1] for c in claims)
    return (f"; the reports' times span {min(t[0] for t in times)} to {max(t[1] for t in times)}"
            + (" (undated ones by their inferred windows)" if inferred else ""))


def _when(c: Claim, articles: Mapping[str, Article]) -> str:
    art = articles.get(c.article)
    return c.as_of or c.refers_to or (art.published if art and art.published else "?")
