"""Russian NER fixes over natasha's spans, mostly for organisations (used by ``crosswire.nlp.ru``).

Each rule was kept only if it raised F1 on the factRuEval *devset* and NEREL *dev* (the test sets are the
benchmark's): see ``benchmarks/ner_ru.py``.
"""

from __future__ import annotations


def split_parenthetical(tokens: list) -> list[list]:
    """A name with its short form or original spelling in brackets is two names: "Комитет защиты журналистов
    (КЗЖ)", "Джоэл Саймон (Joel Simon)"; natasha tags them as one. A bracket at the edge is dropped ("ПАСЕ (").
    ``tokens`` are one span's natasha tokens; the parts come back as token lists (possibly just ``[tokens]``)."""
    lo, hi = 0, len(tokens)
    while hi > lo and tokens[hi - 1].text == "(":
        hi -= 1
    while lo < hi and tokens[lo].text == ")":
        lo += 1
    texts = [t.text for t in tokens[lo:hi]]
    if texts and texts[-1] == ")" and "(" not in texts:
        hi -= 1
        texts.pop()
    tokens = tokens[lo:hi]
    if not tokens:
        return []
    if "(" not in texts or texts.count("(") > 1 or texts.count(")") > 1:
        return [tokens]
    i = texts.index("(")
    j = texts.index(")") if ")" in texts else len(texts)
    if j < len(texts) - 1 or i == 0 or j <= i + 1:
        return [tokens]  # "Кировоградской (Кропивницкой) области": the bracket is inside the name
    return [tokens[:i], tokens[i + 1:j]]


def bracket_type(type_: str, tokens: list, part: list) -> str | None:
    """The type of one part of a split span, None to drop it. An upper-case short form in brackets after a
    person ("Лонгин Клинский (РПЦ МП)") or after a one-word place ("Германии (STIKO)": the place ends a longer
    organisation name natasha missed) is an organisation; other words in brackets after a place are left out
    ("Рус-Рейтинг (RusRating)")."""
    if part[0].start == tokens[0].start:
        return type_
    if not part[0].text.isupper():
        return None if type_ == "LOC" else type_
    if type_ == "PER" or (type_ == "LOC" and sum(1 for t in tokens if t.text == "(") == 1 and tokens[1].text == "("):
        return "ORG"
    return type_
