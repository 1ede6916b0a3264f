"""Is one article a translation of another? Sentence vectors of their first sentences, aligned in order.

The multilingual e5 embedder (``group.embed``) puts a sentence and its translation close (cosine >= 0.9 for
most WMT22 ru->en pairs) and other sentences of the same story lower (mostly 0.80-0.88), so a translation is
two texts whose first sentences find partners at about the same place. Sentence vectors are cached per article.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence

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


class SentenceVectors:
    """Vectors of an article's first sentences, embedded once and kept in ``cache`` (article id -> matrix)."""

    def __init__(self, embedder, n: int = 6, words: int = 40,
                 cache: MutableMapping[str, np.ndarray] | None = None):
        self.embedder, self.n, self.words = embedder, n, words
        self.cache: MutableMapping[str, np.ndarray] = cache if cache is not None else {}
        self.added: dict[str, np.ndarray] = {}

    def prefetch(self, articles: Sequence[Article]) -> None:
        """Embed the articles not cached yet in one batch."""
        todo = [a for a in dict((a.id, a) for a in articles).values() if a.id not in self.cache]
        sents = [first_sentences(a.text, self.n, self.words) for a in todo]
        flat = [s for ss in sents for s in ss]
        vecs = np.asarray(self.embedder.embed(flat), dtype=np.float32) if flat else np.zeros((0, 1), np.float32)
        at = 0
        for a, ss in zip(todo, sents, strict=True):
            m = vecs[at:at + len(ss)] if ss else np.zeros((0, vecs.shape[1] if vecs.ndim == 2 else 1), np.float32)
            at += len(ss)
            self.cache[a.id] = self.added[a.id] = m

    def get(self, article: Article) -> np.ndarray:
        if article.id not in self.cache:
            self.prefetch([article])
        return self.cache[article.id]


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
