"""Ukrainian analyzer: razdel segmentation, pymorphy3-uk lemmas (optional GPL dictionary) and rule-based NER.

Without the ``uk`` extra (pymorphy3-dicts-uk) lemmas fall back to lower case and NER to capitalisation and
the gazetteer only.
"""

from __future__ import annotations

import functools

from .base import GenericAnalyzer, ParsedText, Token, morph_analyzer
from .rulener import RuleNer, join_words
from .spans import dedupe


def shape(word: str, like: str) -> str:
    """``word`` with the capitalisation of ``like``."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class SlavicRuleNer(RuleNer):
    """RuleNer whose normal forms come from pymorphy3 inflection (uk, or ru as a fallback)."""

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 - one per analyzer
    def _nomn(self, word: str, person: bool) -> str:
        morph = morph_analyzer(self.language)
        if morph is None or word.isupper():
            return word
        parses = morph.parse(word)
        if person:
            named = [p for p in parses if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
            parses = named or parses
        else:  # heads of names are singular ("Ради" is рада, not рад) and not people ("Києві" is Київ, not Кий)
            parses = [p for p in parses if "plur" not in p.tag.grammemes] or parses  # uk tags mark plural only
            parses = [p for p in parses if not {"Name", "Surn", "Patr"} & p.tag.grammemes] or parses
        p = parses[0]
        if "nomn" in p.tag.grammemes and "plur" not in p.tag.grammemes:
            return word
        form = p.inflect({"nomn"}) if "plur" not in p.tag.grammemes else p.inflect({"nomn", "plur"})
        return shape(form.word, word) if form is not None else word

    def normal(self, toks: list[Token], person: bool = False) -> str:
        words: list[str] = []
        head_seen = False
        for t in toks:
            if head_seen and not person:
                words.append(t.text)
                continue
            words.append(self._nomn(t.text, person))
            if t.pos == "NOUN" or not t.pos:
                head_seen = True
        return join_words(toks, words)

    def spans(self, text, sentences):
        out = []
        for s in super().spans(text, sentences):
            if s.type == "PER":
                toks = [t for sent in sentences for t in sent.tokens if s.start <= t.start and t.end <= s.end]
                s = type(s)(s.start, s.end, s.type, s.text, self.normal(toks, person=True))
            out.append(s)
        return out


class UkrainianAnalyzer(GenericAnalyzer):
    """Segmentation + pymorphy3-uk morphology + capitalisation/gazetteer NER."""

    def __init__(self) -> None:
        super().__init__("uk")
        self.ner = SlavicRuleNer("uk")

    def parse(self, text: str) -> ParsedText:
        parsed = super().parse(text)
        parsed.ner = dedupe(self.ner.spans(text, parsed.sentences))
        return parsed
