"""Exact duplicates (normalised-text hash) and near duplicates (MinHash LSH over word shingles).

A duplicate is linked to its original (``duplicate_of``), not analysed twice. A run checks its articles against
the store's originals through ``Known`` (content hashes and LSH band keys kept in the store), not by loading them. A translation into another
language shares no shingles with its original, so it is never a near duplicate (that is story grouping).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator

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


@dataclasses.dataclass(slots=True)
class Known:
    """The stored articles a run's articles are checked against, looked up instead of loaded: the ids of the
    originals, the original with a content hash, and the originals sharing an LSH band key (``band_keys``)."""

    ids: set[str]
    by_hash: Callable[[str], str | None]
    by_bands: Callable[[list[str]], set[str]]


@functools.lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) of the LSH index datasketch chooses for ``threshold``: found by numerical integration (about
    0.1 s), so once per process rather than once per run."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


class Deduplicator:
    """Streams articles and marks each duplicate with the id of the first article it repeats."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, known: Known | None = None):
        from datasketch import MinHashLSH

        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=lsh_params(threshold, num_perm))
        self.hashes: dict[str, str] = {}
        self.seen: set[str] = set(known.ids) if known is not None else set()
        self.known = known
        self.bands: dict[str, list[str]] = {}  # LSH band keys of the articles registered here, for ``Known``

    def band_keys(self, m) -> list[str]:
        """The LSH band keys of a MinHash: two texts are near-duplicate candidates when they share one (the
        collisions ``MinHashLSH.query`` finds), so a store can keep and look them up."""
        return [f"{i}:{hashlib.sha1(m.hashvalues[lo:hi].tobytes()).hexdigest()[:20]}"
                for i, (lo, hi) in enumerate(self.lsh.hashranges)]

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
        first = self.hashes.get(h) or (self.known.by_hash(h) if self.known is not None else None)
        if first:
            return dataclasses.replace(article, duplicate_of=first, flags=(*article.flags, "exact-duplicate"))
        m = minhash(article.text, self.num_perm)
        near = set(self.lsh.query(m))
        if self.known is not None:
            near |= self.known.by_bands(self.band_keys(m))
        if near:
            return dataclasses.replace(article, duplicate_of=min(near), flags=(*article.flags, "near-duplicate"))
        self.seen.add(article.id)
        self.hashes[h] = article.id
        self.lsh.insert(article.id, m)
        if self.known is not None:
            self.bands[article.id] = self.band_keys(m)
        return article

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self.check(article)
