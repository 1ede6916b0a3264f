"""Quantitative claims: every stated quantity with its hedge, unit, canonical measure, source and the time the
estimate refers to, read sentence by sentence from numbers (numbers.py), measures and attribution.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article, Claim, Entity, Mention, Qualifier, TimeRef
from ..nlp.base import ParsedText, Sentence, Token
from .attribution import backward_source, name_source, sentence_sources
from .measures import (
    Concept,
    concept_of,
    duration_measure,
    event_class,
    find_places,
    is_trivial,
    measures_lexicon,
    unit_concept,
)
from .numbers import NumberSpan, coarse, find_numbers, lexicon

_SKIPPABLE = ("ADJ", "NUM")
_CURRENCIES = ("USD", "EUR", "RUB", "UAH", "GBP", "KRW", "KZT", "CNY", "JPY", "PLN")
_NOT_DURATION_GRAINS = ("duration", "unresolved")
_PRONOUNS = ("он", "она", "они", "оно", "він", "вона", "вони", "воно", "it", "they", "he", "she")


@dataclass(slots=True)
class _Frame:
    """What one claim counts, before attribution."""

    concept: Concept | None
    counted: int | None  # token index of the counted word
    of_word: int | None = None  # "40% боеприпасов": the word the share is of
    partitive: bool = False
    elliptic: bool = False  # "13 убитых и 40 госпитализированных", "ещё 30 ранены": people, or the things before
    head_before: int | None = None  # "с населением 1,4 млн": the noun before a number with no counted word


def lines(sentences: list[Sentence], text: str) -> list[Sentence]:
    """Sentences cut again at line breaks (razdel joins a heading to the line after it)."""
    out: list[Sentence] = []
    for s in sentences:
        cur: list[Token] = []
        for t in s.tokens:
            if cur and "\n" in text[cur[-1].end:t.start]:
                out.append(Sentence(cur[0].start, cur[-1].end, text[cur[0].start:cur[-1].end], cur))
                cur = []
            cur.append(t)
        if cur:
            out.append(Sentence(cur[0].start, cur[-1].end, text[cur[0].start:cur[-1].end], cur))
    return out


def _merge_apostrophes(sent: Sentence, language: str) -> Sentence:
    """razdel splits "пам’ятників", "м’ячі" at the apostrophe: join the parts and lemmatise the whole word."""
    toks = sent.tokens
    if not any(t.text in ("’", "'", "ʼ") for t in toks):
        return sent
    from ..nlp.base import morph_analyzer

    morph = morph_analyzer(language) if language in ("ru", "uk") else None
    out: list[Token] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if k + 2 < len(toks) and toks[k + 1].text in ("’", "'", "ʼ") and toks[k + 1].start == t.end \
                and toks[k + 2].start == toks[k + 1].end and t.text.isalpha() and toks[k + 2].text.isalpha():
            word = t.text + "'" + toks[k + 2].text
            p = morph.parse(word)[0] if morph is not None else None
            feats = frozenset(p.tag.grammemes) if p is not None else frozenset()
            pos = str(p.tag.POS or "") if p is not None else ""
            out.append(Token(t.text + toks[k + 1].text + toks[k + 2].text, t.start, toks[k + 2].end,
                             p.normal_form if p is not None else word.lower(), pos, feats))
            k += 3
            continue
        out.append(t)
        k += 1
    return Sentence(sent.start, sent.end, sent.text, out)


def _is_word(t: Token) -> bool:
    return any(ch.isalpha() for ch in t.text)


def _genitive_noun(t: Token) -> bool:
    """"40% боеприпасов": the noun a share is of (genitive in ru/uk; any noun where no case is known)."""
    if coarse(t) != "NOUN" or not t.text[:1].islower():
        return False
    return bool({"gent", "Case=Gen"} & t.feats) or not any(f in t.feats for f in ("nomn", "Case=Nom", "datv", "Case=Dat"))


def _frame(text: str, tokens: list[Token], n: NumberSpan, language: str) -> _Frame | None:
    """The counted word after a number ("13 тысяч бойцов"), the share's word ("40% боеприпасов") or "из них"."""
    lex = measures_lexicon()
    k = n.j
    if n.unit and not n.compound:
        concept = unit_concept(n.unit)
        of = next((x for x in range(k, min(k + 3, len(tokens))) if _genitive_noun(tokens[x])), None) \
            if n.unit == "%" else None
        return _Frame(concept, None, of)
    if n.compound:
        counted = k if k < len(tokens) and _is_word(tokens[k]) else None
        return _Frame(unit_concept(n.unit or ""), counted)
    nxt = " ".join(t.text.lower() for t in tokens[k:k + 2])
    if nxt in lex["partitive"]:
        return _Frame(None, None, partitive=True)
    if k + 1 < len(tokens) and tokens[k].text.lower() in ("из", "із", "з", "of") and tokens[k + 1].text[:1].isdigit():
        # "45 из 60 дронов": the whole's counted word counts the part too
        whole = find_numbers(text, tokens[k + 1:], language)
        if whole:
            return _frame(text, tokens, NumberSpan(n.i, k + 1 + whole[0].j, n.start, n.end, n.value), language)
    for x in range(k, min(k + 4, len(tokens))):
        t = tokens[x]
        if not _is_word(t):
            return None
        c = concept_of(t)
        if x == k and t.text.lower() in lex["auxiliaries"]:
            k += 1  # "13 были ранены"
            continue
        nxt_is_noun = x + 1 < len(tokens) and coarse(tokens[x + 1]) == "NOUN" and tokens[x + 1].text[:1].islower()
        if x == k and c is None and not nxt_is_noun and t.text[:1].islower() and (
                coarse(t) == "VERB" and ({"PRTF", "PRTS", "VerbForm=Part"} & t.feats or event_class([t], 0)[0])
                or coarse(t) in ("ADJ", "") and event_class([t], 0)[0]):
            return _Frame(None, x, elliptic=True)  # "40 госпитализированных", "ещё 30 ранены"
        nxt_tok = tokens[x + 1] if x + 1 < len(tokens) else None
        if coarse(t) in _SKIPPABLE and nxt_tok is not None and _is_word(nxt_tok) and nxt_tok.text[:1].islower() \
                and (coarse(nxt_tok) in ("NOUN", "ADJ") or concept_of(nxt_tok) is not None):
            continue  # "северокорейских солдат", "балістичні ракети"
        if c is not None:
            if c.name == "percent":
                of = next((y for y in range(x + 1, min(x + 4, len(tokens))) if _genitive_noun(tokens[y])), None)
                return _Frame(c, x, of)
            return _Frame(c, x)
        if x == k and t.text.lower() == "of" and n.vague:
            continue  # "hundreds of civilians"
        if c is None and t.text.lower() in lex["function_words"]:
            return None
        if len(t.text) <= 1 and c is None:
            return None  # "два м’ячі" split at the apostrophe
        if t.text[:1].isupper() and not t.text.isupper():
            return None  # "90 Репост", "2 Мая": a name, not a counted word
        if coarse(t) == "NOUN" or (t.pos == "" and t.text[:1].islower()):
            return _Frame(None, x)
        if coarse(t) == "ADJ" and t.text[:1].islower():
            return _Frame(None, x)  # "двое неизвестных": an adjective used as a noun
        if coarse(t) in _SKIPPABLE:
            continue
        return None
    return None


def _owner(text: str, sent: Sentence, clause: tuple[int, int], n: NumberSpan, frame: _Frame, verb_at: int | None,
           mentions: list[Mention], entities: dict[str, Entity], share: bool):
    """The country the counted things belong to: an adjective by the noun, else the actor before the verb."""
    toks = sent.tokens
    end = toks[frame.counted].end if frame.counted is not None else n.end
    if frame.counted is not None and not share and frame.counted + 1 < len(toks):
        end = toks[frame.counted + 1].end  # "военных КНДР"
    near = find_places(text, n.start, end, text, mentions, entities)
    if near:
        return near[0]
    lo, hi = clause
    stop = toks[verb_at].start if verb_at is not None and lo <= toks[verb_at].start < n.start else n.start
    before = find_places(text, lo, stop, text, mentions, entities)
    return before[-1] if before else None


def read_claims(article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity],
                timerefs: list[TimeRef]) -> list[Claim]:
    """Every stated quantity with qualifier, unit, measure, attribution and evidence span."""
    text = parsed.text or article.text
    ents = {e.id: e for e in entities}
    lang = parsed.language if parsed.language != "und" else article.language
    fallback = article.outlet or "article"
    sents = [_merge_apostrophes(s, lang) for s in lines(parsed.sentences, text)]
    from .quotes import read_quotes  # here: quotes imports this module

    # a number inside a direct quote is the speaker's claim
    quoted = [q for q in read_quotes(article, parsed, mentions, entities) if q.direct and q.speaker]
    out: list[Claim] = []
    last_source: tuple[str | None, str | None, int] = (None, None, -9)
    last_person: tuple[str | None, str | None, int] = (None, None, -9)
    last_owner = None
    last_base: tuple[str, object, str | None, str | None] | None = None
    for si, sent in enumerate(sents):
        phrases = sentence_sources(text, sent)
        named = {}
        for p in phrases:
            if p.kind in ("prep", "verb", "post"):
                name, eid = name_source(text, p.start, p.end, lang, mentions, ents)
                if name:
                    named[p] = (name, eid)
        numbers = find_numbers(text, sent.tokens, lang)
        for n in numbers:
            frame = _frame(text, sent.tokens, n, lang)
            same_sentence = bool(out) and out[-1].start == sent.start and last_base is not None
            if frame is None:
                frame = _bare(sent.tokens, n, same_sentence)
            if frame is None:
                continue
            if frame.elliptic and same_sentence:
                frame.partitive = True  # "погибли 12 человек, ещё 30 ранены": the same things
            elif frame.elliptic:
                frame.concept = unit_concept("people")  # "о 13 убитых": people
            first = sent.tokens[n.i]
            counted_tok = sent.tokens[frame.counted] if frame.counted is not None else None
            if first.text[:1].isalpha() and not n.compound and not n.vague and (n.value or 0) <= 3 and \
                    (counted_tok is None or is_trivial(counted_tok)):
                continue  # "два лидера", "обе стороны": no claim
            if n.vague and counted_tok is None:
                continue
            if _clock_time(sent.tokens, n, frame) or _ago(sent.tokens, frame) or _ordinal_agreement(sent.tokens, n, frame):
                continue
            # the source phrase whose clause holds the number
            holding = [p for p in phrases if p.clause_start <= n.start < p.clause_end and p.kind != "hedge"]
            phrase = max(holding, key=lambda p: p.start) if holding else None
            if phrase is None:  # "..., что, по мнению разведки, может ...": a source anywhere in the sentence
                phrase = next((p for p in phrases if p.kind == "prep" and p in named), None)
            clause = (phrase.clause_start, phrase.clause_end) if phrase in holding else (sent.start, sent.end)
            ctoks = [t for t in sent.tokens if clause[0] <= t.start < clause[1]]
            anchor = next((k for k, t in enumerate(ctoks) if t.start >= n.start), 0)
            ev, ev_at = event_class(ctoks, anchor)
            if frame.elliptic:  # "40 госпитализированных": the participle is the event, not a verb nearby
                ev = event_class([sent.tokens[frame.counted]], 0)[0] if frame.counted is not None else None
            verb_at = sent.tokens.index(ctoks[ev_at]) if ev_at is not None else None
            concept = frame.concept or (concept_of(counted_tok) if counted_tok is not None else None)
            unit = concept.unit if concept else (counted_tok.lemma if counted_tok is not None and not frame.elliptic
                                                 else None)
            owner = None
            if frame.partitive and last_base is not None:
                base, owner, unit, _ = last_base
            elif concept is not None and concept.duration:
                counted_at = None
                if n.compound and frame.counted is not None:
                    counted_at = next((k for k, t in enumerate(ctoks) if t.start == sent.tokens[frame.counted].start),
                                      None)
                base = duration_measure(ctoks, anchor, counted_at)
                ev = None
            elif concept is not None and concept.name == "percent":
                of_tok = sent.tokens[frame.of_word] if frame.of_word is not None else None
                of = (concept_of(of_tok).name if of_tok is not None and concept_of(of_tok) else
                      of_tok.lemma if of_tok is not None else "")
                base = f"share of {of}".strip() if of else "share"
                owner = _owner(text, sent, clause, n, frame, verb_at, mentions, ents, True)
            else:
                head = sent.tokens[frame.head_before].lemma if frame.head_before is not None else "amount"
                base = concept.name if concept else (counted_tok.lemma if counted_tok is not None else head)
                if concept is not None and concept.unit in _CURRENCIES:
                    base = "money"
                owner = _owner(text, sent, clause, n, frame, verb_at, mentions, ents, False)
            if owner is None and not (concept is not None and concept.duration) and \
                    sent.text.split()[0].lower() in _PRONOUNS:
                owner = last_owner
            if concept is not None and concept.unit in ("troops", "people"):
                ev = measures_lexicon()["people_events"].get(ev, ev)
            if n.i >= 2 and sent.tokens[n.i - 1].text.lower() in ("из", "із", "з", "of") \
                    and sent.tokens[n.i - 2].text[:1].isdigit():
                base, ev = f"{base} total", None  # "45 из 60 дронов": 60 is the whole, not what was shot down
            measure = base + (f" {ev}" if ev and ev not in base else "")
            if owner is not None:
                measure += f" | {owner.name}"
                last_owner = owner
            if not (concept is not None and concept.duration) and not frame.partitive:
                last_base = (base, owner, unit, None)
            # who says so
            source, source_eid = None, None
            if phrase is not None and phrase.kind == "pronoun":
                src = last_person if last_person[0] and si - last_person[2] <= 3 else last_source
                source, source_eid = src[0], src[1]
            elif phrase is not None and phrase in named:
                source, source_eid = named[phrase]
            elif any(p.kind == "hedge" for p in phrases) and si - last_source[2] <= 2:
                source, source_eid = last_source[0], last_source[1]
            if source is None and (q := next((q for q in quoted if q.start <= n.start < q.end), None)):
                e = ents.get(q.speaker or "")
                source, source_eid = (e.name if e else q.speaker_text), q.speaker
            if source is None and si - last_source[2] <= 1 and sent.text.split()[0].lower() in _PRONOUNS:
                source, source_eid = last_source[0], last_source[1]  # "Он оценивается в 6 тысяч ..."
            if source is None and si + 1 < len(sents) and (span := backward_source(sents[si + 1])):
                source, source_eid = name_source(text, span[0], span[1], lang, mentions, ents)
            if source is None and frame.partitive and out:
                source, source_eid = out[-1].source, out[-1].source_entity
                if source == fallback:
                    source, source_eid = None, None
            refers = _refers_to(timerefs, sent, n)
            qs = n.qual_start if n.qual_start is not None else n.start
            mend = counted_tok.end if counted_tok is not None and counted_tok.start >= n.end else n.end
            if frame.of_word is not None:
                mend = max(mend, sent.tokens[frame.of_word].end)
            if frame.partitive and not frame.elliptic:
                mend = sent.tokens[min(n.j + (1 if sent.tokens[n.j].text.lower() in ("из", "з", "із", "of") else 0),
                                       len(sent.tokens) - 1)].end
            out.append(Claim(
                id=f"{article.id}:c{len(out) + 1}", article=article.id, measure=measure,
                value=None if n.vague or n.value is None else float(f"{n.value:.12g}"), qualifier=n.qualifier if not n.vague else Qualifier.APPROX,
                unit=unit, start=sent.start, end=sent.end, text=sent.text,
                source=source or fallback, source_entity=source_eid if source else None, refers_to=refers,
                value_max=float(f"{n.value_max:.12g}") if n.value_max is not None else None,
                measure_text=text[qs:mend].rstrip(" .,;:"),
            ))
        # remember the sentence's named source for pronouns and hedges in the sentences after it
        for p, (name, eid) in named.items():
            last_source = (name, eid, si)
            if eid and ents.get(eid, Entity("", "", "")).type == "PER" or (eid is None and p.kind == "prep"
                                                                             and " " in name and name.istitle()):
                last_person = (name, eid, si)
    return out


def _refers_to(timerefs: list[TimeRef], sent: Sentence, n: NumberSpan) -> str | None:
    """The date an estimate refers to: the nearest time expression before the number in its sentence."""
    cands = [t for t in timerefs if sent.start <= t.start < n.start and t.value and t.grain not in _NOT_DURATION_GRAINS]
    return max(cands, key=lambda t: t.start).value if cands else None


def _clock_time(tokens: list[Token], n: NumberSpan, frame: _Frame) -> bool:
    """"в 15 часов", "около 12 часов по местному времени": a time of day, not a duration."""
    if n.value is None or n.value > 24 or frame.counted is None:
        return False
    if tokens[frame.counted].text.lower() in lexicon()["clock_after"]:
        return True  # "4 am"
    if frame.concept is None or frame.concept.name != "hours":
        return False
    lex = lexicon()
    after = [t.text.lower() for t in tokens[frame.counted + 1:frame.counted + 4]]
    if any(a in lex["clock_after"] for a in after):
        return True
    prev = tokens[n.i - 1].text.lower() if n.i > 0 else ""
    return prev in lex["clock_preps"] and n.qual_start is None


def _ago(tokens: list[Token], frame: _Frame) -> bool:
    """"два года назад", "десять років тому": a relative date."""
    if frame.counted is None or frame.concept is None or not frame.concept.duration:
        return False
    nxt = tokens[frame.counted + 1].text.lower() if frame.counted + 1 < len(tokens) else ""
    return nxt in measures_lexicon()["ago"]


_OBLIQUE = {"loct", "Case=Loc", "datv", "Case=Dat", "ablt", "Case=Ins", "loc2"}
_GENT = {"gent", "Case=Gen"}


def _ordinal_agreement(tokens: list[Token], n: NumberSpan, frame: _Frame) -> bool:
    """"на 4 этаже", "12 калибра": digits before a singular noun a cardinal could not take are an ordinal."""
    if frame.counted != n.j or n.value is None or not n.value.is_integer() or n.j != n.i + 1 \
            or not tokens[n.i].text.isdigit():
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


def _bare(tokens: list[Token], n: NumberSpan, same_sentence: bool) -> _Frame | None:
    """A number with no counted word: "умерло более 2 900" after a claim of the sentence (the same things), or
    "с населением 1,4 млн" (the noun before names what is counted)."""
    if n.vague or n.value is None or not tokens[n.i].text[:1].isdigit():
        return None
    if n.j < len(tokens) and _is_word(tokens[n.j]) and \
            tokens[n.j].text.lower() not in measures_lexicon()["function_words"]:
        return None
    before = [k for k in range(max(0, n.i - 3), n.i) if _is_word(tokens[k])]
    if same_sentence and any(event_class([tokens[k]], 0)[0] for k in before):
        return _Frame(None, None, partitive=True)
    qual_words = set(lexicon()["qual_words"])
    k = n.i - 1
    while k >= 0 and tokens[k].text.lower() in qual_words:
        k -= 1
    if k >= 0 and n.i - k <= 3 and coarse(tokens[k]) == "NOUN" and tokens[k].text[:1].islower() \
            and tokens[k].text.lower() not in measures_lexicon()["function_words"] and n.value >= 10:
        c = concept_of(tokens[k])
        if c is not None and not c.duration:
            return _Frame(c, None)
        return _Frame(None, None, head_before=k) if c is None else None
    return None
