"""Title+lead vectors embedded in the background during `analyze` land in the store's cache, or fail softly."""

from __future__ import annotations

import logging

import pytest

from crosswire.group import embed
from crosswire.group.embed import HashingEmbedder, embed_articles
from crosswire.group.prefetch import VectorPrefetch
from crosswire.store import Store


class _Broken:
    name, dim = "broken", 3

    def embed(self, texts):
        raise RuntimeError("no model here")


def test_prefetched_vectors_are_cached_and_equal_direct_ones(seed_articles, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSWIRE_EMBEDDER", "hash")
    store = Store(str(tmp_path / "p.db"))
    arts = list(seed_articles.values())
    prefetch = VectorPrefetch()
    prefetch.submit(arts[:2])
    prefetch.submit(arts[2:])
    prefetch.submit([])  # an all-duplicates batch submits nothing
    prefetch.save(store)
    cached = store.load_vectors(HashingEmbedder.name)
    direct = embed_articles(arts, HashingEmbedder(), {})
    assert set(cached) == {a.id for a in arts}
    assert all(cached[a.id] == pytest.approx(direct[a.id]) for a in arts)


def test_a_failing_embedder_only_logs(seed_articles, tmp_path, monkeypatch, caplog):
    monkeypatch.setitem(embed.REGISTRY, "broken", _Broken)
    monkeypatch.setattr(embed, "_LOADED", {})
    monkeypatch.setenv("CROSSWIRE_EMBEDDER", "broken")
    store = Store(str(tmp_path / "b.db"))
    prefetch = VectorPrefetch()
    prefetch.submit(list(seed_articles.values()))
    with caplog.at_level(logging.WARNING):
        prefetch.save(store)
    assert "background embedding failed" in caplog.text
    assert store.load_vectors("broken") == {}


def test_analyze_leaves_every_new_article_embedded(tmp_path, monkeypatch):
    import crosswire
    from conftest import SEEDS

    monkeypatch.setenv("CROSSWIRE_EMBEDDER", "hash")
    db = str(tmp_path / "a.db")
    result = crosswire.analyze([str(SEEDS)], db=db, progress=False)
    store = Store(db)
    assert set(store.load_vectors(HashingEmbedder.name)) == {a.id for a in result.articles}
