"""Verdicts on aligned claims: agree, diverge (different sources or times), contradict, single source.

Every verdict carries its reason: the figures, hedges, sources and dates it was drawn from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..group.dates import day_range, gap_days
from ..model import Article, Claim, Verdict
from .intervals import claim_interval, common, overlaps, show

UNATTRIBUTED = {"", "article", "outlet", "unattributed"}


def _norm_source(c: Claim, articles: Mapping[str, Article]) -> str:
    """The named source of a figure; "" when the outlet states it itself."""
    text = re.sub(r"\W+", " ", (c.source_entity or c.source or "").lower()).strip()
    outlet = articles[c.article].outlet if c.article in articles else None
    return "" if text in UNATTRIBUTED or (outlet and text == re.sub(r"\W+", " ", outlet.lower()).strip()) else text


def same_time(a: Claim, b: Claim, articles: Mapping[str, Article], story_of: Mapping[str, str]) -> bool:
    """Whether two figures describe the same moment: same period stated, else the same story's event."""
    ra, rb = day_range(a.refers_to), day_range(b.refers_to)
    if ra and rb:
        return gap_days(ra, rb) == 0
    if story_of.get(a.article) is None or story_of.get(a.article) != story_of.get(b.article):
        return False
    pa, pb = day_range(articles[a.article].published), day_range(articles[b.article].published)
    return pa is None or pb is None or (gap_days(pa, pb) or 0) <= 7


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
    when = c.refers_to or (art.published if art else None)
    if when:
        parts.append(f"as of {when}")
    return ", ".join(parts)


def claim_verdict(claims: Sequence[Claim], articles: Mapping[str, Article],
                  story_of: Mapping[str, str]) -> tuple[Verdict, str]:
    """The verdict on figures for one measure, and why."""
    listed = "; ".join(describe(c, articles) for c in claims)
    arts = {c.article for c in claims}
    if len(arts) < 2:
        return Verdict.SINGLE_SOURCE, f"only one article reports it: {listed}"
    spans = [claim_interval(c) for c in claims]
    both = common([s for s in spans if s is not None])
    if both is not None:
        return Verdict.AGREE, f"consistent given their hedges (all allow {both[0]:g}–{both[1]:g}): {listed}"
    clashes = []
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if a.article != b.article and not overlaps(spans[i], spans[j]) \
                    and same_source(a, b, articles) and same_time(a, b, articles, story_of):
                clashes.append(f"{show(a)} vs {show(b)}")
    if clashes:
        return Verdict.CONTRADICT, (f"incompatible figures for the same thing at the same time from the same "
                                    f"source scope ({'; '.join(clashes)}): {listed}")
    return Verdict.DIVERGE, f"different estimates (different sources or dates; no value fits all): {listed}"
