"""Texts to e5 token windows and back to one vector each: the batching both array back-ends share.

A text longer than the model's 512 positions is cut into windows of 510 content tokens; its vector is the
content-weighted mean of its windows' pooled states, L2-normalised. Windows are batched by length (sorted, up to
``batch_tokens`` padded tokens a batch) so short titles are not padded to a long article's length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..nlp.e5_packed import PackedE5
from ..nlp.e5_tokenizer import E5Tokenizer

# pooled states [B, hidden] of padded token ids [B, L] and their mask [B, L] (1 token, 0 padding)
Forward = Callable[[np.ndarray, np.ndarray], np.ndarray]


def token_windows(tokenizer: E5Tokenizer, texts: Sequence[str], prefix: str = "passage: ",
                  max_tokens: int | None = None) -> tuple[list[list[int]], list[int], list[float]]:
    """Token windows (with <s>, </s>), the text each belongs to, and its weight (content length)."""
    p = tokenizer.packed
    window = p.max_positions - 2
    seqs, owner, weight = [], [], []
    for i, ids in enumerate(tokenizer.content_ids([prefix + t for t in texts])):
        if max_tokens is not None:
            ids = ids[:max_tokens]
        for a in range(0, max(len(ids), 1), window):
            chunk = ids[a:a + window]
            seqs.append([p.bos, *chunk, p.eos])
            owner.append(i)
            weight.append(float(max(len(chunk), 1)))
    return seqs, owner, weight


def embed_windows(packed: PackedE5, seqs: list[list[int]], owner: list[int], weight: list[float], n_texts: int,
                  forward: Forward, batch_tokens: int) -> np.ndarray:
    """L2-normalised vectors [n_texts, hidden] float32 from ``forward`` run over length-sorted batches."""
    out = np.zeros((n_texts, packed.hidden), dtype=np.float64)
    order = sorted(range(len(seqs)), key=lambda j: len(seqs[j]))
    start = 0
    while start < len(order):
        longest = len(seqs[order[start]])
        end = start
        while end < len(order):
            longest = max(longest, len(seqs[order[end]]))
            if (end - start + 1) * longest > batch_tokens and end > start:
                break
            end += 1
        batch = order[start:end]
        L = max(len(seqs[j]) for j in batch)
        ids = np.full((len(batch), L), packed.pad, dtype=np.int64)
        mask = np.zeros((len(batch), L), dtype=np.int64)
        for r, j in enumerate(batch):
            ids[r, : len(seqs[j])] = seqs[j]
            mask[r, : len(seqs[j])] = 1
        pooled = forward(ids, mask)
        for r, j in enumerate(batch):
            out[owner[j]] += weight[j] * pooled[r]
        start = end
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.maximum(norms, 1e-12)).astype(np.float32)
