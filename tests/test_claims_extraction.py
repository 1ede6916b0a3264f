"""Claims at the root: hedges, compound figures, dates read as counts, and undated texts, each pinned to a real
sentence of the development data (SlavicNER asia_bibi/brexit/nord_stream ru, NER-UK, NEREL)."""

from __future__ import annotations

import pytest

from crosswire.model import Article, Qualifier
from crosswire.nlp import get_analyzer
from crosswire.read.claims import read_claims
from crosswire.read.time import read_timerefs


def claims_of(text: str, lang: str = "ru"):
    article = Article(id="t", source="t", text=text, language=lang, outlet="Outlet")
    return read_claims(article, get_analyzer(lang).parse(text), [], [], [])


def figures(text: str, lang: str = "ru"):
    return [(c.value, c.qualifier) for c in claims_of(text, lang)]


@pytest.mark.parametrize(
    "text,lang,expected",
    [
        # SlavicNER asia_bibi ru 147
        ("Но в тюрьме убили не менее 20 человек, арестованных по этому обвинению.", "ru",
         [(20, Qualifier.AT_LEAST)]),
        # NER-UK bruk/804f1f7b3cba: a verb of exceeding is a lower bound, "не більше ніж" an upper one
        ("з поточного рахунку в іноземній валюті — на суму , що в еквіваленті перевищує 15 000 гривень , але не "
         "більше ніж 150 000 гривень на місяць .", "uk",
         [(15000, Qualifier.MORE_THAN), (150000, Qualifier.UP_TO)]),
        # NER-UK bruk/d530671576f8: "більш ніж" is more than, "не більш ніж" at most
        ("Холодного , природних та напівприродних степів в Україні лишилося не більш ніж 3 % .", "uk",
         [(3, Qualifier.UP_TO)]),
        # NER-UK ng/3dfca2b9b104
        ("отримає ТОВ «Прибрежний» за оздоровлення на морському узбережжі не менше 600 дітей.", "uk",
         [(600, Qualifier.AT_LEAST)]),
        # NEREL train 133356: the second figure joins the first one's people through "и"
        ("В результате 8 человек погибли и не менее 15 получили ранения.", "ru",
         [(8, Qualifier.EXACT), (15, Qualifier.AT_LEAST)]),
    ],
)
def test_hedges(text, lang, expected):
    assert figures(text, lang) == expected


def test_negated_comparative_is_the_opposite_bound():
    # NEREL train 133356 with its hedge written as "не менее чем" (the form the corpus has with "менее чем"
    # elsewhere): "менее чем" alone is fewer than, the negation makes it at least
    text = "В результате 8 человек погибли и не менее чем 15 получили ранения."
    assert figures(text)[1] == (15, Qualifier.AT_LEAST)


def test_wounded_after_killed_keeps_the_event():
    text = "В результате 8 человек погибли и не менее 15 получили ранения."
    assert [c.measure for c in claims_of(text)] == ["people killed", "people wounded"]


def test_compound_thousands_are_one_figure():
    # NER-UK ng/cffa0e3aa90f ("Toyota Camry Elegance коштує близько 800 тис.") with the rest of the figure that
    # a compound thousands figure carries after the abbreviation; razdel ends a Ukrainian sentence at "тис."
    text = "Toyota Camry Elegance коштує близько 800 тис. 500 гривень."
    assert [(c.value, c.qualifier, c.unit) for c in claims_of(text, "uk")] == [(800500, Qualifier.APPROX, "UAH")]


def test_text_ending_on_a_figure_after_an_event_word():
    # the IndexError in read/claims.py: a figure that adds to the sentence's earlier one ("поранені" after
    # "загинули") and ends the text on "тис.". No development text has that shape, so this is NEREL train
    # 133356 ("В результате 8 человек погибли и не менее 15 получили ранения.") in Ukrainian, ending on the figure
    text = "Внаслідок цього 8 людей загинули, поранені 2 тис."
    assert [(c.value, c.measure) for c in claims_of(text, "uk")] == [(8, "people killed"), (2000, "people wounded")]


def test_text_ending_on_an_abbreviated_thousand():
    # NER-UK ng/b645c9653d72: the text ends on "70 тис." after other figures of the sentence
    text = ("Він вимагав від керівника товариства $3 тисячі за зменшення штрафних санкцій за порушення під час "
            "тендеру зі 170 тисяч гривень до 70 тис.")
    assert [c.value for c in claims_of(text, "uk")] == [3000, 170000, 70000]


@pytest.mark.parametrize(
    "text,lang",
    [
        # SlavicNER nord_stream ru
        ("Nord Stream сообщал, что период техобслуживания \"Северного потока\" продлится с 17 по 31 июля.", "ru"),
        # NER-UK
        ("З 13 по 15 грудня , спортсмени з міст Брест , Ліда та Мінськ ( Білорусь ) , Кишинева ( Молдова ) , Москви "
         "( Російська Федерація ) , Житомира , Києва , зі Львова та Луцька змагались за першість .", "uk"),
    ],
)
def test_days_of_a_date_are_no_counts(text, lang):
    assert claims_of(text, lang) == []


def _undated(text: str, lang: str):
    return read_timerefs(Article(id="t", source="t", text=text, language=lang), None)


def test_undated_now_is_the_window_not_its_first_day():
    # SlavicNER asia_bibi uk 1: the only date is "в 2010 році", so the window is two years wide and "зараз"
    # is that window, never 2010-01-01
    text = ("51-річна католичка Азія Бібі, мати п'ятьох дітей, була засуджена до смертної кари в 2010 році, "
            "коли її визнали винною в образі ісламу. \"Будь ласка, допоможіть нам, ми в біді в Пакистані. Ми "
            "живемо зараз у сильному страху\", - сказав він.")
    art, refs = _undated(text, "uk")
    now = next(t for t in refs if t.text == "зараз")
    assert art.published is None
    assert now.grain == "interval" and now.anchor == "inferred"
    assert now.value == "/".join(art.published_window)


def test_undated_day_month_takes_the_one_year_the_window_allows():
    # SlavicNER asia_bibi ru 174: "в 2010 году" makes a window of 2010-2011, and "31 октября" fits both years,
    # so it is no single day (the acquittal was in 2018: picking one would invent it)
    text = ("Асия Биби была приговорена в 2010 году к смертной казни через повешение за богохульство и восемь "
            "лет ждала исполнения приговора в тюрьме. Верховный суд 31 октября оправдал женщину, решив, что дело "
            "основано на неубедительных свидетельствах и нарушениях процедурных норм.")
    _, refs = _undated(text, "ru")
    day = next(t for t in refs if t.text == "31 октября")
    assert day.value == "2010-10-31/2011-10-31" and day.grain == "interval"
