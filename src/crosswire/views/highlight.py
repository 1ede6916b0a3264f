"""Highlighting from offsets: the article text is cut at every span boundary into plain-text segments.

Templates escape each segment and wrap it in <mark>; no HTML is ever built by replacing strings in text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import ArticleFacts

# anchor prefixes, shared by pages, reports and links: /articles/{id}#c-<claim id>
PREFIX = {"claim": "c-", "quote": "q-", "time": "t-", "event": "ev-", "framing": "f-", "mention": "m-"}


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: its kind (CSS class), anchor id and a tooltip."""

    kind: str
    anchor: str
    title: str
    start: int
    end: int
    href: str | None = None


@dataclass(slots=True)
class Segment:
    """A run of text with the marks covering it; ``opens`` holds anchors of marks starting here."""

    text: str
    marks: list[Mark] = field(default_factory=list)
    opens: list[str] = field(default_factory=list)

    @property
    def classes(self) -> str:
        return " ".join(dict.fromkeys(f"hl-{m.kind}" for m in self.marks))

    @property
    def refs(self) -> str:
        return " ".join(m.anchor for m in self.marks)

    @property
    def title(self) -> str:
        return " | ".join(dict.fromkeys(m.title for m in self.marks if m.title))


def anchor(kind: str, ident: str) -> str:
    """The element id of a fact in an article page (``c-<claim id>`` for claims)."""
    return PREFIX[kind] + str(ident)


def mention_ident(m) -> str:
    """A mention's anchor ident, unique across articles (reports put several articles in one page)."""
    return f"{m.article[:10]}-{m.start}-{m.end}"


def marks_of(facts: ArticleFacts, entity_names: dict[str, str] | None = None) -> list[Mark]:
    """Every fact of an article as a mark, clipped to the text."""
    names = entity_names or {e.id: e.name for e in facts.entities}
    n = len(facts.article.text)
    out: list[Mark] = []

    def add(kind: str, ident: str, title: str, start: int, end: int, href: str | None = None) -> None:
        start, end = max(0, int(start)), min(n, int(end))
        if end > start:
            out.append(Mark(kind, anchor(kind, ident), title, start, end, href))

    for m in facts.mentions:
        add("mention", mention_ident(m), f"{names.get(m.entity, m.entity)} ({m.type})", m.start, m.end,
            f"/entities/{m.entity}")
    for t in facts.timerefs:
        add("time", t.id, f"date: {t.value or 'unresolved'} ({t.grain}, {t.anchor})", t.start, t.end)
    for e in facts.events:
        add("event", e.id, f"event: {e.kind}" + (f" {e.date}" if e.date else ""), e.start, e.end)
    for c in facts.claims:
        value = "" if c.value is None else f"{c.qualifier.value}{c.value:g}"
        add("claim", c.id, f"claim: {c.measure} {value} {c.unit or ''}".strip() + (f" — {c.source}" if c.source else ""),
            c.start, c.end)
    for q in facts.quotes:
        who = names.get(q.speaker or "", q.speaker_text or q.speaker or "?")
        add("quote", q.id, f"quote by {who}", q.start, q.end)
    for i, f in enumerate(facts.framing):
        add("framing", str(i), f"framing: {f.leaning} {f.category}".strip(), f.start, f.end)
    return out


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each piece lists the marks that cover it."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    by_start: dict[int, list[Mark]] = {}
    for m in marks:
        by_start.setdefault(m.start, []).append(m)
    out: list[Segment] = []
    active: list[Mark] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m.end > a] + by_start.get(a, [])
        # longer spans first so nested classes read outside-in
        active.sort(key=lambda m: (m.start, -m.end))
        out.append(Segment(text[a:b], list(active), [m.anchor for m in by_start.get(a, [])]))
    return out


def paragraphs(segs: list[Segment]) -> list[list[Segment]]:
    """Segments grouped into paragraphs at newlines (a segment spanning a newline is split)."""
    paras: list[list[Segment]] = [[]]
    for seg in segs:
        carry = seg.opens  # an anchor opens once, on the first non-empty piece of its mark
        for i, part in enumerate(seg.text.split("\n")):
            if i:
                paras.append([])
            if part:
                paras[-1].append(Segment(part, seg.marks, carry))
                carry = []
    return [p for p in paras if p]
