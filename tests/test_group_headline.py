"""Event signatures on real headlines: what a headline says happened (group/headline.py) and the days a
holiday names (group/signature.py). Titles and leads are verbatim from SlavicNER asia_bibi/ru and brexit/ru and
from tgcontest_pairs_dev."""

from __future__ import annotations

from crosswire.group.headline import headline_classes
from crosswire.group.link import link
from crosswire.group.profile import Profile
from crosswire.group.signature import days_clash, signature
from crosswire.model import Article, ArticleFacts

ACQUITTAL = "В Пакистане оправдали христианку, приговорённую к казни за богохульство"
PROTESTS = "В Пакистане начались протесты после оправдания христианки"
LAWYER = "Адвокат обвиненной в богохульстве женщины сбежал из Пакистана на фоне протестов"
RELEASED = "Оправданная в Пакистане католичка освобождена из тюрьмы"
RELEASED_2 = "Приговоренную к казни за богохульство христианку освободили в Пакистане"


def test_a_headline_names_what_happened_not_what_it_followed():
    assert headline_classes(ACQUITTAL, "ru") == {"acquittal"}
    assert headline_classes(PROTESTS, "ru") == {"protest"}  # "после оправдания": what the protests followed
    assert headline_classes(LAWYER, "ru") == {"flight"}  # "на фоне протестов": background
    # a short participle is the predicate; the full one ("Оправданная католичка") only describes her
    assert headline_classes(RELEASED, "ru") == {"release"}
    assert headline_classes(RELEASED_2, "ru") == {"release"}
    assert headline_classes("Оправданная по делу о богохульстве христианка вышла из тюрьмы в Пакистане",
                            "ru") == {"release"}  # a two-word entry: "из тюрьма"
    # a third party's comment is news of its own, not the resignation it follows
    assert headline_classes("Косачев не ждет резких перемен в курсе Великобритании после отставки Джонсона",
                            "ru") == {"reaction"}
    assert headline_classes("Борис Джонсон ушел в отставку с поста главы МИД Великобритании", "ru") == {"resignation"}
    assert headline_classes("Apple store worker fired for sending customer's intimate photo to his own phone",
                            "en") == frozenset()


def _profile(pid: str, title: str) -> Profile:
    p = Profile(id=pid, title=title, outlet=None, language="ru", vector=None,
                entities={"Q843": 0.5, "PER:asia-bibi": 0.5})
    p.headline = headline_classes(title, "ru")
    return p


def test_headlines_naming_different_happenings_of_one_case_lower_the_score():
    released, lawyer, released_2 = _profile("a", RELEASED), _profile("b", LAWYER), _profile("c", RELEASED_2)
    apart, together = link(released, lawyer), link(released, released_2)
    assert apart.parts["headline"] < 0
    assert "headline" not in together.parts  # the same class: no evidence either way
    assert apart.score < together.score


def _sig(title: str, text: str):
    return signature(ArticleFacts(article=Article(id=title[:8], source="x", text=text, title=title, language="ru")))


def test_a_holiday_in_the_title_names_its_day():
    # two days of Yandex's self-isolation index: 4 May and Victory Day (9 May)
    may4 = _sig("Казань показала худший результат среди городов-миллионников по индексу самоизоляции",
                "По данным аналитики «Яндекса», по состоянию на 13 часов 4 мая Казань занимает первое место "
                "«антирейтинга» городов-миллионников России по уровню самоизоляции жителей.")
    may9 = _sig("Казань оказалась на последнем месте по индексу самоизоляции в День Победы",
                "Казань оказалась на последнем месте среди городов-миллионников по индексу самоизоляции в День "
                "Победы.")
    assert may9.days == ((None, 5, 9),)
    assert may4.days == ((None, 5, 4),)
    assert days_clash(may4, may9)
