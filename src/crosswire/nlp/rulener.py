"""Rule-based NER over capitalised sequences, typed by gazetteer, grammemes and head words (uk and en).

No licence-clean Ukrainian NER model exists to ship, so: maximal runs of capitalised words (plus org heads
followed by lower-case genitives, place tails like "область", facility words), then a type from the
gazetteer, pymorphy3 grammemes (Name/Surn/Patr/Geox/Abbr), head-word lists and the word before.
"""

from __future__ import annotations

import functools
import re

from .base import NerSpan, Sentence, Token, morph_analyzer
from .gazetteer import first_names, gazetteer
from .names import latin
from .spans import is_credit, retype, wordset

_CAP = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][\w'’ʼ.-]*$")
_ABBR = re.compile(r"^[A-ZА-ЯЁІЇЄҐ]{2,6}$")
_SURNAME = re.compile(r"(енко|ченко|чук|щук|ук|юк|ський|цький|ська|цька|ов|ев|єв|ін|ова|ева|єва|іна|ич|ович|"
                      r"ишин|як|ак|ко|ун|ян|дзе|швілі|ман|ер|сон|ссон|ці|вич)$")
_CONNECT = {"-", "де", "дер", "фон", "ван", "ла", "ді", "да", "аль", "бен", "ібн", "of", "the", "de", "von",
            "van", "der", "al", "bin", "and", "&"}
_LOC_FEATS = {"Geox"}
_PER_FEATS = {"Name", "Surn", "Patr"}


@functools.lru_cache(maxsize=50_000)
def _name_like(language: str, word: str) -> bool:
    """Some dictionary reading of ``word`` is a first name, surname, patronymic, place or organisation."""
    if latin(word) in first_names():
        return True
    morph = morph_analyzer(language)
    if morph is None:
        return False
    return any({"Name", "Surn", "Patr", "Geox", "Orgn"} & set(p.tag.grammemes) for p in morph.parse(word))


def is_cap(tok: Token) -> bool:
    """Starts with a capital letter and has letters."""
    return bool(_CAP.match(tok.text)) and any(c.isalpha() for c in tok.text)


class RuleNer:
    """Capitalised-sequence NER for one language ('uk' or 'en')."""

    def __init__(self, language: str):
        self.language = language
        self.org_heads = wordset("org_heads_en" if language == "en" else "org_heads")
        self.loc_tails = wordset("loc_tails")
        self.facility = wordset("facility_heads")
        self.stop = wordset("en_stop")
        self.per_cues = wordset("per_cues")
        self.not_entities = wordset("not_entities")
        self.titles = wordset("en_titles") if language == "en" else wordset("_none")

    def spans(self, text: str, sentences: list[Sentence]) -> list[NerSpan]:
        """NER spans of a parsed text."""
        out: list[NerSpan] = []
        for sent in sentences:
            out += self._sentence(text, sent.tokens)
        return [retype(text, s) for s in out if not is_credit(text, s)]

    def _sentence(self, text: str, toks: list[Token]) -> list[NerSpan]:
        out: list[NerSpan] = []
        i, n = 0, len(toks)
        while i < n:
            tok = toks[i]
            starts_org = tok.text.lower() in self.org_heads and is_cap(tok)
            if not is_cap(tok) and not (tok.text.lower() in self.facility and i + 1 < n and is_cap(toks[i + 1])):
                i += 1
                continue
            j = i + 1
            while j < n:
                t = toks[j]
                if "\n" in text[toks[j - 1].end:t.start] or self._apostrophe_split(text, t):
                    break
                if is_cap(t):
                    j += 1
                elif t.text.lower() in _CONNECT and j + 1 < n and is_cap(toks[j + 1]) and text[toks[j - 1].end:t.start] != "\n":
                    j += 2
                elif starts_org and t.text.islower() and t.text.isalpha() and self._genitive(t) and j - i <= 3:
                    j += 1
                elif t.text.lower() in self.loc_tails and j > i:
                    j += 1
                    break
                else:
                    break
            span_toks = toks[i:j]
            first = i == 0 or toks[i - 1].text in "«\"“„:—–-." or "\n" in text[toks[i - 1].end:tok.start]
            i = j
            if self._apostrophe_split(text, span_toks[-1]):
                continue
            for part, part_first in self._split(span_toks, first):
                typed = self._type(text, part, first_in_sentence=part_first)
                if typed is not None and typed.text.lower() not in self.not_entities:
                    out.append(typed)
        return out

    @staticmethod
    def _apostrophe_split(text: str, tok: Token) -> bool:
        """razdel splits "Обов'язкові" at the apostrophe: such a piece is not a name."""
        nxt = text[tok.end:tok.end + 2]
        prev = text[max(0, tok.start - 2):tok.start]
        return (len(nxt) == 2 and nxt[0] in "'’ʼ" and nxt[1].isalpha()) or \
            (len(prev) == 2 and prev[1] in "'’ʼ" and prev[0].isalpha())

    def _common(self, tok: Token) -> bool:
        """A dictionary common word that is capitalised only by position or style ("Речник", "Вторгнення")."""
        if not tok.feats or self._unknown(tok) or tok.feats & (_PER_FEATS | _LOC_FEATS | {"Abbr", "Orgn"}):
            return False
        low = tok.text.lower()
        if low in self.org_heads or low in self.facility or _ABBR.match(tok.text):
            return False
        if _name_like(self.language, tok.text):
            return False
        gaz = gazetteer()
        return tok.pos not in ("ADJF", "ADJ") and gaz.lookup(tok.text) is None and gaz.lookup(self.normal([tok])) is None

    def _split(self, toks: list[Token], first: bool):
        """Parts of a capitalised run: leading common words dropped, gazetteer names cut out as their own parts."""
        gaz = gazetteer()

        def known(part: list[Token]) -> bool:
            return bool(gaz.lookup(" ".join(t.text for t in part)) or gaz.lookup(self.normal(part)))

        while len(toks) > 1 and not known(toks) and (self._common(toks[0]) or toks[0].text.lower() in self.stop
                                                     or toks[0].text.lower() in self.titles):
            toks, first = toks[1:], False
        if len(toks) == 1 and toks[0].text.lower() in self.titles and not known(toks):
            return
        if len(toks) == 1 or known(toks) or any(t.text.lower() in self.org_heads for t in toks):
            yield toks, first
            return
        i, rest_start = 0, 0
        while i < len(toks):
            for k in range(min(len(toks), i + 5), i, -1):
                if k - i == len(toks):
                    continue
                sub = toks[i:k]
                if gaz.lookup(" ".join(t.text for t in sub)) or gaz.lookup(self.normal(sub)):
                    if rest_start < i:
                        yield toks[rest_start:i], first and rest_start == 0
                    yield sub, first and i == 0
                    i = rest_start = k
                    break
            else:
                i += 1
        if rest_start < len(toks):
            yield toks[rest_start:], first and rest_start == 0

    def _genitive(self, tok: Token) -> bool:
        return "gent" in tok.feats or not tok.feats

    def _type(self, text: str, toks: list[Token], first_in_sentence: bool) -> NerSpan | None:
        while toks and toks[-1].text in "-.":
            toks = toks[:-1]
        if not toks:
            return None
        start, end = toks[0].start, toks[-1].end
        surface = text[start:end]
        words = [t.text for t in toks]
        lows = [w.lower() for w in words]
        if self.language == "en" and lows[0] in self.stop:
            if len(toks) == 1:
                return None
            return self._type(text, toks[1:], first_in_sentence=False)
        gaz = gazetteer()
        normal = self.normal(toks)
        entry = gaz.lookup(normal) or gaz.lookup(surface)
        feats = set().union(*(t.feats for t in toks))
        if entry is not None:
            return NerSpan(start, end, entry.type, surface, normal)
        if len(toks) == 1:
            tok = toks[0]
            if first_in_sentence and not (feats & (_PER_FEATS | _LOC_FEATS | {"Abbr"})) and tok.feats \
                    and not _ABBR.match(tok.text):
                return None  # an ordinary word capitalised by its position
            if tok.feats and not (feats & (_PER_FEATS | _LOC_FEATS | {"Abbr", "Orgn"})) \
                    and not _ABBR.match(tok.text) and not self._unknown(tok):
                # a dictionary common word or adjective capitalised (titles, "Кремля" is in the gazetteer)
                if tok.pos in ("ADJF", "ADJ", "VERB", "INFN", "ADVB", "CONJ", "PREP", "NPRO", "PRCL"):
                    return None
        if lows[0] in self.org_heads or any(w in self.org_heads for w in lows[1:2]):
            return NerSpan(start, end, "ORG", surface, normal)
        if lows[-1] in self.loc_tails or lows[0] in self.facility:
            return NerSpan(start, end, "LOC", surface, normal)
        if len(toks) == 1 and _ABBR.match(toks[0].text):
            return NerSpan(start, end, "ORG", surface, normal)
        if feats & _PER_FEATS and not feats & _LOC_FEATS:
            return NerSpan(start, end, "PER", surface, normal)
        if feats & _LOC_FEATS:
            return NerSpan(start, end, "LOC", surface, normal)
        if 2 <= len(toks) <= 4 and all(t.pos in ("NOUN", "") or self._unknown(t) for t in toks):
            return NerSpan(start, end, "PER", surface, normal)
        if any(_SURNAME.search(w.lower()) for w in words[-1:]) and all(t.pos in ("NOUN", "") for t in toks):
            return NerSpan(start, end, "PER", surface, normal)
        if len(toks) >= 2 and toks[0].pos in ("ADJF", "ADJ"):
            return NerSpan(start, end, "LOC", surface, normal)
        if first_in_sentence:
            return None
        return NerSpan(start, end, "LOC" if self.language != "en" else "ORG", surface, normal)

    def _unknown(self, tok: Token) -> bool:
        return "UNKN" in tok.feats or tok.pos == ""

    def normal(self, toks: list[Token]) -> str:
        """Nominative of a name from token lemmas: all words of a person name, words up to the head otherwise."""
        return " ".join(t.text for t in toks)
