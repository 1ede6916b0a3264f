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
    merged = {c[0]: [x for k in c for x in by_measure[k]] for c in clusters}
    out = []
    for root, members in merged.items():
        label = by_measure[root][0].measure
        out.append((label, sorted(members, key=lambda c: (c.article, c.start, c.id))))
    return sorted(out, key=lambda g: g[0])
