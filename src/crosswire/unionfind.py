"""Disjoint sets over ``0..n-1`` (threads of stories, clusters of same-event reports)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        """The root of ``x`` (with path halving)."""
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        """Join two sets; the smaller root wins, so roots are the earliest members."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        """Every set as a sorted list of members, in the order of their smallest member."""
        out: dict[int, list[int]] = {}
        for x in range(len(self.parent)):
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())


def component_labels(ids: Sequence[K], pairs: Iterable[tuple[K, K]],
                     name: Callable[[list[K]], K] | None = None) -> dict[K, K]:
    """Each of ``ids`` -> the name of its connected group under ``pairs`` (a pair with an end outside ``ids`` is
    skipped): the group's first member in ``ids`` order, or ``name(members)``."""
    at = {x: i for i, x in enumerate(ids)}
    uf = UnionFind(len(ids))
    for a, b in pairs:
        if a in at and b in at:
            uf.union(at[a], at[b])
    out: dict[K, K] = {}
    for g in uf.groups():
        members = [ids[i] for i in g]
        first = members[0] if name is None else name(members)
        out.update((x, first) for x in members)
    return out
