"""Time stage: phrase tables (ru/uk/en) resolved against a publication date, dateparser bug cases, seeds."""

from __future__ import annotations

import pytest

from crosswire.model import Article
from crosswire.read.time import read_timerefs
from crosswire.read.timeresolve import weekday_date


def refs(text: str, lang: str = "ru", published: str | None = "2025-08-13"):
    art = Article(id="a", source="test", text=text, language=lang, published=published)
    return read_timerefs(art, None)


def one(text: str, lang: str = "ru", published: str | None = "2025-08-13"):
    _, out = refs(text, lang, published)
    assert len(out) == 1, [(t.text, t.value) for t in out]
    return out[0]


# (sentence, expression as found, value); publication date Wednesday 2025-08-13
PHRASES = [
    ("ru", "Переговоры прошли 3 августа.", "3 августа", "2025-08-03"),
    # day ranges inside a month, as a text and its translation write them (WMT22 kommersant.51711)
    ("ru", "Саммит прошел с 9 по 10 августа с участием 110 стран.", "с 9 по 10 августа", "2025-08-09/2025-08-10"),
    ("en", "The Summit was held on August 9–10 and was attended by many.", "on August 9–10",
     "2025-08-09/2025-08-10"),
    ("uk", "Саміт відбувся з 9 до 10 серпня.", "з 9 до 10 серпня", "2025-08-09/2025-08-10"),
    ("ru", "Это случилось 3 сентября, а не раньше.", "3 сентября", "2025-09-03"),  # as written, never shifted
    ("uk", "Документ підписали 13 вересня 2023 року.", "13 вересня 2023 року", "2023-09-13"),
    ("ru", "Визит состоялся в июле 2025 года.", "в июле 2025 года", "2025-07"),
    ("ru", "Они воевали в 2024–2025 годах.", "в 2024–2025 годах", "2024/2025"),
    ("ru", "Договор подписан в 2019 году.", "в 2019 году", "2019"),  # dateparser: year 7
    ("ru", "Об этом сообщили в среду.", "в среду", "2025-08-13"),  # the publication weekday: same day
    ("uk", "Про це повідомили у середу.", "у середу", "2025-08-13"),
    ("ru", "Встреча прошла в понедельник.", "в понедельник", "2025-08-11"),
    ("ru", "Разговор состоялся перед встречей с Трампом в пятницу.", "в пятницу", "2025-08-15"),
    ("ru", "Саммит состоится в пятницу.", "в пятницу", "2025-08-15"),
    ("ru", "Он прилетел вчера.", "вчера", "2025-08-12"),
    ("uk", "Він прилетів вчора.", "вчора", "2025-08-12"),
    ("ru", "Договор подписали в прошлом году.", "в прошлом году", "2024"),
    ("ru", "Это было в июне прошлого года.", "в июне прошлого года", "2024-06"),
    ("uk", "Це сталося минулого тижня.", "минулого тижня", "2025-08-04/2025-08-10"),
    ("ru", "Пхеньян признал это в апреле этого года.", "в апреле этого года", "2025-04"),
    ("ru", "Это случилось в декабре.", "в декабре", "2024-12"),  # a past month after the reference: last year
    ("ru", "Саммит состоится в декабре.", "в декабре", "2025-12"),
    ("ru", "Саммит пройдет в марте.", "в марте", "2026-03"),  # an upcoming month before the reference: next year
    ("ru", "Встреча прошла в начале сентября 2025 года.", "в начале сентября 2025 года", "2025-09-01/2025-09-10"),
    ("ru", "Переброска идет с осени прошлого года.", "с осени прошлого года", "2024-09-01/2025-08-13"),
    ("ru", "Отношения улучшились в последние годы.", "в последние годы", "2022-08-13/2025-08-13"),
    ("ru", "Война длится почти 19 месяцев.", "почти 19 месяцев", "P19M"),
    ("ru", "Поставки возобновятся после двухмесячного перерыва.", "двухмесячного", "P2M"),
    ("ru", "Переговоры заняли 2,5 часа.", "2,5 часа", "PT2.5H"),
    ("ru", "Переговоры длились около двух с половиной часов.", "около двух с половиной часов", "PT2.5H"),
    ("uk", "Лідери розмовляли близько двох годин.", "близько двох годин", "PT2H"),
    ("uk", "Це сталося торік.", "торік", "2024"),
    ("ru", "Это было 12.03.2017.", "12.03.2017", "2017-03-12"),
    ("en", "The talks took place on September 13, 2023.", "on September 13, 2023", "2023-09-13"),
    ("en", "Officials met last week.", "last week", "2025-08-04/2025-08-10"),
    ("en", "They spoke last Friday.", "last Friday", "2025-08-08"),
    ("en", "The leaders met on Wednesday.", "on Wednesday", "2025-08-13"),
    ("ru", "Это случилось два года назад.", "два года назад", "2023"),
    ("uk", "Це сталося три дні тому.", "три дні тому", "2025-08-10"),
    ("ru", "Он работал там с апреля 1998 года по май 1999 года.", "с апреля 1998 года по май 1999 года",
     "1998-04-01/1999-05-31"),
    ("uk", "Він жив там з 1988 року до 1997 року.", "з 1988 року до 1997 року", "1988-01-01/1997-12-31"),
    ("uk", "Це було у XX столітті.", "у XX столітті", "1901/2000"),
    ("ru", "Это было в 1980-х годах.", "в 1980-х годах", "1980/1989"),
    ("ru", "Завод построили в 2008-м.", "в 2008-м", "2008"),
    ("ru", "Певица (1908) умерла.", "1908", "1908"),
    ("ru", "Ответ пришел через полчаса.", "через полчаса", "PT0.5H"),
    ("ru", "Отсрочка действовала с 1 апреля по 30 июня 2021 года.", "с 1 апреля по 30 июня 2021 года",
     "2021-04-01/2021-06-30"),
    ("ru", "Мигранты прибывают с 24 декабря.", "с 24 декабря", "2025-12-24/.."),
]


@pytest.mark.parametrize("lang,sentence,expr,value", PHRASES)
def test_phrase_table(lang, sentence, expr, value):
    t = one(sentence, lang)
    assert t.text.lower() == expr.lower()
    assert t.value == value


@pytest.mark.parametrize("text", ["Северная Корея поставляет до 40% боеприпасов.",
                                  "Пхеньян отправил порядка 13 тысяч бойцов.",
                                  "Около 2000 солдат погибли.",
                                  "Погода в среде обитания меняется.",
                                  "Март — лучший месяц.",
                                  "Дорога в 2000 км построена.",
                                  "Он умер в возрасте 60 лет.",
                                  "Він помер у віці 85 років."])
def test_not_dates(text):
    """dateparser reads "40%" as 1940 and numbers as years; none of these is a date (an age is no duration)."""
    _, out = refs(text, "uk" if "і" in text else "ru")
    assert [t for t in out if t.grain in ("day", "month", "year", "interval", "duration")] == []


def test_context_days():
    """"На следующий день" counts from the day mentioned before it (anchor "context")."""
    _, out = refs("Переговоры прошли 3 августа. На следующий день стороны подписали соглашение.")
    nxt = [t for t in out if t.text.lower() == "на следующий день"][0]
    assert nxt.value == "2025-08-04" and nxt.anchor == "context"
    _, out = refs("Того ж дня відбулася зустріч.", lang="uk")
    assert out[0].value is None and out[0].grain == "unresolved"


def test_weekday_rule():
    """Past: most recent such day on or before the reference; upcoming: next such day on or after it."""
    from datetime import date

    wed = date(2025, 8, 13)
    assert weekday_date(wed, 2, -1) == wed
    assert weekday_date(wed, 4, -1) == date(2025, 8, 8)
    assert weekday_date(wed, 4, +1) == date(2025, 8, 15)
    assert weekday_date(wed, 2, -1, rel=-1) == date(2025, 8, 6)


def test_undated_without_evidence_stays_unresolved():
    art, out = refs("Об этом сообщили в среду.", published=None)
    assert art.published is None and art.published_window is None
    assert out[0].value is None and out[0].grain == "unresolved"


def test_window_from_ongoing_invasion():
    art, out = refs("Вторгнення Путіна триває вже майже 19 місяців. Лідери зустрілися в середу.",
                    lang="uk", published=None)
    assert art.published is None and "date-inferred" in art.flags
    start, end = art.published_window
    assert "2023-08-24" <= start <= end <= "2023-09-30"
    wed = [t for t in out if t.text == "в середу"][0]
    assert wed.anchor == "inferred" and wed.value.startswith("2023-09") and wed.confidence < 0.8


def test_window_from_latest_date():
    """Only a latest absolute date: the window opens there and bare day-months take its year."""
    art, out = refs("В апреле 2025 года Герасимов объявил об этом. Лидеры 3 августа провели переговоры.",
                    published=None)
    assert art.published_window[0] == "2025-04-01" and "date-inferred" in art.flags
    aug = [t for t in out if t.text == "3 августа"][0]
    assert aug.value == "2025-08-03" and aug.anchor == "inferred"


def test_window_from_anniversary():
    art, _ = refs("Парад, посвященный 80-летию победы во Второй мировой войне, прошел в Пекине.", published=None)
    assert art.published_window[0].startswith("2025") and art.published_window[1].startswith("2025")


def test_seeds(seed_articles):
    """The seeds: 002 keeps "3 августа" as written in its inferred 2025 window; 004 lands in Sept 2023."""
    out = {k: read_timerefs(a, None) for k, a in seed_articles.items()}
    art2, t2 = out["002"]
    assert art2.published is None and art2.published_window[0].startswith("2025")
    assert any(t.text == "3 августа" and t.value == "2025-08-03" and t.anchor == "inferred" for t in t2)
    art4, t4 = out["004"]
    assert art4.published is None and "date-inferred" in art4.flags
    # the window is 2023-09-08..24 ("майже 19 місяців" of invasion): "в середу" is any Wednesday it allows, with
    # that width (the meeting was on the 13th; choosing one day in the window would invent it)
    assert [t.value for t in t4 if t.text == "в середу"] == ["2023-09-06/2023-09-20"] * 2
    _, t3 = out["003"]
    vals = {t.text: t.value for t in t3}
    assert vals["в среду"] == "2025-08-13" and vals["в пятницу"] == "2025-08-15"
    assert vals["с осени прошлого года"].startswith("2024-09")
    _, t1 = out["001"]
    vals = {t.text: t.value for t in t1}
    assert vals["в июне прошлого года"] == "2024-06" and vals["в июле 2025 года"] == "2025-07"
    assert all(t.id.startswith(seed_articles["001"].id + ":t") for t in t1)
