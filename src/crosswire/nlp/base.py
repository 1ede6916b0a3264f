"""Shared NLP records (tokens, sentences, NER spans) and a generic morphology-only analyzer.

razdel segments Russian/Ukrainian/English alike; pymorphy3 gives lemmas and grammemes where a dictionary exists.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    lemma: str
    pos: str = ""  # UD-style or pymorphy3 POS tag
    feats: frozenset[str] = frozenset()  # grammemes: {"Name", "Surn", "Geox", "gent", "plur", ...}


@dataclass(frozen=True, slots=True)
class NerSpan:
    start: int
    end: int
    type: str  # PER, LOC, ORG
    text: str
    normal: str = ""  # nominative normal form where the back-end gives one


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)


@dataclass(slots=True)
class ParsedText:
    """What an analyzer reads off a text; offsets index that text."""

    language: str
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    ner: list[NerSpan] = field(default_factory=list)
    syntax: list[tuple[int, int, str]] | None = None  # (token index, head index or -1, relation), where parsed
    _flat: list[Token] | None = field(default=None, init=False, repr=False, compare=False)
    _by_start: dict[int, Token] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def tokens(self) -> list[Token]:
        """Every token in text order: built on each access while an analyzer still edits the sentences, once
        after ``settle``."""
        if self._flat is not None:
            return self._flat
        return [t for s in self.sentences for t in s.tokens]

    def settle(self, sentences: list[Sentence]) -> None:
        """Fix the sentences for the stages (which never change them): ``tokens`` and ``token_at`` are then
        built once, so a stage that asks for them per mention stays linear in text length."""
        self.sentences = sentences
        self._flat = [t for s in sentences for t in s.tokens]
        self._by_start = None

    def token_at(self, start: int) -> Token | None:
        """The token that starts at ``start``, if any."""
        if self._by_start is None or self._flat is None:
            by_start: dict[int, Token] = {}
            for t in self.tokens:
                by_start.setdefault(t.start, t)
            if self._flat is None:
                return by_start.get(start)
            self._by_start = by_start
        return self._by_start.get(start)


MAX_SENTENCE = 1000  # characters; the longest sentence in the development news is 735
_SOFT_BREAKS = frozenset(",;:—–-)»\"")


def bound_sentences(text: str, sentences: list[Sentence], limit: int = MAX_SENTENCE) -> list[Sentence]:
    """``sentences`` with every one longer than ``limit`` characters cut into pieces of at most ``limit``
    (at the last comma, dash, colon or line break of a piece where one lies in its second half, else at a token
    boundary), so that work per sentence stays bounded and a text with no full stop costs linear time.
    Tokens (and their order) are unchanged; only the sentence boundaries move."""
    out: list[Sentence] = []
    for sent in sentences:
        if sent.end - sent.start <= limit or len(sent.tokens) < 2:
            out.append(sent)
            continue
        tokens = sent.tokens
        first = 0
        while first < len(tokens):
            start = tokens[first].start
            last = first  # the last token that still fits
            while last + 1 < len(tokens) and tokens[last + 1].end - start <= limit:
                last += 1
            if last + 1 < len(tokens):
                for k in range(last, first, -1):  # a soft break in the second half of the piece
                    if tokens[k].end - start < limit // 2:
                        break
                    if tokens[k].text in _SOFT_BREAKS or "\n" in text[tokens[k].end:tokens[k + 1].start]:
                        last = k
                        break
            piece = tokens[first:last + 1]
            out.append(Sentence(piece[0].start, piece[-1].end, text[piece[0].start:piece[-1].end], piece))
            first = last + 1
    return out


class CachedMorph:
    """A pymorphy3 MorphAnalyzer whose ``parse`` is cached per word form, shared by every stage of a process.

    The analyzer, the lemmatizer, framing, events and the Ukrainian rules each asked pymorphy3 for the same words
    (three times per word on Russian text); a parse is about 70 µs and news repeats its words."""

    def __init__(self, morph) -> None:
        self.morph = morph
        self._parse = functools.lru_cache(maxsize=150_000)(lambda word: tuple(morph.parse(word)))

    def parse(self, word: str) -> list:
        """``MorphAnalyzer.parse(word)`` (a fresh list of the cached parses)."""
        return list(self._parse(word))

    def __reduce__(self):
        # a worker process unpickles the analyzer of its own process (the lambda cache cannot be pickled)
        return morph_analyzer, (self.morph.lang,)

    def __getattr__(self, name: str):
        if name == "morph":  # not set yet (e.g. while copying): never recurse through __getattr__
            raise AttributeError(name)
        return getattr(self.morph, name)


@functools.lru_cache(maxsize=4)
def morph_analyzer(language: str):
    """A pymorphy3 MorphAnalyzer for ``ru`` or ``uk`` (its parses cached), or None when its dictionary is not
    installed."""
    try:
        import pymorphy3
    except ImportError:  # pragma: no cover - pymorphy3 is a core dependency
        return None
    try:
        return CachedMorph(pymorphy3.MorphAnalyzer(lang=language))
    except (ValueError, OSError, ImportError, KeyError) as exc:
        log.warning("no pymorphy3 dictionary for %r (%s); lemmas fall back to lower case", language, exc)
        return None


_APOSTROPHES = {"'", "’", "ʼ"}


def segment(text: str, apostrophe_words: bool = False) -> list[Sentence]:
    """Sentences and tokens of ``text`` with offsets (razdel), lemmas left as lower-case surface forms.
    ``apostrophe_words``: the apostrophe inside a word is a letter (Ukrainian "В'ячеслав", "з'явилося", "п’ять"),
    so the three pieces razdel cuts such a word into are joined again."""
    from razdel import sentenize

    from .tokenize import tokenize

    out: list[Sentence] = []
    for sent in sentenize(text):
        tokens = [
            Token(word, sent.start + start, sent.start + stop, word.lower())
            for start, stop, word in tokenize(sent.text)
        ]
        if apostrophe_words:
            tokens = join_apostrophes(tokens)
        out.append(Sentence(sent.start, sent.stop, sent.text, tokens))
    return out


def join_apostrophes(tokens: list[Token], analyse=None) -> list[Token]:
    """``tokens`` with the three pieces razdel cuts an apostrophe word into ("В", "'", "ячеслав") joined again;
    ``analyse(word)`` gives the joined word's (lemma, POS, grammemes), the word spelt with a plain "'"
    (default: the word in lower case, no tags)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if i + 2 < len(tokens) and tokens[i + 1].text in _APOSTROPHES and t.text.isalpha() \
                and tokens[i + 2].text.isalpha() and t.end == tokens[i + 1].start \
                and tokens[i + 1].end == tokens[i + 2].start:
            word = t.text + tokens[i + 1].text + tokens[i + 2].text
            tags = analyse(t.text + "'" + tokens[i + 2].text) if analyse is not None else (word.lower(), "", frozenset())
            out.append(Token(word, t.start, tokens[i + 2].end, *tags))
            i += 3
            continue
        out.append(t)
        i += 1
    return out


class MorphLemmatizer:
    """Context-free first-parse lemmas and grammemes from pymorphy3, cached per word form."""

    def __init__(self, language: str):
        self.language = language
        self.morph = morph_analyzer(language)

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one instance per language per process
    def analyse(self, word: str) -> tuple[str, str, frozenset[str]]:
        if self.morph is None or not any(c.isalpha() for c in word):
            return word.lower(), "", frozenset()
        parse = self.morph.parse(word.replace("’", "'").replace("ʼ", "'"))[0]  # the dictionaries spell it '
        tag = parse.tag
        return parse.normal_form, str(tag.POS or ""), frozenset(tag.grammemes)

    def lemmatize(self, sentences: list[Sentence]) -> list[Sentence]:
        for sent in sentences:
            sent.tokens = [
                Token(t.text, t.start, t.end, *self.analyse(t.text)) for t in sent.tokens
            ]
        return sentences


class GenericAnalyzer:
    """Segmentation plus pymorphy3 lemmas where a dictionary exists; no NER."""

    def __init__(self, language: str = "und"):
        self.language = language
        self.lemmatizer = MorphLemmatizer(language) if language in ("ru", "uk") else None

    def parse(self, text: str) -> ParsedText:
        sentences = segment(text, apostrophe_words=self.language == "uk")
        if self.lemmatizer is not None:
            self.lemmatizer.lemmatize(sentences)
        return ParsedText(self.language, text, sentences)
