"""Highlighting from offsets: segments cover the text exactly, overlaps are kept, and text stays text."""

from __future__ import annotations

import pytest

from crosswire.views.highlight import Mark, paragraphs, segments


def m(kind: str, start: int, end: int, ident: str = "") -> Mark:
    return Mark(kind, ident or f"{kind}-{start}", "", start, end)


@pytest.mark.parametrize("text,marks,expected", [
    ("Путин прибыл в Пекин", [m("mention", 0, 5), m("mention", 15, 20)],
     [("Путин", ["mention"]), (" прибыл в ", []), ("Пекин", ["mention"])]),
    # a claim containing an entity mention: the mention piece carries both
    ("около 15 000 военных КНДР", [m("claim", 0, 25), m("mention", 21, 25)],
     [("около 15 000 военных ", ["claim"]), ("КНДР", ["claim", "mention"])]),
    # partial overlap: quote and framing cut each other
    ("«войне против Украины» сказал", [m("quote", 0, 22), m("framing", 1, 13)],
     [("«", ["quote"]), ("войне против", ["quote", "framing"]), (" Украины»", ["quote"]), (" сказал", [])]),
    ("<script>alert(1)</script>", [m("claim", 8, 16)],
     [("<script>", []), ("alert(1)", ["claim"]), ("</script>", [])]),
    ("abc", [], [("abc", [])]),
])
def test_segments(text, marks, expected):
    segs = segments(text, marks)
    assert "".join(s.text for s in segs) == text
    assert [(s.text, [x.kind for x in s.marks]) for s in segs] == expected


def test_anchor_opens_once_even_across_paragraphs():
    text = "first line\nsecond line"
    segs = segments(text, [m("quote", 6, 17, "q-1")])
    paras = paragraphs(segs)
    assert [[s.text for s in p] for p in paras] == [["first ", "line"], ["second", " line"]]
    opened = [a for p in paras for s in p for a in s.opens]
    assert opened == ["q-1"]
    assert paras[1][0].refs == "q-1"  # the continuation still highlights with its span


def test_marks_clipped_to_text(seed_articles):
    from crosswire.model import ArticleFacts, Claim, Qualifier
    from crosswire.views.highlight import marks_of

    a = seed_articles["002"]
    c = Claim("c-x", a.id, "m", 1.0, Qualifier.EXACT, None, len(a.text) - 3, len(a.text) + 50, "x")
    (mark,) = marks_of(ArticleFacts(a, claims=(c,)))
    assert mark.end == len(a.text) and mark.anchor == "c-c-x"
