"""Numbers as written in ru/uk/en news: digits with space/nbsp thousands, decimal commas, number words in any
case, multipliers (тысяч, млн), ranges, compound adjectives ("двухмесячного"), hedges; dates/years/ordinals out
(``notcounts`` says which numbers count nothing).

Written here because no packaged parser covers Russian and Ukrainian number words in all cases together with
the thousands-separator and date rules news needs (natasha's MoneyExtractor only reads amounts of money).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..model import Qualifier
from ..nlp.base import Token
from .notcounts import is_date_or_year, is_identifier
from .notcounts import low as _low

_DIGITS = re.compile(r"^\d+(?:[.,]\d+)?$")
_RANGE = re.compile(r"^(\d+(?:[.,]\d+)?)[-–—](\d+(?:[.,]\d+)?)$")
_CASE_SUFFIX = re.compile(r"^(\d+)-(?:х|ти|ми|мя|ух|ех|ох|ом|ему|и|ть|ма)$")  # "2-х" is a cardinal in a case
# "51-летняя", "46-річна": a number of years as an adjective (an age, or how long something lasts); the noun
# "80-летие" is an anniversary and stays out
_AGE_ADJECTIVE = re.compile(r"^(\d{1,3})-(?:летн|річн)(?:ий|яя|ее|его|ей|ему|юю|ую|ие|их|им|ими|ая|ой|а|ої|ій|ього|ьому|ю|я|і|ім|іх|е)$")
_QUALIFIER = {
    "~": Qualifier.APPROX,
    ">": Qualifier.MORE_THAN,
    "<=": Qualifier.UP_TO,
    ">=": Qualifier.AT_LEAST,
    "<": Qualifier.LESS_THAN,
}


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """One stated number: token indices [i, j) in the sentence, its value and any hedge before it."""

    i: int
    j: int
    start: int
    end: int
    value: float | None
    value_max: float | None = None
    qualifier: Qualifier = Qualifier.EXACT
    qual_start: int | None = None  # offset where the hedge begins
    unit: str | None = None  # a unit the number itself carries: "%", a currency symbol, a compound adjective
    compound: bool = False  # "двухмесячного": the counted noun follows as the thing that lasts
    vague: bool = False
    mult: float = 1.0  # the multiplier read after the number ("тысяч")


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    """The number-word lexicon (data/claims/numbers.yaml)."""
    from ..datafiles import load_yaml

    text = resources.files("crosswire.data.claims").joinpath("numbers.yaml").read_text(encoding="utf-8")
    lex = load_yaml(text)
    lex["qual_words"] = sorted(
        {w for ps in lex["qualifiers"].values() for p in ps for w in p.lower().split()}
    )
    lex["post_phrases"] = [(tuple(p.split()), q) for q, ps in lex["post_qualifiers"].items() for p in ps]
    lex["qual_phrases"] = sorted(
        ((tuple(p.lower().split()), q) for q, ps in lex["qualifiers"].items() for p in ps),
        key=lambda x: -len(x[0]),
    )
    prefixes = "|".join(sorted(map(re.escape, lex["compound_prefixes"]), key=len, reverse=True))
    stems = "|".join(sorted(map(re.escape, lex["compound_units"]), key=len, reverse=True))
    lex["compound_re"] = re.compile(rf"^({prefixes})({stems})\w*$")
    lex["months_set"] = set(lex["months"])
    lex["month_abbr_set"] = set(lex["month_abbreviations"])
    lex["date_links"] = set(lex["date_links"])
    lex["year_set"] = set(lex["year_words"])
    return lex


def _word_value(t: Token, lex: dict) -> float | None:
    for key in (_low(t), t.lemma):
        if key in lex["words"]:
            return float(lex["words"][key])
    return None


def _mult(t: Token, lex: dict) -> float | None:
    for key in (_low(t).rstrip("."), t.lemma):
        if key in lex["multipliers"]:
            return float(lex["multipliers"][key])
    return None


def _num(s: str, language: str) -> float:
    if language == "en" and re.fullmatch(r"\d{1,3}(,\d{3})+", s):
        return float(s.replace(",", ""))
    return float(s.replace(",", "."))


def _glued(text: str, a: Token, b: Token) -> bool:
    """Two tokens separated only by a space or nbsp on one line (a thousands separator)."""
    gap = text[a.end : b.start]
    return gap in (" ", "\u00a0", "\u202f", "\u2009")


_NEGATED = {"<": ">=", ">": "<="}  # "не менее чем" is at least, "не більш як" at most


def _qualifier(tokens: list[Token], i: int, lex: dict) -> tuple[Qualifier, int | None]:
    """The hedge that ends right before token i (longest phrase first); a negation before it turns it round."""
    words = [_low(t) for t in tokens[max(0, i - 5) : i]]
    for phrase, q in lex["qual_phrases"]:
        if len(phrase) <= len(words) and tuple(words[len(words) - len(phrase) :]) == phrase:
            k = i - len(phrase)
            if q in _NEGATED and k > 0 and _low(tokens[k - 1]) in lex["negations"]:
                return _QUALIFIER[_NEGATED[q]], tokens[k - 1].start
            if phrase in (("до",), ("to",)) and any(_low(t).startswith(tuple(lex["change_stems"]))
                                                    for t in tokens[max(0, k - 5) : k]):
                return Qualifier.EXACT, None  # "опускался на 0,19%, до 93,86 пункта": the level reached
            return _QUALIFIER[q], tokens[k].start
    return Qualifier.EXACT, None


def _fraction(tokens: list[Token], i: int, lex: dict) -> tuple[float, int] | None:
    """ "более половины погибших", "около трети боеприпасов", "two thirds of": (percent, end token)."""
    pair = f"{_low(tokens[i])} {_low(tokens[i + 1])}" if i + 1 < len(tokens) else ""
    if pair in lex["fractions"]:
        value, j = float(lex["fractions"][pair]), i + 2
    elif _low(tokens[i]) in lex["fractions"]:
        value, j = float(lex["fractions"][_low(tokens[i])]), i + 1
    else:
        return None
    prev = tokens[i - 1] if i > 0 else None
    if prev is not None and (
        "Anum" in prev.feats
        or re.match(lex["ordinal_re"], _low(prev))
        or _low(prev) in lex["fraction_ordinals"]
    ):
        return None  # "во второй половине дня"
    if j >= len(tokens) or not tokens[j].text.isalpha() or _low(tokens[j]) in lex["fraction_not_of"]:
        return None
    if _mult(tokens[j], lex) is not None:
        return None  # "четверть миллиарда" is a number
    if _low(tokens[j]) == "of":  # "half of the day" is no share, "two thirds of the drones" is
        k = j + 1
        while k < len(tokens) and _low(tokens[k]) in ("the", "a", "an", "all", "its", "their"):
            k += 1
        if k < len(tokens) and _low(tokens[k]) in lex["fraction_not_of"]:
            return None
    return value, j


def _smaller_part(text: str, tokens: list[Token], j: int, mult: float, language: str, lex: dict) -> NumberSpan | None:
    """The plain number right after a multiplier that is smaller than it: the rest of one compound figure."""
    if j >= len(tokens) or not tokens[j].text.isdigit() or "\n" in text[tokens[j - 1].end : tokens[j].start]:
        return None
    rest = _read_at(text, tokens, j, language, lex)
    if (
        rest is None
        or rest.value is None
        or rest.value >= mult
        or rest.value_max is not None
        or rest.unit
        or rest.qualifier is not Qualifier.EXACT
    ):
        return None
    return rest


_CURRENCY = ("$", "€", "£", "₽", "₴")


@functools.lru_cache(maxsize=1)
def _opening_words() -> frozenset[str]:
    """Every word (lower case) ``_read_at`` may read a number from, digits aside: number words, fractions (and the
    first word of a two-word one), vague quantities, bare multipliers, currency signs."""
    lex = lexicon()
    fractions = [str(k) for k in lex["fractions"]]
    return frozenset([*map(str, lex["words"]), *fractions, *(k.partition(" ")[0] for k in fractions),
                      *lex["vague"], *lex["bare_multipliers"], *_CURRENCY])


@functools.lru_cache(maxsize=100_000)
def _may_open(text: str, lemma: str) -> bool:
    """False only where ``_read_at`` reads no number from a token whatever its neighbours: it opens with no digit
    and neither it nor its lemma is an opening word or a compound ("двухмесячного"). Kept per word, so most words
    of a sentence skip the reader's chain of tests."""
    if not text or text[0].isdigit() or re.match(r"\d", text) or any(c.isspace() for c in text):
        return True
    low = text.lower().replace("ё", "е")
    lex = lexicon()
    return low in _opening_words() or lemma in lex["words"] or bool(lex["compound_re"].match(low))


def find_numbers(text: str, tokens: list[Token], language: str) -> list[NumberSpan]:
    """Every quantity-like number in one sentence's tokens (dates, years, ordinals and identifiers left out)."""
    lex = lexicon()
    out: list[NumberSpan] = []
    i = 0
    while i < len(tokens):
        if not _may_open(tokens[i].text, tokens[i].lemma):
            i += 1
            continue
        span = _read_at(text, tokens, i, language, lex)
        if span is None:
            i += 1
            continue
        span = _range(text, tokens, span, language, lex)
        out.append(span)
        i = span.j
    return out


def _range(text: str, tokens: list[Token], a: NumberSpan, language: str, lex: dict) -> NumberSpan:
    """ "от 10 до 15 тысяч", "від 5 до 7 років", "between 10 and 15": one span from the lower to the upper bound."""
    j = a.j
    if a.vague or a.value is None or a.i == 0 or j + 1 >= len(tokens):
        return a
    start_word, link = _low(tokens[a.i - 1]), _low(tokens[j])
    if start_word not in lex["range_starts"] or link not in lex["range_links"]:
        return a
    b = _read_at(text, tokens, j + 1, language, lex)
    if b is None or b.value is None or b.vague:
        return a
    low = a.value * (b.mult if a.mult == 1 and b.mult > 1 else 1)
    if low >= b.value:
        return a
    return NumberSpan(
        a.i,
        b.j,
        a.start,
        b.end,
        low,
        b.value,
        a.qualifier,
        a.qual_start,
        a.unit or b.unit,
        a.compound,
        False,
        b.mult,
    )


def _read_at(text: str, tokens: list[Token], i: int, language: str, lex: dict) -> NumberSpan | None:
    t = tokens[i]
    low = _low(t)
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    compound = vague = False
    plain = False
    mult = 1.0
    j = i + 1
    if _DIGITS.match(t.text) or (language == "en" and re.fullmatch(r"\d{1,3}(,\d{3})+", t.text)):
        if is_identifier(text, tokens, i, lex):
            return None
        digits = t.text
        plain = "," not in digits and "." not in digits
        # "10 000", "1 200 000": three-digit groups glued by a space
        while (
            j < len(tokens)
            and re.fullmatch(r"\d{3}", tokens[j].text)
            and _glued(text, tokens[j - 1], tokens[j])
            and len(re.sub(r"\D", "", tokens[i].text)) <= 3
        ):
            digits += tokens[j].text
            plain = False
            j += 1
        value = _num(digits, language)
    elif m := _RANGE.match(t.text):
        if i > 0 and tokens[i - 1].end == t.start and tokens[i - 1].text[-1:].isalpha():
            return None
        value, value_max = _num(m.group(1), language), _num(m.group(2), language)
        if (
            value.is_integer()
            and value_max.is_integer()
            and 1800 <= value <= 2100
            and 1800 <= value_max <= 2100
        ):
            return None  # "2024–2025 годах"
        if value >= value_max:
            return None  # "589658-7": an identifier, not a range
    elif m := _CASE_SUFFIX.match(low):
        value = float(m.group(1))
        nxt = tokens[j] if j < len(tokens) else None
        if (
            value >= 1000
            or nxt is not None
            and (_low(nxt).rstrip(".") in lex["year_set"] or nxt.lemma in lex["year_set"])
        ):
            return None  # "1970-х годах", "20-х годов": decades
        if nxt is not None and is_date_or_year(tokens, i, j, value, False, lex):
            return None  # "в 20-х числах марта"
    elif m := _AGE_ADJECTIVE.match(low):
        value, unit, compound = float(m.group(1)), "years", True  # "51-летняя католичка", "46-річна"
    elif re.match(r"^\d", t.text):
        return None  # "80-й", "80-летию", "3-го": ordinals and anniversaries
    elif m := lex["compound_re"].match(low):
        value, unit, compound = (
            float(lex["compound_prefixes"][m.group(1)]),
            lex["compound_units"][m.group(2)],
            True,
        )
    elif (frac := _fraction(tokens, i, lex)) is not None:
        value, j, unit = frac[0], frac[1], "%"
    elif (w := _word_value(t, lex)) is not None and "Anum" not in t.feats:
        value = w
        # "двадцать пять", "сто двадцать"
        while j < len(tokens) and (w2 := _word_value(tokens[j], lex)) is not None and w2 < value and w2 < 100:
            value += w2
            j += 1
    elif low in lex["vague"]:
        vague = True
        if j < len(tokens) and _mult(tokens[j], lex) is not None:
            j += 1  # "десятки тысяч", "сотни миллионов"
    elif low in lex["bare_multipliers"]:
        value = 1.0
        j = i  # the multiplier below reads this token
    elif low in _CURRENCY and i + 1 < len(tokens) and _DIGITS.match(tokens[i + 1].text):
        inner = _read_at(text, tokens, i + 1, language, lex)
        if inner is None:
            return None
        q, qs = _qualifier(tokens, i, lex)
        return NumberSpan(i, inner.j, t.start, inner.end, inner.value, inner.value_max, q, qs, low)
    else:
        return None
    if value is not None and not compound:
        # "двух с половиной", "two and a half"
        if (
            j + 1 < len(tokens)
            and _low(tokens[j]) in lex["half_links"]
            and _low(tokens[j + 1]) in lex["half"]
        ):
            value += 0.5
            j += 2
        elif (
            j + 2 < len(tokens)
            and _low(tokens[j]) == "and"
            and _low(tokens[j + 1]) == "a"
            and _low(tokens[j + 2]) == "half"
        ):
            value += 0.5
            j += 3
        if j < len(tokens) and (m := _mult(tokens[j], lex)) is not None:
            value *= m
            mult = m
            value_max = value_max * m if value_max is not None else None
            plain = False
            j += 1
            if (
                j < len(tokens)
                and tokens[j].text == "."
                and (tokens[j].start == tokens[j - 1].end or len(tokens[j - 1].text) <= 4)
            ):
                j += 1  # "тыс.", "тис ." in space-tokenised text
            rest = _smaller_part(text, tokens, j, m, language, lex)
            if rest is not None:  # "2 тис. 400 учасників", "2 млн 300 тыс."
                value += rest.value
                j = rest.j
        if plain and is_date_or_year(tokens, i, j, value, plain, lex):
            return None
        if j < len(tokens) and is_date_or_year(tokens, i, j, value, False, lex):
            return None
        if j < len(tokens) and tokens[j].text == "%":
            unit = "%"
            j += 1
    if (
        j < len(tokens)
        and ("Anum" in tokens[j].feats or re.match(lex["ordinal_re"], _low(tokens[j])))
        and not tokens[j].text[:1].isdigit()
    ):
        return None  # "двадцять першого": an ordinal
    q, qs = _qualifier(tokens, i, lex)
    for phrase, pq in lex["post_phrases"]:
        if tuple(_low(t) for t in tokens[j : j + len(phrase)]) == phrase and q == Qualifier.EXACT:
            q, j = _QUALIFIER[pq], j + len(phrase)
            break
    if vague:
        q = Qualifier.APPROX
    return NumberSpan(i, j, t.start, tokens[j - 1].end, value, value_max, q, qs, unit, compound, vague, mult)
