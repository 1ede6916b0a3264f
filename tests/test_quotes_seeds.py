"""Quotes on the seeds and on phrase tables: dash and colon attribution, pronoun and role speakers, no scare quotes."""

from __future__ import annotations

import pytest

from crosswire.model import Article, Entity, Mention
from crosswire.nlp import get_analyzer
from crosswire.read.quotes import find_spans, read_quotes


@pytest.fixture(scope="module")
def seed_quotes(seed_articles):
    from crosswire.pipeline import read_article

    return {k: read_article(a) for k, a in seed_articles.items()}


@pytest.mark.parametrize(
    "key,starts,speaker",
    [
        ("000", "Корейские солдаты, продемонстрировавшие", "Ревнивцев"),
        ("001", "Мы подробно обсудили в Пекине", "Putin"),
        ("001", "Все идет по плану. Пожалуйста", "Putin"),  # "— сказал диктатор": the previous speaker
        ("002", "Я хочу вас от имени российского народа", "Putin"),  # "— сказал президент России"
        ("002", "Если что-то есть, чем мы можем помочь", "Kim"),  # "— цитирует его пресс-служба"
    ],
)
def test_seed_quote_speakers(seed_quotes, key, starts, speaker):
    facts = seed_quotes[key]
    names = {e.id: e for e in facts.entities}
    found = [q for q in facts.quotes if q.direct and q.text.startswith(starts)]
    assert found, [q.text[:40] for q in facts.quotes]
    q = found[0]
    ent = names.get(q.speaker)
    label = " ".join(
        filter(None, [ent.name if ent else "", *(ent.aliases if ent else ()), q.speaker_text or ""])
    )
    assert speaker in label, (q.speaker, q.speaker_text)


def test_scare_quotes_and_titles_are_not_quotes(seed_quotes):
    texts = [q.text for f in seed_quotes.values() for q in f.quotes if q.direct]
    assert not any(t in ("братским", "Вот Так", "взаимной обороне", "заговор") for t in texts)
    assert not any(t.startswith("Сделаем все") for t in texts)  # the title quote has no speech verb


def _quotes(text: str, people: list[tuple[str, str]]):
    mentions = []
    for name, eid in people:
        start = text.find(name)
        mentions.append(Mention("t", eid, start, start + len(name), name, "PER", name))
    ents = [Entity(eid, name, "PER") for name, eid in people]
    art = Article(id="t", source="t", text=text, language="ru")
    return read_quotes(art, get_analyzer("ru").parse(text), mentions, ents)


def test_colon_before_quote():
    qs = _quotes(
        "Лавров заявил: «Мы не собираемся менять свою позицию по этому вопросу».", [("Лавров", "P:lavrov")]
    )
    assert [(q.speaker, q.direct) for q in qs if q.direct] == [("P:lavrov", True)]


def test_ukrainian_dash_attribution():
    text = "«Ми продовжимо підтримувати Україну стільки, скільки буде потрібно», — заявив Шольц."
    qs = read_quotes(
        Article(id="t", source="t", text=text, language="uk"),
        get_analyzer("uk").parse(text),
        [Mention("t", "P:scholz", text.find("Шольц"), len(text) - 1, "Шольц", "PER")],
        [Entity("P:scholz", "Olaf Scholz", "PER")],
    )
    assert [q.speaker for q in qs] == ["P:scholz"]


def test_indirect_speech_is_not_direct():
    qs = _quotes(
        "Песков заявил, что переговоры пройдут на следующей неделе в Стамбуле.", [("Песков", "P:peskov")]
    )
    assert [(q.speaker, q.direct) for q in qs] == [("P:peskov", False)]


def test_nested_marks_stay_in_one_quote():
    text = "«Мы назвали это „братским долгом“ и сделаем всё», — сказал он."
    assert find_spans(text) == [(1, text.index("»"))]


def test_dash_introduced_speech():
    text = "Министр выступил в парламенте.\n— Мы не собираемся отступать ни на шаг, — заявил Шмыгаль журналистам."
    qs = _quotes(text, [("Шмыгаль", "P:shmyhal")])
    assert [(q.text, q.speaker) for q in qs if q.direct] == [
        ("Мы не собираемся отступать ни на шаг", "P:shmyhal")
    ]


@pytest.mark.parametrize(
    "text",
    [
        '"We will not give up a single inch of our land," Zelensky said on Monday.',
        '"We will not give up a single inch of our land," said Zelensky.',
    ],
)
def test_english_attribution_after_the_quote(text):
    start = text.find("Zelensky")
    qs = read_quotes(
        Article(id="t", source="t", text=text, language="en"),
        get_analyzer("en").parse(text),
        [Mention("t", "Q3874799", start, start + 8, "Zelensky", "PER")],
        [Entity("Q3874799", "Volodymyr Zelensky", "PER")],
    )
    assert [q.speaker for q in qs if q.direct] == ["Q3874799"]


def test_as_said_before_the_quote():
    qs = _quotes(
        "Как заявил Лавров, «никаких переговоров без учёта наших интересов не будет».",
        [("Лавров", "P:lavrov")],
    )
    assert [(q.speaker, q.direct) for q in qs] == [("P:lavrov", True)]


def test_headline_name_colon_quote():
    qs = _quotes("Зеленский: «Мы не отдадим ни одного метра своей земли»", [("Зеленский", "Q3874799")])
    assert [(q.speaker, q.direct) for q in qs] == [("Q3874799", True)]


def test_indirect_speech_after_a_pronoun():
    text = "Песков провёл брифинг. Он также отметил, что переговоры пройдут на следующей неделе."
    qs = _quotes(text, [("Песков", "P:peskov")])
    assert [(q.speaker, q.direct, q.text[:10]) for q in qs] == [("P:peskov", False, "переговоры")]
