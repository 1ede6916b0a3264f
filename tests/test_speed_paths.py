"""The speed paths give what the plain paths give, on real development articles (SlavicNER brexit, asia_bibi and
nord_stream, Russian):

- natasha's morphology tagger fed the sentences shortest first (``nlp.ru.tag_morph_sorted``, less padding per
  batch) tags every token as ``doc.tag_morph`` does;
- a run whose reading workers start at once (a large input foreseen) writes the JSON an in-process run writes.
"""

from __future__ import annotations

import dataclasses
import shutil

import pytest

pytestmark = pytest.mark.slow


def _files(shared_data, per_topic: int) -> list:
    raw = shared_data / "slavicner" / "raw"
    picked = [f for topic in ("brexit", "asia_bibi", "nord_stream")
              for f in sorted((raw / topic / "ru").glob("*.txt"))[:per_topic]]
    if len(picked) < 3 * per_topic:
        pytest.skip("SlavicNER raw texts not found")
    return picked


def test_sorted_morph_tags_equal_natasha(shared_data):
    from natasha import Doc

    from crosswire.ingest import ingest
    from crosswire.nlp import get_analyzer
    from crosswire.nlp.ru import tag_morph_sorted

    analyzer = get_analyzer("ru")
    reordered = 0
    tagged: dict[str, tuple[str, dict]] = {}
    for article in ingest([str(f) for f in _files(shared_data, 4)]):
        plain, fast = Doc(article.text), Doc(article.text)
        for doc in (plain, fast):
            doc.segment(analyzer.segmenter)
        plain.tag_morph(analyzer.morph_tagger)
        tag_morph_sorted(fast, analyzer.morph_tagger)
        assert [(t.text, t.pos, t.feats) for t in fast.tokens] == [(t.text, t.pos, t.feats) for t in plain.tokens]
        lengths = [len(s.tokens) for s in plain.sents]
        reordered += lengths != sorted(lengths)
        tagged.update((t.text, (t.pos, t.feats)) for t in fast.tokens)
    assert reordered >= 6  # the batches really were composed differently
    # brexit ru: "Правительство Великобритании ... Брексита" - a noun and a proper noun keep their tags
    assert tagged["Великобритании"][0] == "PROPN" and tagged["Великобритании"][1].get("Case") == "Gen"


def test_workers_started_at_once_write_the_in_process_json(shared_data, tmp_path, monkeypatch):
    import crosswire
    from crosswire.run import local
    from crosswire.serialize import dumps
    from crosswire.settings import current

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, f in enumerate(_files(shared_data, 4)):
        shutil.copy(f, corpus / f"{i:03d}_{f.name}")
    started: list[int] = []
    real = local._read_in_workers

    def spy(items, workers, settings):
        started.append(workers)
        return real(items, workers, settings)

    monkeypatch.setattr(local, "_read_in_workers", spy)
    monkeypatch.setattr(local, "MIN_PARALLEL", 8)  # 12 articles count as a large run here
    here = crosswire.analyze([str(corpus)], db=str(tmp_path / "here.db"), progress=False,
                             settings=dataclasses.replace(current(), workers=1))
    assert started == []
    workers = crosswire.analyze([str(corpus)], db=str(tmp_path / "workers.db"), progress=False,
                                settings=dataclasses.replace(current(), workers=2))
    assert started == [2]
    assert len(here.articles) == 12
    assert dumps(workers) == dumps(here)
