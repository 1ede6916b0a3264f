"""The user-trainable CRF tagger (nlp/crf.py, scripts/train_ner_crf.py): BIO round trip on a seed, and a small
model trained on real NER-UK train documents that tags NER-UK test documents well (data and extra permitting)."""

from __future__ import annotations

import pytest

from crosswire.nlp import get_analyzer
from crosswire.nlp.crf import bio_tags, spans_of


def test_bio_round_trip_on_the_ukrainian_seed(seed_articles):
    parsed = get_analyzer("uk").parse(seed_articles["004"].text)
    tokens = parsed.tokens
    rule = [(s.start, s.end, s.type) for s in parsed.ner if s.type in ("PER", "LOC", "ORG")]
    back = spans_of(tokens, bio_tags(tokens, rule), parsed.text)
    outer = {r for r in rule if not any(o != r and o[0] <= r[0] and r[1] <= o[1] for o in rule)}
    assert {(s.start, s.end, s.type) for s in back} == outer
    assert any(s.text == "Путін" and s.type == "PER" for s in back)


@pytest.mark.slow
def test_a_model_trained_on_ner_uk_train_tags_test_documents(shared_data, tmp_path):
    pytest.importorskip("pycrfsuite", reason="the crf extra (python-crfsuite) is not installed")
    from benchmarks.ner_score import exact_f1
    from benchmarks.ner_uk import neruk_split
    from scripts.train_ner_crf import train_uk

    from crosswire.nlp.crf import CrfTagger

    model = tmp_path / "uk.crfsuite"
    assert train_uk(shared_data, model, limit=40) == 40
    analyzer = get_analyzer("uk")
    test = neruk_split(shared_data, "TEST")[:20]
    scores = {}
    try:
        for name, crf in (("rules", None), ("crf", CrfTagger(str(model), "uk"))):
            analyzer.crf = crf
            scores[name] = exact_f1("uk", test)
    finally:
        analyzer.crf = None
    # trained on 40 documents only, it already does about as well as the rules it stacks on
    assert scores["crf"] > 0.6 and scores["crf"] > scores["rules"] - 0.05, scores
