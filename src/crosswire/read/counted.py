"""What a number counts: the counted word after it ("13 тысяч бойцов"), the thing a share is of ("40%
боеприпасов"), "из них", elliptic counts ("ещё 30 ранены"), and the numbers that count nothing (clock times,
"два года назад", "на 4 этаже").
"""

from __future__ import annotations

from dataclasses import dataclass

from ..nlp.base import Sentence, Token
from .enforms import adverb, level_subject, participle_after_auxiliary, plural_head
from .measures import Concept, concept_of, event_class, measures_lexicon, unit_concept
from .notcounts import coarse
from .numbers import NumberSpan, find_numbers, lexicon

_SKIPPABLE = ("ADJ", "NUM")


@dataclass(slots=True)
class Frame:
    """What one claim counts, before attribution."""

    concept: Concept | None
    counted: int | None  # token index of the counted word
    of_word: int | None = None  # "40% боеприпасов": the word the share is of
    partitive: bool = False
    elliptic: bool = (
        False  # "13 убитых и 40 госпитализированных", "ещё 30 ранены": people, or the things before
    )
    head_before: int | None = None  # "с населением 1,4 млн": the noun before a number with no counted word


# razdel ends a Ukrainian sentence at "тис." even inside "2 тис. 400 учасників": abbreviations that never end
# one when a digit or a lower-case word follows on the same line
_ABBREVIATIONS = {"тис", "тыс", "млн", "млрд", "трлн", "грн", "руб", "дол", "коп", "км", "кв", "куб"}
# … and abbreviations a name follows ("на ул. Ленина", "райсуду м. Києва", "музея им. Пушкина"): never the end of
# a sentence when a capitalised word follows on the same line ("м." only after a word, not a figure: "5 м.")
_NAME_ABBREVIATIONS = {"ул", "вул", "им", "ім", "просп", "пров", "пер", "бул", "наб", "пл", "м"}


def _rejoined(sentences: list[Sentence], text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for s in sentences:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(prev.tokens) >= 2
            and s.tokens
            and prev.tokens[-1].text == "."
            and "\n" not in text[prev.end : s.start]
            and (prev.tokens[-2].text.lower() in _ABBREVIATIONS
                 and (s.tokens[0].text[:1].isdigit() or s.tokens[0].text[:1].islower())
                 or _names_after(prev, s))
        ):
            out[-1] = Sentence(prev.start, s.end, text[prev.start : s.end], [*prev.tokens, *s.tokens])
        else:
            out.append(s)
    return out


def _names_after(prev: Sentence, s: Sentence) -> bool:
    """``prev`` ends at an abbreviation a name follows and ``s`` opens with that name."""
    abbr = prev.tokens[-2].text.lower()
    if abbr not in _NAME_ABBREVIATIONS or not s.tokens[0].text[:1].isupper():
        return False
    return abbr != "м" or len(prev.tokens) >= 3 and prev.tokens[-3].text[:1].isalpha()


def lines(sentences: list[Sentence], text: str) -> list[Sentence]:
    """Sentences cut again at line breaks (razdel joins a heading to the line after it) and joined again after
    an abbreviation razdel took for a sentence end."""
    out: list[Sentence] = []
    for s in _rejoined(sentences, text):
        cur: list[Token] = []
        for t in s.tokens:
            if cur and "\n" in text[cur[-1].end : t.start]:
                out.append(Sentence(cur[0].start, cur[-1].end, text[cur[0].start : cur[-1].end], cur))
                cur = []
            cur.append(t)
        if cur:
            out.append(Sentence(cur[0].start, cur[-1].end, text[cur[0].start : cur[-1].end], cur))
    return out


def merge_apostrophes(sent: Sentence, language: str) -> Sentence:
    """razdel splits "пам’ятників", "м’ячі" at the apostrophe: join the parts and lemmatise the whole word."""
    if not any(t.text in ("’", "'", "ʼ") for t in sent.tokens):
        return sent
    from ..nlp.base import join_apostrophes, morph_analyzer

    morph = morph_analyzer(language) if language in ("ru", "uk") else None

    def analyse(word: str) -> tuple[str, str, frozenset[str]]:
        if morph is None:
            return word.lower(), "", frozenset()
        p = morph.parse(word)[0]
        return p.normal_form, str(p.tag.POS or ""), frozenset(p.tag.grammemes)

    return Sentence(sent.start, sent.end, sent.text, join_apostrophes(sent.tokens, analyse))


def _is_word(t: Token) -> bool:
    return any(ch.isalpha() for ch in t.text)


def _genitive_noun(t: Token) -> bool:
    """ "40% боеприпасов": the noun a share is of (genitive in ru/uk; any noun where no case is known)."""
    if coarse(t) not in ("NOUN", "VERB", "ADJ") or not t.text[:1].islower():
        return False
    if coarse(t) != "NOUN" and not {"gent", "Case=Gen"} & t.feats:
        return False  # a participle only when it is genitive: "половины погибших"
    return bool({"gent", "Case=Gen"} & t.feats) or not any(
        f in t.feats for f in ("nomn", "Case=Nom", "datv", "Case=Dat")
    )


def _share_of(tokens: list[Token], lo: int, hi: int) -> int | None:
    """The word a share is of: the first genitive noun, else a substantivised participle ("погибших"); not past a
    preposition ("упали на 7% на внебиржевом рынке": where, not of what)."""
    stop = next((x for x in range(lo, min(hi, len(tokens))) if tokens[x].pos in ("ADP", "PREP")), hi)
    found = [x for x in range(lo, min(hi, stop, len(tokens))) if _genitive_noun(tokens[x])]
    return next((x for x in found if coarse(tokens[x]) == "NOUN"), found[0] if found else None)


def _untagged_head(tokens: list[Token], x: int) -> int | None:
    """The head of a noun phrase in a language read without part-of-speech tags (English): the first known
    counted word of the lower-case run, else its last word ("ski resorts", "new cases"); verbs end the run."""
    lex = measures_lexicon()
    run: list[int] = []
    for y in range(x, min(x + 4, len(tokens))):
        w = tokens[y].text
        low = w.lower()
        if not w.isalpha() or low in lex["function_words"] or low in lex["auxiliaries"]:
            break
        if concept_of(tokens[y]) is not None:
            return y
        if w[:1].isupper() and y > x or low.endswith(("ed", "ing")) and run:
            break
        if run and plural_head(tokens[run[-1]], tokens[y]):
            break  # "nine playlists range from": a plural noun ends its phrase; the word after it is the verb
        if adverb(tokens, y):
            break  # "30 thousand artifacts illegally exported": the adverb ends the noun phrase ("410, 395 and 382
            # respectively": right after the figure, nothing is counted)
        if participle_after_auxiliary(tokens, y):
            return None  # "0-50 is considered 'good'": the verb, nothing counted
        run.append(y)
    return run[-1] if run else None


def _joined_on(tokens: list[Token], n: NumberSpan, lex: dict) -> bool:
    """ "ещё 18 000", "и не менее 15": the word before the number and its hedge adds to what came before."""
    first = n.i
    while first > 0 and n.qual_start is not None and tokens[first - 1].start >= n.qual_start:
        first -= 1
    if first == 0:
        return False
    before = tokens[first - 1].text.lower()
    if before == ",":
        # "Известно о гибели 59 человек, более 500 получили ранения": a count after a comma, its verb right after
        # it, counts the things a figure before it in the sentence counted
        return any(t.text[:1].isdigit() or coarse(t) == "NUM" for t in tokens[: first - 1])
    return before in lex["more_words"] or before in lex["coordinators"] and n.qual_start is not None


def read_frame(text: str, tokens: list[Token], n: NumberSpan, language: str) -> Frame | None:
    """The counted word after a number ("13 тысяч бойцов"), the share's word ("40% боеприпасов") or "из них"."""
    lex = measures_lexicon()
    k = n.j
    if n.unit and not n.compound:
        concept = unit_concept(n.unit)
        of = _share_of(tokens, k, k + 3) if n.unit == "%" else None
        if n.unit == "%" and of is None and k < len(tokens) and tokens[k].text.lower() == "of":
            y = k + 1
            while y < len(tokens) and tokens[y].text.lower() in ("the", "a", "an", "all", "its", "their"):
                y += 1
            of = _untagged_head(tokens, y)  # "38% of Russians", "20% of all downloads"
        return Frame(concept, None, of)
    if n.compound:
        counted = k if k < len(tokens) and _is_word(tokens[k]) else None
        return Frame(unit_concept(n.unit or ""), counted)
    nxt = " ".join(t.text.lower() for t in tokens[k : k + 2])
    if nxt in lex["partitive"]:
        return Frame(None, None, partitive=True)
    if (
        k + 1 < len(tokens)
        and tokens[k].text.lower() in ("из", "із", "з", "of")
        and tokens[k + 1].text[:1].isdigit()
    ):
        # "45 из 60 дронов": the whole's counted word counts the part too
        whole = find_numbers(text, tokens[k + 1 :], language)
        if whole:
            return read_frame(
                text, tokens, NumberSpan(n.i, k + 1 + whole[0].j, n.start, n.end, n.value), language
            )
    for x in range(k, min(k + 4, len(tokens))):
        t = tokens[x]
        if not _is_word(t):
            return None
        c = concept_of(t)
        if x == k and t.text.lower() in lex["auxiliaries"]:
            k += 1  # "13 были ранены"
            continue
        if x == k and coarse(t) == "VERB" and _joined_on(tokens, n, lex):
            return Frame(
                None, None, partitive=True
            )  # "Ещё 18 000 получили ранения", "и не менее 15 получили ранения": the things counted before
        nxt_is_noun = (
            x + 1 < len(tokens) and coarse(tokens[x + 1]) == "NOUN" and tokens[x + 1].text[:1].islower()
        )
        if (
            x == k
            and c is None
            and not nxt_is_noun
            and t.text[:1].islower()
            and (
                coarse(t) == "VERB"
                and ({"PRTF", "PRTS", "VerbForm=Part"} & t.feats or event_class([t], 0)[0])
                or coarse(t) in ("ADJ", "")
                and event_class([t], 0)[0]
            )
        ):
            return Frame(None, x, elliptic=True)  # "40 госпитализированных", "ещё 30 ранены"
        nxt_tok = tokens[x + 1] if x + 1 < len(tokens) else None
        if (
            coarse(t) in _SKIPPABLE
            and nxt_tok is not None
            and _is_word(nxt_tok)
            and nxt_tok.text[:1].islower()
            and (coarse(nxt_tok) in ("NOUN", "ADJ") or concept_of(nxt_tok) is not None)
        ):
            continue  # "северокорейских солдат", "балістичні ракети"
        if c is not None:
            if c.name == "percent":
                of = _share_of(tokens, x + 1, x + 4)
                return Frame(c, x, of)
            return Frame(c, x)
        if x == k and t.text.lower() == "of" and n.vague:
            continue  # "hundreds of civilians"
        if c is None and t.text.lower() in lex["function_words"]:
            return None
        if len(t.text) <= 1 and c is None:
            return None  # "два м’ячі" split at the apostrophe
        if t.text[:1].isupper() and not t.text.isupper():
            if (
                t.pos == "" and x == k
            ):  # English "12,000 North Korean troops": a known counted word after the name
                known = next(
                    (y for y in range(x + 1, min(x + 4, len(tokens))) if concept_of(tokens[y])), None
                )
                if known is not None and all(tokens[z].text.isalpha() for z in range(x, known)):
                    return Frame(concept_of(tokens[known]), known)
            return None  # "90 Репост", "2 Мая": a name, not a counted word
        if t.pos == "" and t.text[:1].islower():
            head = _untagged_head(tokens, x)  # English: "700 ski resorts", "1,196 new cases"
            return Frame(concept_of(tokens[head]), head) if head is not None else None
        if coarse(t) == "NOUN":
            return Frame(None, x)
        if coarse(t) == "ADJ" and t.text[:1].islower():
            return Frame(None, x)  # "двое неизвестных": an adjective used as a noun
        if coarse(t) in _SKIPPABLE:
            continue
        return None
    return None


def clock_time(tokens: list[Token], n: NumberSpan, frame: Frame) -> bool:
    """ "в 15 часов", "около 12 часов по местному времени": a time of day, not a duration."""
    if n.value is None or n.value > 24:
        return False
    if n.j < len(tokens) and tokens[n.j].text.lower() in lexicon()["clock_marks"]:
        return True  # "at 8.30 pm due to a slight increase in wind"
    if frame.counted is None:
        return False
    lex = lexicon()
    prev = tokens[n.i - 1].text.lower() if n.i > 0 else ""
    if tokens[frame.counted].text.lower() in lex["clock_after"]:
        # "4 am", "в 12 дня"; but "длились 3 дня" is three days: a unit word is a clock word only after "в"
        return not (frame.concept is not None and frame.concept.duration and prev not in lex["clock_preps"])
    if frame.concept is None or frame.concept.name != "hours":
        return False
    after = [t.text.lower() for t in tokens[frame.counted + 1 : frame.counted + 4]]
    if any(a in lex["clock_after"] for a in after):
        return True
    return prev in lex["clock_preps"] and n.qual_start is None


def ago(tokens: list[Token], frame: Frame) -> bool:
    """ "два года назад", "десять років тому": a relative date."""
    if frame.counted is not None and tokens[frame.counted].text.lower() in measures_lexicon()["ago"]:
        return True  # "десять тому" with the unit left out
    if frame.counted is None or frame.concept is None or not frame.concept.duration:
        return False
    nxt = tokens[frame.counted + 1].text.lower() if frame.counted + 1 < len(tokens) else ""
    return nxt in measures_lexicon()["ago"]


_OBLIQUE = {"loct", "Case=Loc", "datv", "Case=Dat", "ablt", "Case=Ins", "loc2"}
_GENT = {"gent", "Case=Gen"}


def ordinal_agreement(tokens: list[Token], n: NumberSpan, frame: Frame) -> bool:
    """ "на 4 этаже", "12 калибра": digits before a singular noun a cardinal could not take are an ordinal."""
    if (
        frame.counted != n.j
        or n.value is None
        or not n.value.is_integer()
        or n.j != n.i + 1
        or not tokens[n.i].text.isdigit()
    ):
        return False
    feats = tokens[frame.counted].feats
    if not ({"sing", "Number=Sing"} & feats) or {"plur", "Number=Plur"} & feats:
        return False
    last, last2 = int(n.value) % 10, int(n.value) % 100
    if last == 1 and last2 != 11:
        return False  # "21 человек", "1 раз": singular is right after one
    if _OBLIQUE & feats:
        return True
    return bool(_GENT & feats) and (last in (0, 5, 6, 7, 8, 9) or 11 <= last2 <= 14)


def bare_frame(
    text: str, tokens: list[Token], n: NumberSpan, same_sentence: bool, language: str = ""
) -> Frame | None:
    """A number with no counted word: "умерло более 2 900" after a claim of the sentence (the same things),
    "с населением 1,4 млн" (the noun before names what is counted), "437 млн та 1,06 млрд гривень" (the
    counted word of the next number), "коштує близько 800 тис" (an amount)."""
    if n.vague or n.value is None or not tokens[n.i].text[:1].isdigit():
        return None
    lex = measures_lexicon()
    if n.j + 1 < len(tokens) and tokens[n.j].text.lower() in lex["coordinators"] and n.mult > 1:
        nxt = find_numbers(text, tokens[n.j + 1 :], language)
        if nxt and nxt[0].i == 0:
            shifted = NumberSpan(
                nxt[0].i + n.j + 1,
                nxt[0].j + n.j + 1,
                nxt[0].start,
                nxt[0].end,
                nxt[0].value,
                unit=nxt[0].unit,
            )
            other = read_frame(text, tokens, shifted, language)
            if other is not None and other.concept is not None:
                return Frame(other.concept, None)
    if (
        n.j < len(tokens)
        and _is_word(tokens[n.j])
        and tokens[n.j].text.lower() not in measures_lexicon()["function_words"]
    ):
        return None
    level = level_subject(tokens, n.i)
    if level is not None:
        return Frame(None, None, head_before=level)  # "the city's average AQI stood at 370"
    before = [k for k in range(max(0, n.i - 3), n.i) if _is_word(tokens[k])]
    if same_sentence and any(event_class([tokens[k]], 0)[0] for k in before):
        return Frame(None, None, partitive=True)
    qual_words = set(lexicon()["qual_words"])
    k = n.i - 1
    while k >= 0 and tokens[k].text.lower() in qual_words:
        k -= 1
    if (
        k >= 0
        and n.i - k <= 3
        and coarse(tokens[k]) == "NOUN"
        and tokens[k].text[:1].islower()
        and tokens[k].text.lower() not in measures_lexicon()["function_words"]
        and n.value >= 10
    ):
        c = concept_of(tokens[k])
        if c is not None and not c.duration:
            return Frame(c, None)
        return Frame(None, None, head_before=k) if c is None else None
    if n.mult > 1 and (n.j >= len(tokens) or not _is_word(tokens[n.j])):
        return Frame(None, None)  # "ПДВ – 32 тисячі": an amount of something the text leaves out
    return None
