"""BIO tag set and BIO-constrained Viterbi decoding shared by the stacked NER taggers (nlp/e5tagger.py)."""

from __future__ import annotations

import numpy as np

from .crf import TYPES

TAGS = ("O",) + tuple(f"{p}-{t}" for t in TYPES for p in ("B", "I"))


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
