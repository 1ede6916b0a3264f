"""Is one article a translation of another? Sentence vectors of their first sentences, aligned in order.

The multilingual e5 embedder (``group.embed``) puts a sentence and its translation close (cosine >= 0.9 for
most WMT22 ru->en pairs) and other sentences of the same story lower (mostly 0.80-0.88), so a translation is
two texts whose first sentences find partners at about the same place. Sentence vectors are cached per article
for a run, and kept in the store by a hash of (model, sentence text): wire copies repeat sentences, and the
embedder gives a text the same vector whatever else is in its batch, so a stored sentence's vector is exact.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence

import numpy as np

from ..model import Article

_SENT_END = re.compile(r"(?<=[.!?…])[»\"”]?\s+(?=[«\"“„(]?[A-ZА-ЯЁІЇЄҐ0-9])|\n+")
PLACE_SLACK = 0.35  # a partner sits at about the same relative place in the other text


def first_sentences(text: str, n: int, words: int) -> list[str]:
    """The first ``n`` sentences of four words or more, each cut to ``words`` words."""
    out = []
    for raw in _SENT_END.split(text):
        ws = raw.split()
        if len(ws) >= 4:
            out.append(" ".join(ws[:words]))
            if len(out) == n:
                break
    return out


def sentence_key(model: str, sentence: str) -> str:
    """The key a sentence's vector is kept by in the store (a sentence as ``first_sentences`` gives it: its words
    joined by single spaces, so the key is of exactly the text embedded)."""
    return hashlib.sha1(f"sentence\0{model}\0{sentence}".encode()).hexdigest()[:24]


class SentenceVectors:
    """Vectors of an article's first sentences, kept in ``cache`` (article id -> matrix). A sentence is embedded
    once: its vector is looked up by ``sentence_key`` in ``load`` (the store's text vectors: keys -> float32
    bytes) and in what this run embedded; the misses are embedded in one batch and left in ``fresh`` (key ->
    vector) for the caller to keep."""

    def __init__(self, embedder, n: int = 6, words: int = 40,
                 cache: MutableMapping[str, np.ndarray] | None = None,
                 load: Callable[[list[str]], Mapping[str, bytes]] | None = None, model: str | None = None):
        self.embedder, self.n, self.words, self.load = embedder, n, words, load
        self.model = model if model is not None else getattr(embedder, "name", type(embedder).__name__)
        self.cache: MutableMapping[str, np.ndarray] = cache if cache is not None else {}
        self.by_key: dict[str, np.ndarray] = {}
        self.fresh: dict[str, np.ndarray] = {}
        self.embedded = 0  # sentences handed to the embedder

    def prefetch(self, articles: Sequence[Article]) -> None:
        """Fill the articles not cached yet: their sentences' stored vectors, the rest embedded in one batch."""
        todo = [a for a in dict((a.id, a) for a in articles).values() if a.id not in self.cache]
        if not todo:
            return
        sents = [first_sentences(a.text, self.n, self.words) for a in todo]
        keys = [[sentence_key(self.model, x) for x in ss] for ss in sents]
        want = sorted({k for ks in keys for k in ks if k not in self.by_key})
        if want and self.load is not None:
            for k, blob in self.load(want).items():
                self.by_key[k] = np.frombuffer(bytes(blob), dtype=np.float32)
        miss = {k: x for ks, ss in zip(keys, sents, strict=True) for k, x in zip(ks, ss, strict=True)
                if k not in self.by_key}
        if miss:
            vecs = np.asarray(self.embedder.embed(list(miss.values())), dtype=np.float32)
            self.embedded += len(miss)
            for k, v in zip(miss, vecs, strict=True):
                self.by_key[k] = self.fresh[k] = v
        for a, ks in zip(todo, keys, strict=True):
            m = np.stack([self.by_key[k] for k in ks]) if ks else np.zeros((0, 1), np.float32)
            self.cache[a.id] = m

    def get(self, article: Article) -> np.ndarray:
        if article.id not in self.cache:
            self.prefetch([article])
        return self.cache[article.id]

    def adopt(self, articles: Iterable[Article], matrices: Mapping[str, np.ndarray]) -> set[str]:
        """Key the per-article matrices an older store kept (article id -> matrix) by their sentences' text, so
        later runs find them (they join ``fresh``); an article whose sentences no longer number its rows is left
        out. Returns the ids of the articles keyed."""
        done: set[str] = set()
        for a in articles:
            m = matrices.get(a.id)
            if m is None:
                continue
            ss = first_sentences(a.text, self.n, self.words)
            if len(ss) != len(m):
                continue
            for x, v in zip(ss, m, strict=True):
                k = sentence_key(self.model, x)
                if k not in self.by_key:
                    self.by_key[k] = self.fresh[k] = np.ascontiguousarray(v, dtype=np.float32)
            done.add(a.id)
        return done

    def keep(self) -> dict[str, bytes]:
        """The vectors embedded or keyed since the last call, as the store keeps them (key -> float32 bytes)."""
        out = {k: v.astype(np.float32).tobytes() for k, v in self.fresh.items()}
        self.fresh = {}
        return out


def aligned_share(a: np.ndarray, b: np.ndarray, cos: float) -> tuple[float, float]:
    """(share of the shorter list's sentences with a partner at least ``cos`` close at about the same place,
    mean best cosine of those sentences)."""
    if len(a) == 0 or len(b) == 0 or a.shape[1] != b.shape[1]:
        return 0.0, 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    sims = short @ long_.T
    hits = 0
    for i in range(len(short)):
        j = int(sims[i].argmax())
        if sims[i, j] >= cos and abs(i / len(short) - j / len(long_)) <= PLACE_SLACK:
            hits += 1
    return hits / len(short), float(sims.max(axis=1).mean())
