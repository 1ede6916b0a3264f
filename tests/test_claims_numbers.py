"""Claims on phrase tables (ru/uk/en): values, hedges, units, and what is not a quantity."""

from __future__ import annotations

import pytest

from crosswire.model import Article, Qualifier
from crosswire.nlp import get_analyzer
from crosswire.read.claims import read_claims


def claims_of(text: str, lang: str = "ru"):
    article = Article(id="t", source="t", text=text, language=lang, outlet="Outlet")
    return read_claims(article, get_analyzer(lang).parse(text), [], [], [])


@pytest.mark.parametrize(
    "text,lang,value,qualifier,unit",
    [
        ("Северная Корея отправила более 10 000 военнослужащих.", "ru", 10000, Qualifier.MORE_THAN, "troops"),
        ("Пхеньян отправил порядка 13 тысяч бойцов.", "ru", 13000, Qualifier.APPROX, "troops"),
        ("В боях погибло около 2000 северокорейских солдат.", "ru", 2000, Qualifier.APPROX, "troops"),
        ("Переговоры длились около двух с половиной часов.", "ru", 2.5, Qualifier.APPROX, "hours"),
        ("Всего же разговор занял 2,5 часа.", "ru", 2.5, Qualifier.EXACT, "hours"),
        ("Переговоры продлились полтора часа.", "ru", 1.5, Qualifier.EXACT, "hours"),
        ("Поставки возобновятся после двухмесячного перерыва.", "ru", 2, Qualifier.EXACT, "months"),
        ("Северная Корея поставляет до 40% боеприпасов.", "ru", 40, Qualifier.UP_TO, "percent"),
        ("Правительство выделило $300 млн на ремонт.", "ru", 300e6, Qualifier.EXACT, "USD"),
        ("Банк потерял не менее 5 млн рублей.", "ru", 5e6, Qualifier.AT_LEAST, "RUB"),
        ("Урожай составил менее 3 тысяч тонн.", "ru", 3000, Qualifier.LESS_THAN, "tonnes"),
        ("В деревне осталось менее 300 домов.", "ru", 300, Qualifier.LESS_THAN, "дом"),
        ("Прибуток склав 5-7 тис . грн . за місяць .", "uk", 5000, Qualifier.EXACT, "UAH"),
        ("Более миллиона долларов получили врачи.", "ru", 1e6, Qualifier.MORE_THAN, "USD"),
        ("Северная Корея випустила дві балістичні ракети.", "uk", 2, Qualifier.EXACT, "missiles"),
        ("Їм дозволили залишатися до шести місяців за візами.", "uk", 6, Qualifier.UP_TO, "months"),
        ("Вторгнення триває вже майже 19 місяців.", "uk", 19, Qualifier.APPROX, "months"),
        ("Лідери розмовляли близько двох годин.", "uk", 2, Qualifier.APPROX, "hours"),
        ("Уряд виділив 300 млн гривень на відбудову.", "uk", 300e6, Qualifier.EXACT, "UAH"),
        ("Росія відправила понад 20 тис. військових.", "uk", 20000, Qualifier.MORE_THAN, "troops"),
        ("North Korea sent more than 10,000 troops to Russia.", "en", 10000, Qualifier.MORE_THAN, "troops"),
        ("The talks lasted about two and a half hours.", "en", 2.5, Qualifier.APPROX, "hours"),
        ("At least 12 people were killed.", "en", 12, Qualifier.AT_LEAST, "people"),
        ("Пострадали 22 человека.", "ru", 22, Qualifier.EXACT, "people"),
        ("На митинг пришли 10 тысяч с лишним человек.", "ru", 10000, Qualifier.MORE_THAN, "people"),
        ("The blast damaged 100 or more buildings.", "en", 100, Qualifier.MORE_THAN, "buildings"),
        ("Акции прошли в 25 странах.", "ru", 25, Qualifier.EXACT, "countries"),
        ("Protests took place in 25 countries.", "en", 25, Qualifier.EXACT, "countries"),
        ("More than 700 ski resorts opened this winter.", "en", 700, Qualifier.MORE_THAN, "resorts"),
        ("Officials reported 1,196 new cases on Monday.", "en", 1196, Qualifier.EXACT, "cases"),
        ("Вони встановили 100 пам’ятників у місті.", "uk", 100, Qualifier.EXACT, "пам'ятник"),
        ("Площа квартири понад 130 кв. м.", "uk", 130, Qualifier.MORE_THAN, "m2"),
        # "дня" after a figure with no "в" before it is days, not "12 дня" (noon)
        ("Переговоры длились 3 дня.", "ru", 3, Qualifier.EXACT, "days"),
    ],
)
def test_quantity(text, lang, value, qualifier, unit):
    claims = claims_of(text, lang)
    assert len(claims) == 1, [(c.value, c.measure_text) for c in claims]
    c = claims[0]
    assert c.value == pytest.approx(value)
    assert c.qualifier == qualifier
    assert c.unit == unit
    assert c.source == "Outlet"


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Путин и Ким приехали на парад к 80-й годовщине завершения Второй мировой войны.", "ru"),
        ("Парад был посвящён 80-летию победы.", "ru"),
        ("В 2024 году Россия и КНДР подписали договор.", "ru"),
        ("Россия и КНДР сражались в 2024–2025 годах.", "ru"),
        ("Путин и Ким Чен Ын 3 августа провели переговоры.", "ru"),
        ("Два лидера обсудили отношения между двумя странами.", "ru"),
        ("Це було перше в історії випробування, коли один із лідерів був за кордоном.", "uk"),
        ("Звоните по телефону 88005553535 до 18:00.", "ru"),
        ("В Госдуме появился законопроект 589658-7 о связи.", "ru"),
        ("Дело возбуждено по ч. 2 ст. 112 УК РФ.", "ru"),
        ("Встреча началась в 15 часов по местному времени.", "ru"),
        ("Встреча началась в 12 дня.", "ru"),
        ("Штаб находится по адресу Хорошёвское шоссе, дом 76Б.", "ru"),
        ("On 3 September 2025 the parade took place.", "en"),
        ("Два года назад он переехал в Киев.", "ru"),
        ("Двадцять першого березня почалася весна.", "uk"),
        ("Он учится на 4 курсе и живёт на 4 этаже.", "ru"),
        ("Использовали пулемёт 12 калибра.", "ru"),
    ],
)
def test_not_a_quantity(text, lang):
    assert [(c.value, c.measure_text) for c in claims_of(text, lang)] == []


def test_a_time_of_day_is_no_count_whatever_follows():
    # tgcontest_pairs_dev (huffingtonpost.in): "8.30 pm" was read as 8.3 of "due"
    text = "On Monday, the city’s average AQI stood at 370 at 8.30 pm due to a slight increase in wind."
    assert 8.3 not in [c.value for c in claims_of(text, "en")]


@pytest.mark.parametrize(
    "text,lang",
    [
        # seed 003: a plural with no figure states no quantity, so it is no quantitative claim
        ("Ким также согласился отправить тысячи военных строителей и саперов в Курскую область РФ, что, по "
         "мнению южнокорейской разведки, может произойти в ближайшее время.", "ru"),
        ("Hundreds of civilians were evacuated.", "en"),
    ],
)
def test_vague_plurals_are_no_claims(text, lang):
    assert claims_of(text, lang) == []


@pytest.mark.parametrize(
    "text,lang",
    [
        ("В регион перебросили 10-15 тысяч военнослужащих.", "ru"),
        ("В регион перебросили от 10 до 15 тысяч военнослужащих.", "ru"),
        ("У регіон перекинули від 10 до 15 тисяч військових.", "uk"),
        ("Between 10,000 and 15,000 troops were deployed to the region.", "en"),
    ],
)
def test_range_keeps_both_bounds(text, lang):
    claims = claims_of(text, lang)
    assert [(c.value, c.value_max, c.qualifier, c.unit) for c in claims] == [
        (10000, 15000, Qualifier.EXACT, "troops")
    ]


def test_number_in_a_quote_is_the_speakers_claim():
    from crosswire.model import Entity, Mention

    text = "«Мы уже передали Украине более 300 танков», — заявил Шольц."
    start = text.find("Шольц")
    art = Article(id="t", source="t", text=text, language="ru", outlet="Outlet")
    claims = read_claims(
        art,
        get_analyzer("ru").parse(text),
        [Mention("t", "P:scholz", start, start + 5, "Шольц", "PER")],
        [Entity("P:scholz", "Olaf Scholz", "PER")],
        [],
    )
    assert [(c.value, c.source, c.source_entity) for c in claims] == [(300, "Olaf Scholz", "P:scholz")]


@pytest.mark.parametrize(
    "text,lang",
    [
        ("В результате удара погибли 12 человек, еще 30 ранены.", "ru"),
        ("Внаслідок удару загинули 12 людей, ще 30 поранені.", "uk"),
    ],
)
def test_elliptic_count_keeps_the_counted_thing(text, lang):
    claims = claims_of(text, lang)
    assert [(c.value, c.measure) for c in claims] == [(12, "people killed"), (30, "people wounded")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("На данный момент сообщают о 13 убитых и 40 госпитализированных.", [(13, "people"), (40, "people")]),
        ("Его жертвами стали 3 человека; 13 были ранены.", [(3, "people"), (13, "people")]),
        ("Четверо мужчин похитили девочку.", [(4, "people")]),  # men are people counted
        ("Город с населением 1,4 млн в провинции Фуцзянь.", [(1.4e6, None)]),
    ],
)
def test_counts_without_a_plain_counted_noun(text, expected):
    assert [(c.value, c.unit) for c in claims_of(text)] == expected


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        ("Сили ППО збили 45 із 60 дронів.", "uk", [(45, "drones shot down"), (60, "drones total")]),
        ("Силы ПВО сбили 45 из 60 дронов.", "ru", [(45, "drones shot down"), (60, "drones total")]),
        ("За сутки уничтожено 1200 военнослужащих противника.", "ru", [(1200, "troops killed")]),
        ("За добу ліквідовано 1200 військових.", "uk", [(1200, "troops killed")]),
    ],
)
def test_war_report_measures(text, lang, expected):
    assert [(c.value, c.measure) for c in claims_of(text, lang)] == expected


@pytest.mark.parametrize(
    "text,lang,source,measure",
    [
        (
            "По оценке южнокорейской разведки, Пхеньян отправил порядка 13 тысяч бойцов.",
            "ru",
            "South Korean intelligence",
            "troops sent | North Korea",
        ),
        (
            "За оцінками південнокорейської розвідки, Пхеньян відправив близько 13 тисяч військових.",
            "uk",
            "South Korean intelligence",
            "troops sent | North Korea",
        ),
        (
            "According to South Korean intelligence, Pyongyang has sent about 13,000 troops.",
            "en",
            "South Korean intelligence",
            "troops sent | North Korea",
        ),
        (
            "Украина и Южная Корея оценивают, что Северная Корея отправила более 10 000 военнослужащих.",
            "ru",
            "Ukraine; South Korea",
            "troops sent | North Korea",
        ),
        (
            "Северная Корея отправила более 10 000 военнослужащих, сообщает Минобороны Украины.",
            "ru",
            "Ukrainian defence ministry",
            "troops sent | North Korea",
        ),
    ],
)
def test_sources_and_measures_across_languages(text, lang, source, measure):
    c = claims_of(text, lang)[0]
    assert (c.source, c.measure) == (source, measure)


@pytest.mark.parametrize(
    "text,lang,source,measure",
    [
        (
            "Росія втратила понад 1000 військових за добу. Про це повідомляє Генштаб ЗСУ.",
            "uk",
            "Ukrainian general staff",
            "troops lost | Russia",
        ),
        (
            "Генштаб ЗСУ повідомляє, що за добу ліквідовано 1200 окупантів.",
            "uk",
            "Ukrainian general staff",
            "troops killed",
        ),
        (
            "Об этом заявил министр обороны Андрей Белоусов: ВСУ потеряли 500 военнослужащих.",
            "ru",
            "Андрей Белоусов",
            "troops lost | Ukraine",
        ),
        (
            "Ukraine lost 500 soldiers, the Russian defence ministry said.",
            "en",
            "Russian defence ministry",
            "troops lost | Ukraine",
        ),
    ],
)
def test_inverted_and_trailing_sources(text, lang, source, measure):
    c = claims_of(text, lang)[0]
    assert (c.source, c.measure) == (source, measure)


def test_english_share_of():
    c = claims_of("About 55% of residents voted for the plan.", "en")[0]
    assert (c.value, c.qualifier, c.measure) == (55, Qualifier.APPROX, "share of people")


@pytest.mark.parametrize(
    "text,lang,measure",
    [
        ("Сейчас ему 85 лет.", "ru", "age"),
        ("Люди старше 70 лет должны подтверждать свои права.", "ru", "age"),
        ("The victim was 52 years old.", "en", "age"),
        ("Вторгнення триває вже майже 19 місяців.", "uk", "war duration"),
    ],
)
def test_age_is_not_a_duration(text, lang, measure):
    assert [c.measure for c in claims_of(text, lang)] == [measure]


@pytest.mark.parametrize(
    "text,lang",
    [
        ("В Россию прибыли около 12 тысяч северокорейских военных.", "ru"),
        ("До Росії прибули близько 12 тисяч північнокорейських військових.", "uk"),
        ("About 12,000 North Korean troops arrived in Russia.", "en"),
    ],
)
def test_arrivals_are_troops_sent(text, lang):
    assert [(c.value, c.measure) for c in claims_of(text, lang)] == [(12000, "troops sent | North Korea")]


def test_more_of_the_same_in_the_next_sentence():
    claims = claims_of(
        "По данным ООН, с начала войны погибли 10 000 мирных жителей. Еще 18 000 получили ранения."
    )
    assert [(c.value, c.measure, c.source) for c in claims] == [
        (10000, "people killed", "ООН"),
        (18000, "people wounded", "ООН"),
    ]


@pytest.mark.parametrize(
    "text,lang,value,qualifier,measure",
    [
        (
            "Северная Корея поставляет около трети боеприпасов России.",
            "ru",
            33.3,
            Qualifier.APPROX,
            "share of munitions supplied | North Korea",
        ),
        (
            "Более половины погибших были мирными жителями.",
            "ru",
            50,
            Qualifier.MORE_THAN,
            "share of people killed",
        ),
        (
            "Two thirds of the drones were shot down.",
            "en",
            66.7,
            Qualifier.EXACT,
            "share of drones shot down",
        ),
    ],
)
def test_fractions_are_shares(text, lang, value, qualifier, measure):
    c = claims_of(text, lang)[0]
    assert (c.value, c.qualifier, c.unit, c.measure) == (value, qualifier, "percent", measure)


@pytest.mark.parametrize(
    "text",
    [
        "Встреча прошла во второй половине дня.",
        "Цена составила четверть миллиарда долларов.",
    ],
)
def test_fractions_that_are_not_shares(text):
    assert all(c.unit != "percent" for c in claims_of(text))


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        (
            "Оголошено тендери вартістю 437,09 млн та 1,06 млрд гривень.",
            "uk",
            [(437.09e6, "UAH"), (1.06e9, "UAH")],
        ),
        ("Розмитнення – майже 16 тисяч гривень, ПДВ – 32 тисячі.", "uk", [(16000, "UAH"), (32000, None)]),
    ],
)
def test_amounts_without_their_own_counted_word(text, lang, expected):
    assert [(c.value, c.unit) for c in claims_of(text, lang)] == expected


def test_his_words_are_the_last_speakers():
    from crosswire.model import Entity, Mention

    text = (
        "«Ми будемо боротися до кінця», — заявив Зеленський.\n"
        "За його словами, Росія втратила понад 600 тисяч військових."
    )
    start = text.find("Зеленський")
    art = Article(id="t", source="t", text=text, language="uk", outlet="Outlet")
    mentions = [Mention("t", "Q3874799", start, start + 10, "Зеленський", "PER")]
    claims = read_claims(
        art, get_analyzer("uk").parse(text), mentions, [Entity("Q3874799", "Volodymyr Zelensky", "PER")], []
    )
    assert [(c.value, c.source, c.source_entity) for c in claims] == [
        (600000, "Volodymyr Zelensky", "Q3874799")
    ]


def test_headline_name_colon_claim():
    from crosswire.model import Entity, Mention

    text = "Путин: в зоне СВО находятся около 700 тысяч военнослужащих"
    art = Article(id="t", source="t", text=text, language="ru", outlet="Outlet")
    mentions = [Mention("t", "Q7747", 0, 5, "Путин", "PER")]
    claims = read_claims(
        art, get_analyzer("ru").parse(text), mentions, [Entity("Q7747", "Vladimir Putin", "PER")], []
    )
    assert [(c.value, c.source) for c in claims] == [(700000, "Vladimir Putin")]
