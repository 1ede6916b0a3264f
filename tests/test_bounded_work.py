"""Bounded work per article: a text with no full stop, or one far longer than any article, costs linear time and
gives evidence spans no longer than a sentence may be; the cap cuts it and records the cut in ``noise``.

The hostile texts are built from a real seed article (its full stops and line breaks removed, repeated).
"""

from __future__ import annotations

import re
import time

import pytest

from conftest import seed_path
from crosswire.ingest.base import RawDoc
from crosswire.ingest.build import MAX_TEXT, TRUNCATED_FLAG, build_article, truncate
from crosswire.ingest.clean import clean_text
from crosswire.nlp.base import MAX_SENTENCE, bound_sentences, segment

SEED = seed_path("000").read_text(encoding="utf-8").split("\n", 1)[1]  # ru: the Putin-Kim summit


def no_full_stop(chars: int) -> str:
    """The seed as one line with no terminal punctuation, repeated to ``chars`` characters."""
    line = " ".join(re.sub(r"[.!?…]", "", SEED).split())
    return (line + " ") * (chars // (len(line) + 1)) + line[: chars % (len(line) + 1)]


def test_real_sentences_are_left_alone():
    sentences = segment(SEED)
    assert bound_sentences(SEED, sentences) == sentences


def test_a_sentence_with_no_end_is_cut_into_bounded_pieces():
    text = no_full_stop(20_000)
    sentences = segment(text)
    assert len(sentences) == 1 and sentences[0].text == text.strip()  # razdel finds no boundary at all
    pieces = bound_sentences(text, sentences)
    assert all(s.end - s.start <= MAX_SENTENCE for s in pieces)
    assert [t for s in pieces for t in s.tokens] == sentences[0].tokens  # the same tokens, in order
    assert all(s.text == text[s.start:s.end] for s in pieces)
    # cut at a comma where one is near: "…Ким Чен Ын встретились," not mid-phrase
    assert sum(s.tokens[-1].text == "," for s in pieces) >= len(pieces) // 2


@pytest.fixture(scope="module")
def read():
    from crosswire.ingest import ingest
    from crosswire.pipeline import read_article

    def run(text: str, tmp_path):
        path = tmp_path / f"hostile-{len(text)}.txt"
        path.write_text("Заголовок\n" + text, encoding="utf-8")
        article = next(iter(ingest([str(path)])))
        t0 = time.process_time()
        facts = read_article(article)
        return facts, time.process_time() - t0

    run(SEED, __import__("pathlib").Path(__import__("tempfile").mkdtemp()))  # models loaded before timing
    return run


def test_no_full_stop_line_gives_sentence_sized_evidence(read, tmp_path):
    facts, _ = read(no_full_stop(30_000), tmp_path)
    assert not any(f.startswith("stage-failed") for f in facts.article.flags)
    assert facts.claims and facts.mentions
    for fact in (*facts.claims, *facts.events, *facts.quotes):
        assert len(fact.text) <= 2 * MAX_SENTENCE, (type(fact).__name__, len(fact.text))


def test_reading_is_linear_in_text_length(read, tmp_path):
    """CPU time for a four times longer line with no full stop grows about four times (was 7.5 times, and
    worse the longer the line: 100,000 characters took 270 s)."""
    _, small = read(no_full_stop(10_000), tmp_path)
    _, large = read(no_full_stop(40_000), tmp_path)
    assert large / small < 6, (small, large)


def test_a_text_over_the_cap_is_cut_and_the_cut_recorded():
    body = "\n\n".join([SEED] * (2 * MAX_TEXT // len(SEED) + 2))
    art = build_article(RawDoc(source="long.txt", text="Заголовок\n" + body, title_in_text=True))
    assert len(art.text) <= MAX_TEXT and TRUNCATED_FLAG in art.flags
    note = next(n for n in art.noise if n.startswith("[truncated:"))
    tail = art.noise[art.noise.index(note) + 1]
    cleaned = clean_text(body)[0]
    assert f"only the first {len(art.text):,} of {len(cleaned):,} characters" in note
    assert art.text + "\n\n" + tail == cleaned  # nothing lost: cut at a paragraph break
    assert art.language == "ru"


@pytest.mark.parametrize("text,kept", [
    ("Sixteen letters. And more words", "Sixteen letters."),  # no line break near: the last sentence end
    ("Seventeen letters and more", "Seventeen letters"),  # no sentence end: the last space
    ("a" * 30, "a" * 20),  # no break at all: a hard cut
])
def test_truncate_cuts_at_a_boundary(text, kept):
    assert truncate(text, 20)[0] == kept.rstrip()
    assert truncate(text, 20)[1].startswith("[truncated: only the first")
    assert truncate(text, len(text)) == (text, None)
