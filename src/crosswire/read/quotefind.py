"""Where the speech is: stretches of direct and indirect speech in one article and where each one's speaker is
named (``Cand``), before any speaker is resolved (``read.quotes`` resolves them in reading order).

Direct speech is a stretch in quote marks (``quotemarks``: nested, ASCII, unclosed, multi-paragraph) or after a
dash that something attributes (``quotecues``): a speech verb after it ("», — сказал Путин", '," Zelensky said'), a verb or cue
before it ("Путин заявил: «…»", "По его словам, «…»", "В заявлении говорится: «…»"), a headline name
("Зеленский: «…»"), or, for a quote that is a sentence of its own, the person the sentence before is about.
Marks without any of these (scare quotes, titles, names) are not quotes. Indirect speech (``indirect``) is read
sentence by sentence.
"""

from __future__ import annotations

import re

from ..model import Mention
from ..nlp.base import Sentence
from .indirect import Clause, backward, lead_clauses, sentence_clauses
from .quotecues import (
    _CONTINUED,
    Cand,
    attribution_after,
    attribution_before,
    in_speech_sentence,
    quoted_name,
    standalone,
)
from .quotemarks import Marked, find_marked

__all__ = ["Cand", "find_candidates"]


def _split_inner(text: str, m: Marked, lex: dict) -> list[Marked]:
    """«A, — написал он. — B»: one pair of marks holding two stretches of speech and their attribution."""
    seg = text[m.start : m.end]
    cut = re.search(r"[,.!?…]\s*[—–-]{1,2}\s*(?=\w)", seg)
    if not cut:
        return [m]
    tail = seg[cut.end() :].lower()
    verb = lex["verb_re"].match(tail) or _CONTINUED.match(tail)  # «A, – продолжил Брод, – B»
    nxt = re.search(r"[.,]\s*[—–-]{1,2}\s*(?=\w)", tail)
    if not verb or not nxt:
        return [m]
    # the parts of a quote running over paragraphs stay its parts (``continues``): the part before the attribution
    # ends one chain, the part after opens the next
    a = Marked(m.start, m.start + cut.start() + (1 if seg[cut.start()] in "!?…" else 0), m.opened, True,
               continues=m.continues)
    b = Marked(m.start + cut.end() + nxt.end(), m.end, False, m.closed, continues=not m.closed)
    return [a, b]


def find_candidates(text: str, sents: list[Sentence], lex: dict, mentions: list[Mention]) -> list[Cand]:
    """Every stretch of speech in one article, direct and indirect, with where its speaker is named (not yet
    resolved): one candidate per stretch, in text order."""
    cands: list[Cand] = []
    by_mark: dict[int, Cand] = {}
    marked: list[Marked] = []
    for m in find_marked(text):
        marked += _split_inner(text, m, lex)
    marked = sorted(marked + _dash_paragraphs(text, lex, marked), key=lambda m: m.start)
    short: Cand | None = None  # «Мне кажется, – продолжил Брод, – что …»: a first part too short to stand alone
    for j, m in enumerate(marked):
        if short is not None and not m.opened and j and short.end == marked[j - 1].end and marked[j - 1].end < m.start \
                and "\n" not in text[marked[j - 1].end : m.start] and m.start - marked[j - 1].end < 150:
            # the second part carries the attribution between the parts, and the short part with it
            cands.append(Cand(short.start, m.end, True, short.how, short.who_start, short.who_end, short.at, short.lo,
                              kind=short.kind))
            by_mark[j] = cands[-1]
            short = None
            continue
        short = None
        if not m.opened and j and marked[j - 1].end < m.start and cands and cands[-1].end == marked[j - 1].end \
                and "\n" not in text[marked[j - 1].end : m.start] and m.start - marked[j - 1].end < 150:
            prev = cands[-1]  # the second part of «A, — написал он. — B»: the same attribution
            cands.append(Cand(m.start, m.end, True, prev.how, prev.who_start, prev.who_end, prev.at, prev.lo,
                              kind=prev.kind))
            by_mark[j] = cands[-1]
            continue
        if m.opened and j and cands and cands[-1].direct and cands[-1].end == marked[j - 1].end \
                and re.search(r"[.!?…]\s*[—–-]\s*[«\"„“]?$", text[marked[j - 1].end : m.start]) \
                and "\n" not in text[marked[j - 1].end : m.start] and m.start - marked[j - 1].end < 250:
            # «A», – сказал Трамп, когда его спросили … в Белом доме. – «B»: a quote opened by a dash after the
            # attribution's sentence goes on with the same speaker
            prev = cands[-1]
            cands.append(Cand(m.start, m.end, True, prev.how, prev.who_start, prev.who_end, prev.at, prev.lo,
                              kind=prev.kind))
            continue
        body = text[m.start : m.end].strip()
        tail_part = m.continues and j and not marked[j - 1].closed  # "« A .\n\nКлас ! » , - каже Х": the last
        # lines of a quote running over paragraphs carry its attribution however short they are
        if (len(body) < lex["min_chars"] or len(body.split()) < lex["min_words"]) and not tail_part:
            if m.opened and m.closed and j + 1 < len(marked) and not marked[j + 1].opened:
                short = attribution_after(text, m, lex, len(text))
                if short is not None:
                    short.lo = sents[_sentence_of(sents, m.start)].start
            continue
        i = _sentence_of(sents, m.start)
        sent = sents[i]
        para_start = text.rfind("\n", 0, m.start) + 1
        para_end = text.find("\n", m.end)
        para_end = len(text) if para_end < 0 else para_end
        prev_close = max((x.end + 1 for x in marked if x.end < m.start and x.end >= para_start), default=para_start)
        lo = max(sent.start, prev_close) if m.opened else para_start
        if m.closed and re.match(r"\s*\w", text[m.end + 1 : m.end + 4]) and quoted_name(body, m, mentions):
            continue  # "ТОВ «Вест Іст Груп» стверджувало, що", "«Біртіліна Консалтінг ЛТД» позичила": a quoted name
        c = attribution_after(text, m, lex, para_end) or attribution_before(text, m, lex, lo) \
            or (Cand(m.start, m.end, True, "before", at=m.start) if m.dash else None)
        if c is None and m.opened and sent.start >= m.start - 1 - _lead(text, sent.start, m.start):
            c = standalone(text, m, sents, i, lex)
        if c is None:
            c = in_speech_sentence(text, m, sent, lex, mentions)
        if c is not None:
            c.lo = c.lo or sent.start
            cands.append(c)
            by_mark[j] = c
    _share_across_paragraphs(marked, by_mark, cands)
    cands = _join_short_parts(text, marked, cands, lex)
    cands += _block_quotes(text, lex, {m.start for m in marked})
    for i, sent in enumerate(sents):
        b = backward(text, sents, i, lex)
        clauses = sentence_clauses(text, sent, lex, first=i == 0, other=b is not None)
        if b is not None:
            clauses.append(b)
            clauses += lead_clauses(text, sents, i, b, lex)
        for cl in clauses:
            cands.append(_from_clause(cl, sent.start))
    return _merge(cands, text)


def _share_across_paragraphs(marked: list[Marked], by_mark: dict[int, Cand], cands: list[Cand]) -> None:
    """A quote running over paragraphs ("«A\nB», – сказав Х.") is one utterance: a part with no attribution of its
    own takes the other part's."""
    chains, j = [], 0
    while j < len(marked):
        k = j
        while k + 1 < len(marked) and marked[k + 1].continues and not marked[k].closed:
            k += 1
        if k > j:
            chains.append(range(j, k + 1))
        j = k + 1
    for chain in chains:
        have = [by_mark[i] for i in chain if i in by_mark]
        if not have:
            continue
        src = have[-1]  # the attribution after the closing mark, else the one before the opening mark
        for i in chain:
            if i not in by_mark:
                m = marked[i]
                cands.append(Cand(m.start, m.end, True, src.how, src.who_start, src.who_end, src.at, src.lo, kind=src.kind))


def _join_short_parts(text: str, marked: list[Marked], cands: list[Cand], lex: dict) -> list[Cand]:
    """A part of a quote running over paragraphs too short to stand as a quote ("Клас !") joins the part before."""
    at = {c.start: c for c in cands if c.direct}
    drop: set[int] = set()
    for j in range(1, len(marked)):
        m, p = marked[j], marked[j - 1]
        body = text[m.start : m.end].strip()
        if not m.continues or p.closed or m.start not in at or p.start not in at:
            continue
        if len(body) < lex["min_chars"] or len(body.split()) < lex["min_words"]:
            at[p.start].end = m.end
            drop.add(id(at[m.start]))
    return [c for c in cands if id(c) not in drop]


_DASH_LINE = re.compile(r"(?m)^[ \t]*[—–]\s+(?=\S)")


def _dash_paragraphs(text: str, lex: dict, marked: list[Marked]) -> list[Marked]:
    """Interview-style speech the one-line rule (``quotemarks``) leaves out: a line opened by a dash whose speech
    runs into the next lines before its attribution ("— Кава — це той продукт …\nЗупинитись … — неможливо — каже
    Юля ."), and, in an article that attributes dash speech so, a dash paragraph with no attribution of its own
    ("— І я щаслива …" after "— каже Юля"), the last speaker's."""
    covered = [(m.start, m.end) for m in marked]
    found: list[tuple[int, int, bool]] = []
    for d in _DASH_LINE.finditer(text):
        if any(a <= d.end() < b for a, b in covered):
            continue
        end = d.end()
        while True:  # the paragraph: up to a blank line or the next line opened by a dash
            eol = text.find("\n", end)
            eol = len(text) if eol < 0 else eol
            nxt = text[eol + 1 : eol + 200]
            end = eol
            if eol >= len(text) or not nxt.strip() or nxt.startswith("\n") or _DASH_LINE.match(nxt):
                break
            end = eol + 1
        para = text[d.end() : end]
        attributed = next((v for v in re.finditer(r"[,.!?…]?\s+[—–]\s+(?=\w)", para)
                           if lex["verb_re"].match(para[v.end() :].lower().replace("ё", "е"))), None)
        if attributed is not None:
            found.append((d.end(), d.end() + attributed.start(), True))
        elif len(para.split()) >= 4 and re.search(r"[.!?…]\s*$", para):
            found.append((d.end(), d.end() + len(para.rstrip()), False))
    if not any(att for _, _, att in found) and not any(m.dash for m in marked):
        return []  # no dash speech is attributed anywhere: dash lines are lists, not an interview
    return [Marked(a, b, dash=True) for a, b, _ in found if b - a > 0]


_BLOCK_LEAD = re.compile(r"[ \t]*(?=[^\s«„“\"‹—–-])")


def _block_quotes(text: str, lex: dict, marked_starts: set[int]) -> list[Cand]:
    """A quotation printed as its own paragraph after "X сказал:" / "В сообщении говорится:" with no quote marks
    (how Wikinews and many sites lay out a block quote): the lines that follow, up to a blank line or a line with
    an attribution of its own, are the speech of the colon line's speaker."""
    out = []
    for colon in re.finditer(r":[ \t]*\n", text):
        lo = text.rfind("\n", 0, colon.start()) + 1
        line = text[lo : colon.start()]
        if not lex["verb_re"].search(line.lower().replace("ё", "е")) and not lex["document_re"].search(line.lower()):
            continue
        start = colon.end()
        lead = _BLOCK_LEAD.match(text, start)
        if lead is None or lead.end() in marked_starts:
            continue
        start, end, pos = lead.end(), lead.end(), lead.end()
        while pos < len(text):
            eol = text.find("\n", pos)
            eol = len(text) if eol < 0 else eol
            ln = text[pos:eol]
            if not ln.strip() or (pos > start and (ln.rstrip().endswith(":") or lex["verb_re"].search(ln.lower()))):
                break
            end = pos + len(ln.rstrip())
            pos = eol + 1
        if len(text[start:end].split()) < lex["min_words"]:
            continue
        c = attribution_before(text, Marked(start, end, opened=False, closed=False), lex, lo)
        if c is not None:
            c.lo = lo
            out.append(c)
    return out


def _lead(text: str, s0: int, q: int) -> int:
    """Characters between a sentence start and a quote mark that still leave the quote opening the sentence (a
    conjunction included: "І, «щоб уникнути задвоювання ціни, фірма заповнила лише одну колонку»")."""
    ok = r"[\s\d:.,—–-]*(?:(?:і|й|та|а|але|и|но|также|також)[\s,:—–-]+)?[«\"„“]?"
    return len(text[s0:q]) if re.fullmatch(ok, text[s0:q], re.IGNORECASE) else 0


def _sentence_of(sents: list[Sentence], pos: int) -> int:
    for i, s in enumerate(sents):
        if s.start <= pos < s.end + 1:
            return i
    return max(0, len(sents) - 1)


def _from_clause(cl: Clause, lo: int) -> Cand:
    return Cand(cl.start, cl.end, False, cl.how, cl.who_start, cl.who_end, cl.verb_at, lo, cl.kind)


def _merge(cands: list[Cand], text: str) -> list[Cand]:
    """One quote per stretch of speech: a quoted part inside an indirect clause stays in the clause unless it is
    most of it; of two overlapping clauses the longer stays."""
    cands = sorted(cands, key=lambda c: (c.start, -(c.end - c.start)))
    out: list[Cand] = []
    for c in cands:
        clash = [o for o in out if o.start < c.end and c.start < o.end]
        if not clash:
            out.append(c)
            continue
        o = clash[0]
        if c.direct and not o.direct and (c.end - c.start) >= 0.7 * (o.end - o.start):
            out.remove(o)
            out.append(c)
            # "Київрада стверджує, що має намір виконати рішення АМКУ, «намір …»": the clause's own words before
            # the quoted ones stay its indirect quote
            lead = text[o.start : c.start]
            head = re.match(r"(?s)(.*?)[\s,:;—–-]*[«\"„“]?\s*$", lead)
            if head and len(re.findall(r"\w+", head.group(1))) >= 4 and re.search(r",\s*[«\"„“]?\s*$", lead):
                out.insert(len(out) - 1, Cand(o.start, o.start + len(head.group(1)), False, o.how, o.who_start,
                                              o.who_end, o.at, o.lo, o.kind))
        elif o.direct and not c.direct and (o.end - o.start) < 0.7 * (c.end - c.start) and c.start <= o.start:
            out.remove(o)
            out.append(c)
        elif not o.direct and not c.direct and o.kind == "backward" and c.kind != "backward" \
                and o.start <= c.start and c.end <= o.end + 1:
            # "X розповіла, що A. Про це вона сказала …": the sentence's own clause A is what was said
            out.remove(o)
            out.append(c)
    return out
