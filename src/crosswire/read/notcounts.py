"""Numbers that count nothing: days and months ("14 и 15 мая"), years, numbers inside names ("Северный поток
2") and identifiers ("Су-34", "ст. 112", "14:30", phone numbers); and the coarse part of speech the number
reader shares with them. ``numbers.find_numbers`` leaves out what these say is no quantity.
"""

from __future__ import annotations

import re

from ..nlp.base import Token

_COARSE = {
    "NOUN": "NOUN",
    "PROPN": "NOUN",
    "ADJ": "ADJ",
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "PRTF": "ADJ",
    "PRTS": "ADJ",
    "DET": "ADJ",
    "NUM": "NUM",
    "NUMR": "NUM",
    "VERB": "VERB",
    "INFN": "VERB",
    "AUX": "VERB",
}


def coarse(t: Token) -> str:
    """A part of speech shared by the UD tags (natasha) and pymorphy3 tags: NOUN, ADJ, NUM, VERB or ""."""
    return _COARSE.get(t.pos, "")


def low(t: Token) -> str:
    return t.text.lower().replace("ё", "е")


def is_month(tokens: list[Token], j: int, lex: dict) -> bool:
    """Token j names a month: in full ("мая", "травня"), or abbreviated before a stop, dash, comma or year."""
    t = tokens[j]
    if low(t) in lex["months_set"] or t.lemma in lex["months_set"]:
        return True
    if low(t) not in lex["month_abbr_set"]:
        return False
    nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
    # "МОСКВА, 9 июл ПРАЙМ": a dateline's agency name after it
    return nxt in ("", ".", ",", "—", "–", "-") or bool(re.fullmatch(r"\d{4}", nxt)) or nxt.isupper()


def date_list(tokens: list[Token], j: int, lex: dict) -> bool:
    """ "14 и 15 мая", "25, 26 та 27 липня", "с 14 по 16 мая": after this day come more days, then a month."""
    k, seen = j, False
    while k + 1 < len(tokens) and low(tokens[k]) in lex["date_links"] and re.fullmatch(r"\d{1,2}", tokens[k + 1].text):
        k, seen = k + 2, True
    return seen and k < len(tokens) and is_month(tokens, k, lex)


def is_date_or_year(tokens: list[Token], i: int, j: int, value: float, plain: bool, lex: dict) -> bool:
    nxt = tokens[j] if j < len(tokens) else None
    prev = tokens[i - 1] if i > 0 else None
    if nxt is not None and is_month(tokens, j, lex):
        return True
    if nxt is not None and nxt.lemma == "число" and j + 1 < len(tokens) and is_month(tokens, j + 1, lex):
        return True  # "в 20-х числах марта"
    if plain and value.is_integer() and 1 <= value <= 31 and date_list(tokens, j, lex):
        return True
    if prev is not None and (low(prev) in lex["months_set"]):
        return True  # "August 3", "September 2023"
    if plain and value.is_integer() and 1800 <= value <= 2100:
        if nxt is None or low(nxt).rstrip(".") in lex["year_set"] or nxt.lemma in lex["year_set"]:
            return True
        # a year unless a counted word follows ("2000 солдат" counts, "в 2024, после" is a year)
        from .measures import concept_of  # a counted word after it: "2000 солдат", "2000 troops"

        return not (
            coarse(nxt) in ("NOUN", "ADJ", "NUM") or nxt.text in ("%",) or concept_of(nxt) is not None
        )
    return False


def in_name(tokens: list[Token], i: int) -> bool:
    """ "Норд Стрим 2 АГ", "Северный поток 2 будет": a small number inside a name, after a capitalised word
    (mid-sentence) and before no lower-case word it could count."""
    t = tokens[i]
    if i < 2 or not t.text.isdigit() or int(t.text) > 20:
        return False
    prev, prev2 = tokens[i - 1], tokens[i - 2]
    capital = prev.text[:1].isupper() and prev.text.isalpha() and not prev.text.isupper()
    # "Северный поток 2": a capitalised adjective and its noun
    capital = capital or (coarse(prev) == "NOUN" and prev.text.islower() and coarse(prev2) == "ADJ"
                          and prev2.text[:1].isupper() and not prev2.text.isupper() and i > 2)
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.text[:1].isdigit():
        return False  # "около 15 000": a thousands group follows
    return capital and (nxt is None or not nxt.text.isalpha() or nxt.text[:1].isupper() or coarse(nxt) == "VERB")


def is_identifier(text: str, tokens: list[Token], i: int, lex: dict) -> bool:
    t = tokens[i]
    if in_name(tokens, i):
        return True
    if i > 0:
        prev = tokens[i - 1]
        if prev.text == "." and i > 1:
            prev = tokens[i - 2]  # "ч. 2", "ст. 112"
        if low(prev).rstrip(".") in lex["id_prefixes"] or prev.lemma in lex["id_prefixes"]:
            return True
        prev = tokens[i - 1]
        if prev.end == t.start and (prev.text[-1:].isalpha() or prev.text in ("-", "–", "+", ":", "/", ".")):
            return True  # "Су-34", "+7", "14:30", "1/2"
    if i + 1 < len(tokens):
        nxt = tokens[i + 1]
        if (
            nxt.start == t.end
            and nxt.text in (":", "/", ".", "-")
            and i + 2 < len(tokens)
            and tokens[i + 2].text[:1].isdigit()
            and tokens[i + 2].start == nxt.end
        ):
            return True  # "14:30", "05.09.2025"
        if nxt.start == t.end and nxt.text.isalpha() and len(nxt.text) <= 2:
            return True  # "76Б", "5a"
    digits = re.sub(r"\D", "", t.text)
    return len(digits) >= 7  # phone numbers, article ids
