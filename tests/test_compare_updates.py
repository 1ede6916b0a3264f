"""Updates, contradictions and one-language alignment on real sentences: running totals read as such, one measure
at two moments called an update, a conflict at one moment called a contradiction, and the same figure of one
counted thing aligned whatever verb each clause hangs it on.

Sentences: WMT22 general news ru (belta.by.15680, rt-russian.47343, infox.ru.13249, kommersant.51708), SlavicNER
nord_stream/ru, asia_bibi/ru and brexit/uk (development topics). Publication dates are set by each test (the
SlavicNER texts are undated); each test says which.
"""

from __future__ import annotations

from crosswire.compare.align import align
from crosswire.compare.verdicts import claim_verdict
from crosswire.model import Article, Entity, Mention, Verdict
from crosswire.nlp import get_analyzer
from crosswire.read.claims import read_claims

LAID_600 = ("В свою очередь руководитель OMV Райнер Зеле сказал, что к этому моменту уже уложено «около 600 км "
            "трубопровода по дну Балтийского моря».")
LAID_300 = 'Тем временем, "Газпром" уложил около 300 км труб газопровода "Северный поток 2" на дно Балтийского моря.'
CASES_NOW = ("В настоящий момент в Великобритании обнаружено 1898 случаев заражения омикрон-штаммом коронавируса, "
             "из которых 633 были выявлены за последние сутки.")
CASES_TOTAL = "Общее число заболевших COVID-19 от нового штамма в Великобритании достигло 3137 человек."
COUNTRIES_ALREADY = 'Всемирная организация здравоохранения (ВОЗ) заявила, что новый штамм коронавируса "омикрон" ' \
                    'выявлен уже в 63 странах.'
COUNTRIES_DATED = 'По информации на 9 декабря, "омикрон" зарегистрирован в 63 странах.'


def read(text: str, aid: str, lang: str = "ru", published: str | None = None, bibi: bool = False):
    art = Article(id=aid, source=aid, text=text, language=lang, outlet=f"Outlet {aid}", published=published)
    mentions, entities = [], []
    if bibi:  # the person an age or a count of children belongs to, as the entity reader links her
        start = next(text.find(f) for f in ("Асия Биби", "Асии Биби", "Она") if f in text)
        mentions = [Mention(aid, "Q_bibi", start, start + 9, text[start:start + 9], "PER")]
        entities = [Entity("Q_bibi", "Asia Bibi", "PER")]
    return art, read_claims(art, get_analyzer(lang).parse(text), mentions, entities, [])


def test_running_totals_are_read_as_such():
    # "уже уложено", "в настоящий момент", "достигло", "выявлен уже": totals as of their report's moment;
    # "уложил около 300 км" and "по информации на 9 декабря … 63" say nothing of a running count
    running = {c.value: c.running for text in (LAID_600, LAID_300, CASES_NOW, CASES_TOTAL)
               for c in read(text, "a")[1]}
    assert running == {600: True, 300: False, 1898: True, 633: True, 3137: True}
    assert [c.running for c in read(COUNTRIES_ALREADY, "a")[1]] == [True]
    assert [c.running for c in read(COUNTRIES_DATED, "a")[1]] == [False]


def test_a_running_total_at_two_moments_is_an_update_never_a_contradiction():
    # belta.by.15680 and rt-russian.47343 (WMT22): the UK's omicron total, 1898 "now" and "reached 3137"; the
    # texts are undated, so the order comes from the total only growing
    a, now = read(CASES_NOW, "a")
    b, total = read(CASES_TOTAL, "b")
    arts = {"a": a, "b": b}
    claims = [now[0], total[0]]
    verdict, reason = claim_verdict(claims, arts, {"a": "s", "b": "s"})
    assert verdict is Verdict.UPDATE
    assert "1898 cases → 3137 cases" in reason and "latest 3137" in reason  # "число заболевших": detected cases
    # known dates that run against the growth (the larger total published two days earlier) are no update; a
    # conflict of one story two days apart, not known to be at one moment, stays a divergence
    a, now = read(CASES_NOW, "a", published="2021-12-12")
    b, total = read(CASES_TOTAL, "b", published="2021-12-09")
    verdict, reason = claim_verdict([now[0], total[0]], {"a": a, "b": b}, {"a": "s", "b": "s2"})
    assert verdict is Verdict.DIVERGE
    # a figure with no running cue ("уложил около 300 км") beside a running one: nothing says time explains it
    a, six = read(LAID_600, "a")
    b, three = read(LAID_300, "b")
    assert claim_verdict([six[0], three[0]], {"a": a, "b": b}, {"a": "s", "b": "s"})[0] is Verdict.DIVERGE


def test_ages_are_an_update_only_where_their_times_allow_the_difference():
    # asia_bibi ru: "51-летняя католичка Асия Биби" and "Асии Биби 54 года"
    text_51 = ("51-летняя католичка Асия Биби, мать пятерых детей, ожидала исполнения смертного приговора с 2010 года, "
               "когда ее официально признали виновной в оскорблении пророка Мухаммеда.")
    text_54 = "Асии Биби 54 года."

    def ages(p51: str | None, p54: str | None):
        a, ca = read(text_51, "a", published=p51, bibi=True)
        b, cb = read(text_54, "b", published=p54, bibi=True)
        claims = [c for c in ca + cb if c.counted == "age"]
        assert [c.value for c in claims] == [51, 54]
        return claim_verdict(claims, {"a": a, "b": b}, {"a": "s", "b": "s2"})

    # undated: nothing says the three years between them are time, not disagreement
    assert ages(None, None)[0] is Verdict.DIVERGE
    # three years apart: 51 then 54 is one age at two moments
    verdict, reason = ages("2015-11-02", "2018-11-08")
    assert verdict is Verdict.UPDATE and "latest 54 years" in reason and "span 2015-11-02 to 2018-11-08" in reason
    # a month apart: three years cannot be time; eight years apart: three years are too few
    assert ages("2018-10-02", "2018-11-08")[0] is Verdict.DIVERGE
    assert ages("2010-11-02", "2018-11-08")[0] is Verdict.DIVERGE


def test_one_count_at_one_moment_with_incompatible_figures_is_a_contradiction():
    # asia_bibi ru: "Она мать четверых детей" against "мать пятерых детей", the same person on the same day in
    # one story, neither attributed: a contradiction; undated, the same pair only diverges
    four_text = "Она мать четверых детей."
    five_text = ("Жительница Пакистана Асия Биби и мать пятерых детей, ранее приговоренная у себя на родине к "
                 "смертной казни через повешение, стала почетной парижанкой.")
    a, four = read(four_text, "a", published="2018-11-08", bibi=True)
    b, five = read(five_text, "b", published="2018-11-08", bibi=True)
    claims = [c for c in four + five if c.counted == "children"]
    assert [c.value for c in claims] == [4, 5]
    verdict, reason = claim_verdict(claims, {"a": a, "b": b}, {"a": "s", "b": "s"})
    assert verdict is Verdict.CONTRADICT and "4 people vs 5 people" in reason
    a, four = read(four_text, "a", bibi=True)
    b, five = read(five_text, "b", bibi=True)
    claims = [c for c in four + five if c.counted == "children"]
    verdict, reason = claim_verdict(claims, {"a": a, "b": b}, {"a": "s", "b": "s"})
    assert verdict is Verdict.DIVERGE and "not known to coincide" in reason


def test_the_same_figure_of_one_counted_thing_aligns_in_one_language():
    _, c = read(COUNTRIES_ALREADY, "c")
    _, d = read(COUNTRIES_DATED, "d")
    # brexit uk: the withdrawal agreement's 585 pages, said of "документ" in one outlet and of nothing in the
    # other's clause; WMT22: omicron's 63 countries, "выявлен" and "зарегистрирован" (one predicate class,
    # "detected", since they say the same); the pages and the countries stay apart, and equal figures of a
    # generic thing (two durations of "2 роки") are no such join
    _, a = read("Основний документ становить 585 сторінок.", "a", "uk")
    _, b = read("Єврокомісія після цього опублікувала текст фінального проекту угоди щодо виходу Великої Британії з "
                "ЄС (Brexit) на 585 сторінок.", "b", "uk")
    assert len({(x.predicate, x.place) for x in a + b}) == 2 and {x.predicate for x in c + d} == {"detected"}
    langs = {"a": "uk", "b": "uk", "c": "ru", "d": "ru"}
    groups = sorted(sorted(x.article for x in cs) for _, cs in align(a + b + c + d, langs))
    assert groups == [["a", "b"], ["c", "d"]]
    _, e = read("Барньє пояснив пропозицію необхідністю дати сторонам 2 додаткові роки, щоб продовжити обговорення "
                "торгових відносин.", "e", "uk")
    _, f = read("Координатор Євросоюзу на переговорах щодо Brexit Мішель Барньє запропонував продовжити на 2 роки "
                "перехідний етап виходу Британії з ЄС.", "f", "uk")
    assert [len(cs) for _, cs in align(e + f, {"e": "uk", "f": "uk"}) if len(cs) > 1] == []
    # nord_stream ru: a share is a generic thing, but "15,3 %" is a distinctive figure: two outlets' growth of the
    # pipeline's deliveries, hung on "нарастить" and "составить"
    _, g = read("Таким образом, компания нарастила объемы транспортировки газа на 15,3% в годовом выражении.", "g")
    _, h = read("Это значит, что рост поставок составил 15,3% в годовом выражении.", "h")
    assert len({x.predicate for x in g + h}) == 2
    assert [sorted(x.article for x in cs) for _, cs in align(g + h, {"g": "ru", "h": "ru"})] == [["g", "h"]]
