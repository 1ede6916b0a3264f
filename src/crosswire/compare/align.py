"""Claims that state the same fact, aligned across articles: the counted thing, the predicate, the place, the
part or rate and the unit must all match (``read/statement.py`` fills these slots). Figures too vague to state
a fact are never aligned. ``split_ambiguous`` then cuts a group one article gives two figures for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from ..model import Claim


@lru_cache(maxsize=1)
def _config() -> dict:
    import yaml

    text = resources.files("crosswire").joinpath("data/compare/measures.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _unit(c: Claim) -> str:
    return (c.unit or "").strip().lower()


def _tokens(text: str) -> str:
    """A measure string as its sorted content tokens ("troops sent to Russia DPRK" = "DPRK troops sent to Russia")."""
    stop = set(_config()["stop_tokens"])
    return " ".join(sorted({t for t in re.split(r"[^\w%|]+", text.lower()) if t and t not in stop}))


def statement_key(c: Claim) -> tuple[str, str, str, str, str]:
    """What two figures must share to state the same fact: counted thing, predicate, place, part or rate, unit.
    A claim read before these slots existed (an old document) has only its measure string."""
    if not c.counted:
        return (_tokens(c.measure), "", "", "", _unit(c))
    return (c.counted.strip().lower(), c.predicate.strip().lower(), c.place.strip().lower(), c.subset, _unit(c))


def comparable(c: Claim) -> bool:
    """A figure with a value that states a fact precise enough to set beside another's."""
    return c.value is not None and not c.vague and bool(c.measure)


def align(claims: Iterable[Claim]) -> list[tuple[str, list[Claim]]]:
    """(measure label, claims) groups of figures that state the same fact: every slot of the statement matches.
    Figures too vague to align (``Claim.vague``) are left out: they stay listed on their article."""
    by_key: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for c in claims:
        if comparable(c):
            by_key[statement_key(c)].append(c)
    out = [(members[0].measure, sorted(members, key=lambda c: (c.article, c.start, c.id)))
           for members in by_key.values()]
    return sorted(out, key=lambda g: (g[0], g[1][0].id))


def basis(claims: list[Claim]) -> dict[str, str]:
    """What the figures of a group share, slot by slot (the group's alignment basis)."""
    c = claims[0]
    if not c.counted:
        return {"measure": c.measure, "unit": c.unit or "", "how": "same measure words"}
    out = {"counted": c.counted, "predicate": c.predicate or "-", "place": c.place or "-",
           "subset": c.subset or "-", "unit": c.unit or "-"}
    out["how"] = "every slot equal" + (" (predicate a shared class)" if c.predicate.isascii() and c.predicate
                                       else " (predicate the same word)" if c.predicate else "")
    return out


def split_ambiguous(claims: list[Claim]) -> list[list[Claim]]:
    """One aligned group, or its value clusters when the measure is too coarse to compare.

    When one article gives two incompatible figures for a measure at one time ("8 %" and "9 %" of two
    different things, both read as "share"), the measure string does not say which figure of another
    article answers which, and comparing them would report contradictions that are not there. Such a group
    is cut into clusters of compatible figures (overlapping intervals), each compared on its own: a
    translation or a copy still agrees figure by figure, and nothing is called a contradiction.
    """
    from ..group.dates import day_range, gap_days
    from .intervals import claim_interval, overlaps

    spans = [claim_interval(c) for c in claims]

    def apart_in_time(a: Claim, b: Claim) -> bool:
        ra, rb = day_range(a.refers_to), day_range(b.refers_to)
        return bool(ra and rb and gap_days(ra, rb))

    ambiguous = any(a.article == b.article and spans[i] and spans[j] and not overlaps(spans[i], spans[j])
                    and not apart_in_time(a, b)
                    for i, a in enumerate(claims) for j, b in enumerate(claims) if i < j)
    if not ambiguous:
        return [claims]
    # complete linkage: a figure joins a cluster only when it is compatible with every figure already there
    # (single linkage would chain "~20 %" and "~33 %" through a broad "20-35 %" and call them one thing)
    clusters: list[list[int]] = []
    order = sorted(range(len(claims)), key=lambda i: (spans[i] is None, spans[i] or (0.0, 0.0), claims[i].id))
    for i in order:
        home = next((cl for cl in clusters if spans[i] and all(spans[j] and overlaps(spans[i], spans[j])
                                                                for j in cl)), None)
        if home is None:
            clusters.append([i])
        else:
            home.append(i)
    return [[claims[i] for i in sorted(cl)] for cl in clusters]
