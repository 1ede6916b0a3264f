"""Quoted stretches of a text: paired quote marks of every kind (nested, ASCII, unclosed, missing opening mark,
running on over paragraphs) and dash-introduced speech. Pure text; whether a stretch is speech is decided later.

Own code rather than a library: no maintained package pairs Cyrillic news quotation marks (« » „ “ ” and the
ASCII " that outlets nest inside each other, often with one mark lost in copying).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opening mark -> closing marks it accepts
_PAIRS = {"«": "»", "„": "“”", "“": "”", '"': '"', "‹": "›"}
_CLOSERS = set("»“”\"›")
_OPENERS = set(_PAIRS)
_WORD = re.compile(r"\w", re.UNICODE)
_DASH_ATTRIBUTION = re.compile(r"[,.!?…]\s*[-–—−]{1,2}\s*(?=\w)")
_DASH_AFTER = re.compile(r"\s*[,.]?\s*[-–—−]")


@dataclass(frozen=True, slots=True)
class Marked:
    """A quoted stretch [start, end) without its marks; ``opened``/``closed`` say whether a mark was seen."""

    start: int
    end: int
    opened: bool = True
    closed: bool = True
    dash: bool = False  # interview-style speech opened by a dash at the start of a line
    continues: bool = False  # carries on a quote left open in the paragraph before


def _role(text: str, i: int) -> str:
    """Whether the ambiguous mark at ``i`` opens or closes: by what is around it."""
    c = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if c == "«" or c == "„" or c == "‹":
        return "open"
    if c == "»" or c == "”" or c == "›":
        return "close"
    prev_space = prev.isspace() or prev in "([{—–-/" or prev in _OPENERS and prev != c
    next_space = nxt.isspace() or nxt in ".,;:!?…)]}—–-" or nxt in _CLOSERS and nxt != c
    if prev_space and not next_space:
        return "open"
    if next_space and not prev_space:
        return "close"
    if prev in ",;:" and _WORD.match(nxt):  # 'санкций,"Северный поток-2"'
        return "open"
    if _WORD.match(prev) and _WORD.match(nxt):
        return "close" if c == "“" else "either"
    return "either"


def _paragraph(text: str, lo: int, hi: int) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Paired (open, close) mark positions in text[lo:hi], openers left open and closers that found none."""
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    lone_closers: list[int] = []
    for i in range(lo, hi):
        c = text[i]
        if c not in _OPENERS and c not in _CLOSERS:
            continue
        role = _role(text, i)
        if role == "either":  # an ASCII mark between two non-letters: close the open ASCII mark if any
            role = "close" if any(text[j] == c for j in stack) else "open"
        if role == "open":
            stack.append(i)
            continue
        # close the innermost opener this mark can close
        for k in range(len(stack) - 1, -1, -1):
            if c in _PAIRS[text[stack[k]]]:
                pairs.append((stack[k], i))
                del stack[k:]
                break
        else:
            lone_closers.append(i)
    return pairs, stack, lone_closers


def _unclosed_end(text: str, start: int, hi: int) -> int:
    """Where a quote whose closing mark was lost ends: before a dash attribution (", - сказав Масіх"), else at
    the end of its paragraph."""
    m = _DASH_ATTRIBUTION.search(text, start, hi)
    return m.start() + (1 if text[m.start()] in "!?…" else 0) if m else hi


def find_marked(text: str) -> list[Marked]:
    """Every outermost quoted stretch of ``text``, in order."""
    out: list[Marked] = []
    pos = 0
    carry = False  # the paragraph before ended inside an open quote
    resume = False  # the paragraph before left a quote open at its dash attribution ("« A , – розповідає X .")
    while pos <= len(text):
        hi = text.find("\n", pos)
        hi = len(text) if hi < 0 else hi
        pairs, open_left, lone = _paragraph(text, pos, hi)
        spans: list[Marked] = [Marked(a + 1, b) for a, b in pairs]
        first_mark = min([a for a, _ in pairs] + open_left + lone, default=hi)
        stripped = text[pos:hi].lstrip()
        if carry and first_mark == hi:  # a line with no marks inside a quote running over lines
            if stripped:
                out.append(Marked(pos + len(text[pos:hi]) - len(stripped), hi, opened=False, closed=False,
                                  continues=True))
            pos = hi + 1
            continue
        starts_open = bool(stripped) and stripped[0] in _OPENERS
        first_lone = min(open_left + lone, default=hi)
        if carry and not starts_open and lone and (lone[0] == first_mark or lone[0] == first_lone and not any(
                a < lone[0] < b for a, b in pairs) and _DASH_AFTER.match(text, lone[0] + 1)):
            # a quote opened in an earlier paragraph closes here
            spans.append(Marked(pos, lone[0], opened=False, continues=True))
            lone = lone[1:]
        elif resume and lone and lone[0] == first_mark and (d := re.match(r"[ \t]*[-–—−]\s+(?=\w)", text[pos:hi])):
            # "« A , – розповідає Катерина Хом’як .\n– B » .": the quote goes on after its attribution on the next
            # line, opened by a dash, and closes there
            spans.append(Marked(pos + d.end(), lone[0], opened=False, continues=True))
            lone = lone[1:]
        resume = False
        for c in lone:  # a closing mark whose opening mark was lost: the quote runs from its sentence start
            if _DASH_ATTRIBUTION.match(text, c + 1) or re.match(r"\s*[,.]\s*[-–—−]", text[c + 1 : c + 6]):
                before = [b for _, b in pairs if b < c]
                lo = max(before, default=pos - 1) + 1
                while lo < c and not (text[lo].isalnum()):
                    lo += 1
                if c - lo > 10:
                    spans.append(Marked(lo, c, opened=False))
        carry = False
        if open_left:
            a = open_left[0]
            end = _unclosed_end(text, a + 1, hi)
            nxt = text[hi + 1 : hi + 3].lstrip()
            # «…\n«… : the quote goes on; «…\n…», – сказав Х.: it closes in the next line
            carry = end == hi and bool(nxt) and (nxt[0] in _OPENERS or _closes_next(text, hi + 1))
            if end < hi or carry:  # else a lone mark (a link or a name lost in copying), no quote
                spans.append(Marked(a + 1, end, closed=False))
            resume = end < hi and not re.search(r"[«„“\"]", text[end:hi]) \
                and bool(re.match(r"[ \t]*[-–—−]\s", text[hi + 1 : hi + 4]))
        out += spans
        pos = hi + 1
    out += _dash_speech(text)
    out.sort(key=lambda m: (m.start, -m.end))
    keep: list[Marked] = []
    for m in out:  # outermost only
        if m.end - m.start <= 0:
            continue
        if keep and keep[-1].start <= m.start and m.end <= keep[-1].end:
            continue
        keep.append(m)
    return keep


def _closes_next(text: str, pos: int, lines: int = 8) -> bool:
    """Whether a quote left open before ``pos`` closes in one of the next few lines (blank lines not counted): the
    first mark after it is a closer followed by an attribution ("…», – сказав Тімонькін.") or ending its line
    ("… Тоді чому він не жаліє чужих дітей ? »"), the lines before it have no marks."""
    while lines > 0:
        if pos > len(text):
            return False
        hi = text.find("\n", pos)
        hi = len(text) if hi < 0 else hi
        pairs, open_left, lone = _paragraph(text, pos, hi)
        first = min([a for a, _ in pairs] + open_left + lone, default=hi)
        # quoted names closed on the line before the closing mark stay inside the quote ("ДП «Енергоринок», … з
        # енергогенеруючими компаніями», – йдеться у обґрунтуванні.")
        first_open = min(open_left + lone, default=hi)
        if first_open < hi and not any(a < first_open < b for a, b in pairs) and lone and lone[0] == first_open \
                and re.match(r"\s*[,.]?\s*[-–—−]", text[first_open + 1 : first_open + 6]):
            return True
        if first < hi:
            return bool(lone) and lone[0] == first and bool(
                re.match(r"\s*[,.]?\s*[-–—−]", text[first + 1 : first + 6])
                or re.fullmatch(r"[\s.!?…]*", text[first + 1 : hi]) and re.search(r"[.!?…]\s*$", text[pos:first]))
        lines -= bool(text[pos:hi].strip())
        pos = hi + 1
    return False


def _dash_speech(text: str) -> list[Marked]:
    """Interview style: a line opening with a dash, "— Мы не отступим, — заявил он."."""
    out = []
    for m in re.finditer(r"(?m)^[ \t]*[—–]\s+(?=\S)", text):
        eol = text.find("\n", m.end())
        line = text[m.end() : eol if eol >= 0 else len(text)]
        if cut := re.search(r"[,.!?…](?=\s+[—–]\s+\w)", line):
            out.append(Marked(m.end(), m.end() + cut.start(), dash=True))
    return out


def find_spans(text: str) -> list[tuple[int, int]]:
    """Inner [start, end) of every outermost quoted stretch (nested marks stay inside the outer quote)."""
    return [(m.start, m.end) for m in find_marked(text)]
