"""What every run asks the whole store, answered from indexes: the originals the grouping state does not hold yet
(and the ones it holds that are no longer originals), and the articles no alert pass has seen. On real SlavicNER
articles, SQLite and PostgreSQL: the answers are the set differences they stand for; on SQLite the statements
read no article row by a scan (a scan of the articles' wide rows cost 0.2 and 0.13 CPU s a run at 50k), nor do
any of a whole incremental run's (an index of the originals led by ``duplicate_of`` was taken by the lookups by
content hash and vector label, which then scanned every original: 26 and 50 ms each at 10k)."""

from __future__ import annotations

import dataclasses
import re

import pytest

FILES = ["slavicner/raw/brexit/ru/brexit_ru.txt_file_10.txt", "slavicner/raw/brexit/ru/brexit_ru.txt_file_1000.txt",
         "slavicner/raw/brexit/ru/brexit_ru.txt_file_1001.txt"]


@pytest.fixture
def changed_store(shared_data, store_db):
    """A store of three analysed articles, then a fourth stored without a run (not grouped, not looked at by
    alerts) and one of the three re-stored as a duplicate of another (no longer an original)."""
    import crosswire
    from crosswire.ingest import ingest
    from crosswire.model import Article
    from crosswire.pipeline import read_article
    from crosswire.store import Store

    result = crosswire.analyze([str(shared_data / f) for f in FILES[:2]], db=store_db, progress=False)
    first, second = sorted(a.id for a in result.articles)
    extra = [a for a in ingest([str(shared_data / FILES[2])]) if isinstance(a, Article)][0]
    store = Store(store_db)
    store.save_facts([read_article(extra)])
    copy = dataclasses.replace(store.facts([second])[0], article=dataclasses.replace(
        store.articles([second])[0], duplicate_of=first))
    store.save_facts([copy])
    yield store, first, second, extra.id
    store.close()


def _plans(store, call):
    """(statement, SQLite query plan details) of every SELECT ``call`` runs on any engine (explained on
    ``store``'s database)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: list[tuple[str, tuple]] = []

    def log(conn, cursor, statement, parameters, context, executemany):
        if not executemany:
            seen.append((statement, parameters))

    event.listen(Engine, "before_cursor_execute", log)
    try:
        out = call()
    finally:
        event.remove(Engine, "before_cursor_execute", log)
    raw = store.engine.raw_connection()
    try:
        plans = [(q, [row[3] for row in raw.cursor().execute("EXPLAIN QUERY PLAN " + q, p).fetchall()])
                 for q, p in seen if q.lstrip().upper().startswith("SELECT")]
    finally:
        raw.close()
    return out, plans


def _row_scans(plans) -> list[str]:
    """Plan steps that scan the articles table's rows (a scan of a covering index reads no row), or search it
    through an index without a value for the index's first column (which visits every entry)."""
    return [d for _, details in plans for d in details
            if re.match(r"SCAN (articles|a)\b", d) and "COVERING INDEX" not in d
            or re.match(r"SEARCH (articles|a) USING (COVERING )?INDEX ix_articles_live \((?!id=)", d)]


def test_run_checks_answer_from_indexes(changed_store):
    store, first, second, extra = changed_store
    new, removed = store.group_changes()
    assert (new, removed) == ({extra}, {second})
    assert store.unmonitored_ids() == [extra]
    if store.dialect != "sqlite":
        return
    (got, plans) = _plans(store, store.group_changes)
    assert got == ({extra}, {second}) and plans
    assert _row_scans(plans) == []
    got, plans = _plans(store, store.unmonitored_ids)
    assert got == [extra] and plans
    assert _row_scans(plans) == []


def test_an_incremental_run_scans_no_article_rows(shared_data, tmp_path):
    """Every SELECT of a run that adds one article to a stored one (SQLite): no scan of the articles' rows."""
    import crosswire
    from crosswire.store import Store

    db = str(tmp_path / "store.db")
    crosswire.analyze([str(shared_data / FILES[0])], db=db, progress=False)
    store = Store(db)
    try:
        _, plans = _plans(store, lambda: crosswire.analyze([str(shared_data / f) for f in FILES[:2]], db=db,
                                                            progress=False))
    finally:
        store.close()
    assert len(plans) > 20
    assert [(q, d) for q, details in plans for d in details if d in _row_scans([(q, [d])])] == []


def test_forms_are_read_from_the_index(changed_store):
    """The first article of each form a run reaches and a form's units (what relinking reads of the linking units)
    are the rows they stand for, and on SQLite come from an index alone: with an index of the form alone, every
    unit of a frequent form was looked up in the table's rows (31 ms for the forms of ten articles at 10k)."""
    from sqlalchemy import select

    from crosswire.store import schema as s

    store = changed_store[0]
    with store.engine.connect() as conn:
        units = conn.execute(select(s.link_units.c.article, s.link_units.c.entity, s.link_units.c.form)).all()
    forms = sorted({f for _, _, f in units})
    assert len(forms) > 10
    first: dict[str, str] = {}
    for a, _, f in units:
        first[f] = min(first.get(f, a), a)
    asked = forms[::2] + ["no such form"]
    assert store.form_examples(asked) == {f: first[f] for f in forms[::2]}
    assert store.units_of_forms(asked) == {(a, e): f for a, e, f in units if f in set(forms[::2])}
    if store.dialect != "sqlite":
        return
    plans = _plans(store, lambda: store.form_examples(asked))[1] + _plans(store, lambda: store.units_of_forms(asked))[1]
    steps = [d for _, details in plans for d in details if "link_units" in d]
    assert steps and all("COVERING INDEX" in d for d in steps), steps


def test_thread_pairs_into_and_out_are_the_rows_they_stand_for(shared_data, store_db):
    """The kept thread pairs into a set of stories (what a replayed month of thread linking reads) are the rows
    they stand for, and on SQLite come from the covering index (later, earlier, margin) alone: with an index of the
    later story alone, each pair was looked up in the table's rows (about 400k rows when a run at 10k articles
    decides years of months again: 0.66 -> 0.25 s)."""
    import crosswire
    from crosswire.store import Store

    files = sorted(str(p) for p in (shared_data / "slavicner/raw/brexit/ru").glob("*.txt"))[:24]
    crosswire.analyze(files, db=store_db, progress=False)
    store = Store(store_db)
    try:
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT a, b, margin FROM group_thread_pairs").all()
        later = sorted({b for _, b, _ in rows})
        assert len(rows) >= 3 and len(later) >= 2
        asked = later[::2] + ["no such story"]
        want = {(a, b): m for a, b, m in rows if b in set(asked)}
        assert want and store.thread_pairs_into(asked) == want
        assert store.thread_pairs_into([]) == {}
        # ... and the pairs from a set of earlier stories (what thread relinking weighs a changed thread with)
        earlier = sorted({a for a, _, _ in rows})[::2] + ["no such story"]
        want = {(a, b): m for a, b, m in rows if a in set(earlier)}
        assert want and store.thread_pairs_out(earlier) == want
        assert store.thread_pairs_out([]) == {}
        if store.dialect != "sqlite":
            return
        plans = _plans(store, lambda: store.thread_pairs_into(asked))[1]
        steps = [d for _, details in plans for d in details if "group_thread_pairs" in d]
        assert steps and all("COVERING INDEX" in d for d in steps), steps
    finally:
        store.close()


def test_published_articles_near_a_date_are_the_kept_windows(store_db):
    """The grouped articles whose date window comes within a day range (what a run lists a published article's
    neighbours among), with the cosine a new vector must reach to enter each one's list, are those the kept rows
    say, on both engines, and on SQLite come from the window index. On the five seeds (real articles, published
    in September 2025)."""
    import crosswire
    from conftest import SEEDS
    from crosswire.store import Store

    crosswire.analyze([str(SEEDS)], db=store_db, progress=False)
    store = Store(store_db)
    try:
        with store.engine.connect() as conn:
            ids = [a for (a,) in conn.exec_driver_sql("SELECT article FROM group_articles").all()]
        windows = {a: (*d["window"], d["last"]) for a, d in store.group_articles(ids).items() if d.get("window")}
        assert len(windows) >= 3, windows
        lo, hi = min(w[0] for w in windows.values()), max(w[1] for w in windows.values())
        assert store.group_dated_near(lo, hi) == windows
        first = min(windows.values())
        assert store.group_dated_near(first[0] - 30, first[0]) == {a: w for a, w in windows.items()
                                                                  if w[0] <= first[0]}
        assert store.group_dated_near(hi + 1, hi + 30) == {}
        if store.dialect != "sqlite":
            return
        plans = _plans(store, lambda: store.group_dated_near(lo, hi))[1]
        steps = [d for _, details in plans for d in details if "group_articles" in d]
        assert steps and all("ix_group_articles_day_hi" in d for d in steps), steps
    finally:
        store.close()
