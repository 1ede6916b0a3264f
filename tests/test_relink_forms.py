"""Incremental relinking by unit form (run/relink.py, read/linkkeys.unit_forms): a run reads one stored unit of
each form its keys reach, not every article that names a frequent surname, moves every unit of a form whose ids
change, and leaves the store a full relink of the same articles leaves.

Real SlavicNER brexit ru sentences (skipped without the shared data): Доминик Рааб named in full, the surname
alone (also declined, "Рабу") in copies of a short report, then a namesake that makes the surname ambiguous.
"""

from __future__ import annotations

import dataclasses

import pytest

from crosswire.model import Article, ArticleFacts

FULL = "brexit_ru.txt_file_1008.txt"  # "Доминик Рааб, который ранее занимал пост ... был назначен ..."
ALONE = ("Известно, что Рааб был не едиственным претендентом на пост министра. "  # 1008
         "Рабу предстоит огромный объем работы, ведь Англия должна покинуть ЕС к 29 марта 2019.")  # 1105
NAMESAKE = "Прежний министр жилищного возведения Англии Петр Рааб назначен на пост министра по делам Brexit."


def _read(article: Article) -> ArticleFacts:
    from crosswire.nlp import get_analyzer
    from crosswire.read.entities import read_entities

    entities, mentions = read_entities(article, get_analyzer("ru").parse(article.text))
    return ArticleFacts(article=article, entities=tuple(entities), mentions=tuple(mentions))


def _copy(f: ArticleFacts, k: int) -> ArticleFacts:
    aid = f"{f.article.id}-{k}"
    return dataclasses.replace(f, article=dataclasses.replace(f.article, id=aid, source=f"{f.article.source}#{k}"),
                               mentions=tuple(dataclasses.replace(m, article=aid) for m in f.mentions))


@pytest.fixture(scope="module")
def raab(shared_data):
    path = shared_data / "slavicner" / "raw" / "brexit" / "ru" / FULL
    if not path.is_file():
        pytest.skip("SlavicNER brexit ru documents not found")
    full = _read(Article(id="full", source="full", text=path.read_text(encoding="utf-8"), language="ru"))
    alone = _read(Article(id="alone", source="alone", text=ALONE, language="ru"))
    namesake = _read(Article(id="namesake", source="namesake", text=NAMESAKE, language="ru"))
    assert any(m.text == "Рааб" for m in alone.mentions) and any(m.text == "Рабу" for m in alone.mentions)
    return full, alone, namesake


def _ids(store) -> dict[tuple[str, int], str]:
    return {(m.article, m.start): m.entity for f in store.facts(kinds=("mentions",)) for m in f.mentions}


def _rebuilt(path, facts: list[ArticleFacts]) -> dict[tuple[str, int], str]:
    """What relinking every one of ``facts`` (a store's, as stored) gives: ``crosswire rebuild``."""
    from crosswire.run.relink import relink_changed
    from crosswire.store import Store

    store = Store(str(path))
    try:
        store.save_facts(facts)
        relink_changed(store, store.facts())
        return _ids(store)
    finally:
        store.close()


def test_a_run_relinks_one_unit_per_form_and_equals_a_full_relink(raab, tmp_path):
    from crosswire.run.relink import index_forms, relink_changed, relink_touched
    from crosswire.store import Store
    from crosswire.store import schema as s

    full, alone, namesake = raab
    store = Store(str(tmp_path / "runs.db"))
    read: list[int] = []
    plain = store.facts

    def counted(ids=None, kinds=None):
        got = plain(ids, kinds)
        if kinds == ("mentions",):
            read.append(len(got))
        return got

    runs = [[_copy(alone, k) for k in range(6)], [full], [_copy(alone, k) for k in range(6, 12)], [namesake]]
    surname_ids = []
    for n, batch in enumerate(runs):
        store.save_facts(batch)
        as_stored = store.facts()
        read.clear()
        if n == 0:
            relink_changed(store, store.facts())
        else:
            store.facts = counted
            relink_touched(store, None, {f.article.id for f in batch})
            store.facts = plain
            # 6-12 stored reports name Рааб alone: the run reads one unit of each form its keys reach
            assert sum(read) <= 3, read
        got = _ids(store)
        assert got == _rebuilt(tmp_path / f"rebuilt{n}.db", as_stored), n
        surname_ids.append({e for (a, start), e in got.items() if a.startswith("alone-") and start in (14, 69)})
    # the full name arrived: every stored copy's "Рабу" joins it; a namesake: the surname stands alone again
    assert surname_ids[0] == {"PER:dominic-raab", "PER:rab"}
    assert surname_ids[1] == surname_ids[2] == {"PER:dominic-raab"}
    assert surname_ids[3] == {"PER:rab"}
    # a store linked before unit forms were kept is indexed to the same units (the form keys kept are only
    # added to: those of forms no unit has any more stay)
    with store.engine.connect() as conn:
        units, keys = (set(conn.execute(t.select()).all()) for t in (s.link_units, s.link_form_keys))
    with store.engine.begin() as conn:
        conn.execute(s.link_units.delete())
        conn.execute(s.link_form_keys.delete())
    index_forms(store)
    with store.engine.connect() as conn:
        again, keys_again = (set(conn.execute(t.select()).all()) for t in (s.link_units, s.link_form_keys))
    assert again == units and keys_again <= keys and {f for f, _ in keys_again} == {f for _, _, f in units}
    store.close()
