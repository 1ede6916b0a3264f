"""Rule-based NER over capitalised sequences, typed by gazetteer, grammemes and head words (uk and en).

No licence-clean Ukrainian NER model exists to ship, so: maximal runs of capitalised words (plus org heads
followed by lower-case genitives, place tails like "область", facility words), then a type from the
gazetteer, pymorphy3 grammemes (Name/Surn/Patr/Geox/Abbr), head-word lists and the word before.
"""

from __future__ import annotations

import re
import threading

from .base import NerSpan, Sentence, Token
from .gazetteer import first_names, gazetteer
from .names import latin
from .readings import FUNCTION_POS as _FUNCTION
from .readings import kinds as _kinds
from .readings import name_like as _name_like
from .readings import readings as _readings
from .spans import is_credit, retype, rules, wordset

_CAP = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][\w'’ʼ.-]*$")
_ABBR = re.compile(r"^[A-ZА-ЯЁІЇЄҐ]{2,6}$")
_SURNAME = re.compile(r"(енко|ченко|чук|щук|ук|юк|ський|цький|ська|цька|ов|ев|єв|ін|ова|ева|єва|іна|ич|ович|"
                      r"ишин|як|ак|ко|ун|ян|дзе|швілі|ман|ер|сон|ссон|ці|вич)$")
_CONNECT = {"-", "де", "дер", "фон", "ван", "ла", "ді", "да", "аль", "бен", "ібн", "of", "the", "de", "von",
            "van", "der", "al", "bin", "&"}
_LOC_FEATS = {"Geox"}
_PER_FEATS = {"Name", "Surn", "Patr"}


_OPEN_QUOTES = {"«", '"', "“", "„", "'"}
_CLOSE_QUOTES = {"»", '"', "”", "“", "'"}
_AFTER_BREAK = {".", "!", "?", "…", ":", "«", '"', "“", "„", "—", "–", "-", "(", ";"}
# Roman numerals, also typed with the Cyrillic look-alikes Х and І ("ХІХ століття", "ІІ ступеня")
ROMAN = re.compile(r"^[IVXLCХІ]+$")
def join_words(toks: list[Token], words: list[str]) -> str:
    """``words`` (one per token) joined with a space where the tokens had one: "Д. С. Ліхачов"."""
    out = []
    for i, (tok, word) in enumerate(zip(toks, words, strict=True)):
        if i and tok.start > toks[i - 1].end:
            out.append(" ")
        out.append(word)
    return "".join(out)


def _people_by_surname(spans: list[NerSpan]) -> list[NerSpan]:
    """A lone word typed by default that is the first or last word of a person named in the same text is that
    person ("Yesenin" after "Sergei Yesenin")."""
    parts = {w for s in spans if s.type == "PER" and " " in s.text for w in (s.text.split()[0], s.text.split()[-1])}
    gaz = gazetteer()
    return [NerSpan(s.start, s.end, "PER", s.text, s.normal) if s.type != "PER" and s.text in parts
            and " " not in s.text and gaz.lookup(s.text) is None else s for s in spans]


def is_title(tokens: list[Token]) -> bool:
    """A headline written in title case ("Automotive Manufacturing And Exports Dropped"): most longer words
    capitalised."""
    words = [t for t in tokens if t.text.isalpha() and len(t.text) > 3]
    return len(words) >= 4 and sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def mid_sentence_caps(sentences: list[Sentence]) -> set[str]:
    """Words written capitalised inside a sentence (not after a quote, dash or colon): names wherever they occur."""
    out: set[str] = set()
    for sent in sentences:
        for prev, tok in zip(sent.tokens, sent.tokens[1:], strict=False):
            if is_cap(tok) and prev.text not in _AFTER_BREAK:
                out.add(tok.text)
    return out


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
        self._state = threading.local()  # per-text facts (mid-sentence capitalised words); analyzers are shared
        self._state.names = set()
        self._state.lower = set()
        self.not_entities = wordset("not_entities")
        self.org_forms = set(rules().get("org_forms", []))
        self.org_cues = wordset("org_cues")
        self.loc_suffix = re.compile("(" + "|".join(rules().get("loc_suffixes", ["$^"])) + ")$")
        self.titles = wordset("en_titles") if language == "en" else wordset("_none")

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_state", None)  # thread-local scratch space does not pickle
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._state = threading.local()

    def spans(self, text: str, sentences: list[Sentence]) -> list[NerSpan]:
        """NER spans of a parsed text."""
        out: list[NerSpan] = []
        # words written capitalised inside a sentence somewhere in this text are names there and at sentence starts
        titles = [self.language == "en" and is_title(s.tokens) for s in sentences]  # headline case is English
        self._state.names = mid_sentence_caps([s for s, t in zip(sentences, titles, strict=True) if not t])
        self._state.lower = {t.text for s in sentences for t in s.tokens if t.text.islower()}
        for sent, title in zip(sentences, titles, strict=True):
            found = self._sentence(text, sent.tokens)
            if title:  # headline case: every word is capitalised, so only names the gazetteer knows count
                gaz = gazetteer()
                found = [x for x in found if gaz.lookup(x.normal or x.text) or gaz.lookup(x.text)]
            out += found
        return [retype(text, s) for s in _people_by_surname(out) if not is_credit(text, s)]

    def _quoted_orgs(self, text: str, toks: list[Token]) -> tuple[list[NerSpan], set[int]]:
        """Organisations named in quotes: "ТОВ «Агробізнес»" (legal form kept), "газета «День»" (name only)."""
        out: list[NerSpan] = []
        used: set[int] = set()
        for i, tok in enumerate(toks[:-2]):
            low = tok.text.lower()
            is_form, is_cue = tok.text in self.org_forms, low in self.org_cues
            if not (is_form or is_cue) or toks[i + 1].text not in _OPEN_QUOTES:
                continue
            close = next((k for k in range(i + 2, min(len(toks), i + 12)) if toks[k].text in _CLOSE_QUOTES), None)
            if close is None or close == i + 2 or not toks[i + 2].text[:1].isupper():
                continue
            if is_form:
                a, b, keep = toks[i].start, toks[close].end, range(i, close + 1)
            else:
                a, b, keep = toks[i + 2].start, toks[close - 1].end, range(i + 1, close + 1)
            out.append(NerSpan(a, b, "ORG", text[a:b], text[a:b]))
            used.update(keep)
        return out, used

    def _sentence(self, text: str, toks: list[Token]) -> list[NerSpan]:
        out, used = self._quoted_orgs(text, toks)
        i, n = 0, len(toks)
        while i < n:
            tok = toks[i]
            if i in used:
                i += 1
                continue
            starts_org = tok.text.lower() in self.org_heads and is_cap(tok)
            if not is_cap(tok) and not (tok.text.lower() in self.facility and i + 1 < n and is_cap(toks[i + 1])):
                i += 1
                continue
            j = i + 1
            while j < n:
                t = toks[j]
                if "\n" in text[toks[j - 1].end:t.start] or self._apostrophe_split(text, t) or j in used:
                    break
                if t.text == "." and len(toks[j - 1].text) == 1 and j + 1 < n and is_cap(toks[j + 1]):
                    j += 2  # an initial: "Д. С. Ліхачов", "А . Ждаха"
                elif t.text == "." and len(toks[j - 1].text) == 1 and toks[j - 1].text.isupper() and j - i >= 2:
                    j += 1  # a trailing initial: "Кузнєцов А. С."
                    break
                elif is_cap(t):
                    j += 1
                elif (t.text.lower() in _CONNECT or (t.text.lower() in ("and", "і", "и", "та") and any(
                        x.text.lower() in self.org_heads for x in toks[i:j]))) and j + 1 < n and is_cap(toks[j + 1]):
                    # "Institute of Physics and Technology": "and" joins only inside an organisation name
                    j += 2
                elif starts_org and t.text.islower() and t.text.isalpha() and self._genitive(t) and j - i <= 3:
                    j += 1
                elif t.text.lower() in self.loc_tails and j > i:
                    j += 1
                    break
                elif t.text.isalpha() and t.text.islower() and j - i <= 2 and self._known(toks[i:j + 1]):
                    j += 1  # a known name with a lower-case word: "Білого дому", "Північного потоку"
                else:
                    break
            span_toks = toks[i:j]
            nxt = toks[j] if j < n else None
            if len(span_toks) == 1 and nxt is not None and self._modifies(span_toks[0], nxt):
                i = j
                continue
            first = i == 0 or toks[i - 1].text in "«\"“„:—–-." or "\n" in text[toks[i - 1].end:tok.start]
            i = j
            if self._apostrophe_split(text, span_toks[-1]):
                continue
            for part, part_first in self._split(span_toks, first):
                typed = self._type(text, part, first_in_sentence=part_first)
                if typed is not None and typed.text.lower() not in self.not_entities:
                    out.append(typed)
        return out

    def _modifies(self, tok: Token, nxt: Token) -> bool:
        """A capitalised adjective before a lower-case noun phrase ("Полтавської обласної організації") is part
        of a common-noun phrase, not a name on its own."""
        if "ADJF" not in _kinds(self.language, tok.text) or not nxt.text.isalpha() or not nxt.text.islower():
            return False
        if nxt.text in self.loc_tails:
            return False
        return bool(_kinds(self.language, nxt.text) & {"ADJF", "NOUN"}) and "ADJF" in tok.feats | {tok.pos}

    def _function(self, word: str, first: bool) -> bool:
        """A pronoun, preposition, conjunction... ("Вона", "Крім"); one that can also be a name ("Кім") only at a
        sentence start, and only when the text never writes it capitalised mid-sentence."""
        kinds = _kinds(self.language, word)
        if not kinds & _FUNCTION:
            return False
        if kinds & {"Name", "Surn", "Geox"}:
            return first and word not in self._state.names
        return True

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
        if _name_like(self.language, tok.text) or {"Geox", "Place"} & _kinds(self.language, tok.text):
            return False  # a place the dictionary does not mark (nlp/places.py): "мешканець Макіївки Валерій …"
        gaz = gazetteer()
        if "ADJF" in _kinds(self.language, tok.text):
            return False  # "Високому Замку": an adjective reading, though the first one is a noun (Високе)
        return tok.pos not in ("ADJF", "ADJ") and gaz.lookup(tok.text) is None and gaz.lookup(self.normal([tok])) is None

    def _known(self, part: list[Token]) -> bool:
        """The gazetteer knows this run (as written, as a nominative name or as a nominative person name)."""
        gaz = gazetteer()
        return bool(gaz.lookup(" ".join(t.text for t in part)) or gaz.lookup(self.normal(part))
                    or (len(part) > 1 and gaz.lookup(self.normal(part, person=True))))

    def _split(self, toks: list[Token], first: bool):
        """Parts of a capitalised run: leading common words dropped, gazetteer names cut out as their own parts."""
        known = self._known

        while len(toks) > 1 and not known(toks) and toks[1].text != "." and (
                self._common(toks[0]) or toks[0].text.lower() in self.stop
                                                     or self._function(toks[0].text, first)
                                                     or toks[0].text.lower() in self.titles):
            toks, first = toks[1:], False
        if len(toks) == 1 and toks[0].text.lower() in self.titles and not known(toks):
            return
        if len(toks) == 1 or known(toks) or any(t.text.lower() in self.org_heads for t in toks) \
                or self._full_name(toks):
            yield toks, first
            return
        i, rest_start = 0, 0
        while i < len(toks):
            for k in range(min(len(toks), i + 5), i, -1):
                if k - i == len(toks):
                    continue
                sub = toks[i:k]
                if known(sub) or self._full_name(sub):
                    if rest_start < i:
                        yield toks[rest_start:i], first and rest_start == 0
                    yield sub, first and i == 0
                    i = rest_start = k
                    break
            else:
                i += 1
        if rest_start < len(toks):
            yield toks[rest_start:], first and rest_start == 0

    def _full_name(self, toks: list[Token]) -> bool:
        """A first name and one or two capitalised words after it, initials between allowed ("Майкла Блумберга",
        "Володимир Єльченко", "Дмитро С. Пєсков"): one person, even where the gazetteer knows the surname alone
        as something else (Bloomberg)."""
        words = [t for t in toks if t.text != "." and not (len(t.text) == 1 and t.text.isupper())]
        inner = toks[1:-1]
        if not 2 <= len(words) <= 3 or len(toks) - len(words) > 4 or toks[-1] is not words[-1] \
                or not all(t.text.replace("'", "").replace("’", "").isalpha() and len(t.text) > 1 for t in words):
            return False
        if len(words) == 2 and any(t not in words for t in inner) and words[0] is not toks[0]:
            return False
        word = words[0].text
        if len(words) == 3 and "Name" in _kinds(self.language, words[1].text) \
                and "Patr" in _kinds(self.language, words[2].text):
            return True  # surname first, as registers write it: "Гущин Сергій Миколайович"
        return "Name" in _kinds(self.language, word) or latin(word) in first_names()

    def _genitive(self, tok: Token) -> bool:
        return "gent" in tok.feats or not tok.feats

    def _type(self, text: str, toks: list[Token], first_in_sentence: bool) -> NerSpan | None:
        while toks and toks[-1].text in "-." and not (
                toks[-1].text == "." and len(toks) > 2 and len(toks[-2].text) == 1 and toks[-2].text.isupper()):
            toks = toks[:-1]  # an initial keeps its dot: "Януковича В. Ф."
        if not toks:
            return None
        start, end = toks[0].start, toks[-1].end
        surface = text[start:end]
        words = [t.text for t in toks]
        lows = [w.lower() for w in words]
        if self.language == "en" and lows[0] in self.stop and not (len(words) > 1 and words[1] == "."):
            if len(toks) == 1:
                return None
            return self._type(text, toks[1:], first_in_sentence=False)
        if self.language == "en" and len(toks) == 1 and (lows[0] in self._state.lower
                                                         or re.search(r"-[a-z]", words[0])):
            return None  # a word the text also writes in lower case, or "Turkish-made"
        if all(ROMAN.match(w) or len(w) == 1 for w in words if w != "."):
            return None  # "XIX", a lone initial
        gaz = gazetteer()
        if len(toks) == 1 and self._function(words[0], first_in_sentence):
            return None  # before the gazetteer: folded "Крім" (except) would match Крим
        normal = self.normal(toks)
        entry = gaz.lookup(normal) or gaz.lookup(surface) or gaz.lookup(self.normal(toks, person=True))
        if entry is None and len(toks) == 1:
            reading = next((n for n in _readings(self.language, words[0]) if gaz.lookup(n)), None)
            if reading is not None:
                entry, normal = gaz.lookup(reading), reading
        if entry is not None:
            return NerSpan(start, end, entry.type, surface, normal)
        per = loc = False
        if len(toks) == 1:
            word = words[0]
            kinds = _kinds(self.language, word)
            adjective = "ADJF" in kinds and not _ABBR.match(word)
            if adjective and (not kinds & {"Name", "Surn", "Geox", "Place"}
                              or (first_in_sentence and word not in self._state.names)):
                return None  # "Вона", "Крім", "Українська": capitalised by position or style
            if first_in_sentence and "common" in kinds and not kinds & {"Name", "Surn", "Patr", "Geox"} \
                    and not _ABBR.match(word) and word not in self._state.names:
                return None  # an ordinary word capitalised by its position
            per = bool(kinds & {"Name", "Surn", "Patr"})
            loc = bool(kinds & {"Geox", "Place"})
            if "common" in kinds and not per and not loc and word.lower() in self._state.lower:
                return None  # a common noun the text also writes in lower case ("Війна"), not a name
        else:
            feats = set().union(*(t.feats for t in toks))
            per = bool(feats & _PER_FEATS) or any(_name_like(self.language, w) for w in words[:1])
            loc = bool(feats & _LOC_FEATS)
        if lows[0] in self.org_heads or any(w in self.org_heads for w in lows[1:2]) \
                or (self.language == "en" and lows[-1] in self.org_heads):
            return NerSpan(start, end, "ORG", surface, normal)
        if lows[-1] in self.loc_tails or lows[0] in self.facility:
            return NerSpan(start, end, "LOC", surface, normal)
        if len(toks) == 1 and _ABBR.match(toks[0].text):
            return NerSpan(start, end, "ORG", surface, normal)
        if loc or self.loc_suffix.search(lows[-1]) and not per:
            return NerSpan(start, end, "LOC", surface, normal)
        if per:
            return NerSpan(start, end, "PER", surface, normal)
        if len(toks) >= 2 and (toks[0].pos in ("ADJF", "ADJ") or "ADJF" in _kinds(self.language, words[0])):
            return NerSpan(start, end, "LOC", surface, normal)
        if 2 <= len(toks) <= 4 or _SURNAME.search(lows[-1]):
            return NerSpan(start, end, "PER", surface, normal)
        if first_in_sentence:
            return None
        if self.language == "en" or surface.isascii():
            return NerSpan(start, end, "ORG", surface, normal)  # Latin names in Cyrillic text: brands, media
        return NerSpan(start, end, "PER", surface, normal)  # unknown capitalised words are mostly people

    def _unknown(self, tok: Token) -> bool:
        return "UNKN" in tok.feats or tok.pos == ""

    def normal(self, toks: list[Token], person: bool = False) -> str:
        """The name as written (languages without a morphology back-end)."""
        return join_words(toks, [t.text for t in toks])
