"""Incremental runs on real articles: a run recompares only what its articles change, and the store it leaves is
the store a full rebuild (`crosswire rebuild`) makes of the same articles, and the store one run of all of them
makes.

Real development articles: SlavicNER brexit (ru, uk) and asia_bibi (uk) texts plus the seeds, analysed in one run,
and again in four runs of a few articles each.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import SEEDS

pytestmark = pytest.mark.slow


def _corpus(shared_data, tmp_path):
    out = tmp_path / "corpus"
    out.mkdir()
    raw = shared_data / "slavicner" / "raw"
    picked = [f for topic, lang, n in (("brexit", "ru", 8), ("brexit", "uk", 6), ("asia_bibi", "uk", 4))
              for f in sorted((raw / topic / lang).glob("*.txt"))[:n]]
    later = tmp_path / "later"  # articles of a run after a user's correction
    later.mkdir()
    for i, f in enumerate(sorted((raw / "brexit" / "ru").glob("*.txt"))[8:12]):
        shutil.copy(f, later / f"{i:03d}_{f.name}")
    if len(picked) < 18:
        pytest.skip("SlavicNER raw texts not found")
    for i, f in enumerate(picked):
        shutil.copy(f, out / f"{i:03d}_{f.name}")
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy(f, out / f"s_{f.name}")
    return sorted(out.iterdir())


def _document(db: str) -> str:
    from crosswire import api
    from crosswire.serialize import dumps

    result = api.load(db)
    result.errors = []
    return dumps(result)


@pytest.fixture(scope="module")
def runs(shared_data, tmp_path_factory):
    """(one run's store, four runs' store, the four runs' results) over the same articles."""
    import crosswire

    tmp = tmp_path_factory.mktemp("incremental")
    files = _corpus(shared_data, tmp)
    one = str(tmp / "one.db")
    crosswire.analyze([str(f) for f in files], db=one, progress=False)
    many = str(tmp / "many.db")
    # interleaved batches: every run brings articles of both topics and a seed
    results = [crosswire.analyze([str(f) for f in files[k::4]], db=many, progress=False) for k in range(4)]
    return one, many, results, files


def test_many_small_runs_leave_the_store_one_run_leaves(runs):
    one, many, _, _ = runs
    assert _document(many) == _document(one)


def test_an_incremental_store_is_what_a_rebuild_makes(runs, tmp_path):
    from crosswire import api

    _, many, _, _ = runs
    copy = str(tmp_path / "rebuilt.db")
    shutil.copy(many, copy)
    before = _document(copy)
    counts = api.rebuild(copy)
    assert counts["articles"] == 23 and counts["stories"] > 0
    assert _document(copy) == before


def test_a_run_shows_its_articles_and_what_they_touch(runs):
    from crosswire import api

    _, many, results, _ = runs
    last = results[-1]
    full = api.load(many)
    ids = {a.id for a in last.articles}
    assert ids and ids < {a.id for a in full.articles}
    touched = {s.id for s in full.stories if ids & set(s.articles)}
    assert {s.id for s in last.stories} == touched
    assert {g.scope for g in last.claim_groups} <= touched | {t.id for t in last.threads}
    assert {m.article for m in last.mentions} <= ids


def test_many_small_runs_on_postgresql_leave_the_store_one_run_leaves(runs, fresh_pg):
    import crosswire

    one, _, _, files = runs
    for k in range(4):
        crosswire.analyze([str(f) for f in files[k::4]], db=fresh_pg, progress=False)
    assert _document(fresh_pg) == _document(one)


def test_a_run_after_a_correction_replays_it_and_equals_a_rebuild(runs, tmp_path):
    """A user splits an article out of its story; the next run (four more brexit articles) keeps it out, and
    the store equals a rebuild of it."""
    import crosswire
    from crosswire import api

    _, many, _, files = runs
    db = str(tmp_path / "corrected.db")
    shutil.copy(many, db)
    story = max(api.load(db).stories, key=lambda s: len(s.articles))
    assert len(story.articles) >= 2, "no story of two articles to split"
    aid = story.articles[-1]
    api.split_article(db, aid)
    later = sorted((files[0].parent.parent / "later").iterdir())
    assert len(later) == 4
    crosswire.analyze([str(f) for f in later], db=db, progress=False)
    after = api.load(db)
    others = set(story.articles) - {aid}
    assert not any(aid in s.articles and others & set(s.articles) for s in after.stories)
    rebuilt = str(tmp_path / "rebuilt.db")
    shutil.copy(db, rebuilt)
    api.rebuild(rebuilt)
    assert _document(rebuilt) == _document(db)
