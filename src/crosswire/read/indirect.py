"""Indirect speech, one sentence at a time: "X заявил, что …", "по словам X, …", "…, заявила Мей", "A, наголосила Мей,
B", "Об этом заявил X" (the sentence before is X's), and headlines "X: …" / "… - X".

Each finding is a clause [start, end) and how to find its speaker; ``read.quotes`` resolves speakers in reading
order and merges these with the quotes in quote marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..nlp.base import Sentence

_END = " .;:!?…\"'«»“”„)"
_PLURAL_IMPERSONAL = {"говорят", "говорили", "кажуть", "казали", "считают", "вважають", "пишут", "пишуть",
                      "сообщают", "повідомляють", "утверждают", "стверджують"}
_SUBORDINATE = re.compile(r"(?:когда|если|хотя|пока|чтобы|коли|якщо|хоча|поки|щоб|після|после|because|when|if)\b")


@dataclass(slots=True)
class Clause:
    """Reported speech [start, end) and where its speaker is named."""

    start: int
    end: int
    how: str  # "phrase" (text[who_start:who_end] names the speaker), "subject", "before" (a pronoun), "none"
    who_start: int = 0
    who_end: int = 0
    verb_at: int = 0
    kind: str = "that"  # that, prep, post, paren, backward, headline


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " ,—–-:\n":
        start += 1
    while end > start and text[end - 1] in _END + ",—–-\n":
        end -= 1
    return start, end


def _subject_phrase(low: str, lo: int, verb_at: int) -> tuple[int, int]:
    """The clause before a verb: from the last boundary (a comma, a dash, a sentence start) to the verb."""
    left = low[lo:verb_at]
    # a full stop inside an open quoted name ("«Наші гроші.\nЗапоріжжя» відмітили") is no boundary
    cuts = [m for m in re.finditer(r"[,;:(]\s|\s[—–-]\s|\.\s", left)
            if m.group()[0] != "." or left.count("«", 0, m.start()) <= left.count("»", 0, m.start())]
    cut = max((m.end() for m in cuts), default=0)
    if cuts and cuts[-1].group().startswith(",") and _RELATIVE.match(left, cut):
        # "Джереми Хант, который в интервью Sky News сообщил, что": the antecedent of "который" speaks
        prev = max((m.end() for m in cuts[:-1]), default=0)
        return lo + prev, lo + cuts[-1].start()
    if lo == 0 and cuts and cuts[-1].group().startswith(",") and _CONJUNCTION.fullmatch(left[cut:].strip()):
        # "Суд погодився з доводами фірми, однак вказав, що": the second verb shares the clause's subject (not
        # where one clause ends before the next: "заявив, что "…", и отметив, что "…"" are two quotes)
        return lo, lo + cuts[-1].start()
    return lo + cut, verb_at


# "признал виновным", "визнав недійсним": a ruling, not a statement
_VERDICT = re.compile(r"(?:призна|визна)")
_VERDICT_WORD = re.compile(r"(?<!\w)(?:не)?(?:виновн|винн|законн|незаконн|недійсн|недействит|протиправн|банкрот)\w*")
_PAST_PASSIVE = re.compile(r"вказувал[ио]ся|вказувалось|указывалось|зазначал[ио]ся|наголошувал[ио]ся|подчеркивалось")
_DOCUMENT_WORD = re.compile(r"(?<!\w)(?:оголошенн|объявлени|повідомленн|сообщени|документ|заяв|листі|письме|звіт|"
                            r"отчет|доповід|доклад|рішенн|решени|ухвал|постанов|договор|угод|публікаці|публикаци)\w*")
# "У записці повідомляється, що …", "В документе сообщается, что …", "В обґрунтуванні закупівлі, яке є в
# розпорядженні НГ, повідомляється, що …", "У ньому повідомляється, що": an impersonal verb whose place is a document
# reports that document's words
_IN_DOCUMENT = re.compile(r"(?<!\w)(?:в|у|во)\s+(?:(?:нем|нём|ней|ньому|ній)|(?:[\w'’-]+\s+){0,4}?(?:записц\w*|записк\w*|"
                          r"доповідн\w*|докладн\w*|документ\w*|листі|письме|рішенн\w*|решени\w*|ухвал\w*|постанов\w*|"
                          r"обґрунтуванн\w*|обосновани\w*|звіт\w*|отчет\w*|заяв\w*|повідомленн\w*|сообщени\w*)"
                          r"(?:\s+[^\s,.]+){0,3}(?:,\s*(?:як(?:е|ий|а|і)|котор\w+)\s[^,.]{0,80},)?)\s*$")
_NONFINITE = frozenset({"GRND", "PRTF", "PRTS", "INFN", "VerbForm=Part", "VerbForm=Conv", "VerbForm=Inf"})
_CONJUNCTION = re.compile(r"(?:однак|проте|але|але й|а|и|і|й|та|однако|но|а также|а також|и также|також|также|"
                          r"тому|поэтому|затем|потім|при этом|при цьому)")
_CUE_END = re.compile(r",|\s[—–-]\s|\.\s|$")
_RELATIVE = re.compile(r"(?:котор(?:ый|ая|ое|ые)|як(?:ий|а|е|і)|who)(?!\w)")


def sentence_clauses(text: str, sent: Sentence, lex: dict, first: bool = False, other: bool = False) -> list[Clause]:
    """The reported-speech clauses of one sentence (``first``: the article's first line, a headline; ``other``:
    someone else's speech is already read off this sentence, so a closing "передает X" only passes it on)."""
    low = text[sent.start : sent.end].lower().replace("ё", "е")
    base = sent.start
    out: list[Clause] = []
    if lex["impersonal_re"].search(low) and not lex["that_re"].search(low):
        return out
    verb_thats = list(lex["that_re"].finditer(low))  # scanned once, read twice below
    # 1. "X заявил(, что) …" / "Х считает, что …"
    thats = [m for m in verb_thats if (not lex["impersonal_re"].match(low, m.start("verb"))
                                                          or _IN_DOCUMENT.search(low, 0, m.start("verb")))
             and not lex["impersonal_re"].search(m.group("mid"))
             # "заявили о сложении полномочий, что удивило Мэй": "что" after a noun object is a relative word
             # "однак припускає – птахи …": a dash right after the verb is "що"; after other words, an apposition
             and not (m.group("that").strip()[:1] in "–—" and m.group("mid").strip())
             and (m.group("that").startswith(":")  # "напомнила о творческом пути классика: …" is speech
                  or not re.match(r"\s*(?:о|об|про)\s+(?!том\b|те\b|то\b|этом\b|цьому\b)\w", m.group("mid")))]
    # a speech verb closing the sentence owns it: "A, полагая, что B, сказал РБК эксперт Шерр." is Шерр's
    # "заявили, що написали ці листи": "що" after a speech verb opens its clause, no relative word before a verb
    that_at = {m.start("that") for m in verb_thats}
    # and a relative "що" before a verb is a report only when a name follows it ("…, що підтвердив брат Євгена
    # Анісімова"), not a noun's attribute ("документів, що підтверджують джерела", "не знаючи, що сказати")
    posts = [p for p in lex["post_re"].finditer(low)
             if not re.match(r"[,\s—–−-]*(?:что|що|о\s+чем|про\s+що)\s", p.group()) or p.start() not in that_at
             and re.match(r"\s+(?:[\w'’-]+\s+){0,2}[A-ZА-ЯЁІЇЄҐ«\"]", text[base + p.end("verb") : sent.end])]
    closing = [p for p in posts if len(low[p.end("verb") :].split()) <= 16
               and not re.search(r"(?<!\w)(?:что|що|that)(?!\w)", low[p.end("verb") :])
               and not lex["conduit_re"].match(low, p.start("verb")) and not _PASSED_ON.match(low, p.start("verb"))
               and re.search(r"[^\W\d_]", low[: p.start()])]
    if closing:
        thats = [m for m in thats if m.start("verb") > closing[-1].start("verb")]
    # "вказувалося, що" is a document's words only where the sentence names the document ("В … оголошенні,
    # яке було опубліковане в віснику ФДМУ, вказувалося, що"); alone it is an impersonal report
    thats = [m for m in thats if not _PAST_PASSIVE.fullmatch(m.group("verb"))
             or _DOCUMENT_WORD.search(low, 0, m.start("verb"))]
    for k, m in enumerate(thats):
        v0 = m.start("verb")
        w0, w1 = _subject_phrase(low, 0, v0)
        subj = low[w0:w1].strip()
        end = sent.end
        if k + 1 < len(thats):  # "…, когда X раскрыла, что A, Y сообщил, что B": A ends where Y's clause starts
            nw0, _ = _subject_phrase(low, m.end(), thats[k + 1].start("verb"))
            if nw0 > m.end():
                end = base + nw0
        s, e = _trim(text, base + m.end(), end)
        if len(text[s:e].split()) < lex["min_words"]:
            continue
        if not subj.strip(" ,") and m.group("verb") in _PLURAL_IMPERSONAL:
            continue  # "говорят, что …": nobody in particular
        # "заявил о том, что", "вказавши на те, що", "указал на то, что": the pronoun the clause hangs on names nobody
        after = re.sub(r"(?<!\w)(?:о|об|про|на)\s+(?:том|те|то|этом|цьому)(?!\w)", " ", low[m.end("verb") : m.start("that")])
        if not subj.strip(" ,") or all(w in lex["stop_subject"] for w in re.findall(r"[\w'-]+", subj)):
            # a verb-first clause names the speaker after the verb ("заявил глава МИД Лавров, что"), else the
            # subject is further back or a pronoun ("…, но отметила, что")
            if re.search(r"[^\W\d]", after):
                out.append(Clause(s, e, "phrase", base + m.end("verb"), base + m.start("that"), base + v0))
                continue
            if w0 == w1 and _IN_DOCUMENT.search(low, 0, v0):
                w0, w1 = 0, v0  # "В обґрунтуванні закупівлі, яке є в розпорядженні НГ, повідомляється, що": the document
            elif w0 == w1 and (comma := re.search(r",\s*$", low[:v0])) and comma.start() > 0 \
                    and _gerund(sent, base + v0):
                # "Однак суд ці заперечення не прийняв, вказавши, що …": a gerund right after a comma shares the
                # subject of the clause before it
                # (the whole clause before: "Барак Обама — … — сократил срок …, постановив, что"), or the one
                # named after a speech verb opening the clause ("…, сообщило агентство MAP, добавив, что")
                c0 = _subject_phrase(low, 0, comma.start())[0]
                w0, w1 = (c0 if lex["verb_re"].match(low, c0) else 0), comma.start()
            out.append(Clause(s, e, "subject", base + w0, base + w1, base + v0))
            continue
        out.append(Clause(s, e, "subject", base + w0, base + w1, base + v0))
    taken = [(c.start, c.end) for c in out]
    # 2. "по словам X, …" / "…, по данным X."
    for m in lex["prep_re"].finditer(low):
        if any(a <= base + m.start() < b for a, b in taken) or lex["impersonal_re"].match(low, m.end()):
            continue
        if any(c.verb_at > base + m.start() for c in out):
            if re.search(r"сообщ|пиш|переда|данн|информац|повідом|пише|даним|інформац|report", m.group()):
                continue  # "Как сообщал ONLINE.UA, Путин пообещал, что …": Путин speaks
            # "По ее словам, Москва предупреждала, что …": she says it all
            out = [c for c in out if c.verb_at < base + m.start()]
            taken = [(c.start, c.end) for c in out]
        rest = low[m.end() :]
        # a quoted name opening the cue ends it, a full stop inside the name no boundary ("За даними «Наші гроші.
        # Львів», …")
        name = re.match(r"«[^«»]{1,60}»", rest)
        stop = _CUE_END.search(rest, name.end() if name else 0)
        cut = stop.start() if stop else len(rest)
        if named := re.match(r"«[^«»]{1,60}»(?=\s+(?!(?:та|і|й|и|а|and|з|с|в|у|від|от)\s)\w)", rest):
            cut = named.end()  # "за версією «Еста-Холдинг» оренда цих земель …": no comma, the quoted name ends the cue
        elif verb := next((t for t in sent.tokens if base + m.end() < t.start < base + m.end() + cut
                           and t.pos == "VERB" and not _NONFINITE & t.feats), None):
            cut = verb.start - base - m.end()  # "будинок, що за даними слідства належить голові …": no comma
        who_end = m.end() + cut
        if re.search(r"(?:з['’ʼ]ясува|встанови|выясни|установи)\w*\s*$", m.group()) \
                and re.fullmatch(r"\s*(?:журналіст|журналист|редакці|редакци)\w*\s*", low[m.end() : who_end]):
            continue  # "Як з'ясували журналісти, …": the outlet's own finding, nobody quoted
        after = (base + who_end, sent.end)
        if rel := re.match(r",\s*(?:котор|як(?:ий|а|е|і|ого|ої|ому|ій|им)\b)[^,]{0,80},", low[who_end:]):
            after = (base + who_end + rel.end(), sent.end)  # "Згідно обґрунтування закупівлі, яке є у …, кредит …"
        before = (base, base + m.start())
        pron = any(p in m.group().split() for p in lex["pronoun_preps"])
        s, e = _trim(text, *after) if len(low[who_end:].strip(" ,.")) > 12 else _trim(text, *before)
        if len(text[s:e].split()) < lex["min_words"]:
            continue
        if pron:
            out.append(Clause(s, e, "before", verb_at=base + m.start(), kind="prep"))
        else:
            out.append(Clause(s, e, "phrase", base + m.end(), base + who_end, base + m.start(), "prep"))
        taken.append((s, e))
    # 3. "…, заявила Мей." / "…, – каже речник." / "…, передает Reuters." (closing the sentence)
    for m in posts:
        v0 = m.start("verb")
        if any(a <= base + v0 < b for a, b in taken) or lex["impersonal_re"].match(low, v0):
            continue
        if (out or other) and lex["conduit_re"].match(low, v0):
            continue  # "X заявил, что …, передает Reuters": X speaks, Reuters only passes it on
        if any(c.verb_at == base + v0 for c in out) or (
                (t := lex["that_re"].match(low, v0)) and len(low[t.end() :].split()) >= lex["min_words"]):
            continue  # the verb of a that-clause read above ("що підтвердив брат – В'ячеслав." is no that-clause)
        head = low[: m.start()]
        if lex["backward_re"].match(head) or not re.search(r"[^\W\d_]", head):
            continue  # "Об этом …, сообщает X" is read as a backward cue; nothing said before the verb
        tail = low[m.end("verb") :]
        if _VERDICT.match(low, v0) and _VERDICT_WORD.search(tail[:80]):
            continue  # "Суд присяжных …, признал доктора Мюррея виновным": a verdict, not speech
        if tail.lstrip().startswith(":"):
            continue  # "Кобир Чоудури, возглавляющий мечеть, заявил:": the subject's apposition, speech follows
        rest_stop = re.search(r"(?<![\s.]\w)[.!?](?:\s|$)", tail)
        who_end = m.end("verb") + (rest_stop.start() if rest_stop else len(tail))
        near = re.search(r",\s*(?=[\"«„“]?[^\W\d])", tail)  # not the comma of a date ("у понеділок, 19 листопада,")
        paren = near is not None and len(tail[near.end() :].split()) > 3 \
            and not _SUBORDINATE.match(tail[near.end() :])
        quoted_head = bool(re.search(r"[\"»“”]\s*[,.!?…]?\s*[—–−-]*\s*$", head))
        if paren and not quoted_head and len(head.split()) < len(tail[near.end() :].split()):
            # "Але при цьому, наголосила Мей, треба …", "Завданням С.Барклі, пояснили на Даунінг-стрит, буде …"
            s, e = _trim(text, base + m.end("verb") + near.end(), sent.end)
            who_end = m.end("verb") + near.start()
            kind = "paren"
        else:
            s, e = _trim(text, base, base + m.start())
            kind = "post"
        if len(text[s:e].split()) < lex["min_words"]:
            continue
        out.append(Clause(s, e, "phrase", base + m.end("verb"), base + who_end, base + v0, kind))
        taken.append((s, e))
    if not out and (d := re.search(r",\s*(?:[—–−-]\s*)?(?=" + lex["document_re"].pattern + ")", low)):
        s, e = _trim(text, base, base + d.start())
        if len(text[s:e].split()) >= lex["min_words"]:
            out.append(Clause(s, e, "phrase", base + d.end(), sent.end, base + d.end(), "post"))
    if first:
        out += _headline(text, sent, low, lex)
    return out


# a verb by which an outlet passes news on: "Мэй заявила, что …, сообщила газета The Times" is still May's word
_PASSED_ON = re.compile(r"(?:сообщил|повідомил|повідомив)\w*\s+(?:газета|агентство|издание|видання|"
                        r"телеканал|радиостанция|радіостанція|сайт|портал)")


def _gerund(sent: Sentence, at: int) -> bool:
    """Whether the word at ``at`` is a gerund ("вказавши", "отметив")."""
    tok = next((t for t in sent.tokens if t.start == at), None)
    return tok is not None and (tok.pos == "GRND" or "VerbForm=Conv" in tok.feats or "GRND" in tok.feats)


def _headline(text: str, sent: Sentence, low: str, lex: dict) -> list[Clause]:
    """"Тереза Мей: Наступні сім днів будуть вирішальними" and "Британія вийде з-під юрисдикції - Мей"."""
    base = sent.start
    line_end = text.find("\n", base)
    line_end = sent.end if line_end < 0 or line_end > sent.end else line_end
    if (m := re.match(r"^\s*(?:\d{1,2}:\d{2}\s+)?([^:«\"„“.!?]{2,40}):\s+(?=\S)", low)) \
            and len(m.group(1).split()) <= 4:
        s, e = _trim(text, base + m.end(), line_end)
        if len(text[s:e].split()) >= lex["min_words"]:
            return [Clause(s, e, "phrase", base + m.start(1), base + m.end(1), base + m.start(1), "headline")]
    if m := re.search(r"\s[-–—]\s+([^-–—,.]{2,30})$", low[: line_end - base].rstrip()):
        who = m.group(1).strip()
        if who not in lex["media_words"]:
            start = re.match(r"^\s*(?:\d{1,2}:\d{2}\s+)?", low).end()
            s, e = _trim(text, base + start, base + m.start())
            if len(text[s:e].split()) >= lex["min_words"]:
                return [Clause(s, e, "phrase", base + m.start(1), base + m.end(1), base + m.start(1), "headline")]
    return []


# "Про це стало відомо з ухвали суду", "Про це повідомляється у листі Міністерства юстиції", "Об этом говорится в
# заявлении МИД": an impersonal report whose source is the document (and whose it is) named after it
_FROM_DOCUMENT = re.compile(r"\s*(?:об\s+этом|о\s+чем|про\s+це|про\s+що)\s+(?:[\w'’-]+\s+){0,2}?"
                            r"(?:стало\s+(?:відомо|известно)\s+(?:з|із|зі|из)|"
                            r"(?:повідомляється|сообщается|йдеться|говорится|зазначається|указывается)\s+(?:в|у|во))"
                            r"(?=\s)")
# "Об этом говорит X", "Про це розповів у коментарі X": the same backward cue with any speech verb of the
# article's lexicon (inflected forms included), not only the verbs the backward pattern lists
_BACK_CUE = re.compile(r"\s*(?:об\s+этом|о\s+чем|про\s+це|про\s+що)\s+(?:[\w\"«»„“'’.-]+\s+){0,6}?(?=\w)")
# "Відповідну цифру оприлюднив X", "Такие данные привел X": an anaphoric object (a figure, data, a statement)
# with a speech verb and its subject after it: the sentence before is X's
_ANAPHORIC = re.compile(r"\s*(?:відповідн\w+|так(?:у|і|ую|ие|ий|ой)|ц(?:ю|і|ей)|эт(?:у|и|от)|соответствующ\w+)\s+"
                        r"(?:[\w'’-]+\s+){0,1}(?:цифр|дан|інформаці|информаци|відомост|сведени|заяв|оцінк|"
                        r"оценк|прогноз|результат|показник|показател)\w*\s+(?=\w)")


def lead_clauses(text: str, sents: list[Sentence], i: int, b: Clause, lex: dict) -> list[Clause]:
    """"A. B. Про це пише X" opening the article: the whole lead before the cue is X's report, not only B (at most
    two sentences more, in the cue's paragraph block, the first one a sentence and not a title)."""
    if not 2 <= i <= 3 or "\n\n" in text[sents[0].start : sents[i].start] \
            or not re.search(r"[.!?…»\"]\s*$", sents[0].text):
        return []
    out = []
    for k in range(i - 1):
        s, e = _trim(text, sents[k].start, sents[k].end)
        if len(text[s:e].split()) >= lex["min_words"]:
            out.append(Clause(s, e, b.how, b.who_start, b.who_end, b.verb_at, "backward"))
    return out


def backward(text: str, sents: list[Sentence], i: int, lex: dict) -> Clause | None:
    """"Об этом заявил X": the sentence before (sents[i-1]) is X's."""
    if i == 0:
        return None
    sent = sents[i]
    low = sent.text.lower().replace("ё", "е")
    who_at = None
    if not lex["backward_re"].match(low):
        if d := _FROM_DOCUMENT.match(low):
            who_at = d.end()
        elif (c := _BACK_CUE.match(low) or _ANAPHORIC.match(low)) and (v := lex["verb_re"].match(low, c.end())) \
                and not re.match(r"\s*(?:,\s*)?(?:что|що)(?!\w)", low[v.end() :]):
            who_at = c.end() if c.re is _BACK_CUE else v.end()
        else:
            return None
    prev = sents[i - 1]
    s, e = _trim(text, prev.start, prev.end)
    if len(text[s:e].split()) < lex["min_words"] and i >= 2 and "\n\n" not in text[sents[i - 2].end : prev.start]:
        # a fragment left by a wrong sentence break ("… по вул. Інститутській, 3 та пров.| Музейний, 12-14."):
        # the sentence it belongs to is said as well
        s, e = _trim(text, sents[i - 2].start, prev.end)
    if len(text[s:e].split()) < lex["min_words"]:
        return None
    who_end = sent.end
    if re.match(r"\s*(?:про\s+це|об\s+этом)\s+(?:свідч|свидетельств)", low) and (comma := re.search(r",\s", low)):
        # "Про це свідчить опублікована «YanukovychLeaks» доповідна, знайдена … після втечі Віктора Януковича": the
        # document and whose it is, not the participle's people after the comma
        who_end = sent.start + comma.start()
    elif i + 1 < len(sents) and re.search(r"(?<![\w'’-])[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ]{0,2}\s?\.\s*$", sent.text):
        # "Про це говорить ветеринар клініки Dr .| VET Сергій Корнієнко": a break after an abbreviation cuts the name
        who_end = sents[i + 1].end
    elif i + 1 < len(sents) and sent.text.count("«") > sent.text.count("»"):
        # "Про це пишуть «Наші гроші.| Запоріжжя» з посиланням …": a break inside a quoted name cuts it
        who_end = sents[i + 1].end
    if who_at is not None:
        return Clause(s, e, "phrase", sent.start + who_at, who_end, sent.start, "backward")
    cue = re.match(r"\s*(?:об\s+этом|о\s+чем|про\s+це|про\s+що|with\s+this|this\s+was|с\s+\w+\s+заявлением|"
                   r"з\s+\w+\s+заявою|из\s+этого)\s*", low)
    who_start = sent.start + (cue.end() if cue else 0)
    return Clause(s, e, "phrase", who_start, who_end, sent.start, "backward")
