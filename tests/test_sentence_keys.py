"""Sentence vectors kept by their text: a sentence two articles share (wire copies repeat sentences) is embedded
once, later runs find it in the store, derivation finds what it finds with no store of them, and an older store's
per-article rows are keyed by text by the next full derivation.

Articles: brexit_ru 1085 and 1114 (SlavicNER development texts that carry one agency text: five first sentences
in common), brexit_uk 1001, and the WMT22 ru/en document kommersant.51685 (a translation).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from crosswire.model import Article, ArticleFacts, Story


def _article(shared_data, rel: str) -> Article:
    title, _, body = (shared_data / "slavicner" / "raw" / rel).read_text(encoding="utf-8").partition("\n")
    return Article(id=rel.rsplit("/", 1)[1].replace(".txt_file_", "-").removesuffix(".txt"), source=rel,
                   text=body.strip(), title=title.strip(), language=rel.split("/")[1][:2])


class Counting:
    """The configured embedder, counting the texts it is handed."""

    def __init__(self, inner):
        self.inner, self.name, self.texts = inner, inner.name, []

    def embed(self, texts):
        self.texts += list(texts)
        return self.inner.embed(texts)


@pytest.fixture(scope="module")
def arts(shared_data):
    rows = [json.loads(x) for x in (shared_data / "wmt22_general_ru_uk_en_docs" /
                                    "wmttest2022.ru-en.src_ref.jsonl").open(encoding="utf-8")]
    doc = next(d for d in rows if d["doc_id"] == "kommersant.51685")
    return {
        "a": _article(shared_data, "brexit/ru/brexit_ru.txt_file_1085.txt"),
        "b": _article(shared_data, "brexit/ru/brexit_ru.txt_file_1114.txt"),
        "uk": _article(shared_data, "brexit/uk/brexit_ua.txt_file_1001.txt"),
        "wru": Article(id="wmt-ru", source="wmt", title=doc["src_segments"][0],
                       text="\n".join(doc["src_segments"][1:]), language="ru"),
        "wen": Article(id="wmt-en", source="wmt", title=doc["ref_segments"][0],
                       text="\n".join(doc["ref_segments"][1:]), language="en"),
    }


@pytest.fixture(scope="module")
def embedder():
    from crosswire.group.embed import get_embedder

    return get_embedder()


def _sentences(embedder, load=None):
    from crosswire.group.derive import params
    from crosswire.group.translation import SentenceVectors

    p = params()
    return SentenceVectors(Counting(embedder), p["translation_sentences"], p["translation_words"], load=load)


def test_a_shared_sentence_is_embedded_once_and_found_by_a_later_run(tmp_path, arts, embedder):
    from crosswire.group.translation import first_sentences
    from crosswire.store import Store

    a, b = arts["a"], arts["b"]
    n, w = _sentences(embedder).n, _sentences(embedder).words
    sa, sb = first_sentences(a.text, n, w), first_sentences(b.text, n, w)
    shared = set(sa) & set(sb)
    assert len(shared) >= 3  # the agency's text, in both

    plain = _sentences(embedder)
    plain.prefetch([a, b])
    assert sorted(plain.embedder.texts) == sorted(set(sa) | set(sb))  # one batch: each shared sentence once

    store = Store(str(tmp_path / "s.db"))
    first = _sentences(embedder, store.load_text_vectors)
    first.prefetch([a])
    store.save_text_vectors(first.keep())
    later = _sentences(embedder, store.load_text_vectors)  # another run: only b's own sentences are embedded
    later.prefetch([b])
    assert sorted(later.embedder.texts) == sorted(set(sb) - set(sa))
    assert np.array_equal(later.get(b), plain.get(b)) and np.array_equal(first.get(a), plain.get(a))
    store.close()


def test_derivation_is_the_same_with_stored_sentence_vectors(tmp_path, arts, embedder):
    from crosswire.group.derive import derive
    from crosswire.store import Store

    facts = [ArticleFacts(article=x) for x in arts.values()]
    stories = [Story("s1", "", ("wmt-en", "wmt-ru")), Story("s2", "", ("brexit_ru-1085", "brexit_ru-1114",
                                                                        "brexit_ua-1001"))]
    plain = _sentences(embedder)
    want = derive(facts, stories, {}, plain)
    assert any(d.kind == "translation" for ds in want.values() for d in ds)

    store = Store(str(tmp_path / "s.db"))
    earlier = _sentences(embedder, store.load_text_vectors)
    earlier.prefetch([arts["a"], arts["wru"]])  # an earlier run's articles
    store.save_text_vectors(earlier.keep())
    keyed = _sentences(embedder, store.load_text_vectors)
    got = derive(facts, stories, {}, keyed)
    store.close()
    assert repr(got) == repr(want)
    assert plain.embedded == len(plain.embedder.texts) > keyed.embedded == len(keyed.embedder.texts) > 0
    assert not set(keyed.embedder.texts) & set(earlier.embedder.texts)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    return str(tmp_path / "s.db") if request.param == "sqlite" else request.getfixturevalue("fresh_pg")


def test_an_older_stores_rows_are_keyed_by_text_at_a_full_derivation(db, arts, embedder, monkeypatch):
    import crosswire.group.embed as embed_mod
    from crosswire.group.derive import derive
    from crosswire.run.regroup import derive_stored
    from crosswire.store import Store

    counting = Counting(embedder)
    monkeypatch.setattr(embed_mod, "get_embedder", lambda *a, **k: counting)
    stories = [Story("s1", "", ("wmt-en", "wmt-ru")), Story("s2", "", ("brexit_ru-1085", "brexit_ru-1114",
                                                                        "brexit_ua-1001"))]
    plain = _sentences(embedder)
    plain.prefetch(list(arts.values()))
    store = Store(db)
    store.save_facts([ArticleFacts(article=x) for x in arts.values()])
    store.save_sentence_vectors(embedder.name, dict(plain.cache))  # as an older store kept them: by article
    found, _ = derive_stored(store, None, stories)
    assert counting.texts == []  # nothing embedded again
    assert store.load_sentence_vectors(embedder.name) == {}  # moved ...
    again = _sentences(embedder, store.load_text_vectors)  # ... to rows found by text
    again.prefetch(list(arts.values()))
    assert again.embedded == 0
    assert all(np.array_equal(again.get(x), plain.get(x)) for x in arts.values())
    assert repr(found) == repr(derive([ArticleFacts(article=x) for x in arts.values()], stories, {}, plain))
    store.close()



def test_an_older_store_is_keyed_without_a_full_derivation(tmp_path, arts, embedder):
    from crosswire.run.regroup import key_older_sentence_vectors
    from crosswire.store import Store

    plain = _sentences(embedder)
    plain.prefetch(list(arts.values()))
    store = Store(str(tmp_path / "s.db"))
    store.save_facts([ArticleFacts(article=x) for x in arts.values()])
    store.save_sentence_vectors(embedder.name, dict(plain.cache))
    assert key_older_sentence_vectors(store) == len(arts)
    assert store.sentence_vector_ids(embedder.name) == set()
    again = _sentences(embedder, store.load_text_vectors)
    again.prefetch(list(arts.values()))
    assert again.embedded == 0
    assert all(np.array_equal(again.get(x), plain.get(x)) for x in arts.values())
    store.close()
