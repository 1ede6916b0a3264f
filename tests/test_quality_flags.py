"""Quality flags: MT artefacts on the machine-translated seed, none on the Russian originals or human news."""

from __future__ import annotations

import pytest

from crosswire.model import Article
from crosswire.nlp.base import GenericAnalyzer
from crosswire.read.quality import (
    boilerplate_categories,
    broken_joins,
    doubled_tokens,
    garbled_attributions,
    read_quality,
)

MT_FLAGS = {"mt:doubled-token", "mt:broken-join", "mt:garbled-attribution", "mt:calque"}


def _flags(art: Article) -> list[str]:
    return read_quality(art, GenericAnalyzer(art.language).parse(art.text), [])


def test_machine_translated_seed(seed_articles) -> None:
    flags = set(_flags(seed_articles["004"]))
    assert MT_FLAGS <= flags
    assert {"boilerplate", "content-farm", "duplicate-title", "no-date"} <= flags


@pytest.mark.parametrize("key", ["000", "001", "002", "003"])
def test_originals_carry_no_mt_flag(seed_articles, key: str) -> None:
    flags = _flags(seed_articles[key])
    assert not MT_FLAGS & set(flags)
    assert "content-farm" not in flags
    assert ("ad-marker" in flags) == ("ad-marker" in seed_articles[key].flags)


@pytest.mark.parametrize("lang, text, hit", [
    ("uk", "Вчора Кім Чен Чен Ин відвідав завод.", True),
    ("ru", "Вчера Ким Чен Чен Ын посетил завод.", True),
    ("ru", "Премьер Тереза Мэй Мэй подала в отставку.", True),
    ("ru", "Министр по вопросам Brexit Дэвис Дэвис подал в отставку.", False),  # a real surname beside a Latin word
    ("ru", "Нет, нет и ещё раз нет.", False),
])
def test_doubled_token(lang: str, text: str, hit: bool) -> None:
    assert bool(doubled_tokens(GenericAnalyzer(lang).parse(text))) is hit


@pytest.mark.parametrize("lang, text, hit", [
    # the fragment is a proper noun: the text writes it capitalised mid-sentence elsewhere
    ("uk", "Кремлю потрібні боєприпаси для війни в Північній Кореї. Україна.\n\nВійна в Україні триває.", True),
    ("ru", "Они являлись сторонниками жесткого выхода из Евросоюза. РИА Новости.\n", False),  # an agency credit
    ("uk", "Будинок стоїть у Києві по вул. Кольцова.\nДалі текст.", False),  # an abbreviation, not a sentence end
    ("ru", "Москва. Сегодня в столице прошёл парад.", False),  # a dateline opens its line
    ("ru", "Товары: Камертон. ДеВита Энерджи. Функциональное питание и прочее.", False),  # mid-line list
])
def test_broken_join(lang: str, text: str, hit: bool) -> None:
    assert bool(broken_joins(GenericAnalyzer(lang).parse(text), 2, frozenset({"риа новости"}))) is hit


@pytest.mark.parametrize("lang, text, hit", [
    ("uk", "Речник Кремля Дмитро С. сказав: Пєсков заявив у вівторок, що лідери зустрінуться.", True),
    ("ru", "Представитель Кремля сказал: Песков заявил, что встреча пройдёт.", True),
    ("ru", "Песков заявил: «Встреча пройдёт во вторник».", False),
    ("ru", "Он сказал: встреча пройдёт во вторник, как и заявил ранее министр.", False),
])
def test_garbled_attribution(lang: str, text: str, hit: bool) -> None:
    assert bool(garbled_attributions(GenericAnalyzer(lang).parse(text), lang)) is hit


def test_boilerplate_categories() -> None:
    noise = ["You May Also Like", "About the Author: Jane Doe", "Leave a Reply", "Фото: ТАСС"]
    assert boilerplate_categories(noise) == {"related-links", "author-blurb", "comment-form"}
    assert boilerplate_categories(["Фото: ТАСС", "Поделиться"]) == set()


def test_human_news_has_no_mt_flags(shared_data) -> None:
    # a sample of real Russian and Ukrainian news: machine-translation flags must stay silent
    paths = sorted((shared_data / "slavicner" / "raw").glob("*/uk/*.txt"))[:40]
    paths += sorted((shared_data / "slavicner" / "raw").glob("nord_stream/ru/*.txt"))[:40]
    assert len(paths) == 80
    flagged = []
    for path in paths:
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        lang = path.parent.name
        art = Article(path.name, str(path), body.strip(), title=title.strip(), language=lang)
        if MT_FLAGS & set(_flags(art)):
            flagged.append(path.name)
    assert len(flagged) <= 1, flagged


def test_pipeline_end_to_end(seeds_result) -> None:
    # through the real analyzers and pipeline: flags land on the articles, framing items in the result
    result, _ = seeds_result
    flags = {a.source.split("/")[-1][:3]: set(a.flags) for a in result.articles}
    assert MT_FLAGS <= flags["004"] and "content-farm" in flags["004"]
    assert all(not MT_FLAGS & flags[k] for k in ("000", "001", "002", "003"))
    by_article = {a.id: a.source.split("/")[-1][:3] for a in result.articles}
    terms = {(by_article[f.article], f.lexicon) for f in result.framing}
    assert {("000", "ru.svo"), ("001", "ru.dictator"), ("002", "ru.invasion"), ("004", "uk.pariah")} <= terms
