"""Linking NER spans to canonical entity ids: gazetteer (exact key, inflection-tolerant, fuzzy), in-article
coreference of short person names, capital-for-country metonymy, and ``TYPE:slug`` ids for the rest.

Ids need no global state: the same name gives the same id in any article and language (ru/uk letters fold).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..nlp.base import NerSpan
from ..nlp.gazetteer import GazEntry, canonical_person, first_names, gazetteer
from ..nlp.names import collapse_repeats, fold, key, latin, name_words, person_words, strip_case_ending
from ..nlp.spans import word_before, wordset

# a place after one of these is the place itself ("в Москве"); elsewhere a capital may stand for its country
_PLACE_PREPS = {"в", "во", "из", "изо", "на", "до", "у", "к", "ко", "через", "под", "над", "около", "возле",
                "близ", "по", "з", "із", "зі", "біля", "поблизу", "від", "от", "in", "at", "to", "from", "near",
                "into", "across", "around", "outside", "inside"}
# oblique endings tried (longest first) when a one-word name was left declined: "Пхеньяне", "Одессой", "Україні"
_ENDINGS = ("ами", "ями", "ою", "ею", "ой", "ей", "ом", "ем", "ам", "ям", "ах", "ях", "ів", "ов",
            "е", "і", "ї", "у", "ю", "а", "я", "ы", "и")


@dataclass
class Resolved:
    """One span's link: the entity id, type, English name when the gazetteer knows it, and the key normal form."""

    span: NerSpan
    id: str
    type: str
    name: str
    normal: str
    wikidata: str | None = None


def clean_normal(span: NerSpan) -> str:
    """The span's normal form with MT-doubled words collapsed and, for people, initials/patronymics dropped."""
    normal = span.normal or span.text
    if span.type == "PER":
        return " ".join(_masculine_surname(span.text, _masculine_first_name(span.text, person_words(normal))))
    words = normal.split()
    return " ".join(collapse_repeats(words))


def _masculine_first_name(surface: str, words: list[str]) -> list[str]:
    """A man's name in an oblique case whose normal form kept the first name declined: "Олександра Корнійця" is
    read "Олександра Корнієць", a woman's first name with a man's surname; the surname, declined in the text and
    masculine in its normal form (no -а/-я), shows the first name is a man's genitive ("Олександр", "Андрій")."""
    seen = name_words(surface)
    if len(words) < 2 or len(seen) != len(words) or words[0][-1:].lower() not in ("а", "я") \
            or words[-1][-1:].lower() in ("а", "я") or latin(seen[-1]) == latin(words[-1]):
        return words
    names = first_names()
    for cand in (words[0][:-1], words[0][:-1] + "й"):
        if latin(cand) in names:
            return [cand, *words[1:]]
    return words


_MALE_SURNAME_GENITIVE = re.compile(r"(?:ов|ев|єв|ёв|ін|ин|ын)а$", re.IGNORECASE)


def _masculine_surname(surface: str, words: list[str]) -> list[str]:
    """A man's name in an oblique case whose normal form kept the surname declined: "Євгена Анісімова" is read
    "Євген Анісімова", one person under two names beside "Євгену Анісімову" (Євген Анісімов). The first name, a
    man's (known, no -а/-я) and declined in the text, shows the -ова/-іна surname is his genitive too."""
    seen = name_words(surface)
    if len(words) < 2 or len(seen) != len(words) or seen[0] == words[0] or words[0][-1:].lower() in ("а", "я") \
            or latin(words[0]) not in first_names() or seen[-1] != words[-1] \
            or not _MALE_SURNAME_GENITIVE.search(words[-1]):
        return words
    return [*words[:-1], words[-1][:-1]]


def _stems(word: str) -> list[str]:
    """Candidate nominatives of a one-word name left in an oblique case."""
    out = [strip_case_ending(word)]
    low = word.lower()
    for end in _ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= 3:
            stem = word[: len(word) - len(end)]
            out += [stem, stem + "а", stem + "я", stem + "ь", stem + "ия", stem + "ія", stem + "й"]
    return [s for s in dict.fromkeys(out) if s and s != word]


def lookup(normal: str, text: str, type_: str) -> GazEntry | None:
    """The gazetteer entry for a span: exact key of its normal form or surface, then stems, then fuzzy."""
    gaz = gazetteer()
    for name in (normal, text):
        e = gaz.lookup(name, type_)
        if e is not None:
            return e
    words = name_words(normal)
    if len(words) == 1:
        for stem in _stems(words[0]):
            e = gaz.lookup(stem, type_)
            if e is not None and (e.type == type_ or type_ != "PER"):
                return e
    if len(words) >= 2:  # a close spelling of a long name (Кім Чен Ун, transcription variants)
        return gaz.fuzzy(normal, type_)
    derived = gaz.derived.get(key(normal)) or gaz.derived.get(key(text))
    return gaz.entries.get(derived) if derived else None  # "американские" → USA


def is_actor(text: str, span: NerSpan) -> bool:
    """A capital used for its country ("Москва заявила", "отношения Москвы и Пхеньяна"), not the city itself
    ("в Москве", "мэр Москвы", the all-caps dateline "МОСКВА, 5 мая")."""
    before = word_before(text, span.start).lower()
    if before in _PLACE_PREPS or before in wordset("city_cues") or span.text.isupper():
        return False
    return True


def _same_word(a: str, b: str) -> bool:
    """Two name words that differ at most by a case ending (Кима ~ Ким, Трампом ~ Трамп)."""
    fa, fb = latin(a), latin(b)
    if fa == fb:
        return True
    short, long_ = sorted((fa, fb), key=len)
    return len(short) >= 2 and long_.startswith(short) and len(long_) - len(short) <= 2 \
        and fold(long_[len(short):]) in {latin(e) for e in _ENDINGS}


def person_id(normal: str) -> str:
    """``PER:slug`` of a person's normal form, first name mapped to its canonical form across languages."""
    return "PER:" + ("-".join(canonical_person(normal.split())) or "x")


def split_people(spans: list[NerSpan], text: str) -> list[NerSpan]:
    """Split a two-person run a tagger merged ("сказал Путин Чхве"): its first word alone is a known surname
    (a one-word gazetteer alias of a person) while the whole is unknown."""
    gaz = gazetteer()
    out: list[NerSpan] = []
    for s in spans:
        words = s.text.split()
        if s.type == "PER" and len(words) == 2 and lookup(clean_normal(s), s.text, "PER") is None:
            first = gaz.lookup(words[0], "PER") or next(
                (e for e in map(lambda w: gaz.lookup(w, "PER"), _stems(words[0])) if e), None)
            if first is not None and first.type == "PER" and len(first.name.split()) >= 2 \
                    and gaz.lookup(words[1], "PER") is None:
                cut = s.start + len(words[0])
                rest = s.start + s.text.index(words[1], len(words[0]))
                normal = (s.normal or s.text).split()
                out.append(NerSpan(s.start, cut, "PER", words[0], normal[0] if len(normal) == 2 else words[0]))
                out.append(NerSpan(rest, s.end, "PER", words[1], normal[-1] if len(normal) == 2 else words[1]))
                continue
        out.append(s)
    return out


_PATRONYMIC_END = re.compile(r"(?:ьевич|ьович|ович|евич|йович|овна|евна|ївна|івна|ьевна|ьівна)$")


def addressed_first_name(normal: str) -> str | None:
    """The first name of a person called by first name and patronymic ("Виктор Фёдорович", "Сергій
    Володимирович"), the polite form news uses for someone named in full before; None for a surname that only
    looks like a patronymic ("Виктор Янукович": "Януко" is no first name)."""
    words = name_words(normal)
    if len(words) != 2 or not (m := _PATRONYMIC_END.search(words[1].lower())):
        return None
    names = first_names()
    stem = words[1][: m.start()]
    if latin(words[0]) not in names or not any(latin(stem + end) in names for end in ("", "й", "ий", "ій", "о")):
        return None
    return words[0]


# a man named by first name after his kinsman's full name: "брат Євгена Анісімова – В'ячеслав"
_KIN_BEFORE = re.compile(r"(?<!\w)(?:брат|син|батько|чоловік|сын|отец|муж)\s+$", re.IGNORECASE)


def _kin_surname(spans: list[NerSpan], out: list[Resolved | None], i: int, text: str) -> str | None:
    """The surname a bare first name takes from the man it is brother, son, father or husband of, named in full
    right before it (`брат Євгена Анісімова – В'ячеслав` is В'ячеслав Анісімов, not a Вячеслав named elsewhere)."""
    prev = out[i - 1] if i > 0 else None
    if prev is None or prev.type != "PER" or latin(spans[i].text) not in first_names() \
            or not re.fullmatch(r"\s*[–—,-]\s*", text[prev.span.end : spans[i].start]) \
            or not _KIN_BEFORE.search(text[max(0, prev.span.start - 20) : prev.span.start]):
        return None
    words = name_words(prev.name)
    if len(words) < 2 or words[0][-1:].lower() in ("а", "я"):
        return None
    return words[-1]


def resolve(spans: list[NerSpan], text: str) -> list[Resolved]:
    """Link every span of one article to an entity id."""
    spans = split_people(spans, text)
    out: list[Resolved | None] = [None] * len(spans)
    full_people: list[Resolved] = []
    # pass 1: multi-word names and everything that is not a one-word person name
    for i, span in enumerate(spans):
        normal = clean_normal(span)
        if span.type == "PER" and (len(name_words(normal)) < 2 or addressed_first_name(normal)
                                   and lookup(normal, span.text, "PER") is None):
            continue
        out[i] = _resolve_one(span, normal, text)
        if out[i].type == "PER" and len(name_words(normal)) >= 2:
            full_people.append(out[i])
    # pass 2: one-word person names: in-article full name first (Ким → Ким Чен Ын), the last one in the text
    # that fits, then the gazetteer. Each distinct full name is tried once per distinct word (was every
    # mention against every mention: quadratic on long texts).
    latest: dict[tuple, Resolved] = {}
    for full in full_people:
        key = (full.id, full.name, full.normal, full.wikidata)
        latest.pop(key, None)
        latest[key] = full  # insertion order = order of last occurrence
    names = [(name_words(full.normal), full) for full in reversed(latest.values())]
    matched: dict[str, Resolved | None] = {}
    shared: dict[str, list[tuple[int, int, Resolved]]] = {}  # a surname two people share: their names by position
    by_surname: dict[str, list[tuple[list[str], Resolved]]] = {}
    for parts, full in names:
        by_surname.setdefault(latin(parts[-1])[:2], []).append((parts, full))
    for i, span in enumerate(spans):
        if out[i] is not None:
            continue
        normal = clean_normal(span)
        if first := addressed_first_name(normal):
            # "Виктор Фёдорович" is the Виктор the article named in full ("Виктор Янукович"), if one
            full = next((f for parts, f in names if len(parts) >= 2 and _same_word(first, parts[0])), None)
            out[i] = Resolved(span, full.id, "PER", full.name, normal, full.wikidata) if full is not None \
                else _resolve_one(span, normal, text)
            continue
        word = (name_words(normal) or [normal])[0]
        if (kin := _kin_surname(spans, out, i, text)) is not None:
            out[i] = _resolve_one(span, f"{word} {kin}", text)
            continue
        if word not in matched:
            matched[word] = next((full for parts, full in names
                                  if _same_word(word, parts[-1]) or _same_word(word, parts[0])), None)
        full = matched[word]
        if full is not None:
            if word not in shared:
                ids = {f.id for parts, f in by_surname.get(latin(word)[:2], ()) if _same_word(word, parts[-1])}
                shared[word] = sorted((f.span.start, n, f) for n, f in enumerate(full_people) if f.id in ids) \
                    if len(ids) > 1 else []
            if same := shared[word]:
                # two people of one surname ("Олександр Корнієць", his daughter "Єлізавета Корнієць"): the one
                # named last before this mention, else the next one named
                k = bisect.bisect_left(same, (span.start, -1, None)) - 1
                full = same[k][2] if k >= 0 else same[0][2]
        if full is not None:
            out[i] = Resolved(span, full.id, "PER", full.name, normal, full.wikidata)
        else:
            out[i] = _resolve_one(span, normal, text)
    return _bracketed_spellings([r for r in out if r is not None], text)


_OTHER_SCRIPT = re.compile(r"[A-Za-z]")


def _bracketed_spellings(out: list[Resolved], text: str) -> list[Resolved]:
    """"Абдулла Хсрат (Abdullah Hsrat)", "Томас Шефер (Thomas Schäfer)": a name followed by its spelling in the
    other script in brackets is one entity; every mention of either id takes the linked one (the one the
    gazetteer knows, else the name as the article writes it first)."""
    remap: dict[str, Resolved] = {}
    ordered = sorted(out, key=lambda r: r.span.start)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.id == b.id or not {a.type, b.type} & {"PER", "ORG"}:
            continue
        if a.type != b.type and not _same_spelling(a.span.text, b.span.text):
            continue  # the tagger may type one side wrong ("Абдулла Хсрат" LOC, "Abdullah Hsrat" PER): only when
            # the two spell one name
        if not re.fullmatch(r"\s*\(\s*", text[a.span.end : b.span.start]) or \
                not re.match(r"\s*[),;]", text[b.span.end : b.span.end + 3]):
            continue
        if bool(_OTHER_SCRIPT.search(a.span.text)) == bool(_OTHER_SCRIPT.search(b.span.text)):
            continue  # "Джей Зи (Jay Z)" yes; "Бриз (Медведь)" no
        keep, drop = (b, a) if b.wikidata and not a.wikidata else (a, b)
        if keep.type != drop.type and drop.type == "PER" and not keep.wikidata:
            keep = Resolved(keep.span, drop.id, "PER", drop.name, keep.normal, drop.wikidata)  # the person's id
        keep = remap.get(keep.id, keep)
        for r in (a, b):
            if r.id != keep.id:
                remap[r.id] = keep
    if not remap:
        return out
    return [Resolved(r.span, t.id, t.type, t.name, r.normal, t.wikidata) if (t := remap.get(r.id)) else r
            for r in out]


def _same_spelling(a: str, b: str) -> bool:
    """Two renderings of one name in two scripts: as many words, each pair alike once transliterated
    ("Абдулла Хсрат" / "Abdullah Hsrat": abdulla ~ abdullah, khsrat ~ hsrat)."""
    wa, wb = [latin(w) for w in name_words(a)], [latin(w) for w in name_words(b)]
    if not wa or len(wa) != len(wb):
        return False
    from difflib import SequenceMatcher

    return all(SequenceMatcher(None, x, y).ratio() >= 0.75 for x, y in zip(wa, wb, strict=True))


# a Russian body under a name that does not say so, written in Ukrainian ("Мін'юст", "Мінздрав"): the gazetteer
# learnt the bare name from Russian texts, where it means Russia's; a Ukrainian text's bare name means Ukraine's
_RUSSIAN_BODY = re.compile(r"\b(?:Russia|Russian Federation)$")
_UK_LETTERS = re.compile(r"[іїєґІЇЄҐ'’ʼ]")
_RUSSIA_WORD = re.compile(r"(?i)рос(?:і|сі)|рф\b|russia")


def _foreign_bare_name(entry: GazEntry, span: NerSpan, normal: str) -> bool:
    return entry.type == "ORG" and bool(_RUSSIAN_BODY.search(entry.name)) and bool(_UK_LETTERS.search(span.text)) \
        and not _RUSSIA_WORD.search(span.text + " " + normal)


def _resolve_one(span: NerSpan, normal: str, text: str) -> Resolved:
    entry = lookup(normal, span.text, span.type)
    if entry is not None and _foreign_bare_name(entry, span, normal):
        entry = None
    if entry is not None and entry.actor and is_actor(text, span):
        actor = gazetteer().entries.get(entry.actor)
        entry = actor or entry
    if entry is not None:
        return Resolved(span, entry.id, entry.type, entry.name, normal, entry.wikidata)
    if span.type == "PER":
        return Resolved(span, person_id(normal), "PER", normal, normal)
    return Resolved(span, f"{span.type}:" + ("-".join(latin(w) for w in name_words(normal)) or "x"),
                    span.type, normal, normal)
