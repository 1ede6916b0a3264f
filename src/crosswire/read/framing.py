"""Framing: loaded and partisan terms found by matching per-language lexicons (data/framing/*.yaml) on lemmas.

Each lexicon pattern is a lemma sequence, optionally with a gap; overlapping matches keep the longest one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..datafiles import load_yaml
from ..model import Article, Framing
from ..nlp.base import ParsedText, Token, morph_analyzer

# how many tokens "..." may skip inside a sentence
_GAP = 5
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е", "Ё": "Е"})


def _norm(s: str) -> str:
    return s.lower().translate(_APOSTROPHES)


@dataclass(frozen=True, slots=True)
class Element:
    """One pattern position: alternatives (exact lemmas or stems) or a word class (@geo, @cap), or a gap."""

    words: frozenset[str] = frozenset()
    stems: tuple[str, ...] = ()
    cls: str = ""
    gap: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    leaning: str
    category: str
    canonical: str
    weight: float
    elements: tuple[Element, ...]
    unless: frozenset[str] = frozenset()  # lemmas that, anywhere in the sentence, cancel the hit


def _element(spec: str) -> Element:
    if spec == "...":
        return Element(gap=True)
    if spec.startswith("@"):
        return Element(cls=spec[1:])
    words, stems = [], []
    for alt in spec.split("|"):
        alt = _norm(alt)
        (stems.append(alt[:-1]) if alt.endswith("*") else words.append(alt))
    return Element(frozenset(words), tuple(stems))


@functools.lru_cache(maxsize=8)
def load_lexicon(language: str) -> tuple[Entry, ...]:
    """The compiled entries of ``data/framing/<language>.yaml`` (empty for a language without one)."""
    path = resources.files("crosswire") / "data" / "framing" / f"{language}.yaml"
    if not path.is_file():
        return ()
    spec = load_yaml(path.read_text(encoding="utf-8")) or {}
    out = []
    for e in spec.get("entries", []):
        for pattern in e["patterns"]:
            out.append(Entry(e["id"], e["leaning"], e.get("category", ""), e.get("canonical", ""),
                             float(e.get("weight", 1.0)), tuple(_element(p) for p in pattern.split()),
                             frozenset(_norm(w) for w in e.get("unless", []))))
    return tuple(out)


def entry_weights(language: str) -> dict[str, float]:
    """Lexicon entry id -> evidence weight (profiles count weak markers such as prepositions less)."""
    return {e.id: e.weight for e in load_lexicon(language)}


@functools.lru_cache(maxsize=200_000)
def _forms(language: str, text: str, lemma: str) -> frozenset[str]:
    """Every reading of a token: its lemma, surface and all pymorphy3 normal forms (first parses can be wrong)."""
    forms = {_norm(text), _norm(lemma)}
    morph = morph_analyzer(language) if language in ("ru", "uk") else None
    if morph is not None and any(c.isalpha() for c in text):
        forms.update(_norm(p.normal_form) for p in morph.parse(text)[:4])
    return frozenset(forms)


def _is_class(toks: list[Token], j: int, cls: str) -> bool:
    tok = toks[j]
    if not tok.text[:1].isupper() or not tok.text[:1].isalpha():
        return False
    if cls == "cap":
        return True
    # a place: a gazetteer hit, a capitalised unknown word ("Авдеевку"), or a capitalised adjective before a
    # lower-case noun ("Курской области"); never a person ("Навального из-под стражи")
    if {"Name", "Surn", "Patr"} & tok.feats:
        return False
    if "Geox" in tok.feats or tok.pos in ("UNKN", "PROPN", "") or "UNKN" in tok.feats:
        return True
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    return (tok.pos in ("ADJF", "ADJ") and nxt is not None and nxt.text[:1].islower()
            and nxt.pos in ("NOUN", "ADJF", "ADJ"))


def _token_matches(el: Element, toks: list[Token], j: int, forms: frozenset[str]) -> bool:
    if el.cls:
        return _is_class(toks, j, el.cls)
    return bool(el.words & forms) or any(f.startswith(s) for s in el.stems for f in forms)


def _match_at(entry: Entry, toks: list[Token], forms: list[frozenset[str]], i: int) -> int | None:
    """End index (exclusive) of ``entry`` matched from token ``i``, or None."""
    j, k = i, 0
    els = entry.elements
    while k < len(els):
        el = els[k]
        if el.gap:
            nxt = els[k + 1]
            for jj in range(j, min(len(toks), j + _GAP + 1)):
                if _token_matches(nxt, toks, jj, forms[jj]):
                    j, k = jj + 1, k + 2
                    break
            else:
                return None
            continue
        if j >= len(toks) or not _token_matches(el, toks, j, forms[j]):
            return None
        j, k = j + 1, k + 1
    return j


@functools.lru_cache(maxsize=8)
def _index(language: str) -> tuple[dict[str, list[Entry]], list[Entry]]:
    """Entries keyed by the exact lemmas their first element accepts; the rest (stems, classes) apart."""
    by_word: dict[str, list[Entry]] = {}
    others: list[Entry] = []
    for entry in load_lexicon(language):
        first = entry.elements[0]
        if first.stems or first.cls or first.gap:
            others.append(entry)
        else:
            for w in first.words:
                by_word.setdefault(w, []).append(entry)
    return by_word, others


@functools.lru_cache(maxsize=8)
def _openings(language: str) -> list[tuple[Entry, frozenset[str] | None]]:
    """The entries apart from ``by_word`` with the two-letter openings a token's reading needs to start them
    (None: any token may, a class or a gap). A token none of whose readings opens with one is not tried: the
    stem test in ``_token_matches`` would fail anyway, and trying 16 stem entries on every token was a tenth
    of reading a Russian article."""
    out = []
    for entry in _index(language)[1]:
        first = entry.elements[0]
        short = first.cls or first.gap or any(len(s) < 2 for s in first.stems) or any(len(w) < 2 for w in first.words)
        out.append((entry, None if short else frozenset(x[:2] for x in (*first.stems, *first.words))))
    return out


@functools.lru_cache(maxsize=200_000)
def _candidates(language: str, text: str, lemma: str) -> tuple[Entry, ...]:
    """The entries a token may start, in the order they are tried: those keyed by one of its readings, then those
    whose two-letter openings one of its readings has (kept per token, as its readings are)."""
    by_word, _ = _index(language)
    forms = _forms(language, text, lemma)
    starts = {f[:2] for f in forms}
    return tuple([e for f in forms for e in by_word.get(f, ())] + [
        e for e, need in _openings(language) if need is None or not need.isdisjoint(starts)])


def find_terms(parsed: ParsedText, language: str | None = None) -> list[tuple[int, int, Entry]]:
    """(start char, end char, entry) of every lexicon hit in ``parsed``, longest match first on overlaps."""
    language = language or parsed.language
    lexicon = load_lexicon(language)
    if not lexicon:
        return []
    hits: list[tuple[int, int, int, Entry]] = []
    for sent in parsed.sentences:
        toks = sent.tokens
        forms = [_forms(language, t.text, t.lemma) for t in toks]
        for i in range(len(toks)):
            if not any(c.isalnum() for c in toks[i].text):
                continue
            for entry in _candidates(language, toks[i].text, toks[i].lemma):
                end = _match_at(entry, toks, forms, i)
                if end is not None and entry.unless and any(entry.unless & f for f in forms):
                    continue  # e.g. "ВСУ освободили Херсон": a Ukrainian advance is no Kremlin euphemism
                if end is not None:
                    hits.append((toks[i].start, toks[end - 1].end, end - i, entry))
    # longest (in tokens) first, then earliest; drop anything overlapping an accepted hit
    hits.sort(key=lambda h: (-h[2], h[0]))
    taken: list[tuple[int, int, Entry]] = []
    for start, end, _, entry in hits:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, entry))
    return sorted(taken, key=lambda h: h[0])


_OPEN, _CLOSE = "«“„\"'", "»”“\"'"
# "так называемая спецоперация": the writer distances themself from the term
_SO_CALLED = re.compile(r"(так\s+называем\w*|так\s+зван\w*|so-called|so\s+called)\s*[«“„\"']?\s*$", re.IGNORECASE)


def distanced(text: str, start: int, end: int) -> bool:
    """The term sits in scare quotes («спецоперация») or after "so-called": the writer keeps it at arm's length."""
    before, after = text[max(0, start - 30):start].rstrip(), text[end:end + 3].lstrip()
    quoted = before[-1:] in _OPEN and before[-1:] != "" and after[:1] in _CLOSE and after[:1] != ""
    return quoted or bool(_SO_CALLED.search(before))


def read_framing(article: Article, parsed: ParsedText) -> list[Framing]:
    """Loaded and partisan terms of ``article`` with the side each signals."""
    language = article.language if article.language in ("ru", "uk", "en") else parsed.language
    text = parsed.text
    out = []
    for s, e, entry in find_terms(parsed, language):
        leaning, category = entry.leaning, entry.category
        # a Kremlin euphemism in scare quotes signals the opposite stance (independent media write «СВО»)
        if leaning == "pro-kremlin" and distanced(text, s, e):
            leaning, category = "critical-of-kremlin", "distanced"
        out.append(Framing(article.id, re.sub(r"\s+", " ", text[s:e]), s, e, leaning, category, entry.id))
    return out
