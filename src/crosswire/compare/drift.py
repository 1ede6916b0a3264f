"""Quote drift: how two renderings of one utterance differ. ``same`` (the same words, up to inflection, spelling
and at most two replaced words, or a faithful translation), ``shortened`` (a part left out), ``paraphrased`` (the
same content in other words) or ``altered`` (a figure changed, a negation dropped or added, a hedge removed or
added), with the reason and the words that differ.

Within a language the renderings are aligned word by word on five-letter stems (difflib); across languages the
figures and negations are compared and the multilingual embedding (``group.embed``) says how close they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

NEGATIONS = {"не", "ни", "нет", "ні", "немає", "нема", "not", "no", "never", "никогда", "ніколи", "ничего", "нічого",
             "никто", "ніхто", "none", "nothing", "nobody", "neither", "nor", "n't", "вряд", "навряд", "едва",
             "hardly", "unlikely"}
# words whose presence changes how strong a statement is: one rendering without them is no longer the same words
INTENSIFIERS = {"никогда", "ніколи", "never", "всегда", "завжди", "always", "только", "лише", "тільки", "лишь",
                "only", "даже", "навіть", "even", "совсем", "зовсім", "абсолютно", "absolutely", "полностью",
                "повністю", "fully", "очень", "дуже", "very"}
# discourse and auxiliary words a rendering may add or drop without changing the words said
LIGHT = {"и", "й", "та", "і", "а", "но", "же", "ж", "ли", "ведь", "вот", "вон", "так", "уже", "вже", "также",
         "тоже", "також", "теж", "еще", "ещё", "ще", "это", "це", "то", "был", "была", "было", "были", "була",
         "був", "було", "були", "есть", "є", "вместе", "разом", "and", "but", "so", "also", "too", "was", "were",
         "is", "are", "the", "this", "that", "наконец", "нарешті", "итак", "отже", "ну"}
NUMBER_WORDS = {
    1: "один одна одно одного одной одному одним одну одне однієї одну one", 2: "два две двух двум двумя дві двох two",
    3: "три трех трёх трем трём тремя трьох three", 4: "четыре четырех четырём четырем чотири чотирьох four",
    5: "пять пяти пятью п'ять п'яти five", 6: "шесть шести шість шести six", 7: "семь семи сім семи seven",
    8: "восемь восьми вісім восьми eight", 9: "девять девяти дев'ять дев'яти nine",
    10: "десять десяти десятью ten", 11: "одиннадцать одинадцять eleven", 12: "двенадцать дванадцять twelve",
    20: "двадцать двадцяти двадцять twenty", 30: "тридцать тридцять thirty", 100: "сто hundred",
    1000: "тысяча тысячи тысяч тисяча тисячі тисяч thousand", 1000000: "миллион миллиона миллионов мільйон "
    "мільйона мільйонів million"}
_NUMBER = {w: str(n) for n, ws in NUMBER_WORDS.items() for w in ws.split()}
HEDGES = {"наверное", "возможно", "вероятно", "видимо", "кажется", "якобы", "предположительно", "примерно",
          "около", "почти", "приблизно", "можливо", "ймовірно", "імовірно", "мабуть", "нібито", "напевно",
          "майже", "близько", "probably", "possibly", "perhaps", "maybe", "reportedly", "allegedly", "likely",
          "apparently", "roughly", "nearly", "almost", "about", "around"}
ABSOLUTES = {"всегда", "обязательно", "точно", "наверняка", "завжди", "обов'язково", "напевне",
             "always", "certainly", "definitely", "surely"}
_NOTE = re.compile(r"\((?:[^()]{0,60}?)\s[-–—]\s*(?:ред|прим|ИФ|іф|ed|ред\.)[^()]{0,20}\)|<…>|<\.\.\.>|\[[^\]]{0,40}\]",
                   re.I)
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Drift:
    """The verdict on two renderings, why, and the words of each that the other lacks (for highlighting)."""

    verdict: str  # same, shortened, paraphrased, altered
    reason: str
    only_a: tuple[str, ...] = field(default=())
    only_b: tuple[str, ...] = field(default=())


def words(text: str) -> list[str]:
    """Lower-cased words and figures of a quote, editorial notes ("(с ЕС — ред.)", "<…>") left out."""
    text = _NOTE.sub(" ", text.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'"))
    out = []
    for w in _WORD.findall(text):
        out.append(w.replace(",", ".") if w[0].isdigit() else _NUMBER.get(w, w))
    return out


def _stem(w: str) -> str:
    return w if w[0].isdigit() else w[:5]


def _content(w: str) -> bool:
    return (len(w) >= 3 and w not in LIGHT) or w[0].isdigit() or w in NEGATIONS


def figures(ws: Sequence[str]) -> list[str]:
    return [w for w in ws if w[0].isdigit()]


def _figure_change(wa: list[str], wb: list[str]) -> str | None:
    fa, fb = figures(wa), figures(wb)
    short, long_ = (fa, fb) if len(wa) <= len(wb) else (fb, fa)
    extra = [f for f in short if f not in long_]
    if extra and long_:
        only_a = [f for f in fa if f not in fb] or ["-"]
        only_b = [f for f in fb if f not in fa] or ["-"]
        return f"a figure differs: {', '.join(only_a)} → {', '.join(only_b)}"
    if extra:
        return f"a figure added: {', '.join(extra)}"
    return None


def _negation_change(sa: list[str], wa: list[str], sb: list[str], wb: list[str]) -> str | None:
    """A negated word in one rendering that stands un-negated in the other (or the other way round)."""
    for xs, xw, ys, yw, what in ((sa, wa, sb, wb, "dropped"), (sb, wb, sa, wa, "added")):
        for i, w in enumerate(xw):
            if w not in NEGATIONS:
                continue
            nxt = next((xs[k] for k in range(i + 1, min(i + 4, len(xs))) if _content(xw[k]) and xw[k] not in NEGATIONS),
                       None)
            if nxt is None or nxt not in ys:
                continue
            j = ys.index(nxt)
            if not any(yw[k] in NEGATIONS for k in range(max(0, j - 3), j)):
                return f"a negation {what}: \"{w} {xw[i + 1] if i + 1 < len(xw) else ''}\"".rstrip()
    return None


def _hedge_change(wa: list[str], wb: list[str], sa: list[str], sb: list[str]) -> str | None:
    """A hedge ("наверное", "possibly") or an absolute ("всегда") in one rendering only, its neighbours in both."""
    for xw, xs, yw, ys, what in ((wa, sa, wb, sb, "removed"), (wb, sb, wa, sa, "added")):
        for i, w in enumerate(xw):
            if w in yw or (w not in HEDGES and w not in ABSOLUTES):
                continue
            same_kind = HEDGES if w in HEDGES else ABSOLUTES
            if any(v in same_kind for v in yw):
                continue  # "наверное" / "вероятно": hedged in both
            near = [xs[k] for k in (i - 2, i - 1, i + 1, i + 2) if 0 <= k < len(xs) and _content(xw[k])]
            if near and sum(s in ys for s in near) >= max(1, len(near) - 1):
                kind = "hedge" if w in HEDGES else "absolute"
                return f"a {kind} {what}: \"{w}\""
    return None


def _dropped_name(a: str, b: str, ops: list, wa: list[str], wb: list[str]) -> str | None:
    """A capitalised name one rendering has and the other leaves out ("Google или Apple" / "или Apple")."""
    # a capitalised word inside a sentence, not right after another capitalised word (not part of a longer name)
    names = set()
    for text in (a, b):
        toks = re.findall(r"[\w'-]+|[.!?]", text)
        for k in range(1, len(toks)):
            w, prev = toks[k], toks[k - 1]
            if len(w) >= 3 and w[0].isupper() and prev not in ".!?" and not prev[0].isupper():
                names.add(w.lower())
    for tag, i1, i2, j1, j2 in ops:
        if tag == "delete" and i2 - i1 == 1 and wa[i1] in names:
            return wa[i1]
        if tag == "insert" and j2 - j1 == 1 and wb[j1] in names:
            return wb[j1]
    return None


def _gap(opcodes: list, side: int, wa: list[str], wb: list[str]) -> int:
    """The longest run of content words one side has and the other lacks (``side`` 0: a, 1: b)."""
    best = 0
    for tag, i1, i2, j1, j2 in opcodes:
        n = sum(map(_content, wa[i1:i2] if side == 0 else wb[j1:j2]))
        m = sum(map(_content, wb[j1:j2] if side == 0 else wa[i1:i2]))
        if tag == "delete" if side == 0 else tag == "insert":
            best = max(best, n)
        elif tag == "replace" and n >= 3 * max(1, m):
            best = max(best, n - m)
    return best


def drift(a: str, b: str, *, same_language: bool = True, similarity: float | None = None) -> Drift:
    """How rendering ``b`` differs from rendering ``a``; ``similarity``: their embedding cosine (needed across
    languages, optional within one)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return Drift("paraphrased", "an empty rendering")
    sa, sb = [_stem(w) for w in wa], [_stem(w) for w in wb]
    if reason := _figure_change(wa, wb):
        return Drift("altered", reason, *_only(wa, wb, sa, sb))
    if same_language:
        if reason := _negation_change(sa, wa, sb, wb) or _hedge_change(wa, wb, sa, sb):
            return Drift("altered", reason, *_only(wa, wb, sa, sb))
        sm = SequenceMatcher(None, sa, sb, autojunk=False)
        ops = sm.get_opcodes()
        matched = sum(b.size for b in sm.get_matching_blocks())
        only_a, only_b = _only(wa, wb, sa, sb)
        da = [wa[k] for t, i1, i2, _, _ in ops if t != "equal" for k in range(i1, i2) if _content(wa[k])]
        db = [wb[k] for t, _, _, j1, j2 in ops if t != "equal" for k in range(j1, j2) if _content(wb[k])]
        short = min(len(sa), len(sb))
        gap_a, gap_b = _gap(ops, 0, wa, wb), _gap(ops, 1, wa, wb)
        dropped_name = _dropped_name(a, b, ops, wa, wb)
        if len(da) <= 2 and len(db) <= 2 and not (set(da) ^ set(db)) & INTENSIFIERS and not dropped_name:
            return Drift("same", "the same words" + (f" (\"{' '.join(da)}\" / \"{' '.join(db)}\")"
                                                     if da or db else ""), only_a, only_b)
        if dropped_name:
            return Drift("shortened", f"a name left out: {dropped_name}", only_a, only_b)
        if matched >= 0.5 * short and max(gap_a, gap_b) >= 3:
            which = "the second" if gap_a >= gap_b else "the first"
            return Drift("shortened", f"{which} rendering leaves out {max(gap_a, gap_b)} words", only_a, only_b)
        return Drift("paraphrased", f"other words: {len(da)} and {len(db)} words differ", only_a, only_b)
    neg_a = sum(w in NEGATIONS for w in wa)
    neg_b = sum(w in NEGATIONS for w in wb)
    if neg_a != neg_b:
        return Drift("altered", f"a negation {'dropped' if neg_a > neg_b else 'added'} in translation")
    ratio = min(len(wa), len(wb)) / max(len(wa), len(wb))
    sim = 0.0 if similarity is None else similarity
    if ratio < 0.75:
        return Drift("shortened", f"one rendering has {max(len(wa), len(wb)) - min(len(wa), len(wb))} words more")
    if sim >= SAME_TRANSLATION:
        return Drift("same", f"a faithful translation (similarity {sim:.2f})")
    return Drift("paraphrased", f"a loose translation (similarity {sim:.2f})")


SAME_TRANSLATION = 0.93  # e5-small cosine of a faithful ru/uk translation of one quote (dev pairs)


def _only(wa: list[str], wb: list[str], sa: list[str], sb: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Content words of each rendering whose stem the other lacks."""
    setb, seta = set(sb), set(sa)
    oa = tuple(w for w, s in zip(wa, sa, strict=True) if _content(w) and s not in setb)
    ob = tuple(w for w, s in zip(wb, sb, strict=True) if _content(w) and s not in seta)
    return oa, ob


def cosine(u: Sequence[float], v: Sequence[float]) -> float:
    return float(sum(x * y for x, y in zip(u, v, strict=False)))


def similarities(texts: Sequence[str], embed: Callable[[list[str]], list[list[float]]] | None) -> list[list[float]]:
    """Pairwise cosine of ``texts`` under ``embed`` (L2-normalised vectors), or an empty list without one."""
    if embed is None or not texts:
        return []
    vecs = embed(list(texts))
    return [[cosine(u, v) for v in vecs] for u in vecs]
