"""Temporal expressions resolved against the publication date, or an inferred publication window.

Finds expressions (``timexpr``), infers a window for undated articles (``timewindow``), reads whether each
expression looks back or ahead from its sentence, and resolves it (``timeresolve``) into ``TimeRef``s.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from datetime import date

from ..model import Article, TimeRef
from ..nlp.base import ParsedText
from .timeresolve import UNRESOLVED, Reference, Resolved, interval, resolve, resolve_context, value_range
from .timewindow import infer_window
from .timexpr import Found, find, grammar, lower, sentence_around

INFERRED_FLAG = "date-inferred"


@functools.lru_cache(maxsize=4)
def _lemmatizer(language: str):
    from ..nlp.base import MorphLemmatizer

    return MorphLemmatizer(language) if language in ("ru", "uk") else None


@functools.lru_cache(maxsize=4)
def _future_cues(language: str) -> re.Pattern:
    cues = grammar(language).tables().get("future_cues") or []
    return re.compile(r"(?<![\w'’])(?:" + "|".join(cues) + r")(?![\w'’])")


def _verb_tense(word: str, language: str) -> str | None:
    """'past', 'futr' or 'pres' when ``word`` is a finite verb (pymorphy3), else None."""
    lem = _lemmatizer(language)
    if lem is None or not word.isalpha():
        return None
    _, pos, feats = lem.analyse(word)
    if pos != "VERB":
        return None
    return next((t for t in ("past", "futr", "pres") if t in feats), None)


def direction(f: Found, low: str, language: str) -> int:
    """+1 when the expression points ahead of the reference date, -1 (the news default) when it looks back.

    Ahead: a future cue ("перед встречей", "предстоящих", "напередодні") shortly before it with no finite verb
    between, or the nearest finite verb of its sentence in the future tense ("состоится", "відбудеться").
    """
    s_start, s_end = sentence_around(low, f.start, f.end)
    words = [(m.start(), m.group(0)) for m in re.finditer(r"[\w'’-]+", low[s_start:s_end])]
    words = [(s_start + i, w) for i, w in words]
    before = [(i, w) for i, w in words if i < f.start][-10:]
    cue_rx = _future_cues(language)
    for k in range(len(before) - 1, -1, -1):
        i, w = before[k]
        if cue_rx.fullmatch(w) or cue_rx.match(low, i):
            if not any(_verb_tense(x, language) for _, x in before[k + 1:]):
                return 1
            break
    tensed = [(abs(i - f.start), t) for i, w in words if not (f.start <= i < f.end)
              for t in [_verb_tense(w, language)] if t]
    if tensed:
        return 1 if min(tensed)[1] == "futr" else -1
    if language == "en" and re.search(r"\b(?:will|shall|is to|are to)\b", low[s_start:s_end]):
        return 1
    return -1


def _within_window(f: Found, first: Reference, last: Reference, direction: int, tables: dict) -> Resolved:
    """An expression of an undated article read against both ends of its inferred window: one value where both
    agree ("в 2010 году"), else the whole span they allow, with its width ("сегодня" in a window of a year is
    that year, never an invented day)."""
    a = resolve(f, first, direction, tables)
    b = resolve(f, last, direction, tables)
    if a.value == b.value or a.anchor != "inferred":
        return a
    if f.kind in ("date", "month", "part", "season") and not f.slots.get("rel"):
        # a day or month without its year: the one year that puts it inside the window, if only one does
        fits = []
        for y in range(first.day.year, last.day.year + 1):
            r = resolve(Found(f.start, f.end, f.text, f.kind, {**f.slots, "year": str(y)}), first, direction, tables)
            rng = value_range(r.value)
            if rng and first.day <= rng[0] and rng[1] <= last.day:
                fits.append(r)
        if len(fits) == 1:
            return Resolved(fits[0].value, fits[0].grain, "inferred", a.confidence)
    ra, rb = value_range(a.value), value_range(b.value)
    if not (ra and rb):
        return UNRESOLVED
    return Resolved(interval(min(ra[0], rb[0]), max(ra[1], rb[1])), "interval", "inferred",
                    min(a.confidence, b.confidence) * 0.5)


def read_timerefs(article: Article, parsed: ParsedText) -> tuple[Article, list[TimeRef]]:
    """(the article, with an inferred publication window where undated; its resolved time expressions)."""
    text, lang = article.text, article.language
    found = find(text, lang)
    tables = grammar(lang).tables()
    low = lower(text)
    ref: Reference | None = None
    ref_end: Reference | None = None
    if article.published:
        try:
            ref = Reference(date.fromisoformat(article.published[:10]), "published", 1.0)
        except ValueError:
            ref = None
    if ref is None:
        dirs = [direction(f, low, lang) for f in found]
        bare = [resolve(f, None, d, tables) for f, d in zip(found, dirs, strict=True)]
        window = infer_window(found, bare, low, tables, dirs)
        if window is not None:
            article = dataclasses.replace(
                article, published_window=(window.start.isoformat(), window.end.isoformat()),
                flags=tuple(dict.fromkeys([*article.flags, INFERRED_FLAG])))
            ref = Reference(window.start, "inferred", window.confidence)
            ref_end = Reference(window.end, "inferred", window.confidence)
    out: list[TimeRef] = []
    last_day = None
    for f in found:
        if f.kind == "ctxday":
            r = resolve_context(f, last_day, tables)
        elif ref is not None and ref_end is not None:
            r = _within_window(f, ref, ref_end, direction(f, low, lang), tables)
        else:
            r = resolve(f, ref, direction(f, low, lang), tables)
        if r.grain == "day":
            last_day = r
        out.append(TimeRef(id=f"{article.id}:t{len(out)}", article=article.id, start=f.start, end=f.end,
                           text=f.text, value=r.value, grain=r.grain, anchor=r.anchor,
                           confidence=round(r.confidence, 3)))
    return article, out
