"""Where a marked stretch's speaker is named (``Cand``): a speech verb after it ("», — сказал Путин",
'," Zelensky said'), a verb or cue before it ("Путин заявил: «…»", "По его словам, «…»", "В заявлении говорится:
«…»"), a headline name ("Зеленский: «…»"), the sentence before for a quote standing as a sentence of its own, or a
speech verb in the quote's own sentence ("назвал его «…»"). Part of ``quotefind``; speakers are resolved later
(``read.quotes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Mention
from ..nlp.base import Sentence
from .quotemarks import Marked

__all__ = ["Cand", "attribution_after", "attribution_before", "in_speech_sentence", "quoted_name", "standalone"]


@dataclass(slots=True)
class Cand:
    start: int
    end: int
    direct: bool
    how: str  # phrase, before, subject, role, none
    who_start: int = 0
    who_end: int = 0
    at: int = 0  # where the attribution is (reading order for pronouns)
    lo: int = 0  # where the sentence holding the attribution starts
    kind: str = ""  # for indirect speech: that, prep, post, paren, backward, headline
    speaker: tuple[str | None, str | None] | None = None  # (entity id, phrase), set by read.quotes


_DOC_BEFORE = re.compile(
    r"(?:^|\s)(?:в|во|у)\s+(?:заявлени\w*|сообщени\w*|стать\w*|отчет\w*|документ\w*|обращени\w*|письм\w*|"
    r"повідомлен\w*|заяв[іи]|статт[іи]|звіт\w*|документ[іи]|зверненн[іи]|лист[іи])\s+(?P<who>[^.!?:]{0,80}?)\s*"
    r"(?:говорится|говорилось|сказано|отмечается|йдеться|йшлося|зазначається|пишет|пише)\s*:?\s*$"
)
# a full stop that ends a sentence, not an initial ("сказал А. Кубилюс", "С. Сквярнялис")
_SENTENCE_END = r"(?<![\s.]\w)(?<!^\w)[.!?](?:\s|$)"
# "», – продовжив Кудрін": right after a quote, "went on" is a verb of saying (not in the lexicon: elsewhere it is not)
_CONTINUED = re.compile(r"(?:продовжи(?:в|ла|ли)|продолжи(?:л|ла|ли)|continued)(?!\w)")
_AFTER = re.compile(r"\s*[,.!?…]?\s*(?:[-–—−]{1,2}\s*)?")


def attribution_after(text: str, m: Marked, lex: dict, para_end: int) -> Cand | None:
    """"«…», — сказал Путин", "…», — говорится в сообщении МИД", '…," Zelensky said'."""
    k = m.end + (1 if m.closed else 0)
    head = _AFTER.match(text, k)
    if head is None:
        return None
    seg_end = min(para_end, k + 220)
    seg = text[head.end() : seg_end]
    low = seg.lower().replace("ё", "е")
    # the attribution ends at the sentence's end or at the next quote, not at a quoted name inside it
    # ("», – заявив представник «Оборонстроя»", "» , - розповідає директор « Глибокої » Шаміль Мамлєєв", a name
    # with a quote mark of its own inside: "директор з маркетингу ТОВ « БВК « Компанія Федорченко » Віталій Авраменко")
    stop = re.search(_SENTENCE_END + r"|[«„](?![^»“”\n]{1,50}[»“”])|\s\"(?=[^\"]{40})", low)
    body = low[: stop.start()] if stop else low
    if not head.group().strip() and not m.closed:
        return None
    if not re.search(r"[-–—−,]", head.group()) and re.search(r"[.!?…]", head.group()):
        return None  # «…». Голова … оголосив: a new sentence, not an attribution
    so = re.match(r"(?:так|ось\s+так|вот\s+так|thus|so)\s+", body)
    # "» , - вважає експерт", "- упевнений експерт": a view closes the quote as a speech verb does
    at = so.end() if so else 0
    if lex["object_re"].match(body):  # "— приводит его «РИА Новости»": the man named before speaks
        return Cand(m.start, m.end, True, "before", at=head.end())
    if v := lex["verb_re"].match(body, at) or lex["opinion_re"].match(body, at) or _CONTINUED.match(body, at):
        rest = body[v.end() :]
        if lex["object_re"].match(body):
            return Cand(m.start, m.end, True, "before", at=head.end())
        cut = re.search(r",(?!\s*(?:со\s+ссылкой|з\s+посиланням))|\s[-–—]\s|\(|\s(?:в|у|на)\s+(?:беседе|интервью|"
                        r"інтерв|ефірі|эфире|разговоре|комментарии|своем|своём|своєму|соцсет|соцмереж)", rest)
        who = rest[: cut.start()] if cut else rest
        if lex["conduit_re"].match(body) and not re.search(r"[A-ZА-ЯЁІЇЄҐ]", seg[v.end() : v.end() + len(who)]):
            return Cand(m.start, m.end, True, "before", at=head.end())  # "— цитирует издание": Banks again
        s = head.end() + v.end()
        # "» , - цитує прес-служба міністерства": the one quoting is not the one quoted (read.quotes)
        cite = "cite" if re.match(r"цитир|цитує|цитують", body[v.start() :]) else ""
        if not who.strip() and rest.strip():
            # "», – сказал в беседе с корреспондентом «Голоса Америки» лидер движения Александр Белов": an adverbial
            # right after the verb; the verb's subject, if any, is the person named in its case in the clause
            return Cand(m.start, m.end, True, "clause", s, s + len(rest), head.end(), kind=cite)
        return Cand(m.start, m.end, True, "phrase" if who.strip() else "before", s, s + len(who), head.end(),
                    kind=cite)
    if lex["document_re"].match(body):
        return Cand(m.start, m.end, True, "phrase", head.end(), head.end() + len(body), head.end())
    if (v := lex["verb_re"].search(body)) and v.start() < 60 and not re.search(r"[,;]", body[: v.start()]):
        pre = seg[: v.start()]
        words = re.findall(r"[\w'’-]+", pre.lower())
        if words and set(words) <= {"и", "і", "й", "а", "та", "также", "також", "and", "однако", "но", "але", "однак",
                                    "проте", "but"}:
            # "«…», и отметив, что «…»", "считает, что «…», однако уточнила, что": the next clause's verb, not this
            # quote's attribution
            return None
        if 0 < len(words) <= 4 and pre == pre.lower() and not set(words) & (
                set(lex["subject_pronouns"]) | lex["role_set"] | lex["media_words"]):
            # "» , - небагатослівно пояснив Андрій", "- с присущим ему пафосом восклицает Джонсон": an adverbial,
            # the name follows
            rest = body[v.end() :]
            cut = re.search(r",|\s[-–—]\s|\(|[.!?]", rest)
            who = rest[: cut.start()] if cut else rest
            if who.strip():
                s0 = head.end() + v.end()
                return Cand(m.start, m.end, True, "phrase", s0, s0 + len(who), head.end())
        # "— Путин сказал", "— заявила Мей журналістам"; the subject comes first
        return Cand(m.start, m.end, True, "phrase", head.end(), head.end() + v.start(), head.end())
    if en := lex["en_after_re"].match(text, k):
        g = "rest" if en.group("rest") is not None else "rest2"
        return Cand(m.start, m.end, True, "phrase", en.start(g), en.end(g), k)
    return None


def attribution_before(text: str, m: Marked, lex: dict, lo: int) -> Cand | None:
    """"Путин заявил: «…»", "заявил, что «…»", "По его словам, «…»", "Как заявил Лавров, «…»", "Лавров: «…»"."""
    q0 = m.start - (1 if m.opened else 0)
    before = text[lo:q0]
    low = before.lower().replace("ё", "е")
    if not low.strip():
        return None
    if p := list(lex["prep_re"].finditer(low)):
        p = p[-1]
        tail = low[p.end() :]
        if re.fullmatch(r"[^.!?]{0,80}?,?\s*", tail):
            if any(w in p.group().split() for w in lex["pronoun_preps"]):
                return Cand(m.start, m.end, True, "before", at=lo + p.start())
            return Cand(m.start, m.end, True, "phrase", lo + p.end(), lo + p.end() + len(tail.rstrip(" ,")),
                         lo + p.start())
    if d := _DOC_BEFORE.search(low):  # "В заявлении Даунинг-стрит говорится: «…»"
        return Cand(m.start, m.end, True, "phrase", lo + d.start("who"), lo + d.end("who"), lo + d.start())
    if re.search(r"(?:,\s*(?:что|що)|\sthat|:)\s*$", low) or re.search(r"\s[-–—−]\s*$", low):
        # one person's view introduces the words quoted as a speech verb does ("Мизулина считает, что «не принимать
        # закон невозможно»"); a group's does not ("Чимало тих, хто працює в Чорнобилі, вірять, що «…»")
        verbs = list(lex["verb_re"].finditer(low)) + list(lex["document_re"].finditer(low)) \
            + [v for v in lex["opinion_re"].finditer(low) if not re.search(r"(?:ют|ят|ють|ять|ли|ут)$", v.group())]
        if verbs:
            v = max(verbs, key=lambda x: x.start())
            if lex["impersonal_re"].search(low[v.start() : v.end() + 1]):
                return None
            cut = max((x.end() for x in re.finditer(r"[.!?;]\s|[,:]\s(?!\s*$)", low[: v.start()])), default=0)
            subj, subj_end = low[cut : v.start()], v.start()
            sc = max((x.end() for x in re.finditer(r"[.!?;:]\s", low[: v.start()])), default=0)
            if subj.rstrip().endswith(",") and sc < cut and re.search(r"\s[A-ZА-ЯЁІЇЄҐ]", before[sc:cut].strip()):
                # "Кобир Чоудури, возглавляющий мечеть Аль-Аман, заявил:": the name before the apposition
                cut, subj_end = sc, sc + low[sc:].find(",")
                subj = low[cut:subj_end]
            if subj.strip() and not all(w in lex["stop_subject"] for w in re.findall(r"[\w'-]+", subj)):
                return Cand(m.start, m.end, True, "subject", lo + cut, lo + subj_end, lo + v.start())
            if not subj.strip() and cut and low[:cut].rstrip().endswith(",") and re.match(r"\S+(?:в|вши)\b", low[v.start() :]):
                # "Сакиб Насир процитировал Коран …, заявив, что "…"": a gerund after a comma shares the subject of
                # the clause before it
                comma = low[:cut].rstrip().rfind(",")
                pc = max((x.end() for x in re.finditer(r"[.!?;]\s|[,:]\s", low[:comma])), default=0)
                return Cand(m.start, m.end, True, "subject", lo + pc, lo + comma, lo + v.start())
            after = low[v.end() :].rstrip(" :,")
            after = re.sub(r",\s*(?:что|що)$", "", after)
            if after.strip():
                return Cand(m.start, m.end, True, "phrase", lo + v.end(), lo + v.end() + len(after), lo + v.start())
            return Cand(m.start, m.end, True, "before", at=lo + v.start())
        if re.fullmatch(r"\s*(?:\d{1,2}:\d{2}\s+)?[\w.'’ -]{2,60}:\s*", before):  # headline "Зеленский: «…»"
            return Cand(m.start, m.end, True, "phrase", lo, q0, lo)
    return None


def standalone(text: str, m: Marked, sents: list[Sentence], i: int, lex: dict) -> Cand | None:
    """A quote that is a sentence (or sentences) of its own: the person the sentence before names speaks."""
    if i == 0 or len(text[m.start : m.end].split()) < 4 or not m.closed:
        return None
    if not re.match(r"[\"»“”]?\s*(?:[.!?…]|$|\n)", text[m.end + 1 : m.end + 4]) \
            and not re.match(r"\s*[.!?…]", text[m.end - 1 : m.end]):
        return None  # the sentence goes on after the quote: a name or a title opening it
    prev = sents[i - 1]
    low = prev.text.lower()
    if lex["impersonal_re"].search(low) and not lex["verb_re"].search(low):
        return None
    return Cand(m.start, m.end, True, "subject", prev.start, prev.end, prev.start)


def in_speech_sentence(text: str, m: Marked, sent: Sentence, lex: dict, names: list[Mention]) -> Cand | None:
    """A quoted phrase inside a sentence with a speech verb: "назвал его «одной из выдающихся сил»"."""
    body = text[m.start : m.end]
    if len(body.split()) < lex["min_words"] or quoted_name(body, m, names):
        return None
    low = sent.text.lower()
    verbs = [v for v in lex["verb_re"].finditer(low) if sent.start + v.start() < m.start]
    called = re.search(r"(?<!\w)(?:назва(?!л(?:ся|ась|ись)|вс|лась)\w+|охарактеризова\w+|раскритикова\w+|розкритикува\w+|пообеща\w+|"
                       r"пообіця\w+|обеща\w+|обіця\w+|призва\w+|закликав\w*|описыва\w+|описує|назвав(?!ся|сь)\w*|"
                       r"проси\w*|попроси\w*|проси\w*|попрохав\w*)(?!\w)", low)
    v = verbs[-1] if verbs else called
    if v is None:
        return None
    # the subject is before the verb, and not the quote itself when it opens the sentence
    lo = m.end + 1 if m.end < sent.start + v.start() else sent.start
    return Cand(m.start, m.end, True, "subject", lo, sent.start + v.start(), sent.start + v.start())


def quoted_name(body: str, m: Marked, names: list[Mention]) -> bool:
    """A quoted name, not speech: an entity mention covers most of it, or every word is capitalised."""
    n = m.end - m.start
    for x in names:
        if x.type in ("ORG", "LOC", "PRO", "EVT") and min(x.end, m.end) - max(x.start, m.start) >= n * 0.5:
            return True
    words = re.findall(r"[\w'’-]+", body)
    return len(words) <= 5 and all(w[:1].isupper() or w[:1].isdigit() for w in words)
