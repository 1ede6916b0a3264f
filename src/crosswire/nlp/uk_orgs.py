"""Organisation names in Ukrainian text that capitalised runs miss or cut wrongly.

Found by error analysis on NER-UK 2.0's *train* split (word lists in ``data/entities/uk_types.yaml``):

* descriptive names: a capitalised adjective, lower-case adjectives and an institution noun, then its lower-case
  genitive complement and a quoted name ("Хмельницької обласної ради", "Державним агентством з інвестицій",
  "Комунального закладу охорони здоров'я «Харківська міська дитяча лікарня № 5»");
* quoted names: after a lower-case cue word ("фірма «Діта»", the name alone) or a capitalised descriptor
  ("Санаторій «Едельвейс»", all of it), and a quoted name the text already gave as an organisation («Укрстрой»);
* cuts: an organisation name does not run on into a person's full name ("Партії регіонів Олексія Журавка"), a
  verb or a bracketed translation.

A grammar library (yargy) could state the first pattern, but it would re-parse every sentence with its own
morphology; these few checks reuse the tokens and pymorphy3 readings the analyzer already has.
"""

from __future__ import annotations

import functools
import re

from .base import NerSpan, Token, morph_analyzer
from .spans import wordset
from .uk_types import _acronym as is_acronym
from .uk_types import _lists

_OPEN = {"«", '"', "“", "„"}
_CLOSE = {"»", '"', "”", "“"}


@functools.lru_cache(maxsize=50_000)
def known_parses(word: str) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(POS, lemma, grammemes) of the known readings of ``word``."""
    morph = morph_analyzer("uk")
    if morph is None:
        return ()
    return tuple((str(p.tag.POS), p.normal_form, frozenset(p.tag.grammemes)) for p in morph.parse(word.lower())
                 if p.is_known)


# adjective endings of place-derived names the dictionary does not know ("Щастинської", "Мирноградської")
_ADJ_END = re.compile(r"(ськ|цьк|зьк|інськ|инськ)(ий|ого|ому|им|ім|а|ої|ій|у|ою|е|і|их|ими)$")


def _adjective(word: str) -> bool:
    parses = known_parses(word)
    if not parses:
        return bool(_ADJ_END.search(word.lower()))
    return any(pos == "ADJF" for pos, _, _ in parses)


def _head(word: str) -> bool:
    lists = _lists()
    if word.lower() in lists["org_head_words"]:
        return True
    return any(pos == "NOUN" and lemma in lists["org_head_lemmas"] for pos, lemma, _ in known_parses(word))


def _acronym(word: str) -> bool:
    """An acronym of up to seven letters (longer capitals are shouted words, not names)."""
    return is_acronym(word) and sum(c.isalpha() for c in word) <= 7


def _genitive(word: str) -> bool:
    return any("gent" in g and pos in ("NOUN", "ADJF") for pos, _, g in known_parses(word))


def _verb(word: str) -> bool:
    return any(pos in ("VERB", "INFN") for pos, _, _ in known_parses(word)) and not any(
        pos in ("NOUN", "ADJF") for pos, _, _ in known_parses(word))


def _function(word: str) -> bool:
    """Only a preposition, conjunction, particle or adverb ("про", "ніби"): never the end of a name."""
    parses = known_parses(word)  # "про" also reads as the abbreviation ПРО
    return any(pos in ("PREP", "CONJ") for pos, _, _ in parses) or bool(parses) and all(
        pos in ("PRCL", "ADVB") for pos, _, _ in parses)


def _first_name(word: str) -> bool:
    return any("Name" in g for _, _, g in known_parses(word))


def _quote_end(toks: list[Token], i: int, limit: int = 14) -> int | None:
    """Index of the quote that closes the one at ``i``, nested quotes allowed ("«Будівельна компанія “Етерна”»",
    "«Об'єднання громадян «Лісове»»"), or None."""
    pairs = {"«": "»", "„": "“", "“": "”", '"': '"'}
    stack: list[str] = []
    last = None
    for k in range(i, min(len(toks), i + limit)):
        t = toks[k].text
        if t in (".", "!", "?", ";") and k + 1 < len(toks) and toks[k + 1].text[:1].isupper():
            break
        if stack and t == stack[-1]:
            stack.pop()
            last = k
            if not stack:
                return k
        elif t in pairs and (k == i or k + 1 < len(toks) and toks[k + 1].text[:1].isupper()):
            stack.append(pairs[t])
        elif t in _CLOSE and stack and stack[-1] != '"':
            stack.pop()  # a mismatched closing mark („…” or “…»): still a close
            last = k
            if not stack:
                return k
    # «ДАТ «Чорноморнафтогаз»: typesetting often drops the second closing mark of nested quotes
    return last if last is not None and toks[i].text == "«" else None


def descriptive_orgs(text: str, tokens: list[Token]) -> list[NerSpan]:
    """Organisation names built from a capitalised adjective, lower-case adjectives and an institution noun."""
    out: list[NerSpan] = []
    n, i = len(tokens), 0
    while i < n:
        tok = tokens[i]
        if not (tok.text[:1].isupper() and tok.text.replace("-", "").isalpha() and not tok.text.isupper()):
            i += 1
            continue
        opens = i == 0 or tokens[i - 1].text in (".", "!", "?", "…", "*", "—") or "\n" in text[tokens[i - 1].end:tok.start]
        if _head(tok.text) and not _adjective(tok.text) and not opens:
            # "Міністерстві культури": a capitalised head; at a sentence start only the case says so ("Суд
            # першої інстанції задовольнив…" is any court)
            end = _complement(tokens, i + 1)
            if end > i + 1:
                out.append(NerSpan(tok.start, tokens[end - 1].end, "ORG", text[tok.start:tokens[end - 1].end]))
                i = end
                continue
        if not _adjective(tok.text) or tok.text.lower() in _lists()["not_name_adjectives"]:
            i += 1  # "Друга компанія", "Зазначене підприємство": an ordinal or a pointer, no name
            continue
        j = i + 1
        while j < n and j - i <= 4 and tokens[j].text.islower() and _adjective(tokens[j].text) \
                and not _head(tokens[j].text):
            j += 1
        head = j < n and (tokens[j].text.islower() and _head(tokens[j].text)
                          or _acronym(tokens[j].text) and tokens[j].text.lower() not in wordset("not_entities"))
        if not head:  # "Чернігівське ОТВ АМКУ": an acronym after the adjective is the head
            i += 1
            continue
        end = j + 1
        end = _complement(tokens, end)
        if end < n and tokens[end].text in _OPEN:
            close = _quote_end(tokens, end)
            if close is not None and close > end + 1 and tokens[end + 1].text[:1].isupper():
                end = close + 1
        a, b = tok.start, tokens[end - 1].end
        out.append(NerSpan(a, b, "ORG", text[a:b], text[a:b]))
        i = end
    return out


def _complement(tokens: list[Token], k: int) -> int:
    """The end of the lower-case genitive complement after an institution noun ("охорони здоров'я",
    "з інвестицій", "екстреної та швидкої медичної допомоги"): up to five words."""
    n, start = len(tokens), k
    while k < n and k - start < 6:
        w = tokens[k].text
        if k + 2 < n and tokens[k + 1].text in ("'", "’", "ʼ") and tokens[k + 1].start == tokens[k].end \
                and tokens[k + 2].start == tokens[k + 1].end and w.islower() and _genitive(w + "'" + tokens[k + 2].text):
            k += 3  # razdel splits "здоров'я" at the apostrophe
            continue
        if w.islower() and len(w) > 1 and w.replace("'", "").replace("’", "").isalpha() and _genitive(w) \
                and not _verb(w):
            k += 1
        elif w in ("з", "із", "та", "і", "й") and k + 1 < n and tokens[k + 1].text.islower() \
                and _genitive(tokens[k + 1].text) and (w in ("з", "із") or k > start):
            k += 2
        else:
            break
    while k > start and tokens[k - 1].text in ("з", "із", "та", "і", "й"):
        k -= 1
    return k


def quoted_orgs(text: str, tokens: list[Token], spans: list[NerSpan]) -> tuple[list[NerSpan], list[NerSpan]]:
    """Quoted names that are organisations: after a legal form or other acronym (form and name; these win over
    whatever spans were there), and after a capitalised institution noun (noun and name), a lower-case cue word
    or when named as an organisation elsewhere in the text (name only)."""
    cues = _lists()["quote_org_cues"]
    known = {_key(_core(s.text)) for s in spans if s.type == "ORG"}
    out: list[NerSpan] = []
    forms: list[NerSpan] = []
    taken = -1  # the last token inside a legal-form name: its nested quotes are not names of their own
    for i, tok in enumerate(tokens):
        if i <= taken or tok.text not in _OPEN or i + 1 >= len(tokens) or not (
                tokens[i + 1].text[:1].isupper() or tokens[i + 1].text[:1].isdigit()):
            continue
        close = _quote_end(tokens, i, limit=10)
        if close is None or close == i + 1:
            continue
        inner_a, inner_b = tokens[i + 1].start, tokens[close - 1].end
        prev = tokens[i - 1] if i else None
        if prev is not None and _acronym(prev.text) and prev.text.lower() not in _lists()["bare_forms_not_orgs"]:
            k = i - 1  # "ТОВ ДВ «Екосвіт»": legal forms before it too
            while k > 0 and _acronym(tokens[k - 1].text) and tokens[k - 1].text.lower() in _lists()["bare_forms"]:
                k -= 1
            a, b = tokens[k].start, tokens[close].end  # "НВП «Інтертерм»", "SIA «Zodiak Plus»": form and name
            forms.append(NerSpan(a, b, "ORG", text[a:b], text[a:b]))
            taken = close
            continue
        opens = i < 2 or tokens[i - 2].text in (".", "!", "?", "«", "*", "—", "–")
        if prev is not None and prev.text[:1].isupper() and prev.text.lower() in cues and opens:
            a, b = inner_a, inner_b  # "Компанію «Укрістгаз»": a cue word capitalised by position
        elif prev is not None and prev.text[:1].isupper() and _head(prev.text):
            k = i - 1
            while k > 0 and tokens[k - 1].text[:1].isupper() and _adjective(tokens[k - 1].text):
                k -= 1
            a, b = tokens[k].start, tokens[close].end
        elif prev is not None and prev.text.islower() and prev.text in cues or _key(text[inner_a:inner_b]) in known:
            a, b = inner_a, inner_b
        else:
            continue
        out.append(NerSpan(a, b, "ORG", text[a:b], text[inner_a:inner_b]))
    return forms, out


def _core(name: str) -> str:
    """The quoted part of an organisation name, or the name."""
    for o, c in (("«", "»"), ("“", "”"), ('"', '"')):
        if o in name and c in name[name.index(o) + 1:]:
            return name[name.index(o) + 1:name.rindex(c)].strip(" «»“”\"")
    return name


def _key(name: str) -> str:
    """A case-insensitive key that ignores the inflected ending of the first word ("Укрстрою" ~ "Укрстрой")."""
    words = name.lower().split()
    if not words:
        return ""
    first = words[0][:-2] if len(words[0]) > 5 else words[0]
    return " ".join([first, *words[1:2]])


def cut_orgs(text: str, tokens: list[Token], spans: list[NerSpan]) -> list[NerSpan]:
    """Organisation spans cut before a verb, before a trailing person's full name (which becomes its own span)
    and at a bracketed part; trailing lower-case words dropped."""
    out: list[NerSpan] = []
    for s in spans:
        if s.type != "ORG":
            out.append(s)
            continue
        if not any(c.isupper() or c.isdigit() for c in s.text):
            continue  # "суд" left when a sentence-opening "Також" was trimmed: no name
        toks = [t for t in tokens if s.start <= t.start and t.end <= s.end]
        cut = len(toks)
        for k, t in enumerate(toks):
            if k and (t.text == "(" or t.text.islower() and _verb(t.text)):
                cut = k
                break
        extra = []
        if cut >= 4 and toks[cut - 1].text[:1].isupper() and toks[cut - 2].text[:1].isupper() \
                and _first_name(toks[cut - 2].text) \
                and (not toks[cut - 3].text[:1].isupper() or not _genitive(toks[cut - 2].text)):
            # "Партії регіонів Олексія Журавка", "Верховної Ради Валентин Зайчук"; but a genitive name after a
            # capitalised word names the organisation after someone: "Фонду Віктора Пінчука"
            p = toks[cut - 2:cut]
            extra.append(NerSpan(p[0].start, p[-1].end, "PER", text[p[0].start:p[-1].end]))
            cut -= 2
        while cut > 1 and (toks[cut - 1].text.islower() and _function(toks[cut - 1].text)
                           or cut > 2 and toks[cut - 1].text.islower() and toks[cut - 2].text[:1].isupper()
                           and not _head(toks[cut - 1].text)
                           or toks[cut - 1].text in ("«", "(", ",", "-", "–")):
            # "Національним банком України поточного": a lower-case word after a later capitalised one
            cut -= 1
        if cut == len(toks) or cut == 0:
            out.append(s)
        else:
            end = toks[cut - 1].end
            out.append(NerSpan(s.start, end, "ORG", text[s.start:end]))  # normal form made again later
        out += extra
    return out


def with_names(spans: list[NerSpan], orgs: list[NerSpan], force: bool = False) -> list[NerSpan]:
    """``orgs`` (or other names) added over ``spans``: what an added name covers goes (a place inside it stays, nested); an added
    name that crosses an existing span's edge or lies inside an organisation is not added, unless ``force``,
    when every span it overlaps goes."""
    out = list(spans)
    for o in orgs:
        if force:
            out = [s for s in out if not (s.start < o.end and o.start < s.end)] + [o]
            continue
        crossing = [s for s in out if s.start < o.end and o.start < s.end
                    and not (o.start <= s.start and s.end <= o.end) and not (s.start <= o.start and o.end <= s.end)]
        covering = [s for s in out if s.start <= o.start and o.end <= s.end and s.type == "ORG"]
        if crossing or covering:
            continue
        out = [s for s in out if not (o.start <= s.start and s.end <= o.end)
               or s.type == "LOC" and (s.start, s.end) != (o.start, o.end)]  # a place inside stays, nested
        out.append(o)
    return sorted(out, key=lambda x: (x.start, -x.end))


def org_in_region(text: str, spans: list[NerSpan]) -> list[NerSpan]:
    """An organisation followed by "в/у" and a region or district is one name ("Управління захисту економіки в
    Херсонській області", "Держгеокадастру у Волинській області"), as NER-UK annotates it; the place stays nested."""
    tails = _lists()["region_tails"]
    spans = sorted(spans, key=lambda x: (x.start, -x.end))
    out: list[NerSpan] = []
    for s in spans:
        last = next((x for x in reversed(out) if x.end <= s.start), None)
        if last is not None and last.type == "ORG" and s.type == "LOC" and text[last.end:s.start] in (" в ", " у ") \
                and s.text.split()[-1].lower() in tails:
            out.remove(last)
            out.append(NerSpan(last.start, s.end, "ORG", text[last.start:s.end], f"{last.normal or last.text} {s.text}"))
        out.append(s)
    return sorted(out, key=lambda x: (x.start, -x.end))


def companies(text: str, spans: list[NerSpan]) -> list[NerSpan]:
    """People or places whose name has a company word ("Nostrex Services Ltd", "Біргмінтон Інвестінг Інк.") or
    that are a Latin name in quotes («Coaltrans Switzerland») are organisations."""
    words = _lists()["company_words"]
    out = []
    for s in spans:
        parts = [w.strip(".,").lower() for w in s.text.split()]
        quoted = text[s.start - 1:s.start] in _OPEN and text[s.end:s.end + 1] in _CLOSE
        if s.type != "ORG" and len(parts) > 1 and (any(w in words for w in parts[1:])
                                                   or quoted and s.text.isascii()):
            s = NerSpan(s.start, s.end, "ORG", s.text, s.normal)
        out.append(s)
    return out


def without_opening_description(span: NerSpan, toks: list[Token]) -> NerSpan | None:
    """A sentence-opening organisation span that starts with a description naming no institution ("Колишній
    очільник архіву СБУ", as natasha reads letter-folded Ukrainian) keeps only its capitalised name, and is
    no name at all when nothing after its first word is capitalised."""
    if len(toks) < 2 or not toks[1].text.islower():
        return span
    c = next((k for k in range(2, len(toks)) if toks[k].text[:1].isupper()), None)
    if any(_head(t.text) for t in toks[:c]):
        return span
    if c is None:
        return None
    start = toks[c].start
    return NerSpan(start, span.end, span.type, span.text[start - span.start:], "")


_NAMED_AFTER = re.compile(r"\s*(?:ім\s?\.|імені)\s*$")


def named_after(text: str, spans: list[NerSpan]) -> list[NerSpan]:
    """An organisation named after someone is one name with the person ("Інституту ім. Глієра", "Київський
    університет імені Тараса Шевченка"); the person stays as a nested span."""
    spans = sorted(spans, key=lambda x: (x.start, -x.end))
    out: list[NerSpan] = []
    for s in spans:
        head = next((x for x in reversed(out) if x.type == "ORG" and x.end <= s.start), None)
        gap = text[head.end:s.start] if head is not None else ""
        if head is not None and s.type in ("PER", "LOC", "ORG") and (
                gap.strip() and _NAMED_AFTER.fullmatch(gap)  # "Інституту" " ім. " "Глієра"
                or gap == " " and _NAMED_AFTER.search(head.text) and len(head.text.split()) > 2):  # "ім." inside
            out.remove(head)
            out.append(NerSpan(head.start, s.end, "ORG", text[head.start:s.end],
                               f"{head.normal or head.text}{text[head.end:s.end]}"))
        out.append(s)
    return sorted(out, key=lambda x: (x.start, -x.end))
