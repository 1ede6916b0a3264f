"""Span scoring shared by the NER benchmarks: exact-span P/R/F1 per type and factRuEval-style partial credit.

Spans are (start, end, type) character offsets; partial credit compares the sets of word tokens covered.
"""

from __future__ import annotations

import re
from collections import defaultdict

from .common import table

TYPES = ("PER", "LOC", "ORG")
_TOKEN = re.compile(r"\w+", re.UNICODE)


class Scores:
    """Running true positives (possibly fractional), gold and predicted counts per type."""

    def __init__(self) -> None:
        self.tp: dict[str, float] = defaultdict(float)
        self.gold: dict[str, int] = defaultdict(int)
        self.pred: dict[str, int] = defaultdict(int)

    def add_exact(self, gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> None:
        """Count exact (start, end, type) matches."""
        g, p = set(gold), set(pred)
        for t in TYPES:
            gt = {x for x in g if x[2] == t}
            pt = {x for x in p if x[2] == t}
            self.gold[t] += len(gt)
            self.pred[t] += len(pt)
            self.tp[t] += len(gt & pt)

    def add_partial(self, text: str, gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> None:
        """Greedy one-to-one matching per type; a pair earns |common tokens| / |union of tokens| (factRuEval
        track 1 gives fractional credit for partly matching mentions in the same spirit)."""
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]

        def toks(s: int, e: int) -> frozenset[int]:
            return frozenset(i for i, (a, b) in enumerate(tokens) if a >= s and b <= e)

        for t in TYPES:
            gt = [toks(s, e) for s, e, ty in set(gold) if ty == t]
            pt = [toks(s, e) for s, e, ty in set(pred) if ty == t]
            self.gold[t] += len(gt)
            self.pred[t] += len(pt)
            pairs = sorted(((len(a & b) / len(a | b), i, j) for i, a in enumerate(gt) for j, b in enumerate(pt)
                            if a & b), reverse=True)
            used_g: set[int] = set()
            used_p: set[int] = set()
            for score, i, j in pairs:
                if i in used_g or j in used_p:
                    continue
                used_g.add(i)
                used_p.add(j)
                self.tp[t] += score

    def prf(self, t: str | None = None) -> tuple[float, float, float]:
        types = [t] if t else list(TYPES)
        tp = sum(self.tp[x] for x in types)
        gold = sum(self.gold[x] for x in types)
        pred = sum(self.pred[x] for x in types)
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def rows(self, label: str) -> list[list[object]]:
        out = []
        for t in (*TYPES, None):
            p, r, f = self.prf(t)
            out.append([label, t or "overall", self.gold[t] if t else sum(self.gold.values()), p, r, f])
        return out


HEADER = ["data", "type", "gold", "P", "R", "F1"]


def render(rows: list[list[object]]) -> str:
    """The Markdown table of score rows."""
    return table(HEADER, rows)


def predict(language: str, text: str, types: tuple[str, ...] = TYPES, outermost: bool = False
            ) -> list[tuple[int, int, str]]:
    """(start, end, type) spans crosswire's analyzer finds in ``text``; ``outermost`` drops spans nested in
    another (crosswire keeps "России" inside "МИД России"; flat gold annotations do not)."""
    from crosswire.nlp import get_analyzer

    spans = [(s.start, s.end, s.type) for s in get_analyzer(language).parse(text).ner if s.type in types]
    if outermost:
        spans = [x for x in spans if not any(o != x and o[0] <= x[0] and x[1] <= o[1] for o in spans)]
    return spans


def exact_f1(language: str, docs, outermost: bool = True) -> float:
    """Overall exact-span F1 of crosswire's analyzer on (text, gold spans) documents."""
    scores = Scores()
    for text, gold in docs:
        scores.add_exact(gold, predict(language, text, outermost=outermost))
    return scores.prf()[2]

