"""Russian NER: a lower-case government head before a genitive place is an organisation (nlp/ru.py
``government_of_place``), on sentences and on real factRuEval devset documents (the test set is the benchmark's)."""

from __future__ import annotations

import pytest

from crosswire.nlp import get_analyzer
from crosswire.nlp import ru as ru_nlp


def spans(text: str) -> set[tuple[str, str]]:
    return {(s.text, s.type) for s in get_analyzer("ru").parse(text).ner}


@pytest.mark.parametrize("text,org", [
    ("Представитель правительства Израиля заявил об этом.", "правительства Израиля"),
    ("Решение мэрии Москвы оспорили в суде.", "мэрии Москвы"),
    ("Правительство России одобрило план.", "Правительство России"),
])
def test_government_of_a_place_is_an_organisation(text, org):
    found = spans(text)
    assert (org, "ORG") in found, found
    assert any(t == "LOC" for _, t in found)  # the place keeps its own, nested span for linking


def test_a_place_in_the_nominative_is_not_taken():
    assert not any(t == "ORG" for _, t in spans("Армия Израиль не покидала."))


@pytest.mark.slow
def test_more_organisations_found_on_factrueval_devset(shared_data, monkeypatch):
    from benchmarks.ner_ru import factrueval_gold
    from benchmarks.ner_score import predict

    docs = sorted((shared_data / "factrueval2016" / "devset").glob("*.objects"))[:60]

    def org_hits() -> int:
        hits = 0
        for obj in docs:
            base = obj.with_suffix("")
            text = base.with_suffix(".txt").read_text(encoding="utf-8")
            gold = {g for g in factrueval_gold(base) if g[2] == "ORG"}
            hits += len(gold & {p for p in predict("ru", text) if p[2] == "ORG"})
        return hits

    with_rule = org_hits()
    monkeypatch.setattr(ru_nlp, "government_of_place", lambda text, tokens, spans, starts=(): spans)
    assert with_rule > org_hits()
