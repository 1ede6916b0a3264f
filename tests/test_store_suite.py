"""The store on SQLite and PostgreSQL alike: migrations, round trips, idempotent and atomic batched writes.

Every test takes ``store_db`` (a fresh SQLite file, then a fresh PostgreSQL database when a server is reachable).
"""

from __future__ import annotations

import re
import threading
import traceback

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from crosswire.model import ArticleFacts, Entity, Mention, TimeRef
from crosswire.serialize import to_dict
from crosswire.store import Store, db_url
from crosswire.store import schema as s
from crosswire.store.migrate import BASELINE, head

CAPS = re.compile(r"\b[А-ЯЁІЇЄҐA-Z][а-яёіїєґa-z]{3,}\b")


def _facts(article) -> ArticleFacts:
    """Facts built from the real text: capitalised words as mentions, years as time references."""
    mentions, entities = [], {}
    for m in CAPS.finditer(article.text):
        eid = "Q:" + m.group().lower()
        entities[eid] = Entity(id=eid, name=m.group(), type="PER", aliases=(m.group(),))
        mentions.append(Mention(article=article.id, entity=eid, start=m.start(), end=m.end(), text=m.group()))
    times = [TimeRef(id=f"{article.id}:t{m.start()}", article=article.id, start=m.start(), end=m.end(), text=m.group(),
                     value=m.group(), grain="year", anchor="absolute") for m in re.finditer(r"\b20\d\d\b", article.text)]
    return ArticleFacts(article=article, entities=tuple(entities.values()), mentions=tuple(mentions),
                        timerefs=tuple(times), embedding=(0.25, -1.0, 1 / 3))


def _counts(db: str) -> dict[str, int]:
    eng = create_engine(db_url(db))
    with eng.connect() as conn:
        out = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in s.metadata.sorted_tables}
    eng.dispose()
    return out


def test_fresh_database_is_migrated_to_head_and_matches_schema(store_db):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    Store(store_db).close()
    eng = create_engine(db_url(store_db))
    with eng.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head()
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), s.metadata)
    eng.dispose()
    assert diff == [], "migrations and schema.py disagree: add a revision"


def test_pre_migration_database_is_stamped_and_upgraded(store_db, seed_articles):
    eng = create_engine(db_url(store_db))
    # tables of revisions after 0001
    later = ("watch_", "story_corrections", "story_redirects", "ann_index", "watchlists", "alerts", "alert_deliveries",
             "monitor_seen", "digests_sent", "quote_groups", "derivations", "sentence_vectors", "link_", "group_",
             "dedup_bands", "derive_", "text_vectors")
    old = [t for name, t in s.metadata.tables.items() if not name.startswith(later)]
    s.metadata.create_all(eng, tables=old)  # what the skeleton's create_all made, before Alembic
    a = seed_articles["000"]
    with eng.begin() as conn:
        conn.execute(s.articles.insert(), [{"id": a.id, "source": a.source, "text": a.text, "data": to_dict(a)}])
    eng.dispose()
    store = Store(store_db)
    assert store.article_ids() == {a.id}
    store.close()
    eng = create_engine(db_url(store_db))
    with eng.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head() != BASELINE
        assert {"watch_feeds", "watch_seen"} <= set(inspect(conn).get_table_names())
    eng.dispose()


def test_concurrent_openers_migrate_once(store_db):
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            Store(store_db).close()
        except BaseException:  # noqa: BLE001 - collected and asserted below
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [], errors[0][-3000:]
    assert _counts(store_db)["articles"] == 0


def test_facts_round_trip(store_db, seed_articles):
    batch = [_facts(a) for a in seed_articles.values()]
    store = Store(store_db)
    store.save_facts(batch)
    back = {f.article.id: f for f in store.facts()}
    store.close()
    assert len(back) == len(batch)
    for f in batch:
        got = back[f.article.id]
        assert got.mentions == tuple(sorted(f.mentions, key=lambda m: (m.start, m.end)))
        assert got.timerefs == f.timerefs and got.embedding == f.embedding
        assert {e.id for e in got.entities} == {e.id for e in f.entities}
        assert got.article == f.article


def test_writes_are_idempotent(store_db, seed_articles):
    batch = [_facts(a) for a in seed_articles.values()]
    store = Store(store_db)
    store.save_facts(batch)
    first = _counts(store_db)
    store.save_facts(batch)
    store.save_facts(batch[:2] + batch[:2])  # a batch may even repeat an article
    store.close()
    assert _counts(store_db) == first
    assert first["articles"] == 5 and first["mentions"] > 50 and first["embeddings"] == 5


def test_analyze_twice_changes_no_row(store_db):
    import crosswire
    from conftest import SEEDS

    crosswire.analyze([str(SEEDS)], db=store_db, progress=False)
    first = _counts(store_db)
    crosswire.analyze([str(SEEDS)], db=store_db, progress=False)
    assert _counts(store_db) == first
    crosswire.analyze([str(SEEDS)], db=store_db, progress=False, reread=True)
    assert _counts(store_db) == first
    assert first["articles"] == 5


def test_reread_drops_facts_no_longer_found(store_db, seed_articles):
    f = _facts(seed_articles["001"])
    store = Store(store_db)
    store.save_facts([f])
    store.save_facts([ArticleFacts(article=f.article, entities=f.entities, mentions=f.mentions[:3])])
    assert len(store.facts()[0].mentions) == 3 and store.facts()[0].timerefs == ()
    store.close()


def test_a_failing_batch_rolls_back_whole(store_db, seed_articles):
    good = [_facts(a) for a in list(seed_articles.values())[:3]]
    bad_article = list(seed_articles.values())[3]
    bad = ArticleFacts(article=bad_article, mentions=(Mention(article=bad_article.id, entity=object(), start=0, end=1,
                                                             text="x"),))
    store = Store(store_db)
    with pytest.raises(Exception):  # noqa: B017 - the driver's error type differs by database
        store.save_facts([*good, bad])
    assert store.article_ids() == set()
    assert _counts(store_db)["mentions"] == 0
    store.close()


def test_concurrent_writers_leave_one_copy(store_db, seed_articles):
    batch = [_facts(a) for a in seed_articles.values()]
    Store(store_db).close()
    errors: list[BaseException] = []

    def write(part) -> None:
        store = Store(store_db)
        try:
            for _ in range(3):
                store.save_facts(part)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            store.close()

    parts = [batch[:3], batch[2:], batch[::2], batch]
    threads = [threading.Thread(target=write, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = _counts(store_db)
    assert counts["articles"] == 5
    assert counts["mentions"] == len({(m.article, m.start, m.end, m.entity) for f in batch for m in f.mentions})


def test_nul_characters_are_stored(store_db, seed_articles):
    import dataclasses

    a = seed_articles["003"]
    odd = dataclasses.replace(a, text=a.text[:100] + "\x00" + a.text[101:])
    store = Store(store_db)
    store.save_facts([ArticleFacts(article=odd)])
    back = store.article(a.id)
    store.close()
    assert len(back.text) == len(a.text)  # offsets into the text stay valid
    assert back.text[:100] == a.text[:100] and back.text[101:] == a.text[101:]


def test_migrations_downgrade_to_base_and_back(store_db):
    from alembic import command

    from crosswire.store.migrate import _config

    Store(store_db).close()
    eng = create_engine(db_url(store_db))
    with eng.begin() as conn:
        command.downgrade(_config(conn), "base")
    with eng.connect() as conn:
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
    eng.dispose()
    store = Store(store_db)  # opening upgrades again
    assert store.article_ids() == set()
    store.close()


def test_same_json_document_from_every_store(store_db, seeds_result):
    import crosswire
    from conftest import SEEDS
    from crosswire.serialize import dumps

    reference, _db = seeds_result  # analysed into SQLite by the shared fixture
    got = crosswire.analyze([str(SEEDS)], db=store_db, progress=False)
    assert dumps(got) == dumps(reference)  # byte for byte: key order of free-form dicts included


def test_head_and_current_revision_read_without_alembic_agree_with_alembic(store_db):
    """The newest shipped revision (the highest-numbered script) and a database's revision (its version table,
    read directly) are what Alembic reads: a store opened at head skips importing Alembic (0.07 CPU s a process)."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from crosswire.store.migrate import _config, current

    assert head() == ScriptDirectory.from_config(_config()).get_current_head()
    engine = create_engine(db_url(store_db))
    with engine.connect() as conn:
        assert current(conn) is None and MigrationContext.configure(conn).get_current_revision() is None
    Store(store_db).close()
    with engine.connect() as conn:
        assert current(conn) == MigrationContext.configure(conn).get_current_revision() == head()
    engine.dispose()
