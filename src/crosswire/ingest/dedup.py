"""Exact duplicates (normalised-text hash) and near duplicates (MinHash LSH over word shingles).

A duplicate is linked to its original (``duplicate_of``), not analysed twice. A translation into another
language shares no shingles with its original, so it is never a near duplicate (that is story grouping).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from ..model import Article
from .base import content_hash, normalise_for_hash

NUM_PERM = 128
THRESHOLD = 0.8  # estimated Jaccard similarity of 5-word shingle sets
SHINGLE = 5


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = normalise_for_hash(text).split()
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def minhash(text: str, num_perm: int = NUM_PERM):
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=1)
    m.update_batch([s.encode("utf-8") for s in shingles(text)])
    return m


class Deduplicator:
    """Streams articles and marks each duplicate with the id of the first article it repeats."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM):
        from datasketch import MinHashLSH

        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.hashes: dict[str, str] = {}
        self.seen: set[str] = set()

    def add_known(self, article_id: str, text: str) -> None:
        """Register an article already in the store, so new copies of it are caught."""
        if article_id in self.seen:
            return
        self.seen.add(article_id)
        self.hashes.setdefault(content_hash(text), article_id)
        if text.strip():
            self.lsh.insert(article_id, minhash(text, self.num_perm))

    def check(self, article: Article) -> Article:
        """The article, with ``duplicate_of`` set when it repeats one seen before (and registered if not)."""
        if article.id in self.seen or not article.text.strip():
            return article
        h = content_hash(article.text)
        if h in self.hashes:
            return dataclasses.replace(article, duplicate_of=self.hashes[h], flags=(*article.flags, "exact-duplicate"))
        m = minhash(article.text, self.num_perm)
        near = sorted(self.lsh.query(m))
        if near:
            return dataclasses.replace(article, duplicate_of=near[0], flags=(*article.flags, "near-duplicate"))
        self.seen.add(article.id)
        self.hashes[h] = article.id
        self.lsh.insert(article.id, m)
        return article

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self.check(article)
