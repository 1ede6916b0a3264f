"""A trainable CRF tagger stacked on the rule NER, for users who may train on data crosswire cannot ship.

The best Ukrainian NER data (NER-UK 2.0) is CC BY-NC-SA, so no model trained on it ships in the package; a model
trained on the only licence-clean gold (factRuEval, Russian, MIT) and moved to Ukrainian scored below the rules
(docs/benchmarks/ner_uk.md). ``scripts/train_ner_crf.py`` trains this tagger where the user has the data; the
Ukrainian analyzer uses the model named by ``$CROSSWIRE_UK_CRF``. Features per token: the word, its affixes and
shape, its pymorphy3 readings (name, surname, place, organisation, case) and the rule NER's own BIO tag, with a
two-token window. python-crfsuite (the ``crf`` extra) does the learning and the Viterbi decoding.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from .base import NerSpan, ParsedText, Token, morph_analyzer

TYPES = ("PER", "LOC", "ORG")
_GRAMMEMES = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr")


def _shape(word: str) -> str:
    s = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word)
    return re.sub(r"(.)\1+", r"\1\1", s)


@functools.lru_cache(maxsize=200_000)
def _morph(language: str, word: str) -> tuple[tuple[str, float], ...]:
    morph = morph_analyzer(language)
    if morph is None:
        return ()
    parses = morph.parse(word)
    grams = set().union(*(p.tag.grammemes for p in parses[:3])) if parses else set()
    top = parses[0].tag if parses else None
    feats = [(f"pos={top.POS}", 1.0), (f"case={top.case}", 1.0)] if top is not None else []
    feats += [(g, 1.0) for g in _GRAMMEMES if g in grams]
    if morph.word_is_known(word.lower()):
        feats.append(("known", 1.0))
    return tuple(feats)


def bio_tags(tokens: Sequence[Token], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """B-/I-/O tags of ``tokens`` for (start, end, type) spans (the first span claiming a token wins)."""
    tags = ["O"] * len(tokens)
    for start, end, typ in spans:
        if typ not in TYPES:
            continue
        inside = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end]
        for j, i in enumerate(inside):
            if tags[i] == "O":
                tags[i] = ("B-" if j == 0 else "I-") + typ
    return tags


def features(parsed: ParsedText, language: str) -> tuple[list[Token], list[dict[str, float | str]]]:
    """The tokens of a parsed text and one feature dict per token (``parsed.ner`` holds the rule spans)."""
    tokens = parsed.tokens
    starts = {s.tokens[0].start for s in parsed.sentences if s.tokens}
    rule = bio_tags(tokens, ((s.start, s.end, s.type) for s in parsed.ner))
    base = []
    for i, t in enumerate(tokens):
        w = t.text
        f: dict[str, float | str] = {"w": w.lower(), "s3": w[-3:].lower(), "s2": w[-2:].lower(), "p3": w[:3].lower(),
                                     "sh": _shape(w), "rule": rule[i]}
        f.update({"title": float(w[:1].isupper()), "upper": float(w.isupper() and len(w) > 1),
                  "first": float(t.start in starts)})
        f.update(dict(_morph(language, w)))
        base.append(f)
    out = []
    for i, f in enumerate(base):
        d = dict(f)
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(base):
                for k in ("w", "sh", "rule", "title"):
                    d[f"{off}:{k}"] = base[j][k]
            else:
                d[f"{off}:pad"] = 1.0
        out.append(d)
    return tokens, out


def spans_of(tokens: Sequence[Token], tags: Sequence[str], text: str) -> list[NerSpan]:
    """NerSpans from BIO tags (an I- after O or another type opens a span)."""
    out: list[NerSpan] = []
    cur: list | None = None
    for t, g in zip(tokens, tags, strict=True):
        if g.startswith("B-") or g.startswith("I-") and (cur is None or cur[2] != g[2:]):
            if cur:
                out.append(NerSpan(cur[0], cur[1], cur[2], text[cur[0]:cur[1]]))
            cur = [t.start, t.end, g[2:]]
        elif g.startswith("I-") and cur:
            cur[1] = t.end
        elif cur:
            out.append(NerSpan(cur[0], cur[1], cur[2], text[cur[0]:cur[1]]))
            cur = None
    if cur:
        out.append(NerSpan(cur[0], cur[1], cur[2], text[cur[0]:cur[1]]))
    return out


class CrfTagger:
    """A trained model file, applied to an analyzer's parse (rule spans in, CRF spans out)."""

    def __init__(self, path: str, language: str):
        import pycrfsuite

        self.language = language
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(path)

    def spans(self, parsed: ParsedText) -> list[NerSpan]:
        tokens, feats = features(parsed, self.language)
        if not tokens:
            return []
        return spans_of(tokens, self.tagger.tag(feats), parsed.text)


def train(samples: Iterable[tuple[ParsedText, list[tuple[int, int, str]]]], path: str, language: str,
          iterations: int = 150) -> None:
    """Train a model on (parse with rule spans, gold spans) pairs and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for parsed, gold in samples:
        tokens, feats = features(parsed, language)
        if tokens:
            trainer.append(feats, bio_tags(tokens, gold))
    trainer.set_params({"c1": 0.05, "c2": 0.05, "max_iterations": iterations, "feature.possible_transitions": True})
    trainer.train(path)
