"""Type fixes for Ukrainian rule NER spans, learnt from errors on NER-UK's train split (word lists in
``data/entities/uk_types.yaml``).

The capitalised-run rules type a one-word name by its dictionary readings, and pymorphy3-uk offers first-name or
surname readings for many place names in oblique cases ("Відні", "Поділлі") and none for stump-compound
organisation names ("Укрзалізниці", "Міноборони"); an all-capitals word is an acronym, never a person; a legal
form alone ("ТОВ") names no one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from importlib import resources

from .base import NerSpan, Token, morph_analyzer
from .rulener import ROMAN
from .spans import WordSet

_HOUSE = re.compile(r"\s?,?\s?№?\s?\d+(?:-?[А-ЯІЇЄҐа-яіїєґA-Za-z])?(?:\s?/\s?\d+(?:-?[А-ЯІЇЄҐа-яіїєґ])?)?(?!\w)")


@functools.lru_cache(maxsize=1)
def _lists() -> dict[str, WordSet]:
    from ..datafiles import load_yaml

    text = (resources.files("crosswire") / "data" / "entities" / "uk_types.yaml").read_text(encoding="utf-8")
    return {k: WordSet(v) for k, v in load_yaml(text).items()}


def bare_forms():
    """Legal forms that name no organisation on their own ("ТОВ", "ФОП")."""
    return _lists()["bare_forms"]


def _locative(word: str) -> bool:
    morph = morph_analyzer("uk")
    return morph is not None and any("loct" in p.tag.grammemes for p in morph.parse(word))


def _org_stump(word: str) -> bool:
    low, lists = word.lower(), _lists()
    if low.startswith("мін") and len(low) > 5:
        return low[3:] in lists["ministry_stems"]
    if any(low.endswith(end) and len(low) - len(end) >= 3 for end in lists["org_stump_ends"].exact):
        return True  # "Київради", "Гідрометцентру"
    return low in lists["org_stumps"] and len(low) > 5


def _acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def fix_types(spans: list[NerSpan], tokens: list[Token], gazetteer_type) -> list[NerSpan]:
    """``spans`` with their types corrected and bare legal forms dropped; ``gazetteer_type(text)`` gives the
    type a gazetteer knows for a name (or None), which always wins."""
    lists = _lists()
    before = {t.start: prev for prev, t in zip(tokens, tokens[1:], strict=False)}
    out = []
    for s in spans:
        words = s.text.split()
        if s.text.lower() in lists["bare_forms"] or s.text.lower() in lists["common_acronyms"] \
                or all(ROMAN.match(w) for w in words):
            continue  # "ТОВ", "ПДВ", "ХІХ" (a numeral in Cyrillic letters, which natasha takes for a name)
        if s.type == "PER" and len(words) > 1 and words[0].lower() in lists["bare_forms"]:
            start = s.start + len(words[0]) + 1  # "ФОП Кузнєцов А. С.": the person without the legal form
            s = NerSpan(start, s.end, "PER", s.text[start - s.start:], " ".join(s.normal.split()[1:]) or s.normal)
            words = words[1:]
        known = gazetteer_type(s.normal or s.text) or gazetteer_type(s.text)
        if known or len(words) != 1:
            out.append(s)
            continue
        word = words[0]
        prev = before.get(s.start)
        if s.type != "ORG" and (_acronym(word) and s.type == "PER" or _org_stump(word)):
            s = replace(s, type="ORG")
        elif s.type == "PER" and prev is not None and prev.text.lower() in lists["locative_preps"] \
                and _locative(word):
            s = replace(s, type="LOC", normal="")
        out.append(s)
    return out


def _oblique(span: NerSpan) -> bool:
    """A name not in the nominative: its normal form differs, or (a place a context rule made, with no normal
    form yet: "м. Києва") its last word reads only as an oblique case; acronyms do not inflect."""
    if span.normal:
        return span.normal != span.text or span.text.isupper()
    morph = morph_analyzer("uk")
    if morph is None or span.type != "LOC":
        return False
    parses = [p for p in morph.parse(span.text.split()[-1]) if p.is_known]
    return bool(parses) and any("gent" in p.tag.grammemes for p in parses) \
        and not any("nomn" in p.tag.grammemes for p in parses)


def merge_org_of_place(text: str, spans: list[NerSpan]) -> list[NerSpan]:
    """An organisation name followed by a place or organisation in the genitive is one name ("Генеральна
    прокуратура України", "районного суду м. Маріуполя Донецької області", "ДАБІ України"); the parts stay as
    their own nested spans. On NER-UK's train split a third of the wrong LOC spans were such places."""
    spans = sorted(spans, key=lambda x: (x.start, -x.end))
    out: list[NerSpan] = []
    head: NerSpan | None = None  # the growing organisation name
    for s in spans:
        gap = text[head.end:s.start] if head is not None and s.start >= head.end else None
        if head is not None and gap in (" ", " м. ", " м.") and s.type in ("LOC", "ORG") and _oblique(s):
            head = NerSpan(head.start, s.end, "ORG", text[head.start:s.end], f"{head.normal or head.text} {s.text}")
            out.append(s)
            continue
        if head is not None:
            out.append(head)
        head = s if s.type == "ORG" else None
        if head is None:
            out.append(s)
    if head is not None:
        out.append(head)
    return out


def places_after_prepositions(text: str, tokens: list[Token], spans: list[NerSpan]) -> list[NerSpan]:
    """New LOC spans for a capitalised word after a place preposition ("біля Шахтарська", "у Дніпропетровську",
    "до Краматорська") that the dictionary reads first as an adjective, so the capitalised-run rules waited for
    the noun it would modify. Taken only when it can be a non-name noun and modifies nothing after it."""
    morph = morph_analyzer("uk")
    if morph is None:
        return spans
    preps = _lists()["place_preps"]
    taken = [(s.start, s.end) for s in spans]
    out = list(spans)
    for i in range(1, len(tokens)):
        tok, prev = tokens[i], tokens[i - 1]
        if prev.text.lower() not in preps or not tok.text[:1].isupper() or _acronym(tok.text) \
                or any(a < tok.end and tok.start < b for a, b in taken):
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and (nxt.text[:1].isupper() or nxt.text[:1].isalpha() and nxt.text.islower()
                                and any(p.tag.POS == "NOUN" for p in morph.parse(nxt.text))):
            continue  # "у Донецькій області", "до Верховної Ради": the word modifies what follows
        parses = morph.parse(tok.text)
        noun = next((p for p in parses if p.tag.POS == "NOUN" and not {"Name", "Surn", "Patr"} & p.tag.grammemes),
                    None)
        if noun is not None and any(p.tag.POS == "ADJF" for p in parses):
            normal = noun.normal_form[:1].upper() + noun.normal_form[1:]  # "Шахтарська" -> "Шахтарськ"
            out.append(NerSpan(tok.start, tok.end, "LOC", tok.text, normal))
    return out


def trim_sentence_start(span: NerSpan, toks: list[Token], sentence_start: bool) -> NerSpan | None:
    """natasha reads Ukrainian (letter-folded) as Russian and takes a capitalised first word and the verb
    after it into an organisation ("Заяву оприлюднила Служба …", "Рішення ухвалив Антимонопольний комітет"):
    a span at a sentence start whose first word is a common word followed by a verb (or alone) loses the
    lower-case words up to the first capitalised one; None when nothing capitalised is left."""
    morph = morph_analyzer("uk")
    if morph is None or not sentence_start or not toks or _acronym(toks[0].text):
        return span
    first = morph.parse(toks[0].text)
    if len(toks) > 1 and all(p.tag.POS in ("ADVB", "CONJ", "PREP", "PRCL", "NPRO") for p in first if p.is_known) \
            and any(p.is_known for p in first):  # "Вчора Верховна Рада …": an adverb opening the sentence
        start = toks[1].start
        return NerSpan(start, span.end, span.type, span.text[start - span.start:], "")
    common = morph.word_is_known(toks[0].text.lower()) and not any(
        {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"} & p.tag.grammemes for p in first)
    verb_next = len(toks) > 1 and toks[1].text.islower() and any(p.tag.POS == "VERB" for p in morph.parse(toks[1].text))
    if not common or not (len(toks) == 1 or verb_next):
        return span
    rest = toks[1:]
    while rest and not rest[0].text[:1].isupper():
        rest = rest[1:]
    if not rest:
        return None
    start = rest[0].start
    return NerSpan(start, span.end, span.type, span.text[start - span.start:], "")


def joined_places(text: str, tokens: list[Token], spans: list[NerSpan]) -> list[NerSpan]:
    """A generic place head and the name after it are one place ("Автономної Республіки" + "Крим"); a street
    word before a name makes it a place ("вул. Професора Підвисоцького")."""
    lists = _lists()
    prev_tok = {t.start: p for p, t in zip(tokens, tokens[1:], strict=False)}
    spans = sorted(spans, key=lambda x: (x.start, -x.end))
    out: list[NerSpan] = []
    for s in spans:
        last = out[-1] if out else None
        if last is not None and last.type == "LOC" and s.type in ("LOC", "PER", "ORG") \
                and text[last.end:s.start] == " " and last.text.split()[-1].lower() in lists["place_heads"]:
            out[-1] = NerSpan(last.start, s.end, "LOC", text[last.start:s.end], f"{last.normal or last.text} {s.text}")
            continue
        if s.type == "PER":
            # back over up to three capitalised words or initials ("Професора", "І.") to a street word
            before, steps = prev_tok.get(s.start), 0
            while before is not None and steps < 3 and (before.text[:1].isupper() or before.text == ".") \
                    and before.text.lower().rstrip(".") not in lists["street_words"]:
                before, steps = prev_tok.get(before.start), steps + 1
            if before is not None and before.text.lower().rstrip(".") in lists["street_words"]:
                number = _HOUSE.match(text, s.end)  # an address keeps its house number: "вул. Федорова, 32"
                end = number.end() if number else s.end
                s = NerSpan(before.start, end, "LOC", text[before.start:end], text[before.start:s.end])
        out.append(s)
    return out

