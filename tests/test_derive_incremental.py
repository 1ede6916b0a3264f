"""Incremental derivation on real development articles: runs of a few articles each, derived from the state kept
in the store, leave the derivations (copies, rewrites, translations, wire) that one full derivation of all of them
gives, on SQLite and PostgreSQL; with tight parameters too (a 4-gram turns boilerplate, a nearest list drops a
neighbour), which makes old pairs change.

Articles: the SlavicNER pairs judged copy or rewrite in benchmarks/gold/provenance.yaml, a few Ukrainian brexit
and asia_bibi articles, a WMT22 ru/en document pair, and one exact duplicate found at ingest.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from crosswire.model import Article, ArticleFacts, Story

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "provenance.yaml"
EXTRA = ["brexit/uk/brexit_ua.txt_file_1001.txt", "brexit/uk/brexit_ua.txt_file_1002.txt",
         "asia_bibi/uk/asia_bibi_uk.txt_file_5.txt", "asia_bibi/ru/asia_bibi_ru.txt_file_203.txt"]


def _article(shared_data, rel: str) -> Article:
    title, _, body = (shared_data / "slavicner" / "raw" / rel).read_text(encoding="utf-8").partition("\n")
    return Article(id=rel.rsplit("/", 1)[1].replace(".txt_file_", "-").removesuffix(".txt"), source=rel,
                   text=body.strip(), title=title.strip(), language=rel.split("/")[1][:2])


@pytest.fixture(scope="module")
def corpus(shared_data):
    """(articles in arrival order, title+lead vectors, sentence vectors, model name)."""
    from crosswire.group.derive import params
    from crosswire.group.embed import embed_articles, get_embedder
    from crosswire.group.translation import SentenceVectors
    from crosswire.ingest.credits import find_credits

    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    rels = [r for p in gold["pairs"] if p["set"] == "slavicner" and p["label"] in ("copy", "rewrite")
            for r in (p["a"], p["b"])]
    arts = [_article(shared_data, r) for r in dict.fromkeys(rels + EXTRA)]
    rows = [json.loads(x) for x in (shared_data / "wmt22_general_ru_uk_en_docs" /
                                    "wmttest2022.ru-en.src_ref.jsonl").open(encoding="utf-8")]
    doc = next(d for d in rows if d["doc_id"] == "kommersant.51685")
    arts += [Article(id="wmt-ru", source="wmt", title=doc["src_segments"][0], text="\n".join(doc["src_segments"][1:]),
                     language="ru"),
             Article(id="wmt-en", source="wmt", title=doc["ref_segments"][0], text="\n".join(doc["ref_segments"][1:]),
                     language="en")]
    # an outlet that an article credits, given to another of its story, so a wire record names its source article
    i, credited = next((i, c.agency) for i, a in enumerate(arts) for c in find_credits(a.title, a.text, a.noise, a.outlet))
    # (of its language, sharing no 4-gram with it: only the story ties them)
    from crosswire.group.overlap import text_profile

    mine = text_profile(arts[i].title, arts[i].text).shingles
    j = next(j for j, b in enumerate(arts) if j != i and _bucket(b.id) == _bucket(arts[i].id)
             and b.language == arts[i].language and not mine & text_profile(b.title, b.text).shingles)
    arts[j] = dataclasses.replace(arts[j], outlet=credited)
    # the crediting article comes in the first run, its source in the last: the story it joins gives it a source
    first, last = arts[i], arts[j]
    rest = [a for k, a in enumerate(arts) if k not in (i, j)]
    arts = [first, *rest[:2], last, *rest[2:]]
    arts = [dataclasses.replace(a, published=f"2018-07-{1 + k % 20:02d}" if k % 3 else None)
            for k, a in enumerate(arts)]
    dup = dataclasses.replace(arts[0], id="dup-of-first", duplicate_of=arts[0].id, flags=("exact-duplicate",))
    arts.append(dup)
    embedder = get_embedder()
    live = [a for a in arts if not a.duplicate_of]
    vectors = embed_articles(live, embedder, {})
    p = params()
    sentences = SentenceVectors(embedder, p["translation_sentences"], p["translation_words"])
    sentences.prefetch(live)
    return arts, vectors, dict(sentences.cache), embedder.name


def _bucket(aid: str) -> int:
    import zlib

    return zlib.crc32(aid.encode()) % 9


def _stories(arts: list[Article]) -> list[Story]:
    """Stories that change as articles arrive: the live articles bucketed by a hash of their id, the id after the
    earliest member (as grouping names them)."""
    buckets: dict[int, list[str]] = {}
    for a in arts:
        if not a.duplicate_of:
            buckets.setdefault(_bucket(a.id), []).append(a.id)
    return [Story(f"s-{min(m)}", "", tuple(sorted(m))) for m in buckets.values()]


def _store(db: str, corpus, arts: list[Article]):
    from crosswire.group.cache import stored_index
    from crosswire.store import Store

    _, vectors, sentences, model = corpus
    store = Store(db)
    store.save_facts([ArticleFacts(article=a) for a in arts])
    mine = {a.id: vectors[a.id] for a in arts if a.id in vectors}
    store.save_vectors(model, mine)
    store.save_sentence_vectors(model, {a: sentences[a] for a in mine})
    stored_index(store, model, mine)  # the vector index grouping keeps
    return store


def _runs(db: str, corpus, batches: int) -> tuple[dict, list]:
    """Derivations after analysing the corpus in ``batches`` interleaved runs, and what each run returned."""
    from crosswire.run.regroup import derive_stored

    arts = corpus[0]
    seen: list[Article] = []
    outs = []
    for k in range(batches):
        part = arts[k::batches]
        store = _store(db, corpus, part)
        before = {x.id: x.articles for x in _stories(seen)}
        seen += part
        outs.append(derive_stored(store, None, _stories(seen), dirty={a.id for a in part}, old_stories=before))
        store.close()
    from crosswire.store import Store

    store = Store(db)
    try:
        return store.derivations(), outs
    finally:
        store.close()


def _full(db: str, corpus) -> dict:
    from crosswire.run.regroup import derive_stored

    store = _store(db, corpus, corpus[0])
    try:
        derive_stored(store, None, _stories(corpus[0]))  # what `crosswire rebuild` does
        return store.derivations()
    finally:
        store.close()


@pytest.fixture(params=["default", "tight"])
def tuned(request, monkeypatch):
    """The calibrated parameters, or tight ones that make a new article change old pairs."""
    from crosswire.group.derive import params

    if request.param == "tight":
        monkeypatch.setitem(params(), "max_shingle_articles", 2)
        monkeypatch.setitem(params(), "cross_neighbours", 1)
        monkeypatch.setitem(params(), "cross_vector_cos", 0.8)
    return request.param


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_dbs(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "full.db"), str(tmp_path / "runs.db")
    import psycopg

    url = request.getfixturevalue("pg_url")
    names = []
    for _ in range(2):
        import uuid

        name = f"cw_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        names.append(name)
    request.addfinalizer(lambda: _drop(url, names))
    return tuple(url.rsplit("/", 1)[0] + "/" + n for n in names)


def _drop(url, names):
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for n in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)')


def _kinds(found: dict) -> set[str]:
    return {d.kind for ds in found.values() for d in ds}


def test_small_runs_derive_what_one_full_derivation_does(corpus, tuned, two_dbs):
    full_db, runs_db = two_dbs
    full = _full(full_db, corpus)
    if tuned == "default":  # the corpus holds every kind
        assert {"copy", "rewrite", "translation", "wire"} <= _kinds(full)
        assert any(d.kind == "wire" and d.article for ds in full.values() for d in ds)
        assert [d.kind for d in full["dup-of-first"]] == ["copy"]
    found, outs = _runs(runs_db, corpus, 4)
    assert found == full
    # the later runs derived from the kept state (the first had none), and said which articles changed
    assert all(isinstance(o, tuple) for o in outs)
    assert outs[-1][0] == full and outs[-1][1]


def test_kept_state_equals_the_full_one(corpus, tuned, tmp_path):
    """The nearest lists and 4-gram counts a run keeps are those a full derivation keeps."""
    from crosswire.store import Store

    _full(str(tmp_path / "full.db"), corpus)
    _runs(str(tmp_path / "runs.db"), corpus, 3)
    one, many = Store(str(tmp_path / "full.db")), Store(str(tmp_path / "runs.db"))
    ids = one.derive_article_ids()
    assert many.derive_article_ids() == ids
    assert many.derive_near(ids) == one.derive_near(ids)
    grams = set().union(*(g for _, g in one.derive_articles(ids).values()))
    assert many.derive_df(grams) == one.derive_df(grams)
    assert many.derive_postings(grams) == one.derive_postings(grams)
    one.close()
    many.close()


def test_a_reread_or_a_state_of_other_parameters_derives_everything(corpus, tmp_path, monkeypatch):
    from crosswire.group import derive_state
    from crosswire.group.derive import params

    db = str(tmp_path / "s.db")
    arts = corpus[0]
    store = _store(db, corpus, arts[:10])
    from crosswire.run.regroup import derive_stored

    derive_stored(store, None, _stories(arts[:10]))
    assert derive_state.derive_changed(store, {arts[0].id}, _stories(arts[:10]), {}, corpus[3], None) is None
    monkeypatch.setitem(params(), "min_shared_shingles", 7)
    assert derive_state.derive_changed(store, set(), _stories(arts[:10]), {}, corpus[3], None) is None
    store.close()


def _six_new(corpus, tmp_path):
    """A store whose originals are derived, with six more development articles stored after them (not derived):
    (the store, the model, the new articles' unit vectors, their languages)."""
    from crosswire.group import derive_state
    from crosswire.run.regroup import derive_stored

    arts = [a for a in corpus[0] if not a.duplicate_of]
    store = _store(str(tmp_path / "s.db"), corpus, arts[:-6])
    derive_stored(store, None, _stories(arts[:-6]))
    new = arts[-6:]
    _store(str(tmp_path / "s.db"), corpus, new).close()
    model = corpus[3]
    vec = derive_state._unit_vectors(store.load_vectors(model, [a.id for a in new]), {a.id: a for a in new})
    langs = {a.id: a.language for a in new}
    return store, model, vec, langs


def test_the_every_vector_fallback_reads_the_index_and_finds_what_every_stored_vector_gives(corpus, tmp_path,
                                                                                           monkeypatch):
    """A new article whose asked-for hits are all close is compared with every original: from the index's vectors
    as one matrix product, the same nearest lists as reading every stored vector (the path without an index)."""
    from crosswire.group import derive_near
    from crosswire.group.derive import params

    store, model, vec, langs = _six_new(corpus, tmp_path)
    p = {**params(), "cross_vector_cos": 0.5}
    monkeypatch.setattr(derive_near, "REVERSE_HITS", 1)  # one hit asked: a close one sends it to the fallback
    taken = []
    real = derive_near.every_close

    def spy(store, index, exact, *rest):
        taken.append((index is not None, list(exact)))
        return real(store, index, exact, *rest)

    monkeypatch.setattr(derive_near, "every_close", spy)
    fast = derive_near.near_update(store, model, vec, langs, p)
    assert taken and taken[0][0] and taken[0][1]  # the fallback ran, on the index
    monkeypatch.setattr(derive_near, "every_close", lambda s, index, *rest: real(s, None, *rest))
    slow = derive_near.near_update(store, model, vec, langs, p)
    assert fast == slow
    assert any(fast[0].values()) and fast[1]  # lists across languages were found, and old lists entered
    store.close()


def test_nearest_lists_without_the_fallback_read_no_list_of_every_original(corpus, tmp_path, monkeypatch):
    """When the hits asked of the index are not all close, the new articles' nearest lists across languages come
    from those hits alone: the originals among them are looked up by label, no original's id is read beyond them
    (the same lists as the path that compares with every original)."""
    from crosswire.group import derive_near, derive_state
    from crosswire.group.derive import params
    from crosswire.store import Store

    store, model, vec, langs = _six_new(corpus, tmp_path)
    every = store.load_vectors(model)
    stored = derive_state._unit_vectors(every, dict.fromkeys(every))
    lowest = max(min(float(v @ w) for w in stored.values()) for v in vec.values())
    p = {**params(), "cross_vector_cos": lowest + 0.02}  # each new article has a stored vector below the bar
    whole = []
    for name in ("derive_article_ids", "article_ids", "live_article_ids"):
        plain = getattr(Store, name)

        def spy(self, *a, _plain=plain, _name=name, **kw):
            if not a or a[0] is None and not kw:
                whole.append(_name)  # a read of every id
            return _plain(self, *a, **kw)

        monkeypatch.setattr(Store, name, spy)
    monkeypatch.setattr(derive_near, "every_close", lambda *a: pytest.fail("fallback taken"))
    fast = derive_near.near_update(store, model, vec, langs, p)
    assert whole == []
    monkeypatch.undo()
    monkeypatch.setattr(derive_near, "REVERSE_HITS", 1)  # every new article compared with every original
    slow = derive_near.near_update(store, model, vec, langs, p)
    assert fast == slow and any(fast[0].values())
    store.close()


def test_a_process_reads_every_derivation_once_and_then_only_what_a_run_replaced(corpus, tmp_path, monkeypatch):
    """A process keeps every stored derivation as its last run left it (per store, while the kept state is the
    generation that run wrote): later runs return what the store holds, reading back only the records they
    replaced; a store another process wrote in between is read whole again."""
    from crosswire.run.regroup import derive_stored
    from crosswire.store import Store

    plain = Store.derivations
    whole: list[int] = []  # the run (0-based) of every read of every derivation

    def spy(self, ids=None):
        if ids is None:
            whole.append(run)
        return plain(self, ids)

    monkeypatch.setattr(Store, "derivations", spy)
    db = str(tmp_path / "runs.db")
    arts, seen = corpus[0], []
    for run in range(4):
        part = arts[run::4]
        store = _store(db, corpus, part)
        before = {x.id: x.articles for x in _stories(seen)}
        seen += part
        got, _ = derive_stored(store, None, _stories(seen), dirty={a.id for a in part}, old_stories=before)
        assert got == plain(store)  # what the store holds, each article's records in the same order
        store.close()
    # the first run derives in full (no state kept yet) and the second reads every record (that state names no
    # generation); the later ones take the process's copy
    assert whole and max(whole) <= 1
    # another writer in between: the kept generation is not this process's any more, so every record is read
    store = Store(db)
    store.save_derive_state(full=False, meta={"generation": "another-process"}, articles={}, df={}, postings=[],
                            drop_postings=[], near={})
    extra = dataclasses.replace(arts[0], id="late-copy", source="late")
    store.save_facts([ArticleFacts(article=extra)])
    whole.clear()
    run = 4
    got, _ = derive_stored(store, None, _stories(seen + [extra]), dirty={"late-copy"}, old_stories={
        x.id: x.articles for x in _stories(seen)})
    assert got == plain(store) and whole == [4]
    store.close()


def test_a_process_keeps_the_originals_vectors_for_the_exact_search_between_runs(corpus, tmp_path, monkeypatch):
    """Runs whose new articles all go to the search against every original (one index hit asked) take the
    originals' vectors from this process's copy after the first, each run adding its new originals: the same
    derivations and nearest lists as runs that read every original each time; another writer's run in between
    makes the next one read them again."""
    from crosswire.group import derive_near
    from crosswire.group.cache import stored_index
    from crosswire.group.derive import params
    from crosswire.run.regroup import derive_stored
    from crosswire.store import Store

    monkeypatch.setattr(derive_near, "REVERSE_HITS", 1)
    monkeypatch.setitem(params(), "cross_vector_cos", 0.8)
    plain = Store.derive_article_ids
    reads: list[str] = []

    def spy(self, originals=False):
        if originals:
            reads.append(str(self.engine.url))
        return plain(self, originals)

    monkeypatch.setattr(Store, "derive_article_ids", spy)
    model = corpus[3]

    def runs(db: str) -> list[int]:
        arts, seen, per_run = corpus[0], [], []
        for k in range(4):
            part = arts[k::4]
            store = _store(db, corpus, part)
            before = {x.id: x.articles for x in _stories(seen)}
            seen += part
            reads.clear()
            derive_stored(store, None, _stories(seen), dirty={a.id for a in part}, old_stories=before,
                          index=stored_index(store, model, {}))
            per_run.append(len(reads))
            store.close()
        return per_run

    kept = runs(str(tmp_path / "kept.db"))
    real = derive_near.remember
    monkeypatch.setattr(derive_near, "remember", lambda *a: None)
    monkeypatch.setattr("crosswire.group.derive_state.remember", lambda *a: None)
    every = runs(str(tmp_path / "every.db"))
    assert every[1:] == [1, 1, 1]  # each later run read every original once
    # the first run derives in full; the second reads them (that state names no generation) and keeps its copy
    assert kept[1:] == [1, 0, 0]
    one, two = Store(str(tmp_path / "kept.db")), Store(str(tmp_path / "every.db"))
    ids = plain(one)
    assert plain(two) == ids and one.derive_near(ids) == two.derive_near(ids)
    assert one.derivations() == two.derivations()
    two.close()
    # another writer's run: the kept state's generation is not the one this process's copy was made for
    monkeypatch.setattr("crosswire.group.derive_state.remember", real)
    one.save_derive_state(full=False, meta={"generation": "another-process"}, articles={}, df={}, postings=[],
                          drop_postings=[], near={})
    extra = dataclasses.replace(corpus[0][1], id="late-copy", source="late")
    one.save_facts([ArticleFacts(article=extra)])
    one.save_vectors(model, {"late-copy": corpus[1][corpus[0][1].id]})
    reads.clear()
    seen = list(corpus[0]) + [extra]
    derive_stored(one, None, _stories(seen), dirty={"late-copy"}, old_stories={
        x.id: x.articles for x in _stories(list(corpus[0]))}, index=stored_index(one, model, {"late-copy": corpus[1][
            corpus[0][1].id]}))
    assert len(reads) == 1
    one.close()
