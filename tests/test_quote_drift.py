"""Quote drift on real renderings (SlavicNER development topics): the verdict and its reason, quote groups built
over articles of one story, their store round trip, the story page marking altered words, the person page and
`crosswire entity`."""

from __future__ import annotations

import json

import pytest

from crosswire.compare.drift import drift
from crosswire.compare.quotes import quote_groups
from crosswire.model import Article, Story
from crosswire.pipeline import read_article

TUSK = ("Политики приходят и уходят, но проблемы, которые они создали для людей, остаются. Я могу только сожалеть, "
        "что идея Brexit не ушла с Дэвисом и Джонсоном. Но ... кто знает?")


@pytest.mark.parametrize("a,b,verdict,why", [
    # Tusk's tweet in two outlets (brexit_ru 1070, 1065)
    (TUSK, TUSK.replace("Но ... кто", "Но кто"), "same", "the same words"),
    # the same tweet without its first sentence (brexit_ru 1143)
    (TUSK, "Я могу только сожалеть, что идея Brexit не ушла с Дэвисом и Джонсоном. Но, кто знает?", "shortened",
     "leaves out"),
    # the Queen on Raab in two translations (brexit_ru 1008, 1104)
    ("Королева с удовольствием одобрила назначение Доминика Рааба в качестве министра по вопросам выхода из ЕС",
     "Королева была рада одобрить назначение Доминика Рааба в качестве государственного секретаря по вопросам "
     "выхода из Европейского союза", "paraphrased", "other words"),
    # Kubilius with "Google" dropped (nord_stream_ru 42, 47)
    ("в отношении компаний Google или Apple, где наказание может составить до 10% их годовой выручки",
     "в отношении компаний или Apple , где наказание может составить до 10% их годовой выручки", "shortened",
     "a name left out: google"),
    # the same sentence with the figure, the negation or the hedge edited (not real renderings)
    ("где наказание может составить до 10% их годовой выручки", "где наказание может составить до 20% их годовой "
     "выручки", "altered", "a figure differs: 10 → 20"),
    ("Тепер наше завдання - виконати волю. Другого референдуму не буде",
     "Тепер наше завдання - виконати волю. Другий референдум буде", "altered", "a negation dropped"),
    ('Брюссель, наверное, одобрит предложенные "Газпромом" скидки', 'Брюссель одобрит предложенные "Газпромом" '
     "скидки", "altered", 'a hedge removed: "наверное"'),
])
def test_drift_verdicts(a, b, verdict, why):
    got = drift(a, b)
    assert (got.verdict, why in got.reason) == (verdict, True), got


def test_numbers_in_words_are_compared_across_languages():
    uk = "Ці наступні сім днів будуть вирішальними, вони стосуються майбутнього цієї країни"  # brexit_ua 1021
    assert drift(uk, "Эти следующие семь дней будут решающими, они касаются будущего этой страны",
                 same_language=False, similarity=0.95).verdict == "same"
    altered = drift(uk, "Эти следующие десять дней будут решающими, они касаются будущего этой страны",
                    same_language=False, similarity=0.95)
    assert altered.verdict == "altered" and "figure" in altered.reason


TEXTS = {  # Tusk's tweet as three outlets give it (brexit_ru 1065, 1070, 1143) and an edited fourth
    "a": f"Дональд Туск прокомментировал отставку. «{TUSK}» — написал Туск в своем Twitter.",
    "b": f"Председатель Евросовета Дональд Туск написал в Twitter: «{TUSK.replace('Но ... кто', 'Но кто')}»",
    "c": "Глава Евросовета Дональд Туск написал в Twitter: «Я могу только сожалеть, что идея Brexit не ушла с "
         "Дэвисом и Джонсоном. Но, кто знает?»",
    "d": "Дональд Туск прокомментировал отставку. «Политики приходят и уходят, но проблемы, которые они создали "
         "для людей, остаются. Я могу только сожалеть, что идея Brexit ушла с Дэвисом и Джонсоном» — написал Туск.",
}


@pytest.fixture(scope="module")
def store_with_groups(tmp_path_factory):
    from crosswire.store import Store

    facts = [read_article(Article(id=f"tusk-{k}", source=k, text=t, language="ru", outlet=f"outlet-{k}",
                                  published=f"2018-07-0{9 if k != 'd' else 10}"))
             for k, t in TEXTS.items()]
    story = Story("s-tusk", "Tusk on Davis and Johnson", tuple(f.article.id for f in facts))
    groups = quote_groups(facts, [story])
    db = str(tmp_path_factory.mktemp("drift") / "drift.db")
    store = Store(db)
    store.save_facts(facts)
    store.replace_groups([story], [], [], [], groups)
    store.close()
    return db, groups


def test_one_group_per_utterance_with_the_altered_rendering_marked(store_with_groups):
    _, groups = store_with_groups
    assert len(groups) == 1
    g = groups[0]
    assert g.speaker == "PER:donald-tusk" and g.verdict == "altered" and "negation" in g.reason
    assert sorted(g.verdicts) == ["altered", "same", "shortened"]
    assert len(g.quotes) == 4 and len(g.articles) == 4


def test_the_store_keeps_quote_groups_and_the_story_page_shows_them(store_with_groups):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from crosswire.store import Store
    from crosswire.web.app import create_app

    db, groups = store_with_groups
    store = Store(db)
    assert store.quote_groups(["s-tusk"]) == groups and store.load().quote_groups == groups
    store.close()
    client = TestClient(create_app(db), base_url="http://127.0.0.1:8000")
    html = client.get("/stories/s-tusk").text
    contra = html[html.index('id="contradictions"'):html.index("<h2>Sources")]
    assert 'class="verdict v-altered"' in contra and "outlet-d" in contra
    api = client.get("/api/stories/s-tusk").json()
    assert [g["verdict"] for g in api["altered_quotes"]] == ["altered"]
    said = client.get("/api/entities/PER:donald-tusk").json()["said"]
    assert said[0]["verdict"] == "altered" and len(said[0]["renderings"]) == 4


def test_entity_command_lists_what_the_person_said(store_with_groups):
    from click.testing import CliRunner

    from crosswire.cli import main

    db, _ = store_with_groups
    out = CliRunner().invoke(main, ["entity", "PER:donald-tusk", "--db", db])
    assert out.exit_code == 0, out.output
    assert "Quoted as saying" in out.output and "altered" in out.output and "outlet-d" in out.output
    data = json.loads(CliRunner().invoke(main, ["entity", "PER:donald-tusk", "--db", db, "--json"]).output)
    assert data["said"][0]["verdict"] == "altered"
    missing = CliRunner().invoke(main, ["entity", "PER:nobody", "--db", db])
    assert missing.exit_code != 0 and "no entity" in missing.output


def test_story_command_shows_the_quote_groups_altered_first(store_with_groups):
    from click.testing import CliRunner

    from crosswire.cli import main

    db, _ = store_with_groups
    out = CliRunner().invoke(main, ["story", "s-tusk", "--db", db])
    assert out.exit_code == 0, out.output
    part = out.output[out.output.index("quote groups (1, altered first)"):]
    assert "altered" in part.split("\n")[1] and "outlet-d" in part and "reference" in part
