"""What a headline says happened: coarse classes of news events named by the title's verbs and nouns.

Undated follow-ups of one case (an acquittal, the protests against it, the lawyer fleeing, the release a week
later) share people, places and most words; their headlines still name different happenings. The classes are
lemma lists (``data/group/headline.yaml``), not a model: no offline model here reads a headline's predicate.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..datafiles import load_yaml

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# a word right after these names what the news followed or answered, not the news ("после отставки Джонсона",
# "протестуют против освобождения", "на фоне протестов")
INTRODUCERS = {"ru": {"после", "перед", "против", "из-за", "фон", "накануне", "до"},
                "uk": {"після", "перед", "проти", "через", "тло", "напередодні", "до"},
                "en": {"after", "before", "against", "amid", "over"}}


@lru_cache(maxsize=1)
def _classes() -> dict[str, list[tuple[str, re.Pattern]]]:
    spec = load_yaml((resources.files("crosswire") / "data" / "group" / "headline.yaml").read_text(encoding="utf-8"))
    return {lang: [(name, re.compile("|".join(f"(?:{p})" for p in pats))) for name, pats in kinds.items()]
            for lang, kinds in spec.items()}


@lru_cache(maxsize=4)
def _lemmatizer(language: str):
    from ..nlp.base import MorphLemmatizer

    return MorphLemmatizer(language) if language in ("ru", "uk") else None


def headline_classes(title: str, language: str) -> frozenset[str]:
    """The event classes ``title`` names (empty when it names none of them)."""
    if not title:
        return frozenset()
    lang = language if language in ("ru", "uk") else "en"
    lem = _lemmatizer(lang)
    found = set()
    after = INTRODUCERS[lang]
    prev = ""
    for w in _WORD.findall(title):
        if lem is not None:
            lemma, pos, _ = lem.analyse(w)
            lemma = lemma.replace("ё", "е")
        else:
            lemma, pos = w.lower(), ""
        background, before, prev = prev in after, prev, lemma
        # a short participle is the predicate ("освобождена"); a full one describes ("оправданная христианка")
        if background or (lem is not None and pos not in ("VERB", "INFN", "NOUN", "PRTS")):
            continue
        for name, pat in _classes()[lang]:
            if pat.fullmatch(lemma) or pat.fullmatch(f"{before} {lemma}"):  # two-word entries: "из тюрьма"
                found.add(name)
    return frozenset(found)
