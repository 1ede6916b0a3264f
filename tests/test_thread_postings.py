"""A process that runs again (`watch`) keeps the thread postings it read (each entity's kept stories) and every
kept story's thread row with the kept stories, updated with what each run writes: the next run asks the store only
for entities it has not read, reads the thread rows once, and the copy is what the store holds. On real SlavicNER articles, four runs in one process (the first one groups in
full and reads no postings)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_kept_postings_are_the_stores_and_are_not_read_again(shared_data, tmp_path, monkeypatch):
    import crosswire
    from crosswire.group import kept
    from crosswire.store import Store

    files = sorted((shared_data / "slavicner" / "raw" / "brexit" / "ru").glob("*.txt"))[:12]
    if len(files) < 12:
        pytest.skip("SlavicNER raw texts not found")
    db = str(tmp_path / "store.db")
    asked: list[set[str]] = []
    read = Store.group_story_postings

    def spy(self, entities):
        asked[-1].update(entities)
        return read(self, entities)

    monkeypatch.setattr(Store, "group_story_postings", spy)
    rows_read: list[int] = []
    thread_rows = Store.thread_stories

    def rows_spy(self):
        rows_read.append(len(asked))
        return thread_rows(self)

    monkeypatch.setattr(Store, "thread_stories", rows_spy)
    for k in range(4):
        asked.append(set())
        crosswire.analyze([str(f) for f in files[k::4]], db=db, progress=False)
    assert rows_read == [2]  # read by the first incremental run, then this process's copy
    assert asked[1] and sum(map(len, asked)) > 10
    later = asked[1:]
    assert all(not (later[i] & later[j]) for i in range(3) for j in range(i))  # each read once per process
    store = Store(db)
    try:
        (generation, _, _, posted, rows) = kept._KEPT[store.url]
        assert generation == store.group_meta()["generation"]
        assert rows == thread_rows(store) and len(rows) > 3  # every kept story's thread row, as the store holds
        assert len(posted) > 10
        assert posted == {e: frozenset(ss) for e, ss in read(store, list(posted)).items()}  # as the store posts
    finally:
        store.close()
