"""What the dictionaries say a capitalised word can be, for the rule NER (nlp/rulener.py): first name, surname,
patronymic, place (pymorphy3 marks, the ru dictionary's Geox for Ukrainian words, the GeoNames list), common noun
or a function word; cached per word."""

from __future__ import annotations

import functools

from .base import morph_analyzer
from .gazetteer import first_names
from .names import latin
from .places import is_place, known_place_form


@functools.lru_cache(maxsize=50_000)
def name_like(language: str, word: str) -> bool:
    """Some dictionary reading of ``word`` is a first name, surname, patronymic, place or organisation."""
    if latin(word) in first_names():
        return True
    morph = morph_analyzer(language)
    if morph is None:
        return False
    return any({"Name", "Surn", "Patr", "Geox", "Orgn"} & set(p.tag.grammemes) for p in morph.parse(word))


_UK_RU = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "І": "И", "Ї": "И", "Є": "Е", "Ґ": "Г"})
# parts of speech that are never a name on their own (pymorphy3 tags)
FUNCTION_POS = {"NPRO", "PREP", "CONJ", "PRCL", "ADVB", "NUMR", "PRED", "INTJ", "COMP", "VERB", "INFN", "GRND"}


@functools.lru_cache(maxsize=50_000)
def kinds(language: str, word: str) -> frozenset[str]:
    """What pymorphy3 says ``word`` can be, over all readings: POS tags, Name/Surn/Patr/Geox, and "common" for a
    dictionary common noun."""
    morph = morph_analyzer(language)
    if morph is None:
        return frozenset()
    out: set[str] = set()
    for p in morph.parse(word):
        if not p.is_known:
            continue
        g = set(p.tag.grammemes)
        out |= g & {"Name", "Surn", "Patr", "Geox", "Abbr", "Orgn"}
        if p.tag.POS:
            out.add(str(p.tag.POS))
        if p.tag.POS == "NOUN" and not g & {"Name", "Surn", "Patr", "Geox", "Abbr", "Orgn"}:
            out.add("common")
    if language == "uk" and "Geox" not in out and "Name" not in out:
        # the uk dictionary has almost no Geox marks: a nominative reading that names a known place (nlp/places.py),
        # or a Geox reading in the ru dictionary (Житомира, Лейпцигу); not for first names (Лєна, Сава: rivers)
        if not out & FUNCTION_POS and (any(is_place(n) for n in readings(language, word)) or known_place_form(word)):
            return frozenset(out | {"Place"})  # like Geox, but a common word opening a sentence stays a word
        ru = morph_analyzer("ru")
        folded = word.translate(_UK_RU)
        variants = [folded] + ([folded[:-1] + "е"] if folded.endswith("и") else [])  # uk loct -і: Кіровограді
        if ru is not None and any(p.is_known and "Geox" in p.tag.grammemes for v in variants for p in ru.parse(v)[:3]):
            out.add("Geox")
    return frozenset(out)


@functools.lru_cache(maxsize=50_000)
def readings(language: str, word: str) -> tuple[str, ...]:
    """Capitalised normal forms of every dictionary reading of ``word`` ("Києві" → Кий, Київ)."""
    morph = morph_analyzer(language)
    if morph is None:
        return ()
    return tuple(dict.fromkeys(p.normal_form[:1].upper() + p.normal_form[1:] for p in morph.parse(word)))
