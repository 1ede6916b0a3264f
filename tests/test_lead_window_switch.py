"""A title+lead vector belongs to the model and the window that made it: changing ``lead_words`` on a kept store
embeds its articles again, once, and groups with the new window's vectors alone.

The store keeps title+lead vectors, their nearest-neighbour index and the grouping state under
``embed.vector_key`` (the embedder's name, plus ``+lead<N>`` for any window but the former 20 words, so a store
written before the window was a setting keeps its key). Without it a store embedded with title + 20 words would
hand those vectors to a run embedding title + 15 (the two agree to cosine ~0.99, close enough to hide a mix in
the stories), so the vectors every grouping profile holds are checked one by one, as for a change of embedder
(tests/test_embedder_switch.py).

Real text: the seed articles, read by the real readers, embedded by the default e5-onnx-mixed, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import numpy as np

from conftest import SEEDS, assert_grouped_with_key
from crosswire.group import embed
from crosswire.settings import Settings, using

ENGINE = "e5-onnx-mixed"  # the default


def test_the_key_carries_the_window_and_the_former_window_keeps_the_bare_name():
    e = embed.get_embedder("hash")
    assert embed.LEAD_WORDS == 20 and embed.vector_key(e, 20) == e.name  # stores written before keep their key
    assert embed.vector_key(e, 15) == f"{e.name}+lead15" != embed.vector_key(e, 10)
    with using(Settings(embedder="hash", lead_words=15)):
        assert embed.vector_key(e) == f"{e.name}+lead15" and embed.lead_window() == 15


def _run(paths, db, lead_words, seen, embedded):
    """``crosswire.analyze`` with title + ``lead_words``; ``seen`` gets (article, vector) of every profile grouping
    built, ``embedded`` (article, window) of every title+lead text made to embed."""
    import crosswire
    from crosswire.group.state import Corpus

    seen.clear()
    embedded.clear()
    original, text = Corpus.profile, embed.article_text

    def spy(self, a):
        p = original(self, a)
        seen.append((a, None if p.vector is None else np.asarray(p.vector, dtype=np.float64)))
        return p

    def counted(article, lead_words=None):
        embedded.append((article.id, lead_words))
        return text(article, lead_words)

    Corpus.profile, embed.article_text = spy, counted
    try:
        with using(Settings(embedder=ENGINE, lead_words=lead_words, workers=1, embed_threads=1)):
            return crosswire.analyze(paths, db=db, progress=False)
    finally:
        Corpus.profile, embed.article_text = original, text


def _reference(store, ids, lead_words):
    """Each article's vector of title + ``lead_words`` words."""
    arts = {a.id: a for a in store.articles(sorted(ids))}
    engine = embed.get_embedder(ENGINE)
    return {a: np.asarray(engine.embed([embed.article_text(arts[a], lead_words)])[0]) for a in ids}


def _check_grouped_with(store, seen, window, other):
    """Every profile grouping built holds the ``window`` vector of its article (not the ``other`` window's), every
    live article has one stored under that window's key and none under the other's, the index holds them all and
    the grouping state was written for that key."""
    live = store.live_of(store.article_ids())
    engine = embed.get_embedder(ENGINE)
    assert_grouped_with_key(store, seen, _reference(store, live, window), _reference(store, live, other),
                            embed.vector_key(engine, window), embed.vector_key(engine, other))


def test_a_store_embedded_with_one_window_is_embedded_again_once_under_another(store_db):
    from crosswire.store import Store

    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    seen: list = []
    embedded: list = []
    _run(seeds[:3], store_db, 20, seen, embedded)  # a store kept from before the window changed
    store = Store(store_db)
    try:
        _check_grouped_with(store, seen, 20, 15)
        assert sorted(embedded) == sorted((a, 20) for a in store.live_of(store.article_ids()))
        assert store.load_vectors(ENGINE)  # title + 20 words: the bare name, as stores written before keep it

        # the window changes; the next run brings two new articles (an incremental run on the old store)
        result = _run(seeds, store_db, 15, seen, embedded)
        assert len(result.articles) == 5
        _check_grouped_with(store, seen, 15, 20)
        live = store.live_of(store.article_ids())
        # each live article embedded once, with title + 15 words: the three old ones again, the two new ones
        assert sorted(embedded) == sorted((a, 15) for a in live)

        # the same inputs and window again: nothing is embedded
        _run(seeds, store_db, 15, seen, embedded)
        assert embedded == [] and set(store.load_vectors(embed.vector_key(embed.get_embedder(ENGINE), 15))) == live

        # and back: title + 20 words embeds the store again under the bare name
        _run(seeds, store_db, 20, seen, embedded)
        _check_grouped_with(store, seen, 20, 15)
        assert sorted(embedded) == sorted((a, 20) for a in live)
    finally:
        store.close()
