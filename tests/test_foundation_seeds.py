"""The foundation on the real seeds: language, dates, titles, noise, outlets, idempotent store."""

from __future__ import annotations

import json

import pytest

from crosswire.serialize import document_to_result, result_to_document


def test_seed_languages_dates_titles(seed_articles):
    langs = {k: a.language for k, a in seed_articles.items()}
    assert langs == {"000": "ru", "001": "ru", "002": "ru", "003": "ru", "004": "uk"}
    assert seed_articles["000"].published == "2025-09-05"
    assert seed_articles["001"].published == "2025-10-28"
    assert seed_articles["003"].published == "2025-08-13"
    assert seed_articles["002"].published is None and seed_articles["004"].published is None
    assert seed_articles["000"].published_from == "header"
    assert seed_articles["002"].title.startswith("«Сделаем все, чтобы помочь России»")
    # 003's header holds only the ad marker: no title, flagged, marker kept as noise
    assert seed_articles["003"].title == ""
    assert "no-title" in seed_articles["003"].flags and "РЕКЛАМА" in seed_articles["003"].noise


@pytest.mark.parametrize("key, removed", [
    ("003", "АРХИВ. Путин и Ким на церемонии"),
    ("004", "кредит…Sputnik, через Reuters"),
    ("004", "You May Also Like"),
    ("004", "About the Author: Gene Crawford"),
    ("004", "Залишити відповідь"),
    ("004", "Ваша e-mail адреса не оприлюднюватиметься"),
    ("004", "Хардкорний ботанік"),
])
def test_seed_noise_removed_and_kept(seed_articles, key, removed):
    article = seed_articles[key]
    assert removed not in article.text
    assert any(removed in line for line in article.noise)


def test_duplicated_title_line_removed(seed_articles):
    a = seed_articles["004"]
    assert a.title.startswith("Кім Чен Ин і Путін зустрілися")
    assert a.title not in a.text
    assert a.text.startswith("Лідери Північної Кореї")


def test_seed_outlets_from_self_references(seed_articles):
    assert seed_articles["000"].outlet == "Царьград"
    assert seed_articles["001"].outlet == "РБК-Украина"
    assert seed_articles["002"].outlet == "Вот Так"
    assert seed_articles["003"].outlet is None  # cites TASS and KCNA, names no outlet of its own


def test_ids_are_stable(seed_articles):
    from conftest import SEEDS
    from crosswire.ingest import ingest

    again = {a.id for a in ingest([str(SEEDS)])}
    assert again == {a.id for a in seed_articles.values()}


def test_analyze_is_idempotent_and_json_round_trips(tmp_path):
    import crosswire
    from conftest import SEEDS

    db = str(tmp_path / "x.db")
    first = crosswire.analyze([str(SEEDS)], db=db, json_out=tmp_path / "a.json", progress=False)
    second = crosswire.analyze([str(SEEDS)], db=db, progress=False)
    assert len(first.articles) == 5
    assert [a.id for a in first.articles] == [a.id for a in second.articles]
    assert len(crosswire.load(db).articles) == 5
    doc = json.loads((tmp_path / "a.json").read_text())
    assert {"articles", "entities", "mentions", "claims", "stories", "claim_groups"} <= set(doc)
    assert result_to_document(document_to_result(doc)) == doc
