"""Story and thread grouping on the seed texts with hand-built facts: date rule, events, places, stable ids."""

from __future__ import annotations

import dataclasses

import pytest

from crosswire.group.cluster import group_stories
from crosswire.group.dates import day_range, gap_days
from crosswire.group.embed import HashingEmbedder
from crosswire.model import ArticleFacts, Entity, Event, Mention

P, K, R, D, B, C = "Q7747", "Q56226", "Q159", "Q423", "Q956", "PER:choe-son-hui"
VECTORS: dict = {}  # title+lead vectors shared by the tests (same texts, embedded once)
ENTS = tuple(Entity(i, n, "PER") for i, n in [(P, "Vladimir Putin"), (K, "Kim Jong Un"), (R, "Russia"),
                                              (D, "North Korea"), (B, "Beijing"), (C, "Choe Son Hui")])


@pytest.fixture(scope="module")
def seed_facts(seed_articles):
    """The seeds with the facts an analyst reads (entities, main events), as upstream stages would give."""
    arts = dict(seed_articles)
    # 002 has no date line; its text places it right after the 3 September parade
    arts["002"] = dataclasses.replace(arts["002"], published_window=("2025-09-03", "2025-09-10"))

    def facts(k, events, ents):
        a = arts[k]
        ments = tuple(Mention(a.id, e, i * 20, i * 20 + 5, "x") for i, e in enumerate(ents))
        evs = tuple(Event(f"{k}-e{i}", a.id, kind, who, start, start + 9, "x", place=place, date=date)
                    for i, (kind, who, place, date, start) in enumerate(events))
        return ArticleFacts(article=a, entities=ENTS, mentions=ments, events=evs)

    return {
        "000": facts("000", [("meeting", (P, K), None, None, 10)], [P, K, R, D, P, K]),
        "001": facts("001", [("meeting", (P, C), "Q649", None, 10), ("meeting", (P, K), B, "2025-09-01/2025-09-10", 900)],
                     [P, C, D, R, K]),
        "002": facts("002", [("meeting", (P, K), B, "2025-08-03", 30)], [P, K, R, D, B]),
        "003": facts("003", [("phone_call", (K, P), None, "2025-08-13", 10)], [K, P, R, D]),
        "004": facts("004", [("meeting", (K, P), "LOC:vostochny", "2023-09-13", 10)], [K, P, D, R]),
    }


def keyed(stories, facts):
    name = {f.article.id: k for k, f in facts.items()}
    return sorted(sorted(name[a] for a in s.articles) for s in stories)


def test_seed_stories_and_one_thread(seed_facts):
    stories, threads = group_stories(list(seed_facts.values()), cache=VECTORS)
    assert keyed(stories, seed_facts) == [["000", "002"], ["001"], ["003"], ["004"]]
    assert len(threads) == 1 and len(threads[0].stories) == 4
    assert all(s.thread == threads[0].id for s in stories)
    beijing = next(s for s in stories if len(s.articles) == 2)
    # 002's own "3 августа" clashes with its window and with 000: the story keeps the publication date
    assert beijing.date == "2025-09-05" and beijing.event_kind == "meeting"
    assert beijing.outlets == ("Вот Так", "Царьград") and beijing.title


def test_ids_do_not_depend_on_input_order(seed_facts):
    first = group_stories(list(seed_facts.values()), cache=VECTORS)
    again = group_stories(list(reversed(seed_facts.values())), cache=VECTORS)
    assert first == again
    assert all(s.id.startswith("s-") and len(s.id) == 12 for s in first[0])


def test_dates_far_apart_never_share_a_story(seed_facts):
    """Two copies of one text with main events three weeks apart stay apart; a day apart they merge."""
    base = seed_facts["000"]

    def dated(suffix, date):
        a = dataclasses.replace(base.article, id=base.article.id + suffix, published=date)
        ev = dataclasses.replace(base.events[0], article=a.id, date=date)
        return dataclasses.replace(base, article=a, events=(ev,))

    apart = group_stories([dated("x", "2025-09-03"), dated("y", "2025-09-25")], embedder=HashingEmbedder())
    near = group_stories([dated("x", "2025-09-03"), dated("y", "2025-09-04")], embedder=HashingEmbedder())
    assert len(apart[0]) == 2 and len(near[0]) == 1


def test_day_ranges():
    assert day_range("2025-09")[1].day == 30
    assert gap_days(day_range("2025-08-03"), day_range("2025-09-01/2025-09-10")) == 29
    assert gap_days(day_range("2025"), day_range("2025-06-01")) == 0
    assert day_range("P19M") is None and day_range("junk") is None


def test_undated_article_with_a_disputed_date_can_join(seed_facts):
    """002 alone dates the Beijing talks to 3 August; 001 reports the same talks in early September."""
    facts = [seed_facts[k] for k in ("000", "001", "002")]
    no_window = dataclasses.replace(facts[2], article=dataclasses.replace(facts[2].article, published_window=None))
    stories, _ = group_stories([facts[0], facts[1], no_window], cache=VECTORS)
    assert keyed(stories, seed_facts) == [["000", "002"], ["001"]]
    # without the other report the date rule keeps them apart
    alone, _ = group_stories([facts[0], no_window], cache=VECTORS)
    assert keyed(alone, seed_facts) == [["000"], ["002"]]


def test_candidate_pairs_per_article_are_bounded_and_grouping_ignores_input_order():
    """However many articles exist, each is scored against a bounded number of others (its nearest vectors and
    the few sharing a rare entity), and shuffling the input changes nothing."""
    import random
    from collections import Counter
    from datetime import date, timedelta

    from crosswire.group.cluster import group_profiles
    from crosswire.group.graph import candidate_pairs
    from crosswire.group.index import params
    from crosswire.group.profile import Profile

    rng = random.Random(0)
    profiles = []
    for i in range(1500):
        day = date(2025, 1, 1) + timedelta(days=i // 30)
        vec = [rng.gauss(0, 1) for _ in range(16)]
        norm = sum(x * x for x in vec) ** 0.5
        first, second = f"E{rng.randrange(30)}", f"E{rng.randrange(300)}"  # may coincide, as in real articles
        profiles.append(Profile(id=f"a{i:05d}", title="", outlet=None, language="ru", vector=[x / norm for x in vec],
                                entities={first: 1.0, second: 0.5},
                                anchors=[(day, day)] if i % 10 else []))
    cfg = params()["retrieval"]
    per_article = Counter(i for pair in candidate_pairs(profiles) for i in pair)
    assert max(per_article.values()) <= 2 * (cfg["neighbours"] + 2 * cfg["rare_entity"])
    shuffled = profiles[:]
    random.Random(1).shuffle(shuffled)
    assert group_profiles(shuffled) == group_profiles(profiles)
