"""Quotes and their speakers, direct and indirect, in ru, uk and en.

Two steps: where the speech is and where its speaker is named (``quotefind``: quote marks, dash speech, block
quotations, indirect clauses), then who speaks, resolved in reading order (``speakers``: names, surnames, roles,
pronouns, organisations, media). The speech-verb lexicon lives here and is shared by both steps.
"""

from __future__ import annotations

import functools
import re
import sys
from importlib import resources

from ..model import Article, Entity, Mention, Quote
from ..nlp.base import ParsedText, Sentence
from .counted import lines
from .orgrefs import _JUSTIFICATION
from .quotefind import Cand, find_candidates
from .quotemarks import find_spans
from .speakers import _GENERIC_ORG, _MEDIA_NOUNS, _PREPS, Speaker, Speakers

__all__ = ["find_spans", "lexicon", "quote_at", "read_quotes"]


def _compact(pattern: str) -> str:
    return re.sub(r"\s+", "", pattern)


@functools.lru_cache(maxsize=1)
def lexicon() -> dict:
    """Speech verbs, source cues and role nouns (data/quotes/lexicon.yaml), compiled."""
    from ..datafiles import load_yaml

    d = load_yaml(
        resources.files("crosswire.data.quotes").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    )
    d["speech_lemma_set"] = set(d["speech_lemmas"])
    d["opinion_lemma_set"] = set(d["opinion_lemmas"])
    d.update(_verb_patterns(_compact(d["verbs"]), _compact(d["opinion"])))
    d["conduit_re"] = re.compile(r"(?:переда\w*|сообща\w+|пиш\w+|повідомля\w+|пише|reports?|цитиру\w+|цитує)")
    d["prep_re"] = re.compile(r"(?<!\w)" + _compact(d["preps"]) + r"(?!\w)\s*")
    d["backward_re"] = re.compile(_compact(d["backward"]).replace("\\s+", "\\s+"))
    d["impersonal_re"] = re.compile(r"(?<!\w)" + _compact(d["impersonal"]) + r"(?!\w)")
    d["document_re"] = re.compile(r"(?<!\w)" + _compact(d["document"]) + r"(?!\w)")
    d["object_re"] = re.compile(
        r"^\s*" + d["object_verbs"] + r"\s+(?:" + "|".join(d["object_pronouns"]) + r")(?!\w)"
    )
    d["role_set"] = {r.replace("’", "'") for r in d["roles"]}
    # the same nouns indexed by stem, for the per-word stem tests of the speaker rules (read/stems.py)
    from .orgspeakers import _BACK_REFERENCE, stem_set
    from .stems import Stems

    d["role_stems"] = stem_set(d["role_set"])
    d["role_stems5"] = Stems(d["role_set"], 5)
    d["org_head_stems"] = stem_set(d["org_heads"])
    d["plain_org_heads"] = {h for h in d["org_heads"] if not _BACK_REFERENCE.match(h)}
    d["plain_org_head_stems"] = stem_set(d["plain_org_heads"])
    d["stop_subject"] = {"об", "этом", "о", "чем", "про", "це", "также", "тоже", "ранее", "раніше", "також",
                         "при", "цьому", "кроме", "того", "крім", "і", "и", "а", "но", "але", "однако",
                         "проте", "водночас", "тем", "временем", "затем", "потом", "позже", "пізніше", "как",
                         "як", "уже", "вже", "еще", "ще", "так", "сам", "сама", "сами", "сегодня", "вчера",
                         "сьогодні", "вчора", "напередодні", "накануне", "позднее", "the", "also", "earlier", "later"}
    d["media_words"] = {"змі", "сми", "джерело", "источник", "источники", "джерела", "media", "source",
                        "sources", "медиа", "мережа", "соцсети"}
    d["stop_names"] = {"об", "про", "в", "у", "на", "по", "он", "она", "він", "вона", "сегодня", "сьогодні",
                       "также", "також", "это", "це", "twitter", "facebook", "telegram", "instagram", "youtube",
                       "твиттер", "твіттер", "фейсбук", "телеграм", "x"}
    d["en_after_re"] = re.compile(
        r"\s*,?\s*(?:(?P<verb>said|says|told|added|stressed|noted|wrote|writes|declared|explained|replied|"
        r"warned|insisted|argued)\s+(?P<rest>[^.!?\n,\"“]{1,60})|(?P<rest2>[^.!?\n\"“”]{1,60}?)\s+"
        r"(?:said|says|told|added|stressed|noted|wrote|writes|declared|explained|replied|warned|insisted|argued))\b"
    )
    return d


_THAT_OTHER = (r"говорится|говорилось|сказано|отмечается|йдеться|зазначається|указывается|подчеркивается|"
               r"відмічається|відзначається|повідомляється|сообщается|"
               r"наголошується|підкреслюється|вказується|вказувал[ио]ся|вказувалось|указывалось|зазначал[ио]ся|"
               r"наголошувал[ио]ся|подчеркивалось|сделал[аио]?\s+вывод|"
               r"придерживается\s+(?:мнения|позиции|точки\s+зрения)|"
               r"(?:є|есть|имеются|маються)\s+(?:дані|данные|інформація|информация|відомості|сведения)")


def _verb_patterns(verbs: str, opinion: str) -> dict:
    return {"verb_re": _word_re(verbs), "that_re": _that_re(verbs + "|" + opinion + "|" + _THAT_OTHER),
            "post_re": _post_re(verbs), "opinion_re": _word_re(opinion)}


def _word_re(words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + words + r"(?!\w)")


def _post_re(verbs: str) -> re.Pattern[str]:
    # "…, що підтвердив брат Євгена Анісімова", "…, о чем сообщил X": a relative word before the verb refers to the
    # clause before, which is what was said
    return re.compile(r"(?:,|\s[—–−-])\s*(?:[—–−-]\s*)?(?:(?:что|що|о\s+чем|про\s+що)\s+)?(?P<verb>" + verbs
                      + r")(?!\w)")


def _that_re(verb: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?P<verb>" + verb + r")"
        r"(?!\w)(?P<mid>(?:\([^()\n]{0,60}\)|«[^«»\n]{1,40}»|[^.!?;,«»]|,\s*(?=\d)){0,90}?)"
        r"(?P<that>,\s*(?:что|що)(?!\w)|,\s*(?=не\s+\w+\s+ли\b)|\s+that(?!\w)|:(?=\s)|\s[–—]\s(?=[^\W\d]))")


class _InOrder:
    """One pattern whose alternation ``(?:a|b|…)`` is cut into pieces, each compiled on its own and tried in order.

    Why: an article's own verb forms used to be appended to the lexicon's alternation and all four patterns
    compiled again for that article (about 30 ms, every second article). Alternatives are tried in order and the
    rest of the pattern is retried after each, so at one position the whole pattern matches with the first piece
    that lets it match; a search finds the leftmost position any piece matches, the earliest piece winning a tie.
    So the lexicon's pieces compile once, an article's forms alone per article, and every match is the same."""

    __slots__ = ("pieces",)

    def __init__(self, pieces: list[re.Pattern[str]]) -> None:
        self.pieces = pieces

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        for piece in self.pieces:
            if m := piece.match(string, pos, endpos):
                return m
        return None

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        for piece in self.pieces:
            if m := piece.fullmatch(string, pos, endpos):
                return m
        return None

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        best = None
        for piece in self.pieces:
            m = piece.search(string, pos, endpos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize):
        while (m := self.search(string, pos, endpos)) is not None:
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1


@functools.lru_cache(maxsize=1)
def _pieces() -> dict:
    """The lexicon's own pieces of the verb patterns, compiled once."""
    d = lexicon()
    verbs, opinion = _compact(d["verbs"]), _compact(d["opinion"])
    return {"verbs_that": _that_re(verbs), "opinion_that": _that_re(opinion), "other_that": _that_re(_THAT_OTHER)}


def _alternation(words: frozenset[str]) -> str:
    return "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"


@functools.lru_cache(maxsize=256)
def _with_forms(forms: frozenset[str], opinion_forms: frozenset[str], future: frozenset[str] = frozenset()) -> dict:
    """The lexicon with an article's own inflected forms of speech (and view) verbs added to its patterns, each
    after the lexicon's own alternatives (``(?:lexicon|forms)``), as ``_InOrder`` pieces; a form the analyzer
    reads as a future (``future``) never closes a sentence as its speech verb ("…, оголосять у розшук": what
    someone will do), though right after a quote it still may ("», - зізнається чоловік")."""
    d = dict(lexicon())
    base = _pieces()
    verb, opinion, post = [d["verb_re"]], [d["opinion_re"]], [d["post_re"]]
    that = [base["verbs_that"]]
    if forms:
        extra = _alternation(forms)
        verb.append(_word_re(extra))
        if forms - future:
            post.append(_post_re(_alternation(forms - future)))
        that.append(_that_re(extra))
    that.append(base["opinion_that"])
    if opinion_forms:
        extra_op = _alternation(opinion_forms)
        opinion.append(_word_re(extra_op))
        that.append(_that_re(extra_op))
    that.append(base["other_that"])
    d.update(verb_re=_InOrder(verb), opinion_re=_InOrder(opinion), post_re=_InOrder(post), that_re=_InOrder(that))
    return d


_VERB_POS = {"VERB", "INFN", "GRND", "PRTF", "PRTS", "AUX"}


def article_lexicon(parsed: ParsedText) -> dict:
    """The lexicon for one text: every form of a speech-verb lemma the text uses ("негодовал", "поцікавився")."""
    lex = lexicon()
    forms, op, fut = set(), set(), set()
    for t in parsed.tokens:
        if t.pos not in _VERB_POS and not {"VERB", "GRND"} & t.feats:
            continue
        if {"Person=1", "1per", "VerbForm=Inf", "INFN", "Mood=Imp", "impr", "VerbForm=Part", "PRTF", "PRTS"} \
                & t.feats or t.pos in ("INFN", "PRTF", "PRTS"):
            continue  # "Отметим, что …", "стоит напомнить": the outlet's own voice
        if {"Tense=Fut", "futr", "GRND", "VerbForm=Conv"} & t.feats or t.pos == "GRND":
            fut.add(t.text.lower().replace("ё", "е"))  # a future or a gerund ("…, відповідаючи на") closes nothing
        w = t.text.lower().replace("ё", "е")
        lemma = _gerund_lemma(w) if t.lemma == t.text.lower() and t.pos == "GRND" else t.lemma
        if lemma in lex["speech_lemma_set"] and not lex["verb_re"].fullmatch(w):
            forms.add(w)
        elif lemma in lex["opinion_lemma_set"] and lemma == t.lemma:  # a view's gerund ("думаючи, що") is no report
            op.add(w)
    return _with_forms(frozenset(forms), frozenset(op), frozenset(forms & fut)) if forms or op else lex


# a Ukrainian gerund's infinitive ("вказавши" -> "вказати", "наголошуючи" -> "наголошувати"), which the Ukrainian
# dictionary leaves as its own lemma, by the endings of the perfective (-вши) and imperfective (-ючи) forms: a
# gerund of a speech verb reports what its clause's subject said ("суд … не прийняв, вказавши, що …")
_GERUND = (("юючи", "ювати"), ("уючи", "увати"), ("аючи", "ати"), ("яючи", "яти"), ("вши", "ти"))


def _gerund_lemma(word: str) -> str:
    base, refl = (word[:-2], "ся") if word.endswith("сь") else (word, "")
    for end, inf in _GERUND:
        if base.endswith(end):
            return base[: -len(end)] + inf + refl
    return word


def read_quotes(
    article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity]
) -> list[Quote]:
    """Direct and indirect quotes with the speaker linked to an entity where the text names one."""
    return read_quotes_and_speakers(article, parsed, mentions, entities)[0]


def read_quotes_and_speakers(
    article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity]
) -> tuple[list[Quote], list[Entity], list[Mention]]:
    """The quotes, plus the speaker entities and mentions the NER had not found (media named after a verb)."""
    lex = article_lexicon(parsed)
    text = parsed.text or article.text
    sp = Speakers(article, parsed, mentions, entities, lex)
    sents = _join_broken_names(lines(parsed.sentences, text), text) or [Sentence(0, len(text), text, [])]
    cands = find_candidates(text, sents, lex, mentions)
    sp.quoted = [(c.start, c.end) for c in cands if c.direct]
    low = text.lower()
    for c in sorted(cands, key=lambda c: c.at):
        c.speaker = _resolve(c, sp, text, lex)
        sp.spoke[c.at] = c.speaker
        if c.speaker:
            media = bool(lex["conduit_re"].match(low, c.at) or lex["conduit_re"].search(low[c.at : c.at + 25])
                         or _MEDIA_NOUNS.search(low[c.who_start : c.who_end]))
            sp.note(c.speaker, c.end, media=media)
    cands = [c for c in cands if c.speaker or c.kind not in ("headline", "backward")]
    # a headline "X: …" speaks for a person or organisation, not a place ("В Пакистане не казнят христианку: …")
    cands = [c for c in cands if c.kind != "headline" or sp.kind_of(c.speaker[0]) in ("PER", "ORG", "PRO")]
    out = []
    for n, c in enumerate(sorted(cands, key=lambda c: c.start), 1):
        s, e = c.start, c.end
        while s < e and text[s].isspace():  # "« На душі добре »": tokenised text spaces its marks
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        eid, stext = c.speaker or (None, None)
        out.append(Quote(id=f"{article.id}:q{n}", article=article.id, text=text[s:e], start=s, end=e,
                         speaker=eid, speaker_text=stext, direct=c.direct))
    return out, list(sp.new_entities.values()), sp.new_mentions


def _join_broken_names(sents: list[Sentence], text: str) -> list[Sentence]:
    """Sentences joined again where a break fell inside a quoted name ("«Наші гроші.|Запоріжжя» відмітили, що …",
    an outlet whose name has a full stop): the sentence leaves a quote mark open and the next one closes it within
    its first three words."""
    out: list[Sentence] = []
    for s in sents:
        if out:
            prev = out[-1]
            head = s.text.split(None, 3)[:3]
            if prev.text.count("«") > prev.text.count("»") and prev.text.rstrip().endswith(".") \
                    and "«" not in " ".join(head) and any("»" in w for w in head):
                out[-1] = Sentence(prev.start, s.end, text[prev.start : s.end], prev.tokens + s.tokens)
                continue
        out.append(s)
    return out


def _resolve(c: Cand, sp: Speakers, text: str, lex: dict) -> Speaker | None:
    if c.how == "before":
        return sp.before(c.at, person=True, gender=sp.gender_at(c.at))
    if c.how == "clause":  # the subject after the verb and an adverbial, else the one spoken of before
        return sp.subject(c.who_start, c.who_end, people_only=True) or sp.before(c.at, person=True,
                                                                                 gender=sp.gender_at(c.at))
    if c.how == "phrase" and c.kind == "backward":
        words = re.findall(r"[\w'’-]+", text[c.who_start : c.who_end].lower())
        if words and words[0] in lex["subject_pronouns"]:  # "Об этом он заявил …": the sentence before is his
            return sp.subject(c.start, c.end, people_only=True) or sp.phrase(c.who_start, c.who_end, c.start)
    if c.how == "phrase":
        if c.kind == "prep" and not re.search(r"\w", text[c.who_start : c.who_end]) \
                and _GENERIC_ORG.search(text[c.at : c.who_start].lower()):
            return sp.document_source(c.start)  # "Согласно сообщению, …": the statement already quoted
        if c.kind == "prep" and _JUSTIFICATION.search(text[c.at : c.who_start].lower()) \
                and (who := sp.lead_subject()):
            return who  # "Згідно обґрунтування закупівлі, …": the buyer's document
        found = sp.phrase(c.who_start, c.who_end, c.start)
        if c.kind == "prep" and _DECLARATION.search(text[c.at : c.who_start].lower()) \
                and (found is None or sp.kind_of(found[0]) != "PER"):
            # "Згідно з деклараціями про доходи, суддя має …", "Леся Мусаєва, згідно декларації за 2017 рік,
            # заробила": a declaration is its filer's, the person the sentence is about
            own = sp.subject(c.lo, c.at, people_only=True) or sp.subject(c.start, c.end, people_only=True) \
                or sp.phrase(c.start, min(c.end, c.start + 25), c.start)
            if own and sp.kind_of(own[0]) == "PER":
                return own
        if c.kind == "prep" and found and sp.kind_of(found[0]) == "PER" \
                and re.search(r"(?:ли|ють|ять|ут|ют|ят)\s*$", text[c.at : c.who_start].lower()) \
                and not re.search(r"[A-ZА-ЯЁІЇЄҐ]", text[c.who_start : c.who_end]):
            return None  # "як повідомили правоохоронці": a group named by a common noun, not the man named before
        if c.kind == "cite" and (found is None or sp.kind_of(found[0]) != "PER"):
            # "» , - цитує прес-служба Міністерства охорони здоров'я": the man quoted spoke before, the office quotes
            return sp.before(c.at, person=True) or found
        if found is None and c.kind == "that" and c.lo < c.who_start:
            # "Владислав Челах, несший службу …, заявил своей матери, что …": the words after the verb name
            # nobody; the subject opens the sentence, before an apposition
            found = sp.subject(c.lo, c.at)
        return found
    if c.how == "subject":
        if sp.gerund_at(c.at) and (said := sp.spoken_in(c.who_start, c.who_end)):
            # "…», - сказав він після засідання Ради ЄС, додавши, що …": a gerund shares its finite verb's subject,
            # who was resolved for the speech that verb attributes
            return said
        low = text[c.who_start : c.who_end].lower()
        words = [w for w in re.findall(r"[\w'’-]+", low) if w not in lex["stop_subject"]]
        if words in (["тот"], ["той"]):  # "Той відповів, що …": the man named last, whatever his case
            return sp.last_named(c.at)
        pron = [w for w in words if w in lex["subject_pronouns"]]
        if pron and (words[-1] in lex["subject_pronouns"] or not sp.subject(c.who_start, c.who_end)):
            # "Позднее в Twitter он отметил, что", "Еще до вердикта Верховного суда он обещал «…»"
            if body := sp.body_as_pronoun(c.who_start, _PRONOUN_GENDER.get(pron[0])):
                return body  # "Та суд … відмовив. Він вказав, що": the court
            return sp.before(c.at, person=pron[0] not in ("они", "вони", "they"), gender=sp.gender_at(c.at))
        if words and words[0] in lex["subject_pronouns"]:
            return sp.before(c.at, person=words[0] not in ("они", "вони", "they"))
        if re.fullmatch(r"\s*(?:в|во|у)\s+(?:нем|нём|ней|них|ньому|ній|них)\s*", low):
            return sp.document_source(c.at)  # "В нем подчеркивается, что": the statement just named is whose
        if set(words) & _UNNAMED_SOURCES and not sp.subject(c.who_start, c.who_end):
            return None  # "Источник в полиции сообщил, что", "джерело, близьке до НБУ": an unnamed source
        if _JUSTIFICATION.search(low) and (who := sp.lead_subject()):
            return who  # "В обґрунтуванні закупівлі повідомляється, що": the buyer's document
        named = sp.subject(c.who_start, c.who_end)
        found = named or (words and sp.phrase(c.who_start, c.who_end, c.start))
        if found and not named and not pron and sp.plural_at(c.at) and sp.kind_of(found[0]) == "PER":
            # "Експерти вважають, що": a group, no one person ("в Кремле заявили" stays the Kremlin's)
            return sp.subject(c.lo, c.who_start)
        if not found and c.at < c.start and not re.search(r"[A-ZА-ЯЁІЇЄҐ]", text[c.who_start + 1 : c.who_end]) \
                and not _RELATIVE.search(low):
            # "Вот как эту панихиду прокомментировал писатель Виктор Шендерович, который …: «…»": no name before the
            # verb, its subject follows it (in its case); not a relative clause's ("…, о котором говорил Песков:")
            found = sp.subject(c.at, c.start, people_only=True)
        if found and sp.kind_of(found[0]) != "PER" and sp.role_first(c.who_start, c.who_end, c.at):
            # "Глава BDI раскритиковал": the head of the organisation speaks, whom the article named
            found = sp.phrase(c.who_start, c.who_end, c.start) or found
        if found:
            return found
        if words and any(w[:1].isalpha() and w not in _PREPS for w in words[-1:]) and len(words) <= 2 \
                and not any(sp.lex["role_set"] & set(words)):
            return sp.subject(c.lo, c.who_start)  # "в уряді зазначили": someone unnamed, no antecedent
        if sp.plural_at(c.at):  # "лейбористи вже заявили, що …": a group no person speaks for
            return sp.subject(c.lo, c.who_start)
        if _MEDIA_NOUNS.search(low) or _GENERIC_ORG.search(low) or lex["document_re"].search(low):
            # "У повідомленні відомства йдеться": no person's word; "В заявлении подчеркивается, что": the statement
            # read last is whose
            return sp.subject(c.lo, c.who_start) or (
                sp.document_source(c.at) if re.fullmatch(r"(?:в|во|у)\s+\w+", " ".join(words)) else None)
        if g := sp.person_noun(c.who_start, c.who_end):
            # "Женщина рассказала, что": someone the article does not name is not the last man named; a singular
            # animate noun is the person named before only if the gender fits; a plural one is a group
            if g == "p":
                return sp.subject(c.lo, c.who_start)
            return sp.subject(c.lo, c.at, people_only=True) or sp.before(
                c.at, person=True, gender=sp.gender_at(c.at) or g, strict=g == "f")
        return sp.subject(c.lo, c.who_start) or sp.before(c.at, person=True)
    return None


_RELATIVE = re.compile(r"(?<!\w)(?:котор|як(?:ий|а|е|і|ого|ому|им|ій|ої|у|их|ими)(?!\w))")
_DECLARATION = re.compile(r"деклараці|декларац")
_PRONOUN_GENDER = {"он": "m", "він": "m", "она": "f", "вона": "f"}
# the words of a source the article leaves unnamed: it speaks for no one ("источник" is no person)
_UNNAMED_SOURCES = {"источник", "источники", "джерело", "джерела", "source", "sources"}


def quote_at(quotes: list[Quote], start: int, end: int | None = None) -> Quote | None:
    """The quote (direct or reported) a stretch [start, end) of the article lies in, if it has a speaker: a figure
    inside it is the speaker's claim."""
    end = start + 1 if end is None else end
    inside = [q for q in quotes if q.speaker and q.start <= start and end <= q.end + 1]
    return min(inside, key=lambda q: q.end - q.start) if inside else None
