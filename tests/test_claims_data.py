"""Claims on real annotated news: money/percent mentions of NEREL (ru) and NER-UK (uk) are found, ordinals are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.model import Article
from crosswire.nlp import get_analyzer
from crosswire.read.claims import read_claims


def _ann(path: Path) -> list[tuple[str, int, int]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if not line.startswith("T") or len(cols) < 3:
            continue
        parts = cols[1:4] if len(cols) >= 5 else cols[1].split(" ")
        if len(parts) == 3 and ";" not in parts[2]:
            out.append((parts[0], int(parts[1]), int(parts[2])))
    return out


def _number_spans(text: str, lang: str) -> list[tuple[int, int]]:
    art = Article(id="d", source="d", text=text, language=lang)
    spans, taken = [], set()
    for c in read_claims(art, get_analyzer(lang).parse(text), [], [], []):
        k = text.find(c.measure_text, c.start)
        while k in taken and k >= 0:
            k = text.find(c.measure_text, k + 1)
        taken.add(k)
        spans.append((k, k + len(c.measure_text)))
    return spans


def _score(docs: list[Path], lang: str, types: set[str]) -> tuple[int, int, int]:
    found = total = ordinal = 0
    for txt in docs:
        text = txt.read_text(encoding="utf-8")
        gold = _ann(txt.with_suffix(".ann"))
        spans = _number_spans(text, lang)
        for typ, s, e in gold:
            hit = any(a < e and s < b for a, b in spans)
            if typ in types:
                total += 1
                found += hit
            elif typ == "ORDINAL":
                ordinal += hit
    return found, total, ordinal


def test_nerel_money_and_percent(shared_data):
    docs = sorted((shared_data / "nerel" / "NEREL-v1.1" / "test").glob("*.txt"))
    docs = [d for d in docs if any(t in ("MONEY", "PERCENT") for t, *_ in _ann(d.with_suffix(".ann")))][:12]
    found, total, ordinal = _score(docs, "ru", {"MONEY", "PERCENT"})
    assert total >= 15
    assert found / total >= 0.75, (found, total)
    assert ordinal <= 2


def test_ner_uk_money_and_percent(shared_data):
    root = shared_data / "ner-uk" / "v2.0" / "data"
    words = (root / "dev-test-split.txt").read_text(encoding="utf-8").split()
    test = words[words.index("TEST") + 1 :]
    docs = [p for p in (root / "ng" / f"{t}.txt" for t in test) if p.exists()][:12]
    if not docs:
        pytest.skip("no NER-UK test documents under ng/")
    found, total, _ = _score(docs, "uk", {"MON", "PCT"})
    assert total >= 15
    assert found / total >= 0.85, (found, total)
