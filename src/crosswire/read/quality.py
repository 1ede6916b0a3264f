"""Quality flags: machine-translation artefacts, content-farm boilerplate, duplicated title, ad marker, no date.

Patterns are data (data/quality/*.yaml); each detector is small and general, tuned for precision on human news.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from ..datafiles import load_yaml
from ..model import Article, Mention
from ..nlp.base import ParsedText, Sentence, Token

# flags set by ingest that this stage keeps
_KEPT = ("ad-marker", "no-date")
_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})
_BOILERPLATE = ("author-blurb", "related-links", "comment-form")


@functools.lru_cache(maxsize=1)
def _data() -> tuple[dict, dict[str, list[re.Pattern[str]]]]:
    folder = resources.files("crosswire") / "data" / "quality"
    mt = load_yaml((folder / "mt.yaml").read_text(encoding="utf-8")) or {}
    bp = load_yaml((folder / "boilerplate.yaml").read_text(encoding="utf-8")) or {}
    boiler = {cat: [re.compile(p, re.IGNORECASE) for p in pats or []] for cat, pats in bp.items()}
    return mt, boiler


@functools.lru_cache(maxsize=8)
def _calques(language: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in _data()[0].get("calques", {}).get(language, []))


def _words(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if any(c.isalpha() for c in t.text)]


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.text[:1].isalpha()


def _latin(tok: Token) -> bool:
    return tok.text[:1].isascii()


def _name_neighbour(tok: Token, word: Token) -> bool:
    return _capitalised(tok) and _latin(tok) == _latin(word) and tok.text != word.text


def doubled_tokens(parsed: ParsedText) -> list[Token]:
    """Name tokens repeated back to back inside a capitalised run ("Кім Чен Чен Ин")."""
    out = []
    for sent in parsed.sentences:
        toks = sent.tokens
        for i in range(1, len(toks) - 1):
            a, b = toks[i], toks[i + 1]
            if a.text != b.text or not _capitalised(a) or b.start - a.end != 1:
                continue
            # inside a name: a capitalised neighbour in the same script on either side ("Кім Чен Чен Ин",
            # "Тереза Мэй Мэй"); "Brexit Дэвис Дэвис подал" (a Latin word beside a real surname) stays silent
            before = toks[i - 1]
            after = toks[i + 2] if i + 2 < len(toks) else None
            if (_name_neighbour(before, a) and before.end + 1 == a.start) or (
                    after is not None and _name_neighbour(after, a) and b.end + 1 == after.start):
                out.append(b)
    return out


def _proper_lemmas(parsed: ParsedText) -> set[str]:
    """Lemmas written capitalised somewhere mid-sentence: words the text itself treats as proper nouns."""
    out = set()
    for sent in parsed.sentences:
        words = _words(sent.tokens)
        out.update(t.lemma for t in words[1:] if _capitalised(t))
    return out


def broken_joins(parsed: ParsedText, max_words: int = 2, credits: frozenset[str] = frozenset()) -> list[Sentence]:
    """Bare proper-noun "sentences" of one or two words glued after a sentence, ending their paragraph."""
    proper: set[str] | None = None  # read off the whole text only when a fragment needs it (seldom)
    text = parsed.text
    named = [(n.start, n.end) for n in parsed.ner]  # NER spans, where the analyzer gives them
    out = []
    for prev, sent in zip(parsed.sentences, parsed.sentences[1:], strict=False):
        words = _words(sent.tokens)
        if not 1 <= len(words) <= max_words or "\n" in text[prev.end:sent.end]:
            continue
        if not sent.text.rstrip().endswith(".") or re.search(r"[:()\[\]«»\"“”—–-]", sent.text):
            continue
        # the fragment ends its paragraph (mid-line runs are lists or product names)
        if text[sent.end:].split("\n", 1)[0].strip():
            continue
        # an agency credit glued to the last sentence ("… Brexit. РИА Новости.") is a human habit, not MT
        if _norm(sent.text) in credits:
            continue
        # a dateline or caption stands alone on its line; a glued fragment follows a full sentence whose last
        # word is not an abbreviation ("вул.", "м.", "к.м.н." make the splitter cut too early)
        prev_words = _words(prev.tokens)
        if not prev.text.rstrip().endswith(".") or len(prev_words) < 4:
            continue
        last = prev_words[-1]
        if len(last.text) < 4 or not prev.text.rstrip().endswith(last.text + "."):
            continue
        if proper is None:
            proper = _proper_lemmas(parsed)
        if all(_capitalised(t) and (t.feats & _PROPER or t.pos == "PROPN" or t.lemma in proper or t.text.isupper()
                                    or any(a <= t.start and t.end <= b for a, b in named)) for t in words):
            out.append(sent)
    return out


def garbled_attributions(parsed: ParsedText, language: str, window: int = 3) -> list[Token]:
    """A speech verb, a colon, then another speech verb within a few words ("сказав: Пєсков заявив")."""
    verbs = set(_data()[0].get("speech_verbs", {}).get(language, []))
    if not verbs:
        return []
    out = []
    for sent in parsed.sentences:
        toks = sent.tokens
        for i, tok in enumerate(toks[:-2]):
            if tok.lemma not in verbs and tok.text.lower() not in verbs or toks[i + 1].text != ":":
                continue
            for nxt in toks[i + 2:i + 2 + window]:
                if nxt.text in "«»\"“”„'" or not any(c.isalpha() for c in nxt.text):
                    break  # a quote or punctuation opens real speech
                if nxt.lemma in verbs or nxt.text.lower() in verbs:
                    out.append(nxt)
                    break
    return out


def calque_lines(article: Article, language: str) -> list[str]:
    """Lines of text or noise written word for word from another language ("кредит…Sputnik, через Reuters")."""
    patterns = _calques(language)
    lines = [ln.strip() for ln in article.text.split("\n")] + [ln.strip() for ln in article.noise]
    return [ln for ln in lines if ln and len(ln) < 200 and any(p.search(ln) for p in patterns)]


def boilerplate_categories(noise: tuple[str, ...] | list[str]) -> set[str]:
    """Content-farm categories (author-blurb, related-links, comment-form) among the removed lines."""
    boiler = _data()[1]
    found = set()
    for line in noise:
        line = line.strip()
        for cat, pats in boiler.items():
            if len(line) < 200 and any(p.search(line) for p in pats):
                found.add(cat)
    return found


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s.lower()).strip()


def duplicated_title(article: Article) -> bool:
    """The title line repeated in the body or among the removed lines."""
    title = _norm(article.title)
    if len(title) < 15:
        return False
    lines = list(article.noise) + article.text.split("\n")
    return any(_norm(ln) == title for ln in lines)


def read_quality(article: Article, parsed: ParsedText, mentions: list[Mention]) -> list[str]:
    """Quality flags of ``article``: mt:* artefacts, boilerplate, content-farm, duplicate-title and kept ingest flags."""
    language = article.language
    mt = _data()[0]
    flags = [f for f in article.flags if f in _KEPT]
    if doubled_tokens(parsed):
        flags.append("mt:doubled-token")
    join = mt.get("broken_join", {})
    if broken_joins(parsed, int(join.get("max_words", 2)), frozenset(_norm(c) for c in join.get("credits", []))):
        flags.append("mt:broken-join")
    if garbled_attributions(parsed, language):
        flags.append("mt:garbled-attribution")
    if calque_lines(article, language):
        flags.append("mt:calque")
    cats = boilerplate_categories(article.noise)
    if cats:
        flags.append("boilerplate")
    if all(c in cats for c in _BOILERPLATE):
        flags.append("content-farm")
    if duplicated_title(article):
        flags.append("duplicate-title")
    return flags
