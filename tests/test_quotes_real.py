"""Quotes and speakers on real news sentences (SlavicNER development topics brexit, asia_bibi, nord_stream/ru):
unclosed and unopened marks, speech split by its attribution, standalone quotes, indirect speech in all its
forms, roles, pronouns, media as speakers, and figures inside quotes attributed to the speaker."""

from __future__ import annotations

import pytest

from conftest import read_text as read
from crosswire.read.quotemarks import find_marked


def speaker_name(facts, q) -> str:
    ents = {e.id: e for e in facts.entities}
    e = ents.get(q.speaker or "")
    return " ".join(filter(None, [e.name if e else "", *(e.aliases if e else ()), q.speaker_text or ""]))


def quotes(facts) -> list[tuple[str, bool, str]]:
    return [(q.text, q.direct, speaker_name(facts, q)) for q in facts.quotes]


def test_a_quote_whose_closing_mark_was_lost_ends_at_the_dash_attribution():
    text = ('Чоловік також побоюється, що на його дружину можуть скоїти напад у в\'язниці. "Нинішня ситуація для '
            'нас дуже небезпечна. Ми не маємо захисту і ховаємось тут і там, часто змінюючи місце, - сказав Масіх. '
            'Як повідомлялося, напередодні з міркувань безпеки адвокат жінки залишив Пакистан.')
    ms = find_marked(text)
    assert [text[m.start : m.end] for m in ms] == [
        "Нинішня ситуація для нас дуже небезпечна. Ми не маємо захисту і ховаємось тут і там, часто змінюючи місце"]
    assert ms[0].closed is False


def test_a_quote_whose_opening_mark_was_lost_runs_from_its_sentence():
    text = ("Официальный представитель МИД России Мария Захарова в комментарии назвала происходящее в Великобритании "
            "«правительственным кризисом». Вот сейчас он налицо, это правительственный кризис, поэтому здесь надо "
            "комментировать не только отставку Бориса Джонсона, а вообще все, что творится в кабинете "
            "премьер-министра Терезы Мэй», — заявила Мария Захарова.")
    qs = quotes(read(text, "ru"))
    assert len(qs) == 1 and qs[0][0].startswith("Вот сейчас он налицо") and qs[0][0].endswith("Терезы Мэй")
    assert "Захарова" in qs[0][2]


def test_speech_broken_by_its_attribution_is_two_quotes_of_the_speaker_named_before():
    text = ("Председатель комитета Совета федерации по международным делам Константин Косачев настроен чуть более "
            "оптимистично. «Не думаю, что будут какие-то резкие перемены во внешнеполитическом курсе Великобритании. "
            "Однако шанс попытаться хотя бы частично исправить ситуацию, безусловно, появляется,— написал он на своей "
            "странице в Facebook .— Захотят ли им воспользоваться в Лондоне — вопрос к Терезе Мэй и ее оставшимся "
            "министрам.»")
    qs = quotes(read(text, "ru"))
    assert [q[0][:20] for q in qs] == ["Не думаю, что будут ", "Захотят ли им воспол"]
    assert all("Косачев" in q[2] for q in qs)


def test_a_quote_of_its_own_belongs_to_the_person_the_sentence_before_is_about():
    text = ("Зампред комитета Совета федерации по международным делам Сергей Кисляк считает, что уход Бориса "
            "Джонсона не улучшит отношения между странами. «Взятый Лондоном курс в отношениях с Россией настолько "
            "агрессивен и инерционен, что вряд ли можно ожидать, что одна отставка его развернет»,— заявил сенатор.")
    qs = quotes(read(text, "ru"))
    assert [(q[1], "Кисляк" in q[2]) for q in qs] == [(False, True), (True, True)]


@pytest.mark.parametrize("text,starts,who", [
    ("Керівництво Великої Британії має намір досягти угоди щодо виходу з ЄС, заявила прем'єр-міністр країни "
     "Тереза Мей, виступаючи перед конфедерацією британської промисловості (CBI).", "Керівництво", "May"),
    ("Тереза Мей заявила в інтерв'ю британській телерадіокомпанії BBC, що 24 листопада повернеться в Брюссель "
     "задля продовження переговорів.", "24 листопада", "May"),
    ("За словами Туска, він не очікує, що в 27 країн з'являться серйозні заперечення стосовно нинішнього тексту "
     "угоди.", "він не очікує", "Tusk"),
    ("Британська прем'єрка Тереза Мей представила документ. Але при цьому, наголосила Мей, треба також зберегти "
     "робочі місця та участь британських компаній у ланцюжках економічної кооперації.", "треба також", "May"),
])
def test_ukrainian_indirect_speech(text, starts, who):
    facts = read(text, "uk")
    found = [q for q in facts.quotes if q.text.startswith(starts)]
    assert found and not found[0].direct, quotes(facts)
    assert who in speaker_name(facts, found[0])


def test_a_role_and_a_pronoun_find_the_person_named_before():
    text = ("Прем'єр-міністр Великої Британії Тереза Мей виступила в парламенті. Прем'єр також заявила, що укладання "
            "торговельної угоди з ЄС не завадить Великій Британії укладати торговельні угоди з різними країнами. "
            "Вранці в четвер це зробив міністр з питань Brexit Домінік Рааб. Він пояснив причину своєї відставки "
            "тим, що домовленості загрожують цілісності королівства.")
    qs = quotes(read(text, "uk"))
    assert [q[0][:10] for q in qs] == ["укладання ", "домовленос"]
    assert "May" in qs[0][2] and "Рааб" in qs[1][2]


def test_the_sentence_before_a_backward_cue_is_the_named_source_s():
    text = ("Новым министром Великобритании по выходу страны из Европейского Союза назначен 44-летний Доминик Рааб. "
            "Об этом в понедельник, 9 июля, сообщает пресс-служба британского правительства.")
    qs = read(text, "ru").quotes
    assert [(q.text[:14], q.direct) for q in qs] == [("Новым министро", False)]


def test_a_headline_names_its_speaker():
    text = "Тереза Мей: Наступні сім днів будуть вирішальними для Великобританії\n\nПрем'єр-міністерка Тереза Мей виступила."
    qs = quotes(read(text, "uk"))
    assert qs[0][0] == "Наступні сім днів будуть вирішальними для Великобританії" and "May" in qs[0][2]


def test_media_speak_and_a_figure_in_their_report_is_theirs():
    text = ("Команда Leave.EU встречалась с сотрудниками российского посольства целых 11 раз, передает The Guardian "
            "со ссылкой на оказавшиеся в распоряжении издания документы. Меллон сколотил свое состояние, которое "
            "оценивается в 850 млн фунтов, в начале 1990-х в России, пишет издание.")
    facts = read(text, "ru")
    qs = quotes(facts)
    assert len(qs) == 2 and all("The Guardian" in q[2] for q in qs)
    claim = next(c for c in facts.claims if c.value == 850_000_000)
    assert claim.source == "The Guardian"


def test_a_figure_in_a_quote_is_the_speaker_s_claim():
    text = ("Экс-премьер Андрюс Кубилюс говорит, что комиссия должна была назначить штраф российскому концерну. "
            "«По нашему убеждению, при таких нарушениях в отношении «Газпрома» должны были применяться такие же "
            "штрафы, какие применялись, например, в отношении компаний Google или Apple, где наказание может "
            "составить до 10% их годовой выручки», — сказал А. Кубилюс в четверг журналистам в сейме.")
    facts = read(text, "ru")
    claim = next(c for c in facts.claims if c.value == 10)
    assert "Kubilius" in (claim.source or "") or "Кубилюс" in (claim.source or "")


@pytest.mark.parametrize("text", [
    '"Блю Стрим Пайплайн Компани" - совместная компания "Газпрома" и итальянской Eni, созданная для реализации '
    'проекта строительства газопровода "Голубой поток" из России в Турцию.',
    "Протесты организованы исламскими радикалами, в частности - популярной в Пакистане ультрарелигиозной партией "
    '"Техрик-э-Лабайк Пакистан".',
])
def test_names_in_quote_marks_are_no_quotes(text):
    assert read(text, "ru").quotes == ()
