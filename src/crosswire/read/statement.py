"""What a figure says, as slots two figures must share to be compared: the counted thing, the predicate (what
happened to it or what it measures), a part of a whole or a rate, and why a figure is too vague to compare.

Rules over the tokens of the figure's clause (no parser reads Ukrainian here, and natasha's syntax is off by
default): the predicate is the nearest verb or head noun of the comma segment that holds the figure, a copula
("составляет", "становить") gives way to its subject, and an appositive segment ("…, эквивалентному $1100")
to the noun it follows. Word lists live in data/claims/statement.yaml.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ..model import TimeRef
from ..nlp.base import Sentence, Token
from .counted import Frame
from .enforms import past_verb
from .measures import Concept, measures_lexicon
from .notcounts import coarse
from .numbers import NumberSpan

_BREAKS = {",", ";", "(", ")", ":"}


@dataclass(frozen=True, slots=True)
class Statement:
    """The slots of one figure; ``vague`` says why it states no comparable fact ("" when it does)."""

    counted: str
    predicate: str
    subset: str
    vague: str
    present: bool = False  # the clause speaks in the present tense ("составляет", "now")
    running: bool = False  # a running total or a count in progress ("уже уложено", "на момент публикации")


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    """Copulas, amount nouns, attribute classes, subset and rate cues, generic counted things, time frames."""

    from ..datafiles import load_yaml

    text = resources.files("crosswire.data.claims").joinpath("statement.yaml").read_text(encoding="utf-8")
    lex = load_yaml(text)
    lex["attribute_of"] = {w.lower(): a for a, ws in lex["attributes"].items() for w in ws}
    lex["rate_of"] = {tuple(w.lower().split()): r for r, ws in lex["rates"].items() for w in ws}
    for k in ("copulas", "amount_nouns", "modals", "consist_verbs", "generic", "time_frames", "part_cues", "each_words",
              "present_cues", "running_cues"):
        lex[k] = {str(w).lower() for w in lex[k]}
    return lex


def _low(t: Token) -> str:
    return t.text.lower().replace("ё", "е")


def segment(tokens: list[Token], i: int, j: int) -> tuple[int, int]:
    """[lo, hi) of the comma segment around tokens i..j (commas, semicolons, brackets and quotes end it)."""
    lo = i
    while lo > 0 and tokens[lo - 1].text not in _BREAKS:
        lo -= 1
    hi = j
    while hi < len(tokens) and tokens[hi].text not in _BREAKS:
        hi += 1
    return lo, hi


def _is_verb(t: Token, lex: dict) -> bool:
    return (coarse(t) == "VERB" and t.lemma not in lex["modals"] and t.lemma not in lex["amount_nouns"]
            and _low(t) not in measures_lexicon()["auxiliaries"] and t.lemma not in ("быть", "бути", "be"))


_OBLIQUE = {"datv", "Case=Dat", "loct", "Case=Loc", "ablt", "Case=Ins", "loc2"}


def _is_head_noun(t: Token, lex: dict, skip: set[int], k: int) -> bool:
    """A noun that can say what a figure is of: not in a dative, locative or instrumental case ("выплатить
    украинской стороне 4,6 млрд": the recipient is not what is paid) unless it names an attribute ("штрафу")."""
    return (
        coarse(t) == "NOUN"
        and k not in skip
        and t.text[:1].isalpha()
        and (t.text[:1].islower() or k == 0)
        and t.lemma not in lex["amount_nouns"]
        and _low(t) not in measures_lexicon()["function_words"]
        and (not _OBLIQUE & t.feats or t.lemma in lex["attribute_of"] or _low(t) in lex["attribute_of"])
    )


def _in_pp(tokens: list[Token], k: int, lo: int) -> bool:
    """ "в одиночной камере": the noun at k is governed by a preposition (an adjunct, not what the figure is of)."""
    x = k - 1
    while x >= lo and coarse(tokens[x]) == "ADJ":
        x -= 1
    return x >= lo and (tokens[x].pos in ("ADP", "PREP") or _low(tokens[x]) in measures_lexicon()["function_words"]
                        and len(tokens[x].text) <= 4 and _low(tokens[x]) not in ("и", "і", "й", "та", "а", "но"))


def word_class(t: Token) -> str | None:
    """The predicate class a word names of itself ("погибших" killed, "пострадавших" wounded), or None."""
    lex = lexicon()
    events = measures_lexicon()["event_of"]
    for key in (t.lemma, _low(t)):
        if key in events:
            return events[key]
        if key in lex["attribute_of"]:
            return lex["attribute_of"][key]
    return None


def _subject_before(tokens: list[Token], k: int, lo: int, lex: dict, skip: set[int]) -> Token | None:
    """The noun a copula at k says something of: the nearest noun before it in its segment."""
    for x in range(k - 1, max(lo, k - 5) - 1, -1):
        if _is_head_noun(tokens[x], lex, skip, x):
            return tokens[x]
        if coarse(tokens[x]) == "VERB":
            return None
    return None


def _subject_after(tokens: list[Token], k: int, hi: int, lex: dict, skip: set[int]) -> Token | None:
    """ "где 97 % населения составляют мусульмане": the noun a copula at k names after it."""
    for x in range(k + 1, min(hi, k + 4)):
        if _is_head_noun(tokens[x], lex, skip, x) and not _in_pp(tokens, x, k + 1):
            return tokens[x]
    return None


def predicate(tokens: list[Token], n: NumberSpan, counted: int | None, event: str | None,
              prefer_verb: bool = False) -> tuple[str, bool]:
    """(what the figure says of its counted thing, whether it is said in the present tense).
    ``prefer_verb``: a duration is what its verb says lasted ("проработал на посту министра иностранных дел два
    года"), not the noun next to it."""
    lex = lexicon()
    lo, hi = segment(tokens, n.i, n.j)
    skip = set(range(n.i, n.j)) | ({counted} if counted is not None else set())
    if counted is not None:  # "кубометров газа": the counted word's complement is part of what is counted
        skip |= {counted + 1}
    found: Token | None = None
    for k in range(n.i - 1, lo - 1, -1):  # the nearest verb or head noun before the figure
        t = tokens[k]
        if _is_verb(t, lex):
            if t.lemma in lex["copulas"]:
                found = _subject_before(tokens, k, lo, lex, skip) or _subject_after(tokens, k, hi, lex, skip)
            else:
                found = t
            break
        if _is_head_noun(t, lex, skip, k) and not _in_pp(tokens, k, lo) and not prefer_verb:
            found = t
            break
    after = next((k for k in range(n.j, hi) if _is_verb(tokens[k], lex)), None)
    if found is not None and after is not None and coarse(found) == "NOUN" and {"nomn", "Case=Nom"} & found.feats \
            and tokens[after].lemma not in lex["copulas"]:
        found = None  # "Многодетная мать восемь лет находилась за решеткой": the subject's verb says it
    if found is None and after is not None:  # "13 были ранены", "Двое политиков … были убиты"
        t = tokens[after]
        found = _subject_after(tokens, after, hi, lex, skip) if t.lemma in lex["copulas"] else t
    first = n.i
    while first > lo and n.qual_start is not None and tokens[first - 1].start >= n.qual_start:
        first -= 1
    if found is None and first > lo and past_verb(tokens[first - 1]):
        found = tokens[first - 1]  # English, read untagged: "arrested 12 people", "reported at least 30 cases"
    if found is None and lo > 0 and tokens[lo - 1].text == ",":
        # "…штрафу, эквивалентному $1100": an appositive segment says it of the noun before the comma
        found = next((tokens[k] for k in (lo - 2, lo - 3) if k >= 0 and _is_head_noun(tokens[k], lex, skip, k)),
                     None)
    verbs = [t for t in tokens[lo:hi] if coarse(t) == "VERB"]
    words = " ".join(_low(t) for t in tokens)
    present = (any({"pres", "Tense=Pres"} & t.feats for t in verbs)
               or any(_low(t) in lex["present_cues"] for t in tokens[lo:hi])
               or any(f" {p} " in f" {words} " for p in lex["present_phrases"]))
    if event:
        return event, present
    return ((word_class(found) or found.lemma) if found is not None else ""), present


def running(tokens: list[Token], n: NumberSpan) -> bool:
    """Whether the figure is a running total or a count in progress, true as of its report's moment: a cue word
    in its comma segment ("уже уложено около 600 км") or a cue phrase in its sentence ("на момент публикации")."""
    lex = lexicon()
    lo, hi = segment(tokens, n.i, n.j)
    if any(_low(t) in lex["running_cues"] for t in tokens[lo:hi]):
        return True
    words = f" {' '.join(_low(t) for t in tokens)} "
    return any(f" {p} " in words for p in lex["running_phrases"])


def same_statement(counted: str, pred: str, unit: str | None) -> tuple[str, str, str | None]:
    """(counted thing, predicate, unit) in the one form of statements that say the same fact ("число заболевших
    достигло 3137 человек" and "обнаружено 1898 случаев заражения": detected cases), else as given."""
    lex = measures_lexicon()
    if counted in (lex.get("counted_as") or {}):  # "пункт (обвинение)": the counts of an indictment are charges
        counted = lex["counted_as"][counted]
        unit = lex["concepts"][counted]["unit"]
    for rule in lex.get("same_statements") or []:
        if [counted, pred] in [list(x) for x in rule["of"]]:
            target, target_pred = rule["as"]
            return target, target_pred, lex["concepts"][target]["unit"]
    return counted, pred, unit


def subset(tokens: list[Token], n: NumberSpan, counted: int | None, event: str | None = None) -> str:
    """A part, a rate or a forecast the figure is of: "per day" (за сутки), "forecast" (может; "будет выявлено"), "more"
    (ещё 30), "part" (в том числе), "per year", "each"."""
    lex = lexicon()
    first = n.i
    while first > 0 and n.qual_start is not None and tokens[first - 1].start >= n.qual_start:
        first -= 1
    lo, hi = segment(tokens, n.i, n.j)
    words = f" {' '.join(_low(t) for t in tokens[lo:hi])} "
    for rate, phrases in (lex.get("periods") or {}).items():
        if any(f" {p} " in words for p in phrases):
            return rate
    forecast = set(lex.get("forecast_words") or [])
    if any(t.lemma in forecast or _low(t) in forecast for t in tokens[lo:hi]):
        return "forecast"
    if event in (lex.get("forecast_events") or []) and any(_low(t) in lex["future_words"] for t in tokens[lo:hi]):
        return "forecast"
    before = [_low(t) for t in tokens[max(0, first - 3):first]]
    if before and before[-1] in measures_lexicon()["more_words"]:
        return "more"
    if any(" ".join(before[k:]) in lex["part_cues"] for k in range(len(before))):
        return "part"
    # "2 тысячи из них погибли" only says which things are counted (the troops before), not a part of a total
    after = n.j if counted is None else counted + 1
    words = [_low(t) for t in tokens[after:after + 4]]
    for k in range(len(words)):
        for size in (2, 1):
            r = lex["rate_of"].get(tuple(words[k:k + size]))
            if r:
                return r
        if words[k] in lex["each_words"]:
            return "each"
    return ""


def complement(tokens: list[Token], counted: int | None) -> str:
    """ "членов экипажа", "кубометров газа": the lower-case genitive noun right after the counted word."""
    if counted is None or counted + 1 >= len(tokens):
        return ""
    t = tokens[counted + 1]
    lex = lexicon()
    if (
        coarse(t) == "NOUN"
        and t.text[:1].islower()
        and t.lemma not in lex["amount_nouns"]
        and _low(t) not in measures_lexicon()["function_words"]
        and t.lemma not in lex["time_words"]
        and ({"gent", "Case=Gen"} & t.feats or not t.feats)
    ):
        return t.lemma
    return ""


def whole_of(tokens: list[Token], n: NumberSpan) -> str:
    """ "обвинение состояло из 11 пунктов": the whole a figure counts the parts of (its lemma), or "": the
    subject of a verb of consisting ("состоять из", "складатися з", "consist of") right before the figure."""
    lex = lexicon()
    k = n.i
    while k > 0 and n.qual_start is not None and tokens[k - 1].start >= n.qual_start:
        k -= 1
    if k < 2 or _low(tokens[k - 1]) not in ("из", "з", "із", "of"):
        return ""
    verb = tokens[k - 2]
    if verb.lemma not in lex["consist_verbs"] and _low(verb) not in lex["consist_verbs"]:
        return ""
    lo, _ = segment(tokens, n.i, n.j)
    subject = _subject_before(tokens, k - 2, lo, lex, set(range(n.i, n.j)))
    return subject.lemma if subject is not None else ""


def vagueness(tokens: list[Token], n: NumberSpan, concept: Concept | None, counted: str, pred: str,
              has_event_noun: bool) -> str:
    """Why a figure states no fact another could be compared with, or ""."""
    lex = lexicon()
    if n.value is None:
        return "no figure"
    duration = concept is not None and concept.duration
    first = n.i
    while first > 0 and n.qual_start is not None and tokens[first - 1].start >= n.qual_start:
        first -= 1
    before = " ".join(_low(t) for t in tokens[max(0, first - 3):first])
    if duration and any(before.endswith(f) for f in lex["time_frames"]):
        return "a time frame, not a measured quantity"
    if duration and not has_event_noun and not pred:
        return "a duration of nothing named"
    base = counted.split(" of ")[0].split(" (")[0]
    if not pred and (not counted or base in lex["generic"] or duration):
        return f"a bare {base or 'number'} with nothing said of it"
    return ""


def is_age(toks: list, n: NumberSpan, frame: Frame) -> bool:
    """ "ему 85 лет", "старше 70 лет", "85 years old": years that are someone's age."""
    if frame.counted is None or (frame.concept is None or frame.concept.name != "years") and not n.compound:
        return False
    if n.compound and {"anim", "Animacy=Anim"} & toks[frame.counted].feats:
        return True  # "51-летняя католичка", "46-летней матери": a person's years
    lex = measures_lexicon()
    before = {t.text.lower() for t in toks[max(0, n.i - 3) : n.i]}
    after = toks[frame.counted + 1].text.lower() if frame.counted + 1 < len(toks) else ""
    if bool(before & set(lex["age_before"])) or after in lex["age_after"]:
        return True
    # "Асии Биби 54 года": a name right before the years, and no verb in the sentence
    return n.i > 0 and toks[n.i - 1].text[:1].isupper() and not any(coarse(t) == "VERB" for t in toks)


def time_before(timerefs: list[TimeRef], sent: Sentence, n: NumberSpan) -> TimeRef | None:
    """The time an estimate refers to: the nearest time expression before the number in its sentence."""
    cands = [
        t
        for t in timerefs
        if sent.start <= t.start < n.start and t.value and t.grain not in ("duration", "unresolved")
    ]
    return max(cands, key=lambda t: t.start) if cands else None


def part_follows(text: str, tokens: list[Token], n: NumberSpan) -> bool:
    """ "из 1224 км проложено … 400 км": a later figure of the sentence counts the same word, so the figure
    after "из" is the whole it is part of (not "специалисты из 28 стран", where none follows)."""
    from .numbers import find_numbers

    if n.j >= len(tokens):
        return False
    word = tokens[n.j].lemma
    rest = tokens[n.j:]
    return any(m.j < len(rest) and rest[m.j].lemma == word for m in find_numbers(text, rest, "") if m.value)
