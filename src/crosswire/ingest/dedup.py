"""Exact duplicates (normalised-text hash) and near duplicates (MinHash LSH over word shingles).

A duplicate is linked to its original (``duplicate_of``), not analysed twice. A run checks its articles against
the store's originals through ``Known`` (content hashes and LSH band keys kept in the store), not by loading them. A translation into another
language shares no shingles with its original, so it is never a near duplicate (that is story grouping).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import struct
from collections.abc import Callable, Iterable, Iterator

import numpy as np

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


# datasketch's MinHash (its default "affine32" scheme since 2.0, seed 1, SHA-1 32-bit hashes of the shingles)
# computed here with numpy, and the (bands, rows) its MinHashLSH chooses for the default THRESHOLD and NUM_PERM
# pinned: importing datasketch imports its LSH module, which imports scipy.integrate for that parameter search
# (0.5-0.75 CPU s at every process start, on every run's path). The hash values are datasketch 2's to the bit,
# so the band keys stores keep stay valid (tests/test_dedup_minhash.py compares both on real articles), and no
# longer depend on the datasketch version installed (1.x hashed with another scheme).
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
LSH_PARAMS = {(0.8, 128): (9, 13)}  # datasketch's MinHashLSH(threshold, num_perm).b, .r (weights 0.5, 0.5)


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The odd multipliers and the offsets of the affine maps ``datasketch.MinHash(num_perm, seed)`` draws."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


class MinHash:
    """The MinHash signature of a set of byte strings (``hashvalues``: ``num_perm`` uint32 minima), as
    ``datasketch.MinHash(num_perm, seed=1).update_batch`` (datasketch 2) gives it."""

    __slots__ = ("hashvalues",)

    def __init__(self, values: Iterable[bytes], num_perm: int = NUM_PERM):
        a, b = _permutations(num_perm)
        hv = np.array([struct.unpack("<I", hashlib.sha1(v).digest()[:4])[0] for v in values],
                      dtype=np.uint32).reshape(-1, 1)
        s1, m1, s2, m2, s3 = _FMIX  # the MurmurHash3 finalizer, a fixed pre-mix of the input hashes
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        hv = hv ^ (hv >> s3)
        out = np.full(num_perm, np.uint32(0xFFFFFFFF), dtype=np.uint32)
        self.hashvalues = np.minimum(out, (hv * a + b).min(axis=0)) if hv.size else out


def minhash(text: str, num_perm: int = NUM_PERM) -> MinHash:
    return MinHash([s.encode("utf-8") for s in shingles(text)], num_perm)


@dataclasses.dataclass(slots=True)
class Known:
    """The stored articles a run's articles are checked against, looked up instead of loaded: the ids of the
    originals, the original with a content hash, and the originals sharing an LSH band key (``band_keys``)."""

    ids: set[str]
    by_hash: Callable[[str], str | None]
    by_bands: Callable[[list[str]], set[str]]


@functools.lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) of the LSH index datasketch's ``MinHashLSH`` chooses for ``threshold`` (pinned for the
    default; any other is found by datasketch's numerical integration, about 0.1 s, once per process)."""
    if (threshold, num_perm) in LSH_PARAMS:
        return LSH_PARAMS[(threshold, num_perm)]
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


class Deduplicator:
    """Streams articles and marks each duplicate with the id of the first article it repeats."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, known: Known | None = None):
        self.num_perm = num_perm
        bands, rows = lsh_params(threshold, num_perm)
        self.hashranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self.buckets: dict[str, set[str]] = {}  # LSH band key -> the articles registered here that have it
        self.hashes: dict[str, str] = {}
        self.seen: set[str] = set(known.ids) if known is not None else set()
        self.known = known
        self.bands: dict[str, list[str]] = {}  # LSH band keys of the articles registered here, for ``Known``

    def band_keys(self, m) -> list[str]:
        """The LSH band keys of a MinHash: two texts are near-duplicate candidates when they share one (the
        collisions an LSH index's query finds), so a store can keep and look them up."""
        return [f"{i}:{hashlib.sha1(m.hashvalues[lo:hi].tobytes()).hexdigest()[:20]}"
                for i, (lo, hi) in enumerate(self.hashranges)]

    def _insert(self, article_id: str, keys: list[str]) -> None:
        for k in keys:
            self.buckets.setdefault(k, set()).add(article_id)

    def _query(self, keys: list[str]) -> set[str]:
        return set().union(*(self.buckets.get(k, ()) for k in keys))

    def add_known(self, article_id: str, text: str) -> None:
        """Register an article already in the store, so new copies of it are caught."""
        if article_id in self.seen:
            return
        self.seen.add(article_id)
        self.hashes.setdefault(content_hash(text), article_id)
        if text.strip():
            self._insert(article_id, self.band_keys(minhash(text, self.num_perm)))

    def check(self, article: Article) -> Article:
        """The article, with ``duplicate_of`` set when it repeats one seen before (and registered if not)."""
        if article.id in self.seen or not article.text.strip():
            return article
        h = content_hash(article.text)
        first = self.hashes.get(h) or (self.known.by_hash(h) if self.known is not None else None)
        if first:
            return dataclasses.replace(article, duplicate_of=first, flags=(*article.flags, "exact-duplicate"))
        keys = self.band_keys(minhash(article.text, self.num_perm))
        near = self._query(keys)
        if self.known is not None:
            near |= self.known.by_bands(keys)
        if near:
            return dataclasses.replace(article, duplicate_of=min(near), flags=(*article.flags, "near-duplicate"))
        self.seen.add(article.id)
        self.hashes[h] = article.id
        self._insert(article.id, keys)
        if self.known is not None:
            self.bands[article.id] = keys
        return article

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self.check(article)
