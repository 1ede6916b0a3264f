"""The quotes gold (benchmarks/gold/quotes.yaml) and how benchmarks/quotes_real.py reads its parts: every part is
one the benchmark knows, the blind unseen parts stay unread when skipped, the quality gate samples no
unseen article, and the blind batch fresh7 matches its raw texts. Nothing here runs the reader."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from benchmarks import quotes_real
from benchmarks.quotes_real import BLIND, GATE_DOCS, GOLD, PARTS, UNSEEN, load_gold


@pytest.fixture(scope="module")
def gold_docs() -> list[dict]:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))["docs"]


def test_every_part_of_the_gold_is_one_the_benchmark_lists(gold_docs):
    parts = {d["part"] for d in gold_docs}
    assert parts <= set(PARTS), parts - set(PARTS)
    assert set(BLIND) <= set(UNSEEN) <= set(PARTS)
    assert {"fresh6", "fresh7"} <= set(BLIND)


def test_the_quality_gate_samples_no_unseen_article(gold_docs):
    part_of = {Path(d["doc"]).stem: d["part"] for d in gold_docs}
    assert {part_of[name] for name in GATE_DOCS} <= {"dev", "test"}


def test_skipped_parts_are_never_read(tmp_path, monkeypatch):
    # a development article on disk; the two blind ones are not there, so reading either would fail
    (tmp_path / "dev.txt").write_text("Про це заявив міністр економіки Німеччини Петер Альтмаєр.\n", encoding="utf-8")
    gold = tmp_path / "quotes.yaml"
    quote = {"start": 0, "end": 6, "direct": False, "speaker": None, "text": "Про це"}
    gold.write_text(yaml.safe_dump({"docs": [
        {"doc": "dev.txt", "lang": "uk", "part": "dev", "quotes": [quote]},
        {"doc": "blind6.txt", "lang": "uk", "part": "fresh6", "quotes": [quote]},
        {"doc": "blind7.txt", "lang": "ru", "part": "fresh7", "quotes": [quote]},
    ]}, allow_unicode=True), encoding="utf-8")
    opened = []
    real = quotes_real.doc_text
    monkeypatch.setattr(quotes_real, "doc_text", lambda data, doc: opened.append(doc) or real(data, doc))
    docs = load_gold(tmp_path, gold, skip=["fresh6", "fresh7"])
    assert [d["doc"] for d in docs] == ["dev.txt"] and opened == ["dev.txt"]
    with pytest.raises(FileNotFoundError):
        load_gold(tmp_path, gold, skip=["fresh6"])


def test_the_fresh7_batch_matches_its_raw_texts(shared_data):
    # load_gold checks every quote's text against its offsets in the raw file; only fresh7's texts are opened
    docs = load_gold(shared_data, skip=[p for p in PARTS if p != "fresh7"])
    langs = Counter(d["lang"] for d in docs)
    quotes = Counter(d["lang"] for d in docs for _ in d["quotes"])
    assert len(docs) == 30 and langs == {"uk": 19, "ru": 11}
    assert quotes == {"uk": 67, "ru": 88}
    for d in docs:
        spans = sorted((q["start"], q["end"]) for q in d["quotes"])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), d["doc"]
