"""The tail of a first run into a store (everything it regroups is new): the corpus is read once after relinking,
derivation's text part runs in a reading process while this one relinks and groups, and the run leaves the
result and the store that regrouping by the kept-state path in one process leaves; so does a run whose text part
failed in the other process (derived here instead).

Real articles: 60 SlavicNER brexit ru and 20 brexit uk texts (copies, rewrites and cross-language pairs among
them; enough for reading processes to start), one run into an empty store, the same run with regrouping held to
the path an incremental run takes.
"""

from __future__ import annotations

import shutil

import pytest

from crosswire.group.derive import TextFindings
from crosswire.run import regroup

pytestmark = pytest.mark.slow


def _corpus(shared_data, tmp_path):
    out = tmp_path / "corpus"
    out.mkdir()
    raw = shared_data / "slavicner" / "raw" / "brexit"
    picked = sorted((raw / "ru").glob("*.txt"))[:60] + sorted((raw / "uk").glob("*.txt"))[:20]
    if len(picked) < 80:
        pytest.skip("SlavicNER raw texts not found")
    for i, f in enumerate(picked):
        shutil.copy(f, out / f"{i:03d}_{f.name}")
    return [str(out)]


def _document(db: str) -> str:
    from crosswire import api
    from crosswire.serialize import dumps

    result = api.load(db)
    result.errors = []
    return dumps(result)


def _run(inputs, db: str) -> str:
    import crosswire
    from crosswire.serialize import dumps

    result = crosswire.analyze(inputs, db=db, progress=False)
    return dumps(result)


@pytest.fixture(scope="module")
def touched(shared_data, tmp_path_factory):
    """(inputs, the run's JSON, the store's JSON) with regrouping by the path an incremental run takes."""
    from crosswire.run import analyze as run

    tmp = tmp_path_factory.mktemp("tail")
    inputs = _corpus(shared_data, tmp)
    db = str(tmp / "touched.db")
    mp = pytest.MonkeyPatch()
    mp.setattr(run, "regroup", lambda store, dirty, **_: regroup.regroup(store, dirty))
    try:
        got = _run(inputs, db)
    finally:
        mp.undo()
    return inputs, got, _document(db)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_first_run_reads_its_corpus_once_and_equals_the_touched_path(touched, backend, tmp_path, request,
                                                                        monkeypatch):
    from crosswire.store import Store

    inputs, run_json, store_json = touched
    db = str(tmp_path / "whole.db") if backend == "sqlite" else request.getfixturevalue("fresh_pg")
    reads: list[int] = []
    facts = Store.facts

    def counted(self, ids=None, kinds=None):
        got = facts(self, ids, kinds)
        if len(got) >= 60:  # a read of (nearly) the whole corpus
            reads.append(len(got))
        return got

    ahead = []
    started = regroup._texts_ahead

    def watched(*args):
        ahead.append(started(*args))
        return ahead[-1]

    monkeypatch.setattr(Store, "facts", counted)
    monkeypatch.setattr(regroup, "_texts_ahead", watched)
    assert _run(inputs, db) == run_json
    monkeypatch.undo()
    assert _document(db) == store_json
    assert len(reads) == 2, reads  # relinking's, and the facts as relinking wrote them (five on the other path)
    assert len(ahead) == 1 and isinstance(ahead[0].result(), TextFindings)  # computed in a reading process


def test_a_text_part_that_failed_elsewhere_is_derived_here(touched, tmp_path, monkeypatch):
    from concurrent.futures import Future

    inputs, run_json, store_json = touched
    failed: Future = Future()
    failed.set_exception(RuntimeError("a reading process died"))
    monkeypatch.setattr(regroup, "_texts_ahead", lambda *_: failed)
    db = str(tmp_path / "failed.db")
    assert _run(inputs, db) == run_json
    assert _document(db) == store_json
