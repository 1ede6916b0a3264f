"""A compact neural NER tagger run in numpy (no torch at inference), stacked on the rule NER like nlp/crf.py.

Inputs per token: the feature strings of ``crf.features`` (word, affixes, shape, pymorphy3 readings, the rule
NER's own BIO tag, two-token window) hashed into a fixed table and summed (an embedding bag), then one window
convolution (width 3) with ReLU and a linear layer to BIO scores, decoded by a BIO-constrained Viterbi.
Weights come from ``scripts/train_ner_tagger.py`` (torch, CPU) as a float16 .npz.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Sequence

import numpy as np

from .base import NerSpan, ParsedText
from .crf import TYPES, features, spans_of

TAGS = ("O",) + tuple(f"{p}-{t}" for t in TYPES for p in ("B", "I"))
BUCKETS = 1 << 18


def feature_ids(feats: Sequence[dict[str, float | str]]) -> list[list[int]]:
    """Hashed bucket ids of each token's features (crc32: stable across runs, unlike ``hash``)."""
    out = []
    for f in feats:
        ids = []
        for k, v in f.items():
            key = f"{k}={v}" if isinstance(v, str) else (k if v else "")
            if key:
                ids.append(zlib.crc32(key.encode("utf-8")) % BUCKETS)
        out.append(ids)
    return out


def allowed() -> np.ndarray:
    """allowed[i, j]: tag j may follow tag i (an I-X only after B-X or I-X)."""
    a = np.ones((len(TAGS), len(TAGS)), dtype=bool)
    for j, t in enumerate(TAGS):
        if t.startswith("I-"):
            a[:, j] = [s[2:] == t[2:] and s != "O" for s in TAGS]
    return a


def viterbi(scores: np.ndarray) -> list[str]:
    """Best BIO-valid tag path for (n, tags) log scores."""
    ok = allowed()
    trans = np.where(ok, 0.0, -1e9)
    start = np.array([0.0 if not t.startswith("I-") else -1e9 for t in TAGS])
    best = scores[0] + start
    back = []
    for i in range(1, len(scores)):
        cand = best[:, None] + trans
        back.append(cand.argmax(0))
        best = cand.max(0) + scores[i]
    path = [int(best.argmax())]
    for b in reversed(back):
        path.append(int(b[path[-1]]))
    return [TAGS[i] for i in reversed(path)]


class NumpyTagger:
    """A trained .npz (emb, conv_w, conv_b, out_w, out_b) applied to an analyzer's parse."""

    def __init__(self, path: str, language: str):
        z = np.load(path)
        self.language = language
        self.w = {k: z[k].astype(np.float32) for k in z.files}

    def scores(self, ids: list[list[int]]) -> np.ndarray:
        emb = self.w["emb"]
        x = np.stack([emb[i].sum(0) if i else np.zeros(emb.shape[1], np.float32) for i in ids])
        pad = np.pad(x, ((1, 1), (0, 0)))
        win = np.concatenate([pad[:-2], pad[1:-1], pad[2:]], axis=1)  # (n, 3*d), same order as the torch model
        h = np.maximum(win @ self.w["conv_w"] + self.w["conv_b"], 0.0)
        logits = h @ self.w["out_w"] + self.w["out_b"]
        return logits - np.log(np.exp(logits - logits.max(1, keepdims=True)).sum(1, keepdims=True)) \
            - logits.max(1, keepdims=True)

    def tags(self, parsed: ParsedText) -> list[str]:
        tokens, feats = features(parsed, self.language)
        return viterbi(self.scores(feature_ids(feats))) if tokens else []

    def spans(self, parsed: ParsedText) -> list[NerSpan]:
        tokens = parsed.tokens
        return spans_of(tokens, self.tags(parsed), parsed.text) if tokens else []


@functools.lru_cache(maxsize=4)
def load(path: str, language: str = "uk"):
    """The tagger a model file holds: a contextual e5 head (nlp/e5tagger.py, has ``meta``) or a hashed-feature one."""
    with np.load(path, allow_pickle=False) as z:
        contextual = "meta" in z.files
    if contextual:
        from .e5tagger import E5Tagger

        return E5Tagger(path)
    return NumpyTagger(path, language)
