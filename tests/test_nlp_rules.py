"""Rule NER phrase tables (uk, en), the ru analyzer's fixes, and the NER benchmarks' data on real samples."""

from __future__ import annotations

import pytest

from crosswire.nlp import get_analyzer

pytestmark = pytest.mark.slow


def spans(lang: str, text: str) -> dict[str, tuple[str, str]]:
    return {s.text: (s.type, s.normal) for s in get_analyzer(lang).parse(text).ner}


@pytest.mark.parametrize("text, surface, type_, normal", [
    ("Вчора Володимира Зеленського привітали в Києві.", "Володимира Зеленського", "PER", "Володимир Зеленський"),
    ("Засідання відбулося в Києві минулого тижня.", "Києві", "LOC", "Київ"),
    ("Про це заявили в Міністерстві закордонних справ України у вівторок.",
     "Міністерстві закордонних справ України", "ORG", "Міністерство закордонних справ України"),
    ("Бої тривають у Курській області вже рік.", "Курській області", "LOC", "Курська область"),
    ("Компанію ТОВ «Агробізнес» перевіряють.", "ТОВ «Агробізнес»", "ORG", "ТОВ «Агробізнес»"),
    ("Про це написав Д. С. Ліхачов у статті.", "Д. С. Ліхачов", "PER", "Д. С. Ліхачов"),
    ("Ракети запустили з космодрому Восточний минулого року.", "космодрому Восточний", "LOC", None),
])
def test_uk_phrases(text, surface, type_, normal):
    found = spans("uk", text)
    assert surface in found, found
    assert found[surface][0] == type_
    if normal is not None:
        assert found[surface][1] == normal


@pytest.mark.parametrize("text, not_entity", [
    ("Вона сказала, що все буде добре.", "Вона"),
    ("Крім того, уряд ухвалив рішення.", "Крім"),
    ("Українська делегація прибула вчора.", "Українська"),
    ("У XIX столітті тут було село.", "XIX"),
    ("Про це повідомляють ЗМІ.", "ЗМІ"),
])
def test_uk_non_entities(text, not_entity):
    assert not_entity not in spans("uk", text)


@pytest.mark.parametrize("text, surface, type_", [
    ("North Korean leader Kim Jong Un met Russian President Vladimir Putin.", "Kim Jong Un", "PER"),
    ("North Korean leader Kim Jong Un met Russian President Vladimir Putin.", "Vladimir Putin", "PER"),
    ("The UN Security Council met on Friday.", "UN Security Council", "ORG"),
    ("Officials in Moscow declined to comment.", "Moscow", "LOC"),
])
def test_en_phrases(text, surface, type_):
    found = spans("en", text)
    assert found.get(surface, ("?",))[0] == type_, found


@pytest.mark.parametrize("text, surface, type_", [
    ("Переговоры прошли в резиденции Дяоюйтай в Пекине.", "Дяоюйтай", "LOC"),
    ("Об этом сообщили в ЕС в понедельник.", "ЕС", "ORG"),
])
def test_ru_type_fixes(text, surface, type_):
    found = spans("ru", text)
    assert found.get(surface, ("?",))[0] == type_, found


def test_ru_no_media_word():
    assert "СМИ" not in spans("ru", "Об этом сообщили местные СМИ и Reuters.")


def test_uk_rules_on_neruk_sample(shared_data):
    """On a few NER-UK test documents the rules find most person names exactly (guards against regressions)."""
    from benchmarks.ner_score import Scores, predict
    from benchmarks.ner_uk import neruk_test

    scores = Scores()
    for text, gold in neruk_test(shared_data)[:15]:
        scores.add_exact(gold, predict("uk", text))
    assert scores.prf("PER")[2] > 0.6


def test_rule_analyzers_pickle_for_worker_processes():
    import pickle

    uk = pickle.loads(pickle.dumps(get_analyzer("uk")))
    assert [s.text for s in uk.parse("Володимир Путін прилетів до Москви.").ner] == ["Володимир Путін", "Москви"]
