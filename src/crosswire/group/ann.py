"""Nearest articles by title+lead vector: an approximate (HNSW) index from usearch, persisted as bytes.

The index is saved with the store (``Store.save_ann``), so a run adds only its new articles' vectors and asks
for their neighbours, instead of scoring every story. Without usearch installed (it is in the ``group`` extra),
an exact numpy search stands in: same answers, quadratic cost.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Sequence

import numpy as np

log = logging.getLogger(__name__)


@functools.cache  # each run maps every stored article's key back to its id: a process hashes each id once
def label(article_id: str) -> int:
    """The index key of an article: 60 bits of a hash of its id (no mapping table to keep in step)."""
    return int(hashlib.sha1(article_id.encode()).hexdigest()[:15], 16)


class VectorIndex:
    """Vectors keyed by integer labels; ``search`` gives each query's nearest labels with their cosines."""

    def __init__(self, dim: int, blob: bytes | None = None):
        self.dim = dim
        self._ix = None
        self._keys: list[int] = []
        self._rows: list[np.ndarray] = []
        try:
            from usearch.index import Index
        except ImportError:
            log.info("usearch not installed: exact nearest-neighbour search (pip install 'crosswire[group]')")
            return
        self._ix = Index.restore(blob) if blob else None
        if self._ix is None or self._ix.ndim != dim:
            # connectivity 16 / expansion 128: recall of the true top-32 above 0.99 on news vectors
            self._ix = Index(ndim=dim, metric="cos", dtype="f32", connectivity=16, expansion_add=128,
                             expansion_search=128)

    def __len__(self) -> int:
        return len(self._ix) if self._ix is not None else len(self._keys)

    def __contains__(self, key: int) -> bool:
        return key in self._ix if self._ix is not None else key in set(self._keys)

    def add(self, keys: Sequence[int], vectors: np.ndarray) -> None:
        """Add these vectors; a key the index already holds gets the new vector (an article re-read with another
        title or lead), so replaying saved deltas in order gives the index their last vectors."""
        if not len(keys):
            return
        vectors = np.asarray(vectors, dtype=np.float32)
        if self._ix is not None:
            arr = np.asarray(keys, dtype=np.uint64)
            if len(self._ix):
                held = np.atleast_1d(self._ix.contains(arr))
                for k in arr[held]:
                    self._ix.remove(int(k))
            self._ix.add(arr, vectors)
        else:
            self.remove(keys)
            self._keys.extend(keys)
            self._rows.extend(vectors)

    def remove(self, keys: Sequence[int]) -> None:
        if self._ix is not None:
            for k in keys:
                if k in self._ix:
                    self._ix.remove(k)
        else:
            drop = set(keys)
            kept = [(k, r) for k, r in zip(self._keys, self._rows, strict=True) if k not in drop]
            self._keys = [k for k, _ in kept]
            self._rows = [r for _, r in kept]

    @staticmethod
    def _matches(found) -> list[list[tuple[int, float]]]:
        keys = np.atleast_2d(found.keys)
        dists = np.atleast_2d(found.distances)
        return [[(int(key), 1.0 - float(d)) for key, d in zip(kr, dr, strict=True) if d < 2.0]
                for kr, dr in zip(keys, dists, strict=True)]

    def search(self, vectors: np.ndarray, k: int) -> list[list[tuple[int, float]]]:
        """For each query row, up to ``k`` (label, cosine) nearest first."""
        vectors = np.asarray(vectors, dtype=np.float32)
        if not len(vectors) or not len(self):
            return [[] for _ in range(len(vectors))]
        k = min(k, len(self))
        if self._ix is not None:
            out = self._matches(self._ix.search(vectors, k))
            # the graph search sometimes stops short of ``k`` (156 of 1,200 queries on 60 random vectors): callers
            # take a short answer for "nothing else is near", so those queries are answered by exact search
            short = [i for i, row in enumerate(out) if len(row) < k]
            if short:
                for i, row in zip(short, self._matches(self._ix.search(vectors[short], k, exact=True)), strict=True):
                    out[i] = row
            return out
        mat = np.stack(self._rows)
        norms = np.linalg.norm(mat, axis=1) * np.linalg.norm(vectors, axis=1)[:, None]
        sims = (vectors @ mat.T) / np.where(norms == 0, 1.0, norms)
        out = []
        for row in sims:
            top = np.argsort(-row, kind="stable")[:k]
            out.append([(self._keys[t], float(row[t])) for t in top])
        return out

    def vectors(self, keys: Sequence[int]) -> tuple[list[int], np.ndarray]:
        """(the ``keys`` the index holds, their stored vectors as float32 rows in that order)."""
        if self._ix is not None:
            # the held keys first (one vectorised test), then their vectors: usearch's batch ``get`` with a key it
            # lacks costs 4x one without (0.2 against 0.05 s for 50k keys), and stacking beats a list of pairs
            arr = np.asarray(keys, dtype=np.uint64)
            present = arr[np.atleast_1d(self._ix.contains(arr))] if len(arr) else arr
            if not len(present):
                return [], np.zeros((0, self.dim), dtype=np.float32)
            got = self._ix.get(present, dtype=np.float32)
            mat = np.stack(got) if isinstance(got, (tuple, list)) else np.asarray(got, dtype=np.float32)
            return present.tolist(), mat.astype(np.float32, copy=False).reshape(len(present), self.dim)
        else:
            rows = dict(zip(self._keys, self._rows, strict=True))
            held = [(k, rows[k]) for k in keys if k in rows]
        mat = np.asarray([v for _, v in held], dtype=np.float32).reshape(len(held), self.dim)
        return [k for k, _ in held], mat

    def to_bytes(self) -> bytes | None:
        """The index as bytes for the store (None for the exact fallback, which rebuilds from vectors)."""
        return bytes(self._ix.save()) if self._ix is not None else None


def pack_delta(keys: Sequence[int], vectors: np.ndarray) -> bytes:
    """Labels and vectors added to a saved index, as bytes (``unpack_delta`` reads them back)."""
    return np.asarray(keys, dtype=np.uint64).tobytes() + np.asarray(vectors, dtype=np.float32).tobytes()


def unpack_delta(blob: bytes, count: int, dim: int) -> tuple[list[int], np.ndarray]:
    """(labels, vectors) of a delta of ``count`` vectors of ``dim`` floats."""
    keys = np.frombuffer(blob, dtype=np.uint64, count=count)
    rows = np.frombuffer(blob, dtype=np.float32, offset=8 * count).reshape(count, dim)
    return [int(k) for k in keys], rows
