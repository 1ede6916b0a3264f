"""Russian NER fixes of nlp/ru_orgs.py on sentences of the factRuEval-2016 *devset* (MIT; the test set is the
benchmark's)."""

from __future__ import annotations

import pytest

from crosswire.nlp import get_analyzer


def spans(text: str) -> set[tuple[str, str]]:
    return {(s.text, s.type) for s in get_analyzer("ru").parse(text).ner}


@pytest.mark.parametrize("text,expected,absent", [
    ("Об этом сообщает Комитет защиты журналистов (КЗЖ) (Committee to Protect Journalists).",
     {("Комитет защиты журналистов", "ORG"), ("КЗЖ", "ORG")}, "Комитет защиты журналистов (КЗЖ)"),
    ("«Мы находимся на критическом этапе», сказал руководитель КЗЖ Джоэл Саймон (Joel Simon).",
     {("Джоэл Саймон", "PER"), ("Joel Simon", "PER")}, "Джоэл Саймон (Joel Simon)"),
    ("Несмотря на свою крайнюю занятость, архиепископ Лонгин Клинский (РПЦ МП) нашёл время.",
     {("РПЦ МП", "ORG")}, "Лонгин Клинский (РПЦ МП)"),
])
def test_a_name_and_its_bracketed_form_are_two_names(text, expected, absent):
    found = spans(text)
    assert expected <= found, found
    assert not any(t == absent for t, _ in found)


@pytest.mark.parametrize("text,org", [
    ("В понедельник делегация США, состоящая из 30 членов, должна прояснить все неприятные вопросы.",
     "делегация США"),
    ("Лоуенкрон указал на то, что правительство США прилагает все свои усилия.", "правительство США"),
    ("Первоначально говорилось о заказном убийстве, но Генеральная прокуратура ОАЭ опровергла это.",
     "Генеральная прокуратура ОАЭ"),
])
def test_government_of_a_short_place_name(text, org):
    found = spans(text)
    assert (org, "ORG") in found, found
    assert not any(t == "ORG" and t != org and t in org for t, _ in found)  # no second, shorter organisation


@pytest.mark.parametrize("text,org,normal", [
    ("Поэтому санкции российского Минсельхоза серьёзно ударят по экономике Молдавии.",
     "российского Минсельхоза", "российский Минсельхоз"),
    ("Кан заявил, что глава японского МИДа Сэйдзи Маэхара отметил это.", "японского МИДа", None),
    ("Кипрское правительство намерено ужесточить борьбу с подобными нарушениями.", "Кипрское правительство",
     "Кипрское правительство"),
    ("В российском министерстве финансов утверждают, что кредит не предоставлялся.",
     "российском министерстве финансов", "российское министерство финансов"),
])
def test_a_place_adjective_joins_the_government_body(text, org, normal):
    found = {s.text: s for s in get_analyzer("ru").parse(text).ner}
    assert org in found and found[org].type == "ORG", found
    if normal:
        assert found[org].normal == normal
    assert org.split()[-1] not in found  # the body alone is not a second organisation


def test_an_adjective_not_of_a_place_is_left_out():
    assert ("президентского правительства", "ORG") not in spans("Реформа президентского правительства провалилась.")


@pytest.mark.parametrize("text,person", [
    ("В итоге, там появились только несколько яблочников, включая главу партии Сергея Митрохина.",
     "Сергея Митрохина"),
    ("Вот как эту панихиду прокомментировал писатель и журналист Виктор Шендерович.", "Виктор Шендерович"),
])
def test_a_person_after_an_organisation_cue_stays_a_person(text, person):
    assert (person, "PER") in spans(text)


def test_a_quoted_place_name_is_a_club_unless_after_a_place_word():
    found = spans("Полузащитник перешёл из «Барселоны» в «Рому» прошлым летом.")
    assert {("Барселоны", "ORG"), ("Рому", "ORG")} <= found, found
    assert ("Домодедово", "ORG") not in spans("Самолёт приземлился в столичном аэропорту «Домодедово».")


def test_no_name_runs_over_a_line_break():
    found = spans("Умер директор Иван Петров\nУшёл из жизни основатель компании.\n\nФонд поддержки\nобъявил сбор.")
    assert ("Иван Петров", "PER") in found, found
    assert not any("\n" in t for t, _ in found)
