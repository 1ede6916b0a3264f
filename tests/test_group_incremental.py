"""Incremental grouping on real articles: runs that bring a few articles each score only the pairs those touch,
and leave the stories and threads one grouping of all the articles makes.

Real development articles: SlavicNER asia_bibi (ru; one case over two weeks: acquittal, protests, release) and
brexit (ru; the July 2018 resignations), read by the real readers and grouped with the real title+lead vectors.
"""

from __future__ import annotations

import pytest

from crosswire.serialize import to_dict
from crosswire.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def facts(shared_data):
    from crosswire.ingest import ingest
    from crosswire.model import Article
    from crosswire.pipeline import read_article

    raw = shared_data / "slavicner" / "raw"
    files = sorted((raw / "asia_bibi" / "ru").glob("*.txt"))[:26] + sorted((raw / "brexit" / "ru").glob("*.txt"))[:14]
    if len(files) < 40:
        pytest.skip("SlavicNER raw texts not found")
    arts = [a for a in ingest([str(f) for f in files]) if isinstance(a, Article)]
    return [read_article(a) for a in arts]


def grouped(store, facts, dirty=None):
    from crosswire.group.cache import group_stored

    stories, threads = group_stored(store, facts, dirty)
    return [to_dict(s) for s in stories], [to_dict(t) for t in threads]


def test_many_small_runs_group_as_one_run(facts, tmp_path, monkeypatch):
    import crosswire.group.incremental as inc

    one = Store(str(tmp_path / "one.db"))
    one.save_facts(facts)
    whole = grouped(one, facts)
    assert any(len(s["articles"]) >= 3 for s in whole[0]), "the sample holds no real story to rebuild"

    many = Store(str(tmp_path / "many.db"))
    scored: list[int] = []
    real_link = inc.link
    monkeypatch.setattr(inc, "link", lambda *a, **k: scored.append(1) or real_link(*a, **k))
    seen = []
    for k in range(4):  # interleaved runs: each brings articles of both topics
        batch = facts[k::4]
        many.save_facts(batch)
        seen += batch
        result = grouped(many, seen, dirty={f.article.id for f in batch})
    assert result == whole
    # the state the runs left gives the same stories again, and so does a full regroup of that store
    assert grouped(many, seen, dirty=set()) == whole
    assert grouped(many, seen) == whole
    # the last run scored pairs touching its 10 new articles, not every candidate pair of the 40
    pairs = len(one.group_pairs_touching({f.article.id for f in facts}))
    assert 0 < len(scored) < pairs


def test_a_changed_article_regroups_its_story_only(facts, tmp_path):
    import dataclasses

    store = Store(str(tmp_path / "s.db"))
    store.save_facts(facts)
    stories, _ = grouped(store, facts)
    big = max(stories, key=lambda s: len(s["articles"]))
    # one member loses its entities (as relinking may change them): only its story's group is regrouped
    aid = big["articles"][0]
    changed = [dataclasses.replace(f, mentions=(), entities=(), events=()) if f.article.id == aid else f for f in facts]
    after = grouped(store, changed, dirty={aid})
    fresh = Store(str(tmp_path / "fresh.db"))
    fresh.save_facts(changed)
    assert after == grouped(fresh, changed)
