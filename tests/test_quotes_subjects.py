"""The speech verb's own subject as the speaker, wherever the sentence puts it: after the verb and an adverbial, after
the verb with no name before it, and inside a quote it interrupts. Found on development texts outside the quotes
gold (factRuEval-2016 devset), each pinned to its real sentence; every one gave the person named before (or no
quote) until the fix, and the guard beside each is a sentence the first version of the fix got wrong."""

from __future__ import annotations

from conftest import quote_speakers as speakers
from conftest import quote_starting as _quote
from conftest import read_text as read

# factRuEval-2016 devset book_147 (a Golos Ameriki report on a nationalist rally)
RALLY = (
    "Сегодня на Кронштадтском бульваре не было почти никакой символики. Единственный крупный плакат, который "
    "держали собравшиеся, был с фотографией Свиридова. На нем надпись – «40 дней без Егора».\n\n"
    "«Смерть Егора стала переломным моментом, когда люди, не боясь, говорят: “Нам надоело терпеть, что нас убивают "
    "на нашей собственной земле”», – сказал в беседе с корреспондентом «Голоса Америки» лидер Движения против "
    "нелегальной иммиграции Александр Белов.\n"
)

PANIKHIDA = (
    "Между тем, сегодняшнюю панихиду по Егору Свиридову возглавил протоирей Всеволод Чаплин, глава синодального "
    "Отдела по взаимоотношениям Церкви и общества. На панихиде он призвал к тому, чтобы «Россия жила не по законам "
    "джунглей и гор, а по божьему и человеческим законам».\n\n"
    "Вот как эту панихиду прокомментировал писатель и журналист Виктор Шендерович, который 26 декабря провел "
    "антифашистский митинг против тех, кто вышел на Манежную площадь: «К сожалению, Русская Православная Церковь – "
    "как институт, а не как вера частных людей – уже давно и глубоко увязла в политике».\n"
)

GOES_ON = (
    "«Меня вообще несколько удивляет, что фигура Свиридова стала использоваться многими политиками и общественными "
    "деятелями для своей раскрутки, – сказал Александр Брод.\n\n"
    "Напомним, что прежде в интервью «Голосу Америки» Александр Белов говорил, что с ним и его сторонниками "
    "либералы не готовы вести диалог.\n\n"
    "«Мне кажется, – продолжил Брод, – что уже много сказали о Свиридове, о неэффективности работы "
    "правоохранительных органов, отдали ему необходимые почести».\n"
)


def test_the_subject_after_the_verb_and_an_adverbial_speaks():
    facts = read(RALLY, "ru")
    q = _quote(facts, "Смерть Егора")
    assert q is not None and "Белов" in q[2], speakers(facts)


def test_with_no_name_before_the_verb_its_subject_follows_it():
    facts = read(PANIKHIDA, "ru")
    q = _quote(facts, "К сожалению")
    assert q is not None and "Шендерович" in q[2], speakers(facts)
    assert "Чаплин" in (_quote(facts, "Россия жила") or ("", True, "", ""))[2], speakers(facts)


def test_a_name_after_the_verb_of_a_relative_clause_does_not_speak():
    # NEREL train 28074 (Wikinews): the colon line's subject is Sabirova, Peskov only spoke of the letter earlier
    text = ("Екатерина Сабирова, которой сейчас 23 года, также пролила свет на загадочное письмо бывшего олигарха "
            "президенту России Владимиру Путину, о котором ранее говорил пресс-секретарь президента Дмитрий Песков:\n"
            "Он говорил, что не видит другого способа, кроме как пойти на поклон. Он сказал, что считает, что "
            "единственный способ вернуться в Россию, «сделать рывок» – это принести извинения Путину.\n")
    facts = read(text, "ru")
    assert not any("Песков" in s[2] for s in speakers(facts)), speakers(facts)


def test_a_short_first_part_of_an_interrupted_quote_gives_the_rest_its_speaker():
    facts = read(GOES_ON, "ru")
    q = next((s for s in speakers(facts) if "уже много сказали о Свиридове" in s[0]), None)
    assert q is not None and "Брод" in q[2], speakers(facts)
