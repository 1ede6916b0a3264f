"""Average-linkage clustering over a sparse graph of scored pairs, with cannot-link and must-link constraints.

Why our own: scipy and scikit-learn cluster dense distance matrices (quadratic memory at 50k articles) and take
no cannot-link constraints. Here two clusters merge when the mean margin over all their cross pairs is >= 0
(pairs never scored count ``default``, a negative margin) and no cross pair is forbidden; the best pair merges
first. Only pairs with scored links can ever reach the bar, so the work follows the graph, not n². The result
depends on the graph alone (ties are broken by node order), never on the order articles arrived in; and one
bridge node cannot chain two groups it links weakly, since every cross pair counts.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping, Sequence

from ..unionfind import UnionFind


def agglomerate(n: int, margins: dict[tuple[int, int], float], cannot: Iterable[tuple[int, int]] = (),
                must: Iterable[tuple[int, int]] = (), default: float = -0.3, sizes: Sequence[int] | None = None,
                frozen: Collection[int] = (), summed: Mapping[tuple[int, int], float] | None = None) -> list[list[int]]:
    """Clusters of nodes ``0..n-1`` (each sorted; clusters ordered by their first node).

    ``margins``: scored pairs (i < j) -> margin; ``cannot``: pairs never to share a cluster; ``must``: pairs to
    start in one cluster (they override ``cannot`` between themselves); ``sizes``: how many items each node
    stands for (1 each when None); ``summed``: pairs of such nodes (i < j) -> the sum over their items' scored
    pairs of (margin - ``default``); ``frozen``: nodes no two of which ever share a cluster."""
    uf = UnionFind(n)
    for i, j in must:
        uf.union(i, j)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(uf.find(i), []).append(i)
    key = {root: min(nodes) for root, nodes in members.items()}  # a cluster is named by its first node
    of = {i: key[uf.find(i)] for i in range(n)}
    size = {key[r]: sum(sizes[i] for i in nodes) if sizes is not None else len(nodes) for r, nodes in members.items()}
    cold = {key[r] for r, nodes in members.items() if not set(nodes).isdisjoint(frozen)}
    nodes = {key[r]: sorted(ns) for r, ns in members.items()}
    # excess[a][b]: sum over scored cross pairs of (margin - default); linkage = default + excess / (|a| |b|)
    excess: dict[int, dict[int, float]] = {c: {} for c in size}
    blocked: dict[int, set[int]] = {c: set() for c in size}
    for i, j in cannot:
        a, b = of[i], of[j]
        if a != b:
            blocked[a].add(b)
            blocked[b].add(a)
    for (i, j), m in margins.items():
        a, b = of[i], of[j]
        if a != b:
            excess[a][b] = excess[a].get(b, 0.0) + (m - default)
            excess[b][a] = excess[a][b]
    for (i, j), x in (summed or {}).items():
        a, b = of[i], of[j]
        if a != b:
            excess[a][b] = excess[a].get(b, 0.0) + x
            excess[b][a] = excess[a][b]
    version = dict.fromkeys(size, 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        if b in blocked[a] or (a in cold and b in cold):
            return
        linkage = default + excess[a][b] / (size[a] * size[b])
        if linkage >= 0:
            lo, hi = min(a, b), max(a, b)
            heapq.heappush(heap, (-round(linkage, 9), lo, hi, version[lo], version[hi]))

    for a in sorted(excess):
        for b in sorted(excess[a]):
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in size or b not in size or version[a] != va or version[b] != vb:
            continue  # stale: one side merged or changed since
        # merge b into a (a < b keeps the cluster named by its first node)
        size[a] += size.pop(b)
        if b in cold:
            cold.discard(b)
            cold.add(a)
        nodes[a] = sorted(nodes[a] + nodes.pop(b))
        version[a] += 1
        for c, x in excess.pop(b).items():
            del excess[c][b]
            if c != a:
                excess[a][c] = excess[a].get(c, 0.0) + x
                excess[c][a] = excess[a][c]
        excess[a].pop(b, None)
        for c in blocked.pop(b):
            blocked[c].discard(b)
            if c != a:
                blocked[a].add(c)
                blocked[c].add(a)
        del version[b]
        for c in sorted(excess[a]):
            push(a, c)
    return [nodes[c] for c in sorted(nodes)]
