"""Cleaning rules and outlet self-references as phrase tables: what must go, what must stay, who is the outlet."""

from __future__ import annotations

import pytest

from crosswire.ingest.clean import classify_line, clean_text, load_rules
from crosswire.ingest.outlet import outlet_from_text, outlet_from_url

NOISE = [
    # ads
    "РЕКЛАМА", "Реклама 18+", "На правах рекламы", "Партнерський матеріал", "Advertisement", "Sponsored content",
    "18+", "erid: 2VtzqwXYZ",
    # credits
    "Фото: РИА Новости", "Фото: Getty Images", "Фото РИА Новости", "Фото: Михаил Климентьев / ТАСС",
    "Путин и Ким в Пекине / Sputnik", "Ілюстрація: Укрінформ", "Photo: Reuters", "Image credit: AP",
    "(Reporting by Guy Faulconbridge; Editing by Alex Richardson)", "© Sputnik / Сергей Бобылев",
    "Источник: ТАСС", "Джерело: Суспільне", "Reuters",
    # share rows, "read also"
    "Читайте также: Путин прибыл в Пекин", "Читайте також: Кім прибув до Пекіна", "Поделиться",
    "Facebook Twitter Telegram", "VK | Telegram | WhatsApp", "Подписывайтесь на наш Telegram-канал",
    "Підписуйтесь на наш канал у Telegram", "Share this article", "Read more: Kim visits Beijing",
    "Нашли ошибку? Выделите ее и нажмите Ctrl+Enter", "Теги: Путин, КНДР, Китай", "#Путин #КНДР",
    "https://t.me/some_channel",
]

BODY = [
    "Переговоры продолжались почти четыре часа, сообщает ТАСС",
    "Переговоры продолжались почти четыре часа, сообщает ТАСС.",
    "Reuters сообщает, что переговоры прошли в закрытом режиме.",
    "Фотографии с места событий опубликовал губернатор.",
    "Видео опубликовано в Telegram-канале министерства.",
    "Поделиться опытом с коллегами из Пхеньяна Путин не отказался: встреча длилась два часа, и стороны "
    "подписали несколько соглашений о сотрудничестве в области энергетики и транспорта.",
    "Save the Children said 40 children were among the wounded.",
    "Share prices fell 3% on Friday after the announcement.",
    "Об авторе этого заявления ничего не известно, отметили в ведомстве.",
    "Реклама на телевидении подорожала на 20% за год, подсчитали аналитики.",
    "Источником информации выступил пресс-секретарь Кремля Дмитрий Песков.",
    "The agency AP reported that the talks lasted four hours.",
]


@pytest.mark.parametrize("line", NOISE)
def test_noise_line_goes(line):
    assert classify_line(line, load_rules(None)) is not None


@pytest.mark.parametrize("line", BODY)
def test_body_line_stays(line):
    assert classify_line(line, load_rules(None)) is None


def test_language_files_are_separate_and_common_is_neutral():
    ru, uk, en = load_rules("ru"), load_rules("uk"), load_rules("en")
    assert classify_line("Читайте также: новости", ru) and not classify_line("Читайте также: новости", en)
    assert classify_line("Поділитися", uk) and not classify_line("Поділитися", ru)
    assert classify_line("Advertisement", en) and not classify_line("Advertisement", ru)
    # language-neutral rules hold in every language
    assert all(classify_line("Facebook Twitter Telegram", r) for r in (ru, uk, en))


TRAILER_TEXT = "\n".join([
    "Президент России встретился с лидером КНДР в Пекине. Переговоры продолжались почти четыре часа.",
    "Стороны обсудили сотрудничество в области энергетики и транспорта, сообщает ТАСС",
    "Кремль пока не раскрыл подробностей договоренностей, достигнутых на встрече в резиденции.",
    "Об авторе",
    "Иван Петров — обозреватель отдела политики, пишет о Северной Корее с 2010 года.",
    "Оставить комментарий",
    "Ваш адрес электронной почты не будет опубликован.",
])


def test_trailer_cuts_author_blurb_and_comment_form():
    text, noise, found = clean_text(TRAILER_TEXT)
    assert "trailer" in found
    assert text.endswith("достигнутых на встрече в резиденции.")
    assert "сообщает ТАСС" in text
    assert any(n.startswith("Иван Петров") for n in noise) and "Оставить комментарий" in noise


def test_trailer_marker_in_the_lead_does_not_cut():
    text, _, _ = clean_text("Об авторе\n" + TRAILER_TEXT.split("\nОб авторе")[0])
    assert "Переговоры продолжались" in text


SELF = [
    ("", "МОСКВА, 5 сентября. /ТАСС/. Президент России встретился с лидером КНДР.", "ТАСС"),
    ("", "МОСКВА, 5 сен — РИА Новости. Президент России встретился с лидером КНДР.", "РИА Новости"),
    ("", "Москва. 10 августа. INTERFAX.RU - Немецкие пилоты объявили забастовку.", "Интерфакс"),
    ("", "MOSCOW, Sept 5 (Reuters) - Russian President Vladimir Putin said on Friday.", "Reuters"),
    ("", "KYIV (AP) — Ukraine said on Friday that drones hit a refinery.", "Associated Press"),
    ("", "Об этом сообщает РБК-Украина со ссылкой на Reuters.", "РБК-Украина"),
    ("", "Про це повідомляє УНІАН з посиланням на Генштаб.", "УНІАН"),
    ("", "Як передає кореспондент Укрінформу, засідання почалося вранці.", "Укрінформ"),
    ("", "Как передает корреспондент «Коммерсанта», заседание началось утром.", "Коммерсантъ"),
    ("", "Об этом в беседе с «Царьградом» рассказал эксперт.", "Царьград"),
    ("«Вот Так»: Ким прибыл в Пекин", "Лидер КНДР прибыл в Пекин на бронепоезде.", "Вот Так"),
    # cited sources are not the outlet
    ("", "Президент заявил это, сообщает агентство со ссылкой на Reuters.", None),
    ("", "Reuters сообщает, что переговоры прошли в Анкаре.", None),
    ("", "По словам источника ТАСС, переговоры прошли успешно.", None),
    ("", "Ким Чен Ын рассказал журналистам о поездке.", None),
    ("", "The talks lasted four hours, according to Reuters.", None),
]


@pytest.mark.parametrize("title, text, outlet", SELF)
def test_outlet_self_reference(title, text, outlet):
    assert outlet_from_text(title, text) == outlet


def test_outlet_from_self_promotion_in_removed_lines():
    assert outlet_from_text("", "Лидер КНДР прибыл в Пекин.", ["Подписывайтесь на «Фонтанку» в Telegram"]) == "Фонтанка"


@pytest.mark.parametrize("url, outlet", [
    ("https://www.rbc.ua/rus/news/putin-2025.html", "РБК-Украина"),
    ("https://tass.ru/politika/123", "ТАСС"),
    ("https://russian.rt.com/world/news/1", "RT"),
    ("https://news.example.org/a/1", "news.example.org"),
])
def test_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet


def test_seed_outlets_need_no_seed_specific_rules(seed_articles):
    # the seeds' outlets come from general patterns; the one seed naming no outlet of its own stays None
    assert seed_articles["001"].outlet == "РБК-Украина" and seed_articles["003"].outlet is None


def test_brief_whose_body_is_its_headline_keeps_it():
    text, noise, _ = clean_text("Ryanair отменяет 250 рейсов из-за забастовки пилотов в Германии.",
                                title="Ryanair отменяет 250 рейсов из-за забастовки пилотов в Германии")
    assert text.startswith("Ryanair отменяет") and noise == []
    # with a real body, the repeated title is noise
    text, noise, _ = clean_text("Заголовок статьи\nТекст статьи о забастовке.", title="Заголовок статьи")
    assert text == "Текст статьи о забастовке." and noise == ["Заголовок статьи"]
