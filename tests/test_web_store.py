"""The views' read side over a hand-built store: seed articles with realistic facts, plus a hostile article.

``build_store`` is imported by the other web/report tests so they do not depend on the pipeline's progress.
"""

from __future__ import annotations

import pytest

from crosswire.model import (
    Article,
    ArticleFacts,
    Claim,
    ClaimGroup,
    Entity,
    Event,
    Framing,
    Mention,
    Qualifier,
    Quote,
    Story,
    Thread,
    TimeRef,
    Verdict,
)

HOSTILE_TEXT = (
    "Заголовок проверки\n"
    "Первый абзац: <script>alert(1)</script> и ещё \"><img src=x onerror=alert(1)> посреди текста.\n"
    "Второй абзац: '; DROP TABLE articles; -- и около 500 человек по данным <b>ведомства</b>.\n"
    "Сергей Лавров сказал: «<script>alert('q')</script> всё идёт по плану»."
)
PUTIN = Entity("Q7747", "Vladimir Putin", "PER", ("Путин", "Путина", "Путін"), "Q7747")
KIM = Entity("Q56226", "Kim Jong Un", "PER", ("Ким Чен Ын", "Ким Чен Ына", "Кім Чен Ин"))
LAVROV = Entity("Q80137", "Sergey Lavrov", "PER", ("Сергей Лавров", "Лавровым"))
EVIL = Entity("ORG:evil", '<img src=x onerror=alert("e")>', "ORG", ("<script>alert(2)</script>",))


def span(text: str, phrase: str, after: int = 0) -> tuple[int, int]:
    """Offsets of ``phrase`` in ``text``; fails loudly when the seed text changed."""
    i = text.find(phrase, after)
    assert i >= 0, f"{phrase!r} not in the text"
    return i, i + len(phrase)


def mentions(a: Article, ent: Entity, forms: tuple[str, ...]) -> list[Mention]:
    out = []
    for form in forms:
        i = a.text.find(form)
        while i >= 0:
            out.append(Mention(a.id, ent.id, i, i + len(form), form, ent.type, form))
            i = a.text.find(form, i + len(form))
    return out


def claim(a: Article, cid: str, phrase: str, measure: str, value: float, q: Qualifier, unit: str,
          source: str | None = None, refers_to: str | None = None) -> Claim:
    s, e = span(a.text, phrase)
    return Claim(cid, a.id, measure, value, q, unit, s, e, phrase, source, None, refers_to, None, phrase)


def build_facts(seeds: dict) -> tuple[list[ArticleFacts], list[Story], list[Thread], list[ClaimGroup]]:
    """Facts an analyst would read from seeds 000-003, and a hostile article, with stories and groups."""
    a0, a1, a2, a3 = seeds["000"], seeds["001"], seeds["002"], seeds["003"]
    hostile = Article("hostile0000000001", "test:hostile", HOSTILE_TEXT, title='<i>x</i> "><img src=x onerror=alert(9)>',
                      outlet="<script>alert('outlet')</script>", language="ru", published="2025-09-04",
                      noise=("<script>alert('noise')</script>",), flags=("<b>flag</b>",))
    troops = "DPRK troops sent to Russia"
    facts = []
    t2 = TimeRef("t2-aug", a2.id, *span(a2.text, "3 августа"), "3 августа", "2025-08-03", "day", "published")
    t1 = TimeRef("t1-sep", a1.id, *span(a1.text, "в начале сентября"), "в начале сентября", "2025-09", "month",
                 "published")
    e2 = Event("ev2-talks", a2.id, "meeting", (PUTIN.id, KIM.id), *span(a2.text, "провели переговоры в Пекине"),
               "провели переговоры в Пекине", None, "2025-08-03", "t2-aug", "переговоры")
    e0 = Event("ev0-talks", a0.id, "meeting", (PUTIN.id, KIM.id), *span(a0.text, "двух с половиной часов"),
               "двух с половиной часов", None, "2025-09-03", None, "переговоры")
    facts.append(ArticleFacts(a0, (PUTIN, KIM), tuple(mentions(a0, PUTIN, ("Путин",)) + mentions(a0, KIM, ("Ким Чен Ын",))),
                              (), (e0,), (claim(a0, "c0-dur", "около двух с половиной часов", "duration of talks", 2.5,
                                                Qualifier.APPROX, "hours"),),
                              (), (Framing(a0.id, "спецоперации", *span(a0.text, "спецоперации"), "pro-kremlin",
                                           "euphemism", "спецоперация"),)))
    facts.append(ArticleFacts(a1, (PUTIN, LAVROV), tuple(mentions(a1, PUTIN, ("Путин",)) + mentions(a1, LAVROV, ("Лавровым",))),
                              (t1,), (), (claim(a1, "c1-troops", "более 10 000 военнослужащих", troops, 10000,
                                                Qualifier.MORE_THAN, "military personnel", "Ukraine and South Korea",
                                                "2025-04"),)))
    q2s, q2e = span(a2.text, "«Я хочу вас от имени российского народа")
    facts.append(ArticleFacts(a2, (PUTIN, KIM), tuple(mentions(a2, PUTIN, ("Путин",)) + mentions(a2, KIM, ("Ким Чен Ын",))),
                              (t2,), (e2,),
                              (claim(a2, "c2-troops", "порядка 13 тысяч бойцов", troops, 13000, Qualifier.APPROX,
                                     "fighters", "South Korean intelligence", "2025-09"),
                               claim(a2, "c2-dur", "2,5 часа", "duration of talks", 2.5, Qualifier.EXACT, "hours")),
                              (Quote("q2-putin", a2.id, a2.text[q2s:q2e + 40], q2s, q2e + 40, PUTIN.id, "Путин"),)))
    facts.append(ArticleFacts(a3, (KIM,), tuple(mentions(a3, KIM, ("Ким",))), (), (),
                              (claim(a3, "c3-troops", "около 15 000 военнослужащих", troops, 15000, Qualifier.APPROX,
                                     "military personnel", "South Korea", "2025-08"),)))
    hs, he = span(HOSTILE_TEXT, "«<script>alert('q')</script> всё идёт по плану»")
    facts.append(ArticleFacts(hostile, (LAVROV, EVIL), (*mentions(hostile, LAVROV, ("Сергей Лавров",)),
                                                       Mention(hostile.id, EVIL.id, *span(HOSTILE_TEXT, "<b>ведомства</b>"),
                                                               "<b>ведомства</b>", "ORG")),
                              (), (), (claim(hostile, "c-hostile", "около 500 человек", "<script>alert(3)</script>",
                                             500, Qualifier.APPROX, "people", "<b>ведомства</b>"),),
                              (Quote("q-hostile", hostile.id, HOSTILE_TEXT[hs:he], hs, he, LAVROV.id, "Сергей Лавров"),),
                              (Framing(hostile.id, "<script>alert(1)</script>", *span(HOSTILE_TEXT, "<script>alert(1)</script>"),
                                       "critical", "test"),)))
    beijing = Story("s-beijing", "Putin and Kim talks in Beijing", (a0.id, a2.id), "2025-09-03",
                    tuple(x for x in (a0.outlet, a2.outlet) if x), ("ru",), "meeting", (PUTIN.id, KIM.id), "th-1")
    choe = Story("s-choe", "Putin receives Choe Son Hui", (a1.id,), "2025-10-28", tuple(x for x in (a1.outlet,) if x),
                 ("ru",), "meeting", (PUTIN.id,), "th-1")
    call = Story("s-call", "Kim and Putin phone call", (a3.id,), "2025-08-13", (), ("ru",), "phone_call", (KIM.id,), "th-1")
    evil = Story("s-hostile", '<script>alert("story")</script>', (hostile.id,), "2025-09-04", (hostile.outlet,), ("ru",))
    thread = Thread("th-1", "Russia–DPRK military cooperation", ("s-call", "s-beijing", "s-choe"), (PUTIN.id, KIM.id))
    groups = [
        ClaimGroup("g-date", "s-beijing", "date of the Beijing talks", Verdict.CONTRADICT,
                   "3 August (one source) against early September (another source)", ("t2-aug", "t1-sep"),
                   (a2.id, a1.id), "date"),
        ClaimGroup("g-dur", "s-beijing", "duration of talks", Verdict.AGREE, "2.5 h in both", ("c0-dur", "c2-dur"),
                   (a0.id, a2.id)),
        ClaimGroup("g-troops", "th-1", troops, Verdict.DIVERGE, ">10 000, ~13 000 and ~15 000 at different dates",
                   ("c1-troops", "c2-troops", "c3-troops"), (a1.id, a2.id, a3.id)),
        ClaimGroup("g-hostile", "s-hostile", "<script>alert(4)</script>", Verdict.SINGLE_SOURCE,
                   "<img src=x onerror=alert(5)>", ("c-hostile",), (hostile.id,)),
    ]
    return facts, [beijing, choe, call, evil], [thread], groups


def build_store(seeds: dict, path) -> str:
    """A SQLite store at ``path`` written through the Store's own write methods; returns its path."""
    from crosswire.store import Store

    facts, stories, threads, groups = build_facts(seeds)
    store = Store(str(path))
    store.save_facts(facts)
    store.save_entities([EVIL])
    store.replace_groups(stories, threads, groups, [{"scope": "s-beijing", "outlets": 2, "languages": ["ru"]}])
    store.close()
    return str(path)


@pytest.fixture(scope="module")
def reader(seed_articles, tmp_path_factory):
    from crosswire.api import open_store

    db = build_store(seed_articles, tmp_path_factory.mktemp("web") / "hand.db")
    cw = open_store(db)
    cw.ensure_search_index()
    yield cw
    cw.close()


def test_story_rows_count_verdicts(reader):
    rows = {r["id"]: r for r in reader.story_rows()}
    assert set(rows) == {"s-beijing", "s-choe", "s-call", "s-hostile"}
    # the thread group holding one of its articles counts on the story, as on its page and in `crosswire stories`
    assert (rows["s-beijing"]["contradict"], rows["s-beijing"]["agree"], rows["s-beijing"]["diverge"]) == (1, 1, 1)
    table = {r["story"].id: r["votes"] for r in reader.story_table()["stories"]}
    for sid, row in rows.items():
        assert (row["contradict"], row["agree"], row["diverge"]) == tuple(
            table[sid][v] for v in (Verdict.CONTRADICT, Verdict.AGREE, Verdict.DIVERGE))
        assert row["contradict"] == len(reader.story_view(sid)["contradictions"])
    assert [r["date"] for r in reader.story_rows()] == sorted((r["date"] for r in rows.values()), reverse=True)


@pytest.mark.parametrize("field,value,expected", [
    ("date_from", "2025-09-01", {"s-beijing", "s-choe", "s-hostile"}),
    ("date_to", "2025-08-31", {"s-call"}),
    ("entity", "Q80137", {"s-choe", "s-hostile"}),  # Lavrov is named in 001 and the hostile article
    ("language", "uk", set()),
    ("q", "Лавров", {"s-choe", "s-hostile"}),  # prefix search finds the inflected "Лавровым"
    ("q", "DROP TABLE", {"s-hostile"}),
])
def test_story_filters(reader, field, value, expected):
    from crosswire.api import StoryFilter

    assert {r["id"] for r in reader.story_rows(StoryFilter(**{field: value}))} == expected


@pytest.mark.parametrize("query,hit", [
    ("Лавров", True), ("лавров", True), ("'; DROP TABLE articles; --", True), ('"><img src=x', True),
    ("<script>alert(1)</script>", True), ('"unbalanced', False), ("NEAR(", False), ("", False), ("*", False),
])
def test_search_is_safe_and_finds_inflections(reader, query, hit):
    ids = reader.store.search_ids(query)
    assert ("hostile0000000001" in ids) is hit
    assert reader.store.article("hostile0000000001") is not None  # the table is intact


def test_search_index_follows_writes(reader, seed_articles):
    from dataclasses import replace

    hostile = reader.store.article("hostile0000000001")
    facts = reader.store.facts([hostile.id])[0]
    reader.store.save_facts([replace(facts, article=replace(hostile, text=hostile.text + "\nпожалуй уникальнослово"))])
    assert reader.store.search_ids("уникальнослово") == [hostile.id]
    reader.store.save_facts([facts])  # re-save the original: the old words leave the index
    assert reader.store.search_ids("уникальнослово") == []


def test_story_view_on_hand_built_store(reader):
    v = reader.story_view("s-beijing")
    assert [s["id"] for s in v["sources"]] == list(v["story"]["articles"])  # 000 is dated, 002 is not
    assert v["contradictions"][0]["measure"] == "date of the Beijing talks"
    assert {m["value"] for m in v["contradictions"][0]["members"]} == {"2025-08-03", "2025-09"}
    rows = {r["measure"]: r for r in v["claims_table"]["rows"]}
    assert rows["duration of talks"]["verdict"] == "agree"
    cell = rows["DPRK troops sent to Russia"]["cells"]
    assert [c["value"] for cells in cell.values() for c in cells] == ["~13\u202f000 fighters"]
    # estimates are the figures of the groups touching the story (here the thread's): one series per group
    assert [e["label"] for e in v["estimates"] if e["measure"] == "DPRK troops sent to Russia"] == [">10\u202f000 military personnel", "~15\u202f000 military personnel",
                                                   "~13\u202f000 fighters"]
    assert v["events"][0]["participants"] == ["Vladimir Putin", "Kim Jong Un"]
    assert v["sources"][0]["framing"][0]["leaning"] == "pro-kremlin"


def test_entity_and_thread_views(reader):
    e = reader.entity_view("Q7747")
    assert len(e["articles"]) == 3 and e["quotes_by"][0]["id"] == "q2-putin"
    assert {c["name"] for c in e["cooccurring"]} >= {"Kim Jong Un", "Sergey Lavrov"}
    assert {ev["kind"] for ev in e["events"]} == {"meeting"}
    t = reader.thread_view("th-1")
    assert [s["id"] for s in t["stories"]] == ["s-call", "s-beijing", "s-choe"]
    assert t["groups"][0]["verdict"] == "diverge"
    assert reader.entity_view("nope") is None and reader.thread_view("nope") is None


@pytest.mark.parametrize("query,expected", [
    ("Лавров", {"001", "hostile"}), ("лаврову", set()), ("'; DROP TABLE articles; --", {"hostile"}),
    ("<script>alert(1)</script>", {"hostile"}), ("Лавровым", {"001"}),
])
def test_search_on_sqlite_and_postgresql(store_db, seed_articles, query, expected):
    """The same search over FTS5 (SQLite) and tsvector (PostgreSQL), with the views reading the same store."""
    from crosswire.api import StoryFilter, open_store

    build_store(seed_articles, store_db)
    reader = open_store(store_db)
    try:
        assert reader.ensure_search_index()
        names = {a.id: k for k, a in seed_articles.items()} | {"hostile0000000001": "hostile"}
        assert {names[i] for i in reader.store.search_ids(query)} == expected
        assert reader.story_view("s-beijing")["contradictions"][0]["verdict"] == "contradict"
        assert {r["id"] for r in reader.story_rows(StoryFilter(q=query))} == {
            {"001": "s-choe", "002": "s-beijing", "hostile": "s-hostile"}[k] for k in expected}
    finally:
        reader.close()


def test_api_read_functions(seed_articles, tmp_path):
    from crosswire import api

    db = build_store(seed_articles, tmp_path / "api.db")
    assert {r["id"] for r in api.search(db, "Лавров")} == {seed_articles["001"].id, "hostile0000000001"}
    assert api.story_view(db, "s-beijing")["contradictions"][0]["verdict"] == "contradict"
    assert api.entity_view(db, "Q56226")["entity"]["name"] == "Kim Jong Un"
    assert api.story_view(db, "nope") is None and api.entity_view(db, "nope") is None
