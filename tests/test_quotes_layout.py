"""Quotes laid out over lines, and speakers around them, on real news text from development corpora (NEREL train,
NER-UK train, SlavicNER development topics): a block quotation printed as its own paragraph after "X сказал:" with
no quote marks, a quote whose marks open and close in different lines, an adverbial between the dash and the speech
verb, a speaker with an apposition or a relative clause, a pronoun right before its verb."""

from __future__ import annotations

from conftest import read_text as read


def quotes(facts) -> list[tuple[str, bool, str]]:
    ents = {e.id: e for e in facts.entities}
    out = []
    for q in facts.quotes:
        e = ents.get(q.speaker or "")
        who = " ".join(filter(None, [e.name if e else "", *(e.aliases if e else ()), q.speaker_text or ""]))
        out.append((q.text, q.direct, who))
    return out


def test_a_block_quote_after_a_colon_line_is_direct_speech_of_the_colon_line_s_subject():
    # NEREL train 105025: a name, its apposition, then the verb and a colon
    text = ("Национальный исполнительный директор Совета Нихад Авад сказал:\n"
            "Мы надеемся, что объявление награды приведет к аресту и судебному приговору для человека, который "
            "совершил это чудовищное преступление.\n"
            "Кобир Чоудури, возглавляющий мечеть Аль-Аман в Бруклине, заявил:\n"
            "Это преступление на почве ненависти, с какой стороны ни посмотри.\n")
    qs = quotes(read(text, "ru"))
    assert [(q[0][:25], q[1]) for q in qs] == [("Мы надеемся, что объявлен", True), ("Это преступление на почве", True)]
    assert "Авад" in qs[0][2] and "Чоудури" in qs[1][2]


def test_a_block_quote_runs_over_lines_until_a_line_with_its_own_attribution():
    # NEREL train 20090
    text = ("Зампредседателя Общественного совета при ГУ МВД России по Москве Антон Цветков сообщил:\n"
            "По моей информации, он не оказывал сопротивления.\n"
            "При этом он добавил:\n"
            "Хочу обратить внимание, что я призывал его явиться с повинной, однако он не отреагировал, ни одного "
            "звонка не поступило.\n")
    qs = [q for q in quotes(read(text, "ru")) if q[1]]
    assert [q[0] for q in qs] == [
        "По моей информации, он не оказывал сопротивления.",
        "Хочу обратить внимание, что я призывал его явиться с повинной, однако он не отреагировал, ни одного "
        "звонка не поступило."]
    assert all("Цветков" in q[2] for q in qs)


def test_a_colon_line_followed_by_a_blank_line_lost_its_quote():
    # NEREL train 106656: the embedded quotation was stripped, the next paragraph is the outlet's own
    text = ("Цукерберг заявил:\n\n\nОн добавил, что новая инициатива также предусматривает исследование новейших "
            "методов борьбы с инфекционными заболеваниями.\n")
    assert [q[1] for q in quotes(read(text, "ru"))] == [False]


def test_a_quote_opened_in_one_line_and_closed_in_the_next_is_one_speaker_s():
    # NER-UK train ng/c2a04d86bfb8
    text = ("Нагадаємо, минулого року заступник голови наглядової ради групи компаній СЄПЕК Борис Тімонькін "
            "повідомив про структуру власності банку.\n"
            "«СЄПЕК належить близько 40% акцій банку, братам Бурякам — 20%, ще чотири акціонери мають близько 10% "
            "кожен.\n"
            "Це незалежні фінансові інвестори, не пов'язані з групою», – сказав Тімонькін.\n")
    qs = quotes(read(text, "uk"))
    direct = [q for q in qs if q[1]]
    assert [q[0][:20] for q in direct] == ["СЄПЕК належить близь", "Це незалежні фінансо"]
    assert all("Тімонькін" in q[2] for q in direct)


def test_an_adverb_between_the_dash_and_the_verb_leaves_the_name_after_it():
    # NER-UK train bruk/8951230172d0 (the corpus is tokenised: spaces around punctuation)
    text = ("Коротко розповівши про робочі будні , шахтар запросив мене тоді до себе додому і показав єдину свою "
            "втіху - голубник із 70 птахами . « Сидиш .\n\nВоркують .\n\nНа душі добре » , - небагатослівно "
            "пояснив Андрій .\n")
    qs = [q for q in quotes(read(text, "uk")) if q[0] == "На душі добре"]
    assert len(qs) == 1 and qs[0][1] and "Андрій" in qs[0][2]


def test_the_antecedent_of_kotoryj_speaks_not_the_channel_in_the_relative_clause():
    # SlavicNER brexit_ru 1158 (dev-test part: a test pins the rule, the article is not tuned on beyond it)
    text = ("Мнение Пушкова о неизменности взглядов британского МИД подтвердил сам новый министр иностранных дел "
            "Джереми Хант, который в интервью телеканалу Sky News уже сообщил , что Борис Джонсон сыграл большую "
            "роль в формировании общественного мнения по \"делу Скрипалей\".")
    qs = quotes(read(text, "ru"))
    assert len(qs) == 1 and qs[0][0].startswith("Борис Джонсон сыграл") and "Хант" in qs[0][2]


def test_a_pronoun_right_before_the_verb_is_its_subject_not_the_court_named_before_it():
    # SlavicNER asia_bibi_ru 145
    text = ("Ее лидер Хадим Хусейн Ризви уже заявил, что судьи заслуживают смерти за оправдательный приговор. Еще до "
            "объявления вердикта Верховного суда он обещал \"парализовать страну за несколько часов\", если Биби "
            "оправдают.")
    qs = [q for q in quotes(read(text, "ru")) if q[0].startswith("парализовать")]
    assert len(qs) == 1 and "Ризви" in qs[0][2]


def test_a_backward_cue_leaves_the_sentence_s_own_reported_clause_as_the_quote():
    # SlavicNER brexit_ua 1023
    text = ("Прем'єр-міністр Британії Тереза Мей розповіла, що останні дні перед схваленням проекту угоди про вихід "
            "з ЄС були для неї дуже тяжкими. Про це вона сказала в інтерв'ю Daily Mail.")
    qs = quotes(read(text, "uk"))
    assert [q[0] for q in qs] == [
        "останні дні перед схваленням проекту угоди про вихід з ЄС були для неї дуже тяжкими"]
    assert "Мей" in qs[0][2]


def test_a_quote_running_over_several_unmarked_lines_is_all_the_closing_attribution_s():
    # NER-UK train ng/7e6a2bdcfd1c: opened in one line, closed four lines later
    text = ("«Отже, найближчим часом очікуємо, що справа проти рітейлерів буде закрита відомством.\n"
            "Які все ж таки були причини різкого здорожчання продуктів харчування та чи змовились рітейлери, щоб "
            "заробити більше в період пандемії?\n"
            "У випадку закриття справи з підстав виконання рекомендацій ми так і не дізнаємось достеменні відповіді "
            "на ці питання.\n"
            "Чи правильно вчинив Антимонопольний комітет – покаже час.\n"
            "Адже пандемія ще не завершилась, і мірилом ефективності роботи АМКУ буде цінова політика торгівельних "
            "мереж у найближчому майбутньому», – відмітили у «Лізі антитрасту».\n")
    qs = quotes(read(text, "uk"))
    assert [q[0][:12] for q in qs] == ["Отже, найбли", "Які все ж та", "У випадку за", "Чи правильно",
                                       "Адже пандемі"]
    assert all(q[1] and "антитрасту" in q[2] for q in qs)


def test_a_quoted_organisation_name_inside_the_attribution_does_not_end_it():
    # NER-UK train ng/cb8dd5ea2542
    text = ("«У Севастополі в результаті зливових дощів і порушення правил складування гігроскопічних будматеріалів "
            "сталося руйнування несучої балки перекриття одного зі споруджуваних корпусів кадетського училища», – "
            "заявив представник «Оборонстроя».")
    qs = quotes(read(text, "uk"))
    assert len(qs) == 1 and qs[0][1] and "Оборонстро" in qs[0][2]


def test_a_title_the_article_gave_a_person_names_them_as_a_speaker():
    # NEREL train 117149: "актёр" is no role of the lexicon; the article called Делон so
    text = ("Французский актёр Ален Делон заявил, что завершает свою кинокарьеру осенью после съёмок в картине "
            "режиссёра Патриса Леконта.\n\n81-летний актёр сообщил:\nЭто будет мой самый последний фильм: как боксёр "
            "не хочет драться сверх меры, так и я не хочу сниматься в лишней ленте.\n")
    facts = read(text, "ru")
    assert [e for e in facts.entities if "Делон" in e.name or "Delon" in e.name]
    qs = [q for q in quotes(facts) if q[1]]
    assert len(qs) == 1 and qs[0][0].startswith("Это будет мой") and "Делон" in qs[0][2]


def test_a_name_with_its_latin_spelling_in_brackets_is_one_speaker():
    # NEREL dev 598266
    text = ("Томас Шефер произносит присягу при вступлении в должность министра финансов земли Гессен\n"
            "Томас Шефер (Thomas Schäfer), министр финансов немецкой земли Гессен, покончил жизнь самоубийством.")
    facts = read(text, "ru")
    ids = [m.entity for m in facts.mentions if m.text in ("Томас Шефер", "Thomas Schäfer")]
    assert len(ids) == 3 and len(set(ids)) == 1


def test_the_head_of_an_organisation_is_the_person_the_article_gave_that_title():
    # SlavicNER nord_stream_ru 21: "главу … BDI Дитера Кемпфа", then "Глава BDI раскритиковал «…»"
    text = ("Об этом в понедельник, 24 сентября, сообщает газета Süddeutsche Zeitung, цитирующая главу Федерального "
            "объединения немецкой промышленности BDI Дитера Кемпфа. По его словам, \"из-за вопроса надежности "
            "поставок газа экономика выступает за второй канал\". Глава BDI раскритиковал \"вмешательство третьих "
            "стран в энергоснабжение\" Германии.")
    qs = [q for q in quotes(read(text, "ru")) if q[0].startswith("вмешательство")]
    assert len(qs) == 1 and "Кемпф" in qs[0][2]


def test_a_group_with_a_plural_verb_is_not_the_last_person_named():
    # SlavicNER brexit_ua 1007
    text = ("Також надходять повідомлення, що частина консерваторів веде таємні переговори з лейбористами про "
            "формування уряду національної єдності в разі, якщо уряд Мей відправлять у відставку. У свою чергу "
            "лейбористи вже заявили, що вони не підтримають при голосуванні в британському парламенті угоду в "
            "нинішньому її вигляді.")
    qs = [q for q in quotes(read(text, "uk")) if q[0].startswith("вони не підтримають")]
    assert len(qs) == 1 and "Мей" not in qs[0][2] and "May" not in qs[0][2]


def test_an_acronym_spelt_in_cyrillic_is_a_media_speaker():
    # SlavicNER asia_bibi_ru 107
    text = ("Би-би-си также сообщает о том, что в стране могут начаться протесты из-за оправдания Биби. Радикальные "
            "исламисты уже заявили, что готовы убить женщину в случае оправдательного приговора.")
    qs = [q for q in quotes(read(text, "ru")) if q[0].startswith("в стране могут")]
    assert len(qs) == 1 and "Би-би-си" in qs[0][2]
