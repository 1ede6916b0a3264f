"""Post-processing shared by the NER back-ends: credit filtering, type cues from context, span clean-up.

The word lists live in ``data/entities/rules.yaml``; a ``*`` at the end of a word makes it a prefix.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from importlib import resources

from .base import NerSpan

_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[\s«\"„]*$", re.UNICODE)


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    """The entity rules file, parsed once."""
    from ..datafiles import load_yaml

    text = (resources.files("crosswire") / "data" / "entities" / "rules.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


class WordSet:
    """Exact words plus ``prefix*`` entries."""

    def __init__(self, words: list[str]):
        self.exact = {w.lower() for w in words if not w.endswith("*")}
        self.prefixes = tuple(w[:-1].lower() for w in words if w.endswith("*"))

    def __contains__(self, word: str) -> bool:
        w = word.lower()
        return w in self.exact or (bool(self.prefixes) and w.startswith(self.prefixes))


@functools.cache
def wordset(name: str) -> WordSet:
    """A named word list of the rules file as a WordSet."""
    return WordSet([str(w) for w in rules().get(name, [])])


def word_before(text: str, start: int) -> str:
    """The word right before ``start`` (skipping spaces and opening quotes), or ''."""
    m = _WORD_BEFORE.search(text[max(0, start - 40):start])
    return m.group(1) if m else ""


CREDIT_LINE = 120  # characters: a longer line is text, not a credit


def is_credit(text: str, span: NerSpan) -> bool:
    """A photo credit or a source line, not an entity in the story: "Kristina Kormilitsyna/Sputnik", "Фото: ТАСС"."""
    if "/" in span.text:
        return True
    before = text[max(0, span.start - 2):span.start]
    after = text[span.end:span.end + 2]
    if "/" in before or after.startswith("/") or after.startswith(" /"):
        return True
    # a credit line is short: look no further than CREDIT_LINE characters for its ends (linear on one-line texts)
    floor = max(0, span.start - CREDIT_LINE)
    line_start = text.rfind("\n", floor, span.start) + 1
    line_end = text.find("\n", span.end, span.end + CREDIT_LINE)
    if (line_start == 0 and floor > 0) or (line_end < 0 and span.end + CREDIT_LINE < len(text)):
        return False
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    head = line[: span.start - line_start].strip(" :….-—").lower()
    markers = wordset("credit_markers")
    words = head.split()  # "—\xa0Profiles of…": strip() keeps the no-break space, split() drops it
    if words and (head in markers or words[-1].rstrip(":…") in markers):
        # "Фото: ТАСС", "кредит…Sputnik, через Reuters": everything on a credit line is the credit
        return len(line) < CREDIT_LINE
    return False


def retype(text: str, span: NerSpan) -> NerSpan:
    """Correct the type from the word before the span: "резиденции Дяоюйтай" is a place, "компании X" an org."""
    before = word_before(text, span.start)
    if not before or not before.islower():
        return span
    cue_start = text.rfind(before, 0, span.start)
    if word_before(text, cue_start)[:1].isupper():
        return span  # the cue ends another name: "губернатор Московской области Андрей Воробьев"
    if span.type != "LOC" and before in wordset("loc_cues") and before not in wordset("per_cues"):
        return replace(span, type="LOC")
    if span.type == "PER" and before in wordset("org_cues"):
        return replace(span, type="ORG")
    return span


def gazetteer_type(span: NerSpan) -> NerSpan | None:
    """The span typed as the gazetteer knows it ("ЕС", "Кремль" are ORG), or None for a listed non-entity ("СМИ")."""
    from .gazetteer import gazetteer

    if span.text.lower() in wordset("not_entities"):
        return None
    gaz = gazetteer()
    entry = gaz.lookup(span.normal or span.text, span.type) or gaz.lookup(span.text, span.type)
    if entry is not None and entry.type != span.type and entry.type in ("PER", "LOC", "ORG"):
        return replace(span, type=entry.type)
    return span


def dedupe(spans: list[NerSpan]) -> list[NerSpan]:
    """Spans sorted by start, overlapping ones resolved in favour of the longer."""
    out: list[NerSpan] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if out and s.start < out[-1].end:
            continue
        out.append(s)
    return out
