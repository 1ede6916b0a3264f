"""Context fixes for Ukrainian rule NER spans: the words around a name say what it is.

Found by error analysis on NER-UK 2.0's *train* split (word lists in ``data/entities/uk_types.yaml``). The
capitalised-run rules type an unknown one-word name as a person, yet after a spatial preposition ("з Виженки",
"над Полтвою"), a settlement word ("с. Тарасівка") or next to a listed place ("Моршин, Корчин і Крушельниця")
such a word is a place; and a capitalised common noun opening a sentence ("Холод обгортав…") is no name unless
the text writes it capitalised mid-sentence or as part of a full name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from .base import NerSpan, Sentence, Token, morph_analyzer
from .uk_orgs import known_parses
from .uk_types import _HOUSE, _lists

_NAME_MARKS = {"Name", "Surn", "Patr"}
_JOINERS = {", ", " і ", " та ", " й ", " або ", " чи ", ",", " , ", " – ", " - "}


@functools.lru_cache(maxsize=50_000)
def _readings(word: str) -> frozenset[str]:
    """Name/place marks over the known dictionary readings of ``word`` ("common" for a plain noun)."""
    out: set[str] = set()
    for pos, _, g in known_parses(word):
        marks = g & (_NAME_MARKS | {"Geox", "Abbr", "Orgn"})
        out |= marks
        if pos == "NOUN" and not marks:
            out.add("common")
    return frozenset(out)


# "з Виженки" (genitive) is a place, "з Шинкевичем" (instrumental) a companion; the other prepositions take
# names of places in more than one case ("на Галичину", "на Поділлі"), so only з/із/зі are checked
_CASES = {"з": {"gent"}, "із": {"gent"}, "зі": {"gent"}}


def _fits_case(prep: str, word: str) -> bool:
    """``word`` can stand in the case a place takes after ``prep`` (or the dictionary does not know it)."""
    cases = _CASES.get(prep)
    if cases is None or morph_analyzer("uk") is None:
        return True
    known = known_parses(word)
    if not known:  # an unknown word: the instrumental ending says "with someone"
        return not word.endswith(("ом", "ем", "єм", "ою", "ею", "єю"))
    return any(cases & g for _, _, g in known)


def _no_name_reading(span: NerSpan) -> bool:
    return " " not in span.text and not _readings(span.text) & _NAME_MARKS


def places_by_context(text: str, tokens: list[Token], spans: list[NerSpan], gazetteer_type) -> list[NerSpan]:
    """One-word "people" without a first-name or surname reading become places after a spatial preposition or
    a settlement word, or when listed next to a place; a capitalised word after a settlement word that no span
    covers becomes a place. ``gazetteer_type`` (text → type or None) keeps what the gazetteer knows."""
    lists = _lists()
    preps, settle = lists["spatial_preps"], lists["settlement_words"]
    prev = {t.start: p for p, t in zip(tokens, tokens[1:], strict=False)}
    index = {t.start: i for i, t in enumerate(tokens)}
    out = []
    for s in spans:
        before = prev.get(s.start)
        if before is not None and before.text == "." and before.start in prev:  # "с. Тарасівка"
            before = _abbreviation(prev, prev[before.start])
        word = before.text.lower().rstrip(".") if before is not None else ""
        if s.type == "PER" and _no_name_reading(s) and not gazetteer_type(s.normal or s.text) \
                and (word in preps and _fits_case(word, s.text) or word in settle):
            s = replace(s, type="LOC", normal="")
        elif s.type != "ORG" and word in settle and before is not None and text[before.end:s.start] in (" ", ". ", ".") \
                and not _readings(s.text.split()[0]) & _NAME_MARKS:
            s = replace(s, type="LOC", normal="")
        out.append(s)
    covered = [(s.start, s.end) for s in out]
    for t in tokens[1:]:
        before = tokens[index[t.start] - 1]
        if before.text == "." and index[t.start] >= 2:
            before = _abbreviation(prev, tokens[index[t.start] - 2])
            if before is None:
                continue
        if before.text.lower() in settle and t.text[:1].isupper() and t.text.isalpha() and len(t.text) > 2 \
                and (before.text not in ("с", "м", "ст") or text[before.end:before.end + 1] == ".") \
                and not any(a < t.end and t.start < b for a, b in covered):
            out.append(NerSpan(t.start, t.end, "LOC", t.text))
    return _listed_places(text, sorted(out, key=lambda x: (x.start, -x.end)), gazetteer_type)


def _abbreviation(prev: dict[int, Token], tok: Token) -> Token | None:
    """``tok`` when it is a settlement abbreviation before a dot ("с.", "м.", "смт."), not a full word ending a
    sentence ("…у центрі міста. Вирішила…") nor the metre of "кв. м." or "100 м."."""
    if tok.text.lower() not in ("с", "м", "смт", "ст", "сел"):
        return None
    before = prev.get(tok.start)
    if before is not None and (before.text.lower() in ("кв", "куб", ".") or before.text[:1].isdigit()):
        return None
    return tok


def _listed_places(text: str, spans: list[NerSpan], gazetteer_type) -> list[NerSpan]:
    """A one-word "person" with no name reading listed next to a place ("Моршин, Корчин і Крушельниця") is a
    place; repeated until nothing changes, so a whole list follows one known place."""
    changed = True
    while changed:
        changed = False
        for i, s in enumerate(spans):
            if s.type != "PER" or not _no_name_reading(s) or gazetteer_type(s.normal or s.text):
                continue
            near = [spans[k] for k in (i - 1, i + 1) if 0 <= k < len(spans)]
            if any(n.type == "LOC" and text[min(n.end, s.end):max(n.start, s.start)] in _JOINERS for n in near):
                spans[i] = replace(s, type="LOC", normal="")
                changed = True
    return spans


def _opening_starts(sentences: list[Sentence]) -> set[int]:
    """Offsets of the words that open a sentence or a list item (after a bullet, dash, quote or colon)."""
    starts = set()
    for sent in sentences:
        toks = sent.tokens
        for k, t in enumerate(toks):
            if k == 0 or toks[k - 1].text in ("*", "|", "•", "—", "–", "-", "«", "\"", "“", ":"):
                starts.add(t.start)
    return starts


def opening_people(spans: list[NerSpan], sentences: list[Sentence], nominative=None) -> list[NerSpan]:
    """A one-word name the text gives as a person mid-sentence is that person where it opens a sentence too
    ("… сказав Габр." / "Габр озирнувся."): the capital says nothing there, so the rules dropped the word or
    typed it by its other readings (a town, a common noun)."""
    starts = _opening_starts(sentences)
    people = {s.text for s in spans if s.type == "PER" and " " not in s.text and s.start not in starts}
    if nominative is not None:
        people |= {nominative(w) for w in people}
    if not people:
        return spans

    def known(w: str) -> bool:
        return w in people or nominative is not None and nominative(w) in people

    out = [replace(s, type="PER", normal="") if s.type != "PER" and s.start in starts and known(s.text) else s
           for s in spans]
    for sent in sentences:
        for t in sent.tokens:
            if t.start in starts and t.text[:1].isupper() and known(t.text) \
                    and not any(s.start < t.end and t.start < s.end for s in out):
                out.append(NerSpan(t.start, t.end, "PER", t.text))
    return sorted(out, key=lambda x: (x.start, -x.end))


# lemma of a possessive adjective: a stem and -ин/-їн (Дора → дорин, Марія → маріїн) or -ів/-їв/-ов/-ев/-єв
# (Іван → іванів, Андрій → андріїв); "ч" before -ин stands for the "к" of the name (Наталка → наталчин)
_POSSESSIVE = re.compile(r"^(.{2,}?)(ин|їн|ів|їв|ов|ев|єв)$")


@functools.lru_cache(maxsize=50_000)
def possessed_name(word: str) -> str | None:
    """The first name whose possessive adjective ``word`` is ("Дориної" → Дора, "Іванового" → Іван,
    "Наталчина" → Наталка), or None; a word that can name a place ("Миколаєва", "Києва") is none."""
    morph = morph_analyzer("uk")
    if morph is None or not word[:1].isupper() or word.isupper() or not word.isalpha():
        return None
    from .places import known_place_form
    from .readings import kinds

    if kinds("uk", word) & {"Geox", "Place", "Orgn", "Abbr"} or known_place_form(word):
        return None
    lemmas = {p.normal_form for p in morph.parse(word.lower())
              if p.tag.POS == "ADJF" or not p.is_known or "Surn" in p.tag.grammemes}
    for lemma in sorted(lemmas):
        m = _POSSESSIVE.match(lemma)
        if m is None:
            continue
        stem = m.group(1)
        for base in [stem] + ([stem[:-1] + "к"] if stem.endswith("ч") else []):
            for end in ("", "а", "я", "о", "й"):
                name = base + end
                if any(p.is_known and p.normal_form == name and {"Name", "nomn"} <= p.tag.grammemes
                       for p in morph.parse(name)):
                    return name[:1].upper() + name[1:]
    return None


def possessive_people(text: str, tokens: list[Token], spans: list[NerSpan]) -> list[NerSpan]:
    """A capitalised possessive adjective of a first name ("Дориної", "Іванового", "Ірмина мама") names that
    person, as NER-UK annotates it; the rules dropped it as an adjective before a noun or typed it a place by its
    ending ("-ів", "-ин"). What covers just it (and lower-case words after it) is replaced."""
    out = list(spans)
    for t in tokens:
        name = possessed_name(t.text)
        if name is None:
            continue
        over = [s for s in out if s.start < t.end and t.start < s.end]
        if any(s.type == "PER" or s.start != t.start or s.text[len(t.text):].strip() and
               not s.text[len(t.text):].islower() for s in over):
            continue  # a person already, or part of a longer name ("Іванового Мосту")
        out = [s for s in out if s not in over] + [NerSpan(t.start, t.end, "PER", t.text, name)]
    return sorted(out, key=lambda x: (x.start, -x.end))


def drop_opening_common_words(spans: list[NerSpan], sentences: list[Sentence], names: set[str]) -> list[NerSpan]:
    """A one-word "person" that opens a sentence (or a list item), has a common-noun reading and is written
    capitalised nowhere mid-sentence nor inside a longer name in this text is an ordinary word ("Холод",
    "Люди", "Юнак"); so is one anywhere whose only readings are common nouns ("Замовник", "Закону": legal
    style). ``names``: the words the text writes capitalised mid-sentence."""
    starts = _opening_starts(sentences)
    parts = {w for s in spans if " " in s.text for w in s.text.split()}

    def ordinary(s: NerSpan) -> bool:
        if s.type != "PER" or " " in s.text or s.text in parts or "common" not in _readings(s.text):
            return False
        if s.start in starts:
            return s.text not in names
        # mid-sentence: a capitalised common noun with no name reading at all ("Замовник", "Закону", "Акт")
        return not _readings(s.text) & (_NAME_MARKS | {"Geox"})

    return [s for s in spans if not ordinary(s)]


def streets(text: str, tokens: list[Token], spans: list[NerSpan]) -> list[NerSpan]:
    """Street names: a street word, the capitalised words after it (initials too) and a house number are one
    place ("вул. Хрещатик, 30", "вулиці Чумацької", "пр. Кірова"); further names listed after it are places
    too ("вул. Горького, Якубовського, Соборна"). What the rules typed there (often a "person") is replaced."""
    words, short = _lists()["street_words"], _lists()["street_abbreviations"]
    found: list[NerSpan] = []
    n, i = len(tokens), 0
    while i < n:
        if tokens[i].text.lower() not in words:
            i += 1
            continue
        j = i + 1 + (i + 1 < n and tokens[i + 1].text == "." and tokens[i].text.lower() in short)
        k = j
        while k < n and k - j < 4 and (tokens[k].text[:1].isupper() and tokens[k].text.replace("-", "").isalpha()
                                       or tokens[k].text == "." and k > j and len(tokens[k - 1].text) == 1):
            k += 1
        if k == j:
            i += 1
            continue
        a = tokens[i].start
        number = _HOUSE.match(text, tokens[k - 1].end)
        b = number.end() if number else tokens[k - 1].end
        found.append(NerSpan(a, b, "LOC", text[a:b], text[a:tokens[k - 1].end]))
        # the list that follows: ", Якубовського, Соборна" (each name one place)
        while not number and k + 1 < n and tokens[k].text in (",", "та", "і", "й") \
                and tokens[k + 1].text[:1].isupper() and tokens[k + 1].text.isalpha() \
                and tokens[k + 1].text.lower() not in words:
            m = k + 1
            while m + 1 < n and tokens[m + 1].text[:1].isupper() and tokens[m + 1].text.isalpha():
                m += 1
            found.append(NerSpan(tokens[k + 1].start, tokens[m].end, "LOC", text[tokens[k + 1].start:tokens[m].end]))
            k = m + 1
        i = k
    if not found:
        return spans
    kept = [s for s in spans if not any(f.start < s.end and s.start < f.end for f in found)]
    return sorted(kept + found, key=lambda x: (x.start, -x.end))


_REGION_TAILS = {"області", "обл", "району", "р-ну", "губернії", "повіту", "округу"}


def split_town_of_region(text: str, tokens: list[Token], spans: list[NerSpan]) -> tuple[list[NerSpan], list[NerSpan]]:
    """A town and the region it lies in, in the genitive, are two places ("Ірпіні" + "Київської області",
    "Садове" + "Арцизького району"); the capitalised run took them as one. Returns the spans kept and the new
    parts (to be given normal forms)."""
    kept: list[NerSpan] = []
    parts: list[NerSpan] = []
    for s in spans:
        toks = [t for t in tokens if s.start <= t.start and t.end <= s.end]
        if s.type != "LOC" or len(toks) < 3 or toks[-1].text.lower().rstrip(".") not in _REGION_TAILS:
            kept.append(s)
            continue
        k = len(toks) - 1
        while k > 0 and toks[k - 1].text[:1].isupper() and "gent" in toks[k - 1].feats \
                and toks[k - 1].pos in ("ADJF", "ADJ"):
            k -= 1
        if k == 0 or k == len(toks) - 1 or toks[k - 1].text in ("-", ","):
            kept.append(s)
            continue
        for a, b in ((toks[0], toks[k - 1]), (toks[k], toks[-1])):
            parts.append(NerSpan(a.start, b.end, "LOC", text[a.start:b.end]))
    return kept, parts


def descriptive_places(text: str, tokens: list[Token]) -> list[NerSpan]:
    """Place names built from a capitalised adjective, lower-case adjectives and a place noun ("Андріївський
    узвіз", "Поштовій площі", "Дністровського водосховища")."""
    lists = _lists()
    heads, pointers = lists["place_head_lemmas"], lists["not_name_adjectives"]
    def kinds(word: str) -> set[tuple[str, str]]:
        return {(pos, lemma) for pos, lemma, _ in known_parses(word)}

    out: list[NerSpan] = []
    n, i = len(tokens), 0
    while i < n:
        tok = tokens[i]
        opens = i == 0 or tokens[i - 1].text in (".", "!", "?", "…", "*", "—", "|") \
            or "\n" in text[tokens[i - 1].end:tok.start]
        if opens or not (tok.text[:1].isupper() and tok.text.replace("-", "").isalpha() and not tok.text.isupper()
                         and tok.text.lower() not in pointers and any(pos == "ADJF" for pos, _ in kinds(tok.text))):
            # at a sentence start the capital says nothing: "Загальна площа будинку", "Автомобільний парк МВС"
            i += 1
            continue
        j = i + 1
        while j < n and j - i <= 2 and tokens[j].text.islower() and any(pos == "ADJF" for pos, _ in kinds(tokens[j].text)) \
                and not any(pos == "NOUN" and lemma in heads for pos, lemma in kinds(tokens[j].text)):
            j += 1
        if j < n and tokens[j].text.islower() and any(pos == "NOUN" and lemma in heads for pos, lemma in kinds(tokens[j].text)):
            a, b = tok.start, tokens[j].end
            out.append(NerSpan(a, b, "LOC", text[a:b]))
            i = j + 1
        else:
            i += 1
    return out
