"""Framing profiles: weighted counts of loaded terms per leaning, for one article and aggregated per outlet.

A dominant leaning needs a minimum of evidence; terms inside direct quotes count less (the outlet reports them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..model import ArticleFacts, Framing, Quote

LEANINGS = ("pro-kremlin", "pro-ukraine", "critical-of-kremlin", "neutral")
# the two sides of the war; pro-ukraine and critical-of-kremlin both speak against the Kremlin's framing
_SIDE = {"pro-kremlin": "kremlin", "pro-ukraine": "anti-kremlin", "critical-of-kremlin": "anti-kremlin"}
MIN_EVIDENCE = 2.0  # weighted partisan hits needed before calling a side
MIN_SHARE = 0.7  # share of the partisan weight the winning side needs
QUOTED_WEIGHT = 0.25  # a term in someone's direct speech says little about the outlet's own voice
_QUOTE_PAIRS = re.compile(r"«[^«»]*»|“[^“”]*”|„[^„“”]*[“”]|\"[^\"\n]*\"")


def quoted_ranges(text: str, quotes: Iterable[Quote] = ()) -> list[tuple[int, int]]:
    """Character ranges of direct speech: quote-mark pairs in ``text`` plus the direct quotes read from it."""
    spans = [(m.start(), m.end()) for m in _QUOTE_PAIRS.finditer(text) if m.end() - m.start() > 40]
    spans += [(q.start, q.end) for q in quotes if q.direct]
    return spans


def _weight(item: Framing, weights: dict[str, float], quoted: list[tuple[int, int]]) -> float:
    w = weights.get(item.lexicon, 1.0)
    if any(s <= item.start and item.end <= e for s, e in quoted):
        w *= QUOTED_WEIGHT
    return w


def dominant(scores: dict[str, float], neutral_hits: int = 0) -> str:
    """The leaning the evidence supports, "mixed" when sides compete, "neutral" or "unclear" when too little."""
    sides: dict[str, float] = defaultdict(float)
    for leaning, w in scores.items():
        if leaning in _SIDE:
            sides[_SIDE[leaning]] += w
    partisan = sum(sides.values())
    if partisan < MIN_EVIDENCE:
        return "neutral" if neutral_hits else "unclear"
    side, top = max(sides.items(), key=lambda kv: kv[1])
    if top / partisan < MIN_SHARE:
        return "mixed"
    if side == "kremlin":
        return "pro-kremlin"
    # the anti-Kremlin side: the stronger of its two leanings, critical when they tie
    pro, crit = scores.get("pro-ukraine", 0.0), scores.get("critical-of-kremlin", 0.0)
    return "pro-ukraine" if pro > crit else "critical-of-kremlin"


def framing_profile(framing_items: Sequence[Framing], text: str | None = None,
                    quotes: Iterable[Quote] = (), language: str | None = None) -> dict:
    """Counts and weighted scores per leaning and category, top terms, and the dominant leaning."""
    from ..read.framing import entry_weights

    weights: dict[str, float] = {}
    for lang in ({language} if language else {i.lexicon.split(".")[0] for i in framing_items}):
        weights.update(entry_weights(lang))
    quoted = quoted_ranges(text, quotes) if text else [(q.start, q.end) for q in quotes if q.direct]
    counts: dict[str, int] = defaultdict(int)
    scores: dict[str, float] = defaultdict(float)
    categories: dict[str, int] = defaultdict(int)
    terms: dict[str, int] = defaultdict(int)
    n_quoted = 0
    for item in framing_items:
        w = _weight(item, weights, quoted)
        n_quoted += w < weights.get(item.lexicon, 1.0)
        counts[item.leaning] += 1
        scores[item.leaning] += w
        categories[item.category] += 1
        terms[item.lexicon] += 1
    return {
        "n": len(framing_items),
        "quoted": n_quoted,
        "counts": dict(counts),
        "scores": {k: round(v, 3) for k, v in scores.items()},
        "categories": dict(categories),
        "top_terms": sorted(terms, key=lambda t: (-terms[t], t))[:5],
        "dominant": dominant(scores, counts.get("neutral", 0)),
    }


def article_profiles(facts: Sequence[ArticleFacts]) -> dict[str, dict]:
    """Article id -> its framing profile (quotes discounted using the article's text and quotes)."""
    return {f.article.id: framing_profile(f.framing, f.article.text, f.quotes, f.article.language)
            for f in facts}


def outlet_profiles(facts: Sequence[ArticleFacts]) -> dict[str, dict]:
    """Outlet -> aggregated profile: summed scores over its articles, per-article dominant leanings, overall."""
    per_article = article_profiles(facts)
    grouped: dict[str, list[ArticleFacts]] = defaultdict(list)
    for f in facts:
        grouped[f.article.outlet or "unknown"].append(f)
    out: dict[str, dict] = {}
    for outlet, items in sorted(grouped.items()):
        counts: dict[str, int] = defaultdict(int)
        scores: dict[str, float] = defaultdict(float)
        article_leanings: dict[str, int] = defaultdict(int)
        for f in items:
            prof = per_article[f.article.id]
            article_leanings[prof["dominant"]] += 1
            for k, v in prof["counts"].items():
                counts[k] += v
            for k, v in prof["scores"].items():
                scores[k] += v
        out[outlet] = {
            "articles": len(items),
            "counts": dict(counts),
            "scores": {k: round(v, 3) for k, v in scores.items()},
            "article_leanings": dict(article_leanings),
            "dominant": dominant(scores, counts.get("neutral", 0)),
        }
    return out
