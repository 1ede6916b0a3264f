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


def measure_tokens(measure: str) -> frozenset[str]:
    """The content tokens of a measure string (lower-cased, stop tokens dropped)."""
    stop = set(_config()["stop_tokens"])
    return frozenset(t for t in re.split(r"[^\w%]+", measure.lower()) if t and t not in stop)


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
    parent = {k: k for k in keys}

    def find(k):
        while parent[k] != k:
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        ta = measure_tokens(a[0])
        for b in keys[i + 1:]:
            if a[1] != b[1] or find(a) == find(b):
                continue
            tb = measure_tokens(b[0])
            if ta and tb and len(ta & tb) / len(ta | tb) >= min_j:
                parent[find(b)] = find(a)
    merged: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for k in keys:
        merged[find(k)].extend(by_measure[k])
    out = []
    for root, members in merged.items():
        label = by_measure[root][0].measure
        out.append((label, sorted(members, key=lambda c: (c.article, c.start, c.id))))
    return sorted(out, key=lambda g: g[0])
