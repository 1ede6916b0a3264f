"""Claims read from the five seed articles: the same measure across articles, hedges, sources, no junk."""

from __future__ import annotations

import pytest

from crosswire.model import Qualifier


@pytest.fixture(scope="module")
def seed_facts(seed_articles):
    from crosswire.pipeline import read_article

    return {k: read_article(a) for k, a in seed_articles.items()}


def one(facts, value):
    found = [c for c in facts.claims if c.value == value]
    assert found, [(c.value, c.measure) for c in facts.claims]
    return found[0]


def test_troops_sent_share_one_measure_across_articles(seed_facts):
    sent = [one(seed_facts["001"], 10000), one(seed_facts["002"], 13000), one(seed_facts["003"], 15000)]
    assert len({c.measure for c in sent}) == 1
    assert [c.qualifier for c in sent] == [Qualifier.MORE_THAN, Qualifier.APPROX, Qualifier.APPROX]
    assert "North Korea" in sent[0].measure


def test_killed_is_its_own_measure_and_agrees(seed_facts):
    a, b = one(seed_facts["001"], 2000), one(seed_facts["002"], 2000)
    assert a.measure == b.measure != one(seed_facts["001"], 10000).measure
    assert "intelligence" in a.source.lower() and "intelligence" in b.source.lower()


def test_talk_durations(seed_facts):
    total_000, total_002 = one(seed_facts["000"], 2.5), one(seed_facts["002"], 2.5)
    delegations = one(seed_facts["002"], 1.5)
    assert total_000.measure == total_002.measure
    assert delegations.measure != total_002.measure
    assert total_000.unit == "hours" and total_000.qualifier == Qualifier.APPROX


def test_sources(seed_facts):
    assert one(seed_facts["001"], 10000).source == "Ukraine; South Korea"
    assert one(seed_facts["002"], 13000).source == "South Korean intelligence"
    assert one(seed_facts["003"], 15000).source == "South Korea"
    budanov = one(seed_facts["001"], 40)  # "Он также отмечал": the person of the sentence before
    assert "Budanov" in budanov.source or "Буданов" in budanov.source
    assert one(seed_facts["004"], 6).source == "article"  # unattributed, and the copy names no outlet


def test_refers_to_the_estimate_date(seed_facts):
    assert one(seed_facts["001"], 2000).refers_to == "2025-09"


def test_no_years_ordinals_or_dates(seed_facts):
    values = {c.value for f in seed_facts.values() for c in f.claims}
    assert not values & {80.0, 2024.0, 2025.0, 3.0, 2019.0}
