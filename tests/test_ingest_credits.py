"""Datelines, source credits and page furniture on real text (SlavicNER development topics, Zyte pages).

A dateline opening a text goes to noise (its day is no quantity) and names the agency; credits in the title,
lead or last line name where the news comes from; furniture sentences never reach the text or the title.
"""

from __future__ import annotations

import pytest

from crosswire.ingest.base import RawDoc
from crosswire.ingest.build import build_article
from crosswire.ingest.clean import clean_text
from crosswire.ingest.credits import find_credits, split_dateline

# (first line of a SlavicNER development text or a Zyte page, the dateline, the agency it names)
DATELINES = [
    ("ТАСС, 24 ноября. Правоохранительные органы Пакистана в пятницу задержали лидера", "ТАСС, 24 ноября.", "ТАСС"),
    ("МОСКВА, 8 ноября, ФедералПресс. Конфликт начался после того, как «нечистая» христианка",
     "МОСКВА, 8 ноября, ФедералПресс.", "ФедералПресс"),
    ("Москва. 4 ноября. INTERFAX.RU - Муж христианки Асии Биби, обвиненной в богохульстве",
     "Москва. 4 ноября. INTERFAX.RU -", "Интерфакс"),
    ("КИЇВ. 18 листопада. УНН. Британські фахівці з військового планування готуються",
     "КИЇВ. 18 листопада. УНН.", "УНН"),
    ('МОСКВА, 30 мая ПРАЙМ "Газпром" передал 100% акций Nord Stream 2 в залог', "МОСКВА, 30 мая ПРАЙМ", "ПРАЙМ"),
    ("БРЮССЕЛЬ. КАЗИНФОРМ - Новым министром Великобритании по вопросам Brexit назначен Доминик Рааб",
     "БРЮССЕЛЬ. КАЗИНФОРМ -", "Казинформ"),
    ("МОСКВА, 15 янв – РИА Новости. Официальный представитель МИД России", "МОСКВА, 15 янв – РИА Новости.",
     "РИА Новости"),
    ("ПАРИЖ, 7 фев — РИА Новости, Виктория Иванова. Франция поддержит", "ПАРИЖ, 7 фев — РИА Новости, Виктория Иванова.",
     "РИА Новости"),
    ("WASHINGTON (Reuters) - Scientists on Monday unveiled the first global geological map", "WASHINGTON (Reuters) -",
     "Reuters"),
    ("HAYWARD, Calif. (AP) — The Latest on a deadly stabbing on a San Francisco Bay Area", "HAYWARD, Calif. (AP) —",
     "Associated Press"),
]

NOT_DATELINES = [
    "Берлин, 9 января. Правительство Германии не располагает новыми данными",  # no agency: the day stays a date
    "Сегодня, 31 октября, Верховный суд Пакистана освободил местную христианку",
    "В понедельник, 9 июля, премьер-министр Великобритании Тереза Мэй",
    "Накануне, 8 июля, из-за несогласия с предложенным Мэй планом",
]


@pytest.mark.parametrize("line,dateline,agency", DATELINES)
def test_dateline_is_split_off_and_names_its_agency(line, dateline, agency):
    found, rest = split_dateline(line)
    assert found == dateline and rest == line[len(dateline):].lstrip()
    assert [(c.agency, c.where) for c in find_credits("", rest, [found])] == [(agency, "dateline")]


@pytest.mark.parametrize("line", NOT_DATELINES)
def test_a_place_and_a_day_without_an_agency_is_no_dateline(line):
    assert split_dateline(line) == (None, line)


def test_build_article_keeps_the_dateline_as_noise_and_the_day_is_no_quantity():
    from crosswire.pipeline import read_article

    body = ("МОСКВА, 15 янв – РИА Новости. Официальный представитель МИД России Мария Захарова заявила, что "
            "санкции против газопровода противоречат интересам Европы.")
    art = build_article(RawDoc(source="t.txt", text=body, title="Захарова о санкциях"))
    assert art.text.startswith("Официальный представитель") and art.noise[0] == "МОСКВА, 15 янв – РИА Новости."
    assert art.outlet == "РИА Новости"  # the dateline names the publisher when nothing else does
    assert not [c for c in read_article(art).claims if c.value == 15]


# (title, first sentences of a SlavicNER development text, the credited source)
LEAD_CREDITS = [
    ("Глава МИД Британии Борис Джонсон подал в отставку",
     "Министр иностранных дел Великобритании Борис Джонсон ушел в отставку. Об этом сообщает Associated Press.",
     "Associated Press"),
    ("Борис Джонсон ушел в отставку",
     "Глава МИД Великобритании Борис Джонсон ушел в отставку, сообщает ТАСС со ссылкой на канцелярию премьера.",
     "ТАСС"),
    ("Мей обвалила курс фунта стерлінгів заявою щодо Brexit",
     "Прем'єр-міністр Великої Британії Тереза Мей пообіцяла у понеділок дотримуватися свого проекту виходу з "
     "Європейського Союзу. Про це УНН повідомляє з посиланням на Reuters.", "Reuters"),
    ("Консерватори назбирали достатньо голосів, щоб ініціювати відставку Мей — Reuters",
     "Депутати Консервативної партії назбирали достатню кількість голосів.", "Reuters"),
    ("The Guardian: перехідний період Brexit можуть продовжити",
     "Головний парламентер Євросоюзу щодо Brexit Мішель Барньє допустив можливість продовження.", "The Guardian"),
]


@pytest.mark.parametrize("title,text,source", LEAD_CREDITS)
def test_lead_and_title_credits(title, text, source):
    assert [c.agency for c in find_credits(title, text, (), outlet="УНН")] == [source]


def test_citations_later_in_the_text_and_unknown_names_are_no_credit():
    text = ("Глава МИД Германии Хайко Маас отверг критику США. Он выступил в Берлине. Министр говорил о газе. "
            "Как сообщал ранее Reuters, санкции готовятся. Об этом сообщает пресс-служба министерства.")
    assert find_credits("Маас отверг критику США", text) == []


def test_an_agency_line_ending_the_text_is_a_credit_and_the_own_outlet_is_none():
    text = "Джонсон и Дэвис были ключевыми министрами в кабинете Мэй. РИА Новости."
    assert [c.where for c in find_credits("", text)] == ["closing"]
    assert find_credits("", text, outlet="РИА Новости") == []


# page furniture: real lines of SlavicNER development texts and of the Zyte / htmldate pages
FURNITURE = [
    ("Сегодня, 1:34 Комментариев: 0 Верховный суд Пакистана вынес оправдательный приговор женщине.",
     "Сегодня, 1:34 Верховный суд Пакистана вынес оправдательный приговор женщине.", ["Комментариев: 0"]),
    ("Get the day’s top headlines delivered to your inbox every morning by subscribing to our newsletter.", "",
     ["Get the day’s top headlines delivered to your inbox every morning by subscribing to our newsletter."]),
    ("Note: we are temporarily moderating all comments submitted to deal with a surge in spam.", "",
     ["Note: we are temporarily moderating all comments submitted to deal with a surge in spam."]),
    ("The-CNN-Wire™ & © 2020 Cable News Network, Inc., a WarnerMedia Company. All rights reserved.", "",
     ["The-CNN-Wire™ & © 2020 Cable News Network, Inc., a WarnerMedia Company. All rights reserved."]),
    ("Використання матеріалів сайту лише за умови посилання (для інтернет-видань - гіперпосилання) на "
     "\"Економічну правду\".", "", None),
    ("Ми вдячні вам за коментарі. Коментувати можна протягом 24 годин після публікації.",
     "Ми вдячні вам за коментарі.", ["Коментувати можна протягом 24 годин після публікації."]),
]


@pytest.mark.parametrize("line,kept,cut", FURNITURE)
def test_furniture_sentences_go_to_noise(line, kept, cut):
    text, noise, _ = clean_text(line)
    assert text == kept
    assert noise == (cut if cut is not None else [line])


@pytest.mark.parametrize("line", [
    "A spokeswoman for Neumann declined to comment.",
    "Disney+ is now live and you can watch a dazzling number of Disney, Pixar, Marvel, and Star Wars movies.",
    "Комментарий МИД: ситуация серьезная.",
    "Компания заявила, что использует cookie для таргетированной рекламы, сообщили в ведомстве.",
    "Operating revenue for the year declined 9.8 per cent to S$865.7 million as media advertisement revenue fell.",
])
def test_news_about_comments_cookies_and_subscriptions_stays(line):
    assert clean_text(line)[0] == line


def test_a_furniture_title_is_dropped():
    art = build_article(RawDoc(source="p.html", text="Das Ministerium informiert über den Club.",
                               title="Write a Reply or Comment Antworten abbrechen"))
    assert art.title == "" and "no-title" in art.flags and "Write a Reply or Comment Antworten abbrechen" in art.noise
