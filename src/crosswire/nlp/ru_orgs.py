"""Russian NER fixes over natasha's spans, mostly for organisations (used by ``crosswire.nlp.ru``).

Each rule was kept only if it raised F1 on the factRuEval *devset* and NEREL *dev* (the test sets are the
benchmark's): see ``benchmarks/ner_ru.py``.
"""

from __future__ import annotations


def split_lines(text: str, tokens: list, vocab) -> list[list]:
    """A span never runs over a line break (a headline runs into the text: "Юкия Амано\\nУшёл", "Фидель Кастро
    \\n\\nФидель Кастро"): the parts on each line, less a lone word there that is a common word ("Ушёл")."""
    parts = [[tokens[0]]]
    for prev, tok in zip(tokens, tokens[1:], strict=False):
        if "\n" in text[prev.stop:tok.start]:
            parts.append([tok])
        else:
            parts[-1].append(tok)
    if len(parts) == 1:
        return parts
    return [p for p in parts if len(p) > 1 or not _common_word(p[0].text, vocab)]


def _common_word(word: str, vocab) -> bool:
    names = {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"}
    forms = vocab(word.lower())
    return bool(forms) and all(f.parse.is_known and not names & set(f.parse.tag.grammemes) for f in forms)


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


def keep_person(before, after, tokens: list, vocab):
    """``after`` (the span retyped by the word before it), unless that turned a first name and surname into an
    organisation: the cue "партии" in "главу партии Сергея Митрохина" or "журналист" (a prefix of the cue
    "журнал*") precede a person."""
    if before.type != "PER" or after.type != "ORG" or len(tokens) < 2 or not tokens[0].text[:1].isupper():
        return after
    if any("Name" in form.parse.tag.grammemes for form in vocab(tokens[0].text)):
        return before
    return after


def quoted_place(text: str, span):
    """A one-word place name in quotes is a club, a company or a team named after it: "«Барселона»
    пообещала", "продать «Роме»"; not after a place word ("в аэропорту «Домодедово»")."""
    from dataclasses import replace

    from .spans import word_before, wordset

    before = word_before(text, span.start)
    if before.islower() and (before in wordset("loc_cues") or before.startswith(PLACE_WORDS)):
        return span  # "в аэропорту «Домодедово»", "из промзоны «Рыбацкое»"
    if span.type == "LOC" and " " not in span.text and text[span.start - 1:span.start] in "«\"„“" and span.start \
            and text[span.end:span.end + 1] in ("»", "\"", "“", "”") and span.end < len(text):
        return replace(span, type="ORG")
    return span


def _nominative_adjective(morph, word: str, head) -> str:
    """``word`` (an adjective) in the nominative, agreeing with the head token ("японского МИДа" → "японский")."""
    grams = {"nomn", "plur"} if "plur" in head.feats else {"nomn"}
    if "plur" not in head.feats:
        grams.add(next((g for g in ("femn", "neut") if g in head.feats), "masc"))
    for parse in morph.parse(word):
        if parse.tag.POS == "ADJF":
            form = parse.inflect(grams)
            if form is not None:
                return form.word if word.islower() else form.word[:1].upper() + form.word[1:]
    return word


def place_adjective_orgs(text: str, tokens: list, spans: list, heads: frozenset[str], names: frozenset[str],
                         morph, sentence_starts: frozenset[int] | set[int] = frozenset()) -> list:
    """A place adjective belongs to the government body after it: "японского МИДа", "российского Минсельхоза"
    (natasha tags the body alone), "американского правительства", "Кипрское правительство" (natasha tags
    nothing or the adjective as a place). ``heads`` are lower-case government heads (lemmas), ``names`` the
    lemmas of government names natasha tags ("мид", "минфин"); a place the adjective was tagged as stays."""
    from .base import NerSpan

    out = list(spans)
    for a, h in zip(tokens, tokens[1:], strict=False):
        if a.pos != "ADJ" or not a.lemma.endswith(("ский", "цкий")) or a.lemma in NOT_PLACE_ADJECTIVES \
                or text[a.end:h.start] != " " or not (a.text.islower() or a.start in sentence_starts):
            continue
        covering = [s for s in out if s.start < h.end and a.start < s.end]
        org = next((s for s in covering if s.type == "ORG" and s.start == h.start), None)
        if org is not None and (h.lemma in heads or h.lemma in names):
            adj = _nominative_adjective(morph, a.text, h)
            out[out.index(org)] = NerSpan(a.start, org.end, "ORG", text[a.start:org.end], f"{adj} {org.normal}")
        elif h.lemma in heads and h.text.islower() and all(s.type == "LOC" and s.end <= a.end for s in covering):
            end = _genitive_tail(text, tokens, tokens.index(h)) if h.lemma == "министерство" else h.end
            if any(s.start < end and h.end < s.end for s in out):
                continue
            adj = _nominative_adjective(morph, a.text, h)  # inflected only where a name is made of it
            out.append(NerSpan(a.start, end, "ORG", text[a.start:end], f"{adj} {h.lemma}{text[h.end:end]}"))
    return sorted(out, key=lambda x: (x.start, -x.end))


def _genitive_tail(text: str, tokens: list, i: int) -> int:
    """End of the lower-case genitive words after tokens[i]: "министерства [иностранных дел]"."""
    end = tokens[i].end
    for t in tokens[i + 1:]:
        if text[end:t.start] != " " or not t.text.islower() or "Case=Gen" not in t.feats \
                or t.pos not in ("NOUN", "ADJ"):
            break
        end = t.end
        if t.pos == "NOUN":
            break
    return end


# Stems of place words before a quoted place name (besides the shared loc_cues): "промзоны «Рыбацкое»".
PLACE_WORDS = ("промзон", "застав", "район", "микрорайон", "квартал", "парк", "сквер", "станци", "посёлок",
               "поселок", "пляж", "курорт", "санатори", "лагер", "база", "базе", "базы", "трасс", "шоссе",
               "метро", "авиабаз", "стадион")

# -ский adjectives that are not of a place: "президентского совета", "парламентская делегация"
NOT_PLACE_ADJECTIVES = frozenset({
    "президентский", "губернаторский", "депутатский", "министерский", "парламентский", "гражданский",
    "королевский", "человеческий", "дипломатический", "политический", "экономический", "исламский",
    "христианский", "католический", "демократический", "социалистический", "коммунистический",
    "республиканский", "олимпийский", "юридический", "технический", "физический", "химический",
    "братский", "гвардейский", "юношеский", "женский", "мужской", "детский", "городской", "сельский", "районный", "областной",
})
