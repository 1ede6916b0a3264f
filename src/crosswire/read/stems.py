"""Nouns looked up by their stem: does a word begin with the stem of one of a set of role or head nouns?

A stem is a noun's first ``len - 2`` letters, at least four ("прокуратура" → "прокурату", "суд" has none). The
question was answered by trying every noun of the set against every word; here the stems are indexed by length,
so a word costs one dictionary look-up per stem length in the set, with the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable


def stem(noun: str) -> str:
    return noun[: max(4, len(noun) - 2)]


class Stems:
    """The stems of ``nouns`` of at least ``shortest`` letters. ``word in stems``: some noun's stem begins
    ``word``; with ``slack`` set, only a noun at most ``slack`` letters shorter than the word counts."""

    def __init__(self, nouns: Iterable[str], shortest: int, slack: int | None = None) -> None:
        self.slack = slack
        self.longest: dict[str, int] = {}  # stem -> the longest noun with that stem
        for noun in nouns:
            if len(noun) >= shortest:
                s = stem(noun)
                self.longest[s] = max(self.longest.get(s, 0), len(noun))
        self.lengths = sorted({len(s) for s in self.longest})

    def __contains__(self, word: str) -> bool:
        for n in self.lengths:
            if n > len(word):
                return False
            longest = self.longest.get(word[:n])
            if longest is not None and (self.slack is None or len(word) - longest <= self.slack):
                return True
        return False
