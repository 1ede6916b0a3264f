"""Framing lexicons: phrase tables per language, overlap resolution, and the seeds' markers found by general entries."""

from __future__ import annotations

import pytest

from crosswire.model import Article
from crosswire.nlp.base import GenericAnalyzer
from crosswire.read.framing import find_terms, load_lexicon, read_framing


def _terms(text: str, lang: str) -> list[tuple[str, str]]:
    parsed = GenericAnalyzer(lang).parse(text)
    return [(text[s:e], entry.leaning) for s, e, entry in find_terms(parsed, lang)]


@pytest.mark.parametrize("lang, text, term, leaning", [
    ("ru", "Министр рассказал о ходе специальной военной операции.", "специальной военной операции", "pro-kremlin"),
    ("ru", "Он служил в зоне СВО.", "СВО", "pro-kremlin"),
    ("ru", "Участники СВО получат льготы.", "Участники СВО", "pro-kremlin"),
    ("ru", "Армия продолжает освобождение Донбасса.", "освобождение Донбасса", "pro-kremlin"),
    ("ru", "Войска освободили Авдеевку.", "освободили Авдеевку", "pro-kremlin"),
    ("ru", "Это ответ на действия киевского режима.", "киевского режима", "pro-kremlin"),
    ("ru", "Он говорил о борьбе с неонацизмом.", "неонацизмом", "pro-kremlin"),
    ("ru", "Удары по территориям, оккупированным врагом, продолжаются.", "оккупированным врагом", "pro-kremlin"),
    ("ru", "Эксперты обсудили конфликт на Украине.", "конфликт на Украине", "pro-kremlin"),
    ("ru", "Прошло три года с начала российского вторжения.", "российского вторжения", "critical-of-kremlin"),
    ("ru", "Санкции ввели из-за войны против Украины.", "войны против Украины", "critical-of-kremlin"),
    ("ru", "Агрессор обстрелял город.", "Агрессор", "pro-ukraine"),
    ("ru", "Оккупанты покинули село.", "Оккупанты", "pro-ukraine"),
    ("ru", "Рашисты снова обстреляли Харьков.", "Рашисты", "pro-ukraine"),
    ("ru", "Российский диктатор выступил с речью.", "диктатор", "critical-of-kremlin"),
    ("ru", "Ведутся военные действия против Украины.", "военные действия против Украины", "neutral"),
    ("uk", "Вторгнення триває вже два роки.", "Вторгнення", "critical-of-kremlin"),
    ("uk", "Обидві країни є ізгоями.", "ізгоями", "critical-of-kremlin"),
    ("uk", "Окупанти обстріляли Херсон.", "Окупанти", "pro-ukraine"),
    ("uk", "Це частина війни проти України.", "війни проти України", "critical-of-kremlin"),
    ("uk", "Рашисти відступили.", "Рашисти", "pro-ukraine"),
    ("uk", "Москва називає це спецоперацією.", "спецоперацією", "pro-kremlin"),
    ("en", "Russia's full-scale invasion began in 2022.", "full-scale invasion", "critical-of-kremlin"),
    ("en", "Moscow calls it a special military operation.", "special military operation", "pro-kremlin"),
])
def test_phrase_table(lang: str, text: str, term: str, leaning: str) -> None:
    assert (term, leaning) in _terms(text, lang)


@pytest.mark.parametrize("lang, text", [
    ("ru", "Заложников освободили после переговоров."),  # freeing people is no war euphemism
    ("ru", "Суд освободил Навального из-под стражи."),  # a person, not a place
    ("ru", "ВСУ освободили Херсон."),  # a Ukrainian advance is no Kremlin euphemism
    ("ru", "Погода в Москве будет солнечной."),
    ("uk", "Уряд ухвалив бюджет на наступний рік."),
    ("en", "The council approved the new budget."),
])
def test_no_partisan_term(lang: str, text: str) -> None:
    assert [t for t in _terms(text, lang) if t[1] != "neutral"] == []


def test_longest_match_wins() -> None:
    # "конфликт на Украине" is one euphemism, not a neutral "конфликт" plus a preposition
    assert _terms("Обсуждали конфликт на Украине.", "ru") == [("конфликт на Украине", "pro-kremlin")]


@pytest.mark.parametrize("text, leaning", [
    ("Началась так называемая специальная военная операция.", "critical-of-kremlin"),
    ("Кремль называет войну «спецоперацией».", "critical-of-kremlin"),
    ("Президент рассказал о ходе спецоперации.", "pro-kremlin"),
    ("«Спецоперация идёт по плану, все задачи будут выполнены», — сказал он.", "pro-kremlin"),  # a quote, not scare quotes
])
def test_distanced_kremlin_term(text: str, leaning: str) -> None:
    art = Article("a", "s", text, language="ru")
    items = read_framing(art, GenericAnalyzer("ru").parse(text))
    assert [i.leaning for i in items] == [leaning]


def test_gap_pattern() -> None:
    text = "Удары по конституционным территориям России, оккупированным врагом."
    assert _terms(text, "ru")[0][0] == "конституционным территориям России, оккупированным врагом"


def test_every_entry_is_well_formed() -> None:
    leanings = {"pro-kremlin", "pro-ukraine", "critical-of-kremlin", "neutral"}
    for lang in ("ru", "uk", "en"):
        entries = load_lexicon(lang)
        assert len(entries) > 20
        assert all(e.leaning in leanings and e.category and e.elements for e in entries)


def test_seed_markers_found(seed_articles) -> None:
    # the seeds' gold markers, found by general lexicon entries (no seed-specific strings in the lexicons)
    expected = {"000": ["освобождения Курской", "оккупированные врагом", "спецоперации", "конфликта на Украине"],
                "001": ["диктатор", "агрессора", "войны против Украины"],
                "002": ["российского вторжения", "войне против Украины"],
                "003": ["военные действия против Украины"],
                "004": ["Вторгнення", "ізгоями"]}
    for key, markers in expected.items():
        art: Article = seed_articles[key]
        found = " | ".join(f.term for f in read_framing(art, GenericAnalyzer(art.language).parse(art.text)))
        for m in markers:
            assert m in found, (key, m, found)
