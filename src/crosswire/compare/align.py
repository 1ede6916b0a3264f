"""Claims about the same measure, aligned across articles: exact measure strings first, then tolerant merges.

Two measure strings merge when their units match and their content tokens (concept, entities) overlap enough.
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


def measure_tokens(measure: str) -> tuple[frozenset[str], frozenset[str]]:
    """(head tokens, qualifier tokens) of a measure: ``troops sent | North Korea`` splits at ``|``."""
    stop = set(_config()["stop_tokens"])
    head, _, rest = measure.lower().partition("|")

    def toks(text: str) -> frozenset[str]:
        return frozenset(t for t in re.split(r"[^\w%]+", text) if t and t not in stop)

    return toks(head), toks(rest)


def mergeable(a: str, b: str, min_j: float) -> bool:
    """Same qualifier tokens (whose troops) and heads that overlap at least ``min_j`` (Jaccard)."""
    (ha, ra), (hb, rb) = measure_tokens(a), measure_tokens(b)
    return bool(ha and hb) and ra == rb and len(ha & hb) / len(ha | hb) >= min_j


def _unit(c: Claim) -> str:
    return (c.unit or "").strip().lower()


def align(claims: Iterable[Claim]) -> list[tuple[str, list[Claim]]]:
    """(measure label, claims) groups: same measure, or same unit with overlapping measure tokens."""
    by_measure: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.measure and c.value is not None:
            by_measure[(c.measure.strip().lower(), _unit(c))].append(c)
    keys = sorted(by_measure, key=lambda k: (-len(by_measure[k]), k))
    min_j = _config()["min_token_jaccard"]
    clusters: list[list[tuple[str, str]]] = []
    for k in keys:
        # complete linkage: a measure joins a cluster only if it matches every measure already in it
        home = next((c for c in clusters if all(k[1] == o[1] and mergeable(k[0], o[0], min_j) for o in c)), None)
        if home is None:
            clusters.append([k])
        else:
            home.append(k)
    clusters = _join_on_figures(clusters, by_measure)
    merged = {c[0]: [x for k in c for x in by_measure[k]] for c in clusters}
    out = []
    for root, members in merged.items():
        label = by_measure[root][0].measure
        out.append((label, sorted(members, key=lambda c: (c.article, c.start, c.id))))
    return sorted(out, key=lambda g: g[0])


def _subsumes(a: str, b: str) -> bool:
    """One measure is the other with words left out ("share" and "share of vehicles", "cases" and "cases |
    United Kingdom"): head and qualifier tokens of one are subsets of the other's."""
    (ha, ra), (hb, rb) = measure_tokens(a), measure_tokens(b)
    return bool(ha and hb) and ((ha <= hb and ra <= rb) or (hb <= ha and rb <= ra))


def _join_on_figures(clusters: list[list[tuple[str, str]]], by_measure: dict) -> list[list[tuple[str, str]]]:
    """Join clusters whose measures differ only by words one reader left out, when two articles give the very
    same figure in the same unit under them: a translation or a rewrite read a little less fully (the English
    reader finds "share" where the Russian one found "share of vehicles"). Groups so joined may hold several
    figures per article; ``split_ambiguous`` then compares them figure by figure."""
    figures = [{(c.value, c.article) for k in cl for c in by_measure[k] if c.value} for cl in clusters]
    out: list[list[tuple[str, str]]] = []
    merged_figs: list[set] = []
    for cl, figs in zip(clusters, figures, strict=True):
        values = {v for v, _ in figs}
        home = next((i for i, o in enumerate(out) if o[0][1] == cl[0][1] and _subsumes(o[0][0], cl[0][0])
                     and any(v in values and any(v == w and a != b for w, b in figs)
                             for v, a in merged_figs[i])), None)
        if home is None:
            out.append(list(cl))
            merged_figs.append(set(figs))
        else:
            out[home].extend(cl)
            merged_figs[home] |= figs
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
