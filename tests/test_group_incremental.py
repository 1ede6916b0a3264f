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


def grouped(store, dirty=None):
    """Stories and threads of the store's articles: a full grouping of its stored facts (as ``regroup`` reads
    them), or, with ``dirty``, the incremental one that reads the facts of what the dirty articles touch."""
    from crosswire.group.cache import group_stored

    stories, threads = group_stored(store, store.facts() if dirty is None else None, dirty)
    return [to_dict(s) for s in stories], [to_dict(t) for t in threads]


def test_many_small_runs_group_as_one_run(facts, tmp_path, monkeypatch):
    import crosswire.group.incremental as inc

    one = Store(str(tmp_path / "one.db"))
    one.save_facts(facts)
    whole = grouped(one)
    assert any(len(s["articles"]) >= 3 for s in whole[0]), "the sample holds no real story to rebuild"

    many = Store(str(tmp_path / "many.db"))
    scored: list[int] = []
    real_link = inc.link
    monkeypatch.setattr(inc, "link", lambda *a, **k: scored.append(1) or real_link(*a, **k))
    for k in range(4):  # interleaved runs: each brings articles of both topics
        batch = facts[k::4]
        many.save_facts(batch)
        result = grouped(many, dirty={f.article.id for f in batch})
    assert result == whole
    # the state the runs left is the state one run keeps: every scored pair's row and each article's connected
    # group (what lets a later run skip the groups a pair it rescored does not lie in)
    ids = {f.article.id for f in facts}
    assert many.group_pairs_touching(ids) == one.group_pairs_touching(ids)
    labels = {a: d["group"] for a, d in many.group_articles(ids).items()}
    assert labels == {a: d["group"] for a, d in one.group_articles(ids).items()}
    assert 1 < len(set(labels.values())) < len(ids)
    # ... and the thread state: every scored story pair, each story's group of linking pairs and thread
    assert whole[1], "the sample links no thread: the thread state shows nothing"
    assert many.thread_stories() == one.thread_stories()
    sids = set(one.thread_stories())
    assert many.thread_pairs_touching(sids) == one.thread_pairs_touching(sids) != {}
    # the state the runs left gives the same stories again, and so does a full regroup of that store
    assert grouped(many, dirty=set()) == whole
    assert grouped(many) == whole
    # the last run scored pairs touching its 10 new articles, not every candidate pair of the 40
    pairs = len(one.group_pairs_touching({f.article.id for f in facts}))
    assert 0 < len(scored) < pairs


def test_kept_profiles_are_the_profiles(facts):
    """A profile kept with the state (as JSON) is the profile computed from the article's facts."""
    import json

    from crosswire.group.profile import profile
    from crosswire.group.state import pack_profile, unpack_profile

    profiles = [profile(f, [0.25, 0.5], ("2018-07-09",)) for f in facts]
    assert any(p.anchors and p.signature.days for p in profiles) and any(p.event_participants for p in profiles)
    for p in profiles:
        assert unpack_profile(json.loads(json.dumps(pack_profile(p))), [0.25, 0.5]) == p


def test_a_changed_article_regroups_its_story_only(facts, tmp_path):
    import dataclasses

    store = Store(str(tmp_path / "s.db"))
    store.save_facts(facts)
    stories, _ = grouped(store)
    big = max(stories, key=lambda s: len(s["articles"]))
    # one member loses its entities (as relinking may change them, written back the way relinking writes)
    aid = big["articles"][0]
    changed = [dataclasses.replace(f, mentions=(), entities=(), events=()) if f.article.id == aid else f for f in facts]
    store.relink([f for f in changed if f.article.id == aid], [], [])
    after = grouped(store, dirty={aid})
    fresh = Store(str(tmp_path / "fresh.db"))
    fresh.save_facts(changed)
    assert after == grouped(fresh)
    assert after != (stories, _), "the change moved nothing: the test shows nothing"


def test_the_vector_index_grows_by_deltas_and_folds_them(facts, tmp_path, monkeypatch):
    """A run saves its new vectors as a small delta beside the index instead of the whole index again; loading
    replays the deltas, folding writes them into the index; the stories are a full grouping's either way."""
    import crosswire.group.cache as cache
    from crosswire.group.ann import label
    from crosswire.group.embed import get_embedder

    one = Store(str(tmp_path / "one.db"))
    one.save_facts(facts)
    whole = grouped(one)
    model = get_embedder().name
    for fold_min, name in ((10_000, "deltas.db"), (12, "folded.db")):
        monkeypatch.setattr(cache, "FOLD_MIN", fold_min)
        many = Store(str(tmp_path / name))
        for k in range(4):
            batch = facts[k::4]
            many.save_facts(batch)
            result = grouped(many, dirty={f.article.id for f in batch})
        assert result == whole
        dim, _, deltas = many.load_ann(model)
        # 10 articles a run: three deltas kept after the first run's index, or folded in as they passed 12
        assert [n for n, _ in deltas] == ([10, 10, 10] if fold_min > 40 else [10])
        index = cache.stored_index(many, model, {})
        assert len(index) == len(facts)
        vectors = many.load_vectors(model)
        for aid in (facts[3].article.id, facts[-1].article.id):  # every saved vector is found, itself first
            assert index.search([vectors[aid]], 1)[0][0][0] == label(aid)


def test_a_process_groups_its_next_run_with_the_index_its_last_run_saved(facts, tmp_path, monkeypatch):
    """A process keeps the vector index its run saved: its next run takes that index instead of restoring it from
    the store's row, while the index rows and the grouping state are the ones it wrote; after another writer
    changed either, the row is read again. The stories are a full grouping's either way."""
    from sqlalchemy import update

    import crosswire.group.cache as cache
    from crosswire.group.embed import get_embedder
    from crosswire.store import schema as s

    one = Store(str(tmp_path / "one.db"))
    one.save_facts(facts)
    whole = grouped(one)
    model = get_embedder().name
    many = Store(str(tmp_path / "many.db"))
    loads: list[int] = []
    plain = Store.load_ann
    monkeypatch.setattr(Store, "load_ann", lambda self, m: loads.append(1) or plain(self, m))
    batches = [facts[k::4] for k in range(4)]
    read = []
    for k, batch in enumerate(batches):
        if k == 2:  # another writer's grouping state
            with many.engine.begin() as conn:
                conn.execute(update(s.group_meta).where(s.group_meta.c.key == "generation").values(value="other"))
        if k == 3:  # another writer's vectors: a delta holding one of them again
            from crosswire.group.ann import label, pack_delta

            vec = many.load_vectors(model, [facts[0].article.id])[facts[0].article.id]
            many.append_ann(model, len(vec), 1, pack_delta([label(facts[0].article.id) + 1], [vec]))
        loads.clear()
        many.save_facts(batch)
        result = grouped(many, dirty={f.article.id for f in batch})
        read.append(len(loads))
    assert result == whole
    assert read == [1, 0, 1, 1]  # the first run finds no index yet (one look); the second reuses the first's
    cache._SAVED.clear()
    assert len(cache.stored_index(many, model, {})) == len(facts) + 1  # what the rows give: the runs' and the other's


def test_the_store_reads_any_number_of_ids_in_chunks(facts, tmp_path, monkeypatch):
    """Callers pass plain id lists; the store splits them into ``IN`` lists of ``CHUNK`` ids."""
    import crosswire.store.chunks as chunks
    from crosswire.group.embed import get_embedder

    store = Store(str(tmp_path / "s.db"))
    store.save_facts(facts)
    model = get_embedder().name
    store.save_vectors(model, {f.article.id: [0.5] * 4 for f in facts})
    ids = [f.article.id for f in facts[::2]]
    want = [to_dict(f) for f in store.facts() if f.article.id in set(ids)]
    names = sorted({m.entity for f in facts for m in f.mentions})
    records = [to_dict(e) for e in store.entities() if e.id in set(names)]
    assert len(records) > 3
    monkeypatch.setattr(chunks, "CHUNK", 3)
    assert [to_dict(f) for f in store.facts(ids)] == want  # in the store's article order
    assert [a.id for a in store.articles(reversed(ids))] == [f["article"]["id"] for f in want]
    assert sorted(store.load_vectors(model, ids)) == sorted(ids)
    assert [to_dict(e) for e in store.entities(names)] == records



def test_news_listed_last_decides_only_its_own_threads(facts, tmp_path, monkeypatch):
    """Threads grow forward in listing order: a run whose stories are all listed after every kept story decides
    those stories' threads alone (every kept story keeps its thread unread), and the threads equal one grouping
    of all the articles. Articles dated: the first 30 in July 2018, the last 10 in September 2018 (same actors two
    months on, within the months a block weighs: stories apart, threads across)."""
    import dataclasses

    import crosswire.group.thread_state as ts

    dated = [dataclasses.replace(f, article=dataclasses.replace(
        f.article, published=f"2018-09-{1 + k % 28:02d}" if k >= 30 else f"2018-07-{1 + k % 15:02d}"))
        for k, f in enumerate(facts)]
    one = Store(str(tmp_path / "one.db"))
    one.save_facts(dated)
    whole = grouped(one)

    many = Store(str(tmp_path / "many.db"))
    many.save_facts(dated[:30])
    grouped(many)
    kept = many.thread_stories()
    replays = []
    real = ts.replay
    monkeypatch.setattr(ts, "replay", lambda *a, **k: replays.append(real(*a, **k)) or replays[-1])
    many.save_facts(dated[30:])
    result = grouped(many, dirty={f.article.id for f in dated[30:]})
    assert result == whole
    (rows, decided, start), = replays
    new = {s["id"] for s in whole[0] if not set(s["articles"]) & {f.article.id for f in dated[:30]}}
    assert start == len(kept) and decided == len(new) == len(rows) > 0
    assert set(rows) == new and all(many.thread_stories()[s] == kept[s] for s in kept)
    # ... and some September story joined a thread July stories started (the decision had a thread to join)
    assert any(t in kept for _, t in rows.values())


def test_runs_into_earlier_months_replay_from_there(facts, tmp_path):
    """Articles dated over four months, brought by runs that each reach every month: each run replays the
    listing's blocks (months) from its first changed one, and the stories, threads and thread state equal one
    grouping of all the articles."""
    import dataclasses

    dated = [dataclasses.replace(f, article=dataclasses.replace(
        f.article, published=f"2018-{7 + (k * 3) % 4:02d}-{1 + k % 28:02d}")) for k, f in enumerate(facts)]
    one = Store(str(tmp_path / "one.db"))
    one.save_facts(dated)
    whole = grouped(one)
    assert len({t for _, t in one.thread_stories().values()}) < len(whole[0]), "no thread: the test shows nothing"
    many = Store(str(tmp_path / "many.db"))
    for k in range(4):
        batch = dated[k::4]
        many.save_facts(batch)
        result = grouped(many, dirty={f.article.id for f in batch})
    assert result == whole
    assert many.thread_stories() == one.thread_stories()
    sids = set(one.thread_stories())
    assert many.thread_pairs_touching(sids) == one.thread_pairs_touching(sids)


def test_a_story_rebuilt_as_kept_replays_nothing(facts, tmp_path, monkeypatch):
    """A run that regroups older articles without changing them (stored again as they were: their connected
    groups are clustered again) rebuilds their stories as kept: no story counts as changed, no month of the
    listing is decided again, and the stories, threads and thread state stay one grouping's. Articles dated over
    July-October 2018; the run touches a July story of three articles or more."""
    import dataclasses

    import crosswire.group.thread_state as ts

    dated = [dataclasses.replace(f, article=dataclasses.replace(
        f.article, published=f"2018-{7 + (k * 3) % 4:02d}-{1 + k % 28:02d}")) for k, f in enumerate(facts)]
    store = Store(str(tmp_path / "s.db"))
    store.save_facts(dated)
    whole = grouped(store)
    july = [s for s in whole[0] if s["date"] and s["date"].startswith("2018-07") and len(s["articles"]) >= 2]
    assert july, "no July story of several articles: the test shows nothing"
    kept, pairs = store.thread_stories(), store.thread_pairs_touching(set(store.thread_stories()))
    replays = []
    real = ts.replay
    monkeypatch.setattr(ts, "replay", lambda *a, **k: replays.append(real(*a, **k)) or replays[-1])
    assert grouped(store, dirty=set(july[0]["articles"])) == whole
    (rows, decided, start), = replays
    assert (rows, decided, start) == ({}, 0, len(kept))
    assert store.thread_stories() == kept and store.thread_pairs_touching(set(kept)) == pairs


def test_runs_over_months_leave_the_view_one_regroup_leaves(facts, tmp_path):
    """Runs whose articles reach every month of four read back and compare only the stories and threads grouping
    reports as possibly changed, and leave the stored stories and threads (records, thread fields, titles) one
    regroup of all the articles leaves; the process parses the kept stories once while no one else writes the
    state, and reads only the kept story records its changes reach."""
    import dataclasses

    from crosswire.run.regroup import regroup

    dated = [dataclasses.replace(f, article=dataclasses.replace(
        f.article, published=f"2018-{7 + (k * 3) % 4:02d}-{1 + k % 28:02d}")) for k, f in enumerate(facts)]
    last, dated = dated[-1], dated[:-1]  # brought last, by a run after a full regroup
    one = Store(str(tmp_path / "one.db"))
    one.save_facts(dated)
    regroup(one)
    many = Store(str(tmp_path / "many.db"))
    asked, parsed = [], []
    real, real_stories = many.stored_view_state, many.group_stories
    many.stored_view_state = lambda *a: asked.append(a) or real(*a)
    many.group_stories = lambda ids=None: parsed.append(None if ids is None else sorted(ids)) or real_stories(ids)
    for k in range(4):
        batch = dated[k::4]
        many.save_facts(batch)
        regroup(many, {f.article.id for f in batch})
    whole = one.stored_view_state()
    assert real() == whole
    assert len(whole[1]) > 1, "no thread: the test shows nothing"
    # the first run grouped in full (no state kept yet) and read every record; the later ones read some
    assert asked[0] == (None, None) and all(a[0] is not None for a in asked[1:])
    assert 0 < len(asked[-1][0]) < len(whole[0])
    # no run read every kept story record, only those its changes reach (by id), and none read a record an
    # earlier run of the process parsed or wrote: the later runs took the copy their predecessor left
    read = [k for ids in parsed for k in ids or ()]
    print("kept story records read:", len(read), "of", len(whole[0]), "stories")
    assert parsed and None not in parsed and len(read) == len(set(read)) and 0 < len(read) < len(whole[0])
    # a state written since by anything else (here a full regroup) is read again, and runs still equal one regroup
    regroup(many)
    for store in (one, many):
        store.save_facts([last])
        regroup(store, {last.article.id})
    again = [k for ids in parsed for k in ids or ()][len(read):]
    assert None not in parsed and 0 < len(again) < len(whole[0]) and real() == one.stored_view_state()


def test_migration_fills_the_story_lookup_from_the_kept_stories(facts, tmp_path):
    """A store whose grouping state was kept before the story lookup rows (revision 0013) gets them filled from
    its kept story records when it is opened: each article's story and each story's top entities, the rows a
    grouping writes."""
    from alembic import command
    from sqlalchemy import create_engine, select

    from crosswire.group.kept import parsed
    from crosswire.store import db_url
    from crosswire.store import schema as s
    from crosswire.store.migrate import _config

    db = str(tmp_path / "old.db")
    store = Store(db)
    store.save_facts(facts[:20])
    grouped(store)

    def rows(engine):
        with engine.connect() as conn:
            return (sorted(conn.execute(select(s.group_story_articles.c.story, s.group_story_articles.c.article))),
                    sorted(conn.execute(select(s.group_story_entities.c.story, s.group_story_entities.c.entity))))

    written = rows(store.engine)
    kept = {k: parsed(d) for k, d in store.group_stories().items()}
    assert written[0] == sorted((k, a) for k, (st, _) in kept.items() for a in st.articles)
    assert written[1] == sorted((k, e) for k, (_, agg) in kept.items() for e in agg.top_entities())
    assert len(kept) > 3 and any(len(st.articles) > 1 for st, _ in kept.values())
    store.close()
    eng = create_engine(db_url(db))
    with eng.begin() as conn:
        command.downgrade(_config(conn), "0013")
    eng.dispose()
    store = Store(db)  # opening upgrades again: 0014 fills the rows from the kept records
    assert rows(store.engine) == written
    store.close()


def test_a_run_asks_the_store_only_for_the_ids_it_meets(facts, store_db, monkeypatch):
    """An incremental run maps the vector index's hits back to articles through their kept index labels
    (``articles.ann_label``) and asks which of the ids it meets are live, never reading every live id (at 50k
    articles that was 0.25 s of a process's first run): its stories are still one grouping's, on SQLite and
    PostgreSQL."""
    from crosswire.group.ann import label

    store = Store(store_db)
    first, rest = facts[:30], facts[30:]
    store.save_facts(first)
    grouped(store)
    asked: list[set[int]] = []
    real = Store.live_of_labels
    monkeypatch.setattr(Store, "live_article_ids", lambda self: pytest.fail("the run read every live id"))
    monkeypatch.setattr(Store, "live_of_labels", lambda self, keys: asked.append(set(keys)) or real(self, keys))
    store.save_facts(rest)
    result = grouped(store, dirty={f.article.id for f in rest})
    monkeypatch.undo()
    assert asked, "the run did not take the incremental path"
    assert result == grouped(store)
    ids = sorted(f.article.id for f in facts)
    assert store.live_of_labels([label(a) for a in ids] + [label("not stored")]) == {label(a): a for a in ids}
    store.close()


def test_migration_fills_the_article_labels(facts, tmp_path):
    """A store from before the index label column (revision 0014) gets every article's label when opened."""
    from alembic import command
    from sqlalchemy import create_engine, select

    from crosswire.group.ann import label
    from crosswire.store import db_url
    from crosswire.store import schema as s
    from crosswire.store.migrate import _config

    db = str(tmp_path / "old.db")
    store = Store(db)
    store.save_facts(facts[:10])
    store.close()
    eng = create_engine(db_url(db))
    with eng.begin() as conn:
        command.downgrade(_config(conn), "0014")
    eng.dispose()
    store = Store(db)
    with store.engine.connect() as conn:
        got = dict(conn.execute(select(s.articles.c.id, s.articles.c.ann_label)).all())
    assert got == {f.article.id: label(f.article.id) for f in facts[:10]}
    store.close()


def test_an_article_updated_at_its_url_is_indexed_by_its_new_title(facts, tmp_path, monkeypatch):
    """A page re-read under the same id (its URL) with another title and lead gets a new title+lead vector; the
    vector index must hold that one, as a rebuild's would, not the vector of the page as first read, both in the
    run's index and in the one a later process restores from the store (the saved deltas replayed in order)."""
    import dataclasses

    import numpy as np

    import crosswire.group.cache as cache
    from crosswire.group.ann import label
    from crosswire.group.embed import get_embedder
    from crosswire.pipeline import read_article

    store = Store(str(tmp_path / "s.db"))
    store.save_facts(facts)
    grouped(store)
    model = get_embedder().name
    # a brexit page updated at its URL: its headline and text now tell of the asia_bibi case
    page = next(f for f in facts if "brexit" in f.article.source)
    other = next(f for f in facts if "asia_bibi" in f.article.source)
    aid, key = page.article.id, label(page.article.id)
    first = np.asarray(store.load_vectors(model, [aid])[aid], dtype=np.float32)
    updated = read_article(dataclasses.replace(page.article, title=other.article.title, text=other.article.text))
    store.save_facts([updated])
    after = grouped(store, dirty={aid})
    new = np.asarray(store.load_vectors(model, [aid])[aid], dtype=np.float32)
    assert float(first @ new) < 0.95, "the update left the vector as it was: the test shows nothing"
    for restored in (False, True):
        if restored:  # a later process: the index restored from the store's rows (saved index + deltas)
            monkeypatch.setattr(cache, "_SAVED", {})
        index = cache.stored_index(store, model, {})
        keys, rows = index.vectors([key])
        assert keys == [key] and np.array_equal(rows[0], new), f"stale vector (restored={restored})"
        assert key in [k for k, _ in index.search([new], 2)[0]]  # tied with the page whose text it took
        assert len(index) == len(facts)
    fresh = Store(str(tmp_path / "fresh.db"))
    fresh.save_facts([updated if f.article.id == aid else f for f in facts])
    assert after == grouped(fresh)


@pytest.mark.parametrize("late", [17, 37])
def test_a_month_changed_long_ago_leaves_later_months_its_threads_do_not_reach(facts, tmp_path, caplog, late):
    """Half the articles dated in July 2018, the others over the nine months after; a run brings one July article
    last, which changes a July story and its thread, and so the pairs of that thread's members with stories of
    later months. A later month whose changed threads join none of its stories, before the run and after it (no
    cluster of its stories reaches a mean margin >= 0 with them), decides as it did and is left unread; the
    others are decided again. The stories, threads and thread state equal one grouping of all the articles.
    (Checked on every July article brought alone or in twos: equal each time; these two leave the most months.)"""
    import dataclasses
    import logging

    def month(k: int) -> str:
        m = 0 if k % 2 else 1 + k % 9
        return f"{2018 + (6 + m) // 12}-{(6 + m) % 12 + 1:02d}-{1 + k % 28:02d}"

    dated = [dataclasses.replace(f, article=dataclasses.replace(f.article, published=month(k)))
             for k, f in enumerate(facts)]
    one = Store(str(tmp_path / "one.db"))
    one.save_facts(dated)
    whole = grouped(one)
    many = Store(str(tmp_path / "many.db"))
    many.save_facts(dated[:late] + dated[late + 1:])
    grouped(many)
    many.save_facts([dated[late]])
    caplog.set_level(logging.DEBUG, logger="crosswire.group.thread_state")
    assert grouped(many, dirty={dated[late].article.id}) == whole
    assert many.thread_stories() == one.thread_stories()
    sids = set(one.thread_stories())
    assert many.thread_pairs_touching(sids) == one.thread_pairs_touching(sids)
    (queued, left), = [tuple(r.args[:2]) for r in caplog.records if r.msg.startswith("thread replay: %d blocks")]
    assert queued > 3 and 0 < left < queued, (queued, left)


def _copy(f, suffix: str, published: str):
    """Article ``f`` again under another id (every mention of its id renamed), published on ``published``."""
    import json

    from crosswire.model import ArticleFacts
    from crosswire.serialize import from_dict

    old = f.article.id
    doc = json.loads(json.dumps(to_dict(f), ensure_ascii=False).replace(old, old + suffix))
    doc["article"]["published"] = published
    doc["article"]["source"] = doc["article"]["source"] + suffix
    return from_dict(ArticleFacts, doc)


def test_news_years_later_enters_no_old_nearest_list(facts, tmp_path):
    """The 40 articles published in July 2018; then the texts of ten of them come again as news of July 2020
    (other ids). Their vectors equal the originals', so by cosine alone each would enter its original's nearest
    list (the 32 closest) and push a real neighbour out. But no pair of a 2018 and a 2020 article can be one story
    (dates more than ``max_gap_days`` apart): a published article's list holds published articles near its dates
    only. The 2018 lists, pairs and stories stay as they were, the 2020 copies list only each other, and the runs
    equal one grouping of all fifty."""
    import dataclasses

    from crosswire.group.index import params

    dated = [dataclasses.replace(f, article=dataclasses.replace(f.article, published=f"2018-07-{1 + k % 14:02d}"))
             for k, f in enumerate(facts)]
    later = [_copy(f, "-2020", f"2020-07-{1 + k % 10:02d}") for k, f in enumerate(dated[::4])]
    many = Store(str(tmp_path / "many.db"))
    many.save_facts(dated)
    before = grouped(many)
    ids = {f.article.id for f in dated}
    rows = many.group_articles(ids)
    pairs = many.group_pairs_touching(ids)
    full_lists = [r for r in rows.values() if r["last"] is not None]
    assert full_lists, "no old list is full: any vector would enter, the test shows nothing"
    # by cosine alone a copy enters its original's list: its vector is the original's
    assert all(rows[f.article.id]["last"] is None or rows[f.article.id]["last"] < 1.0 - 1e-6 for f in dated[::4])

    many.save_facts(later)
    after = grouped(many, dirty={f.article.id for f in later})
    assert {a: (r["near"], r["last"]) for a, r in many.group_articles(ids).items()} == \
        {a: (r["near"], r["last"]) for a, r in rows.items()}
    assert {p: d for p, d in many.group_pairs_touching(ids).items() if p[0] in ids and p[1] in ids} == pairs
    # the old stories are the stories they were (a thread may take in the news of 2020: threads span years)
    def members(stories):
        return sorted(str({k: v for k, v in s.items() if k != "thread"}) for s in stories if set(s["articles"]) <= ids)

    assert members(after[0]) == members(before[0])
    copies = many.group_articles({f.article.id for f in later})
    assert all(set(r["near"]) <= {f.article.id for f in later} for r in copies.values())
    assert all(r["window"] is not None for r in copies.values())

    one = Store(str(tmp_path / "one.db"))
    one.save_facts(dated + later)
    assert after == grouped(one)
    assert params()["story"]["max_gap_days"] < 700
