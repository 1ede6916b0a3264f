"""Outlet track records and coverage gaps on the analysed seeds: every figure agrees with its evidence, and the
evidence resolves to stored stories, articles and facts."""

from __future__ import annotations

import dataclasses
import json

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cw(seeds_result):
    from crosswire import api

    _, db = seeds_result
    with api.open_store(str(db)) as opened:
        yield opened


def _seed(result, prefix):
    from pathlib import Path

    return next(a for a in result.articles if Path(a.source).name.startswith(prefix))


def test_outlet_list_carries_the_outlets_yaml_fields(cw):
    rows = {r["outlet"]: r for r in cw.outlets()}
    assert set(rows) == {"Царьград", "Вот Так", "РБК-Украина"}
    assert (rows["Царьград"]["country"], rows["Царьград"]["language"]) == ("RU", "ru")
    assert rows["РБК-Украина"]["country"] == "UA" and rows["РБК-Украина"]["first"] == "2025-10-28"


def test_track_record_of_vot_tak(cw, seeds_result):
    result, _ = seeds_result
    v = cw.outlet_view("Вот Так")
    vot = _seed(result, "002")
    assert v["articles"] == 1 and v["languages"] == [{"language": "ru", "count": 1}]
    # it dates the Beijing talks 3 August; РБК-Украина's Putin quote puts them in early September
    (g,) = v["contradictions"]
    assert g["measure"].startswith("date of meeting") and g["verdict"] == "contradict"
    assert {m["outlet"] for m in g["members"]} == {"Вот Так", "РБК-Украина"}
    assert any(m["text"] == "Владимир Путин и Ким Чен Ын 3 августа провели переговоры в Пекине." for m in g["members"])
    for key in ("first_to_report", "tied_first", "copies", "outside_range", "later_contradicted_or_updated"):
        f = v[key]
        assert f["count"] == len(f["evidence"]) <= f["of"], key
    # its ~13 000 troops sent and ~2 000 killed sit inside the other sources' hedged ranges
    assert v["outside_range"]["count"] == 0 and v["outside_range"]["of"] >= 2
    lean = {x["leaning"]: [e["label"] for e in x["evidence"]] for x in v["framing"]}
    assert "российского вторжения" in lean["critical-of-kremlin"]
    assert {x["flag"] for x in v["flags"]} >= {"no-date"}
    assert all(e["href"] == f"/articles/{vot.id}" for x in v["framing"] for e in x["evidence"])


class Dated:
    """The seeds' store with publication days set by the test (the undated seeds have none to compare)."""

    def __init__(self, store, days: dict[str, str]):
        self.store, self.days = store, days

    def __getattr__(self, name):
        return getattr(self.store, name)

    def article_meta(self, ids):
        return {k: (o, lang, self.days.get(k, p)) for k, (o, lang, p) in self.store.article_meta(ids).items()}

    def outlet_articles(self, name):
        return [dataclasses.replace(a, published=self.days.get(a.id, a.published)) for a in self.store.outlet_articles(name)]


def test_first_to_report_compares_the_first_days_on_shared_stories(cw, seeds_result):
    from crosswire.monitor.outlets import outlet_view

    result, _ = seeds_result
    tsargrad, vot = _seed(result, "000"), _seed(result, "002")
    beijing = next(s for s in result.stories if {tsargrad.id, vot.id} <= set(s.articles))
    early = Dated(cw.store, {vot.id: "2025-09-04"})  # Царьград's own date is 2025-09-05
    v = outlet_view(early, "Вот Так")
    assert (v["first_to_report"]["count"], v["first_to_report"]["of"]) == (1, 1)
    assert v["first_to_report"]["evidence"][0]["href"] == f"/stories/{beijing.id}"
    assert v["first_to_report"]["evidence"][0]["text"] == "Вот Так 2025-09-04, first other (Царьград) 2025-09-05"
    assert outlet_view(early, "Царьград")["first_to_report"]["count"] == 0
    same = outlet_view(Dated(cw.store, {vot.id: "2025-09-05"}), "Вот Так")
    assert same["first_to_report"]["count"] == 0 and same["tied_first"]["count"] == 1
    # undated as it really is: nothing to compare
    assert cw.outlet_view("Вот Так")["first_to_report"]["of"] == 0


def test_outlets_side_by_side_and_cli(cw, seeds_result):
    from click.testing import CliRunner

    from crosswire.cli import main

    both = cw.outlets_compare("Вот Так", "Царьград")
    assert [r["figure"] for r in both["rows"]][0] == "first_to_report"
    assert cw.outlets_compare("Вот Так", "Nobody") is None
    _, db = seeds_result
    run = CliRunner()
    out = run.invoke(main, ["outlet", "Вот Так", "--vs", "Царьград", "--db", str(db)])
    assert out.exit_code == 0 and "outside_range" in out.output
    data = json.loads(run.invoke(main, ["outlet", "Вот Так", "--json", "--db", str(db)]).output)
    assert data["outlet"] == "Вот Так" and data["country"] == "PL"
    assert run.invoke(main, ["outlet", "Nobody", "--db", str(db)]).exit_code != 0
    assert "Царьград" in run.invoke(main, ["outlets", "--db", str(db)]).output


def test_story_gaps_and_blindspots(cw, seeds_result, tmp_path):
    from crosswire.views.gaps import blindspots, story_gaps

    result, _ = seeds_result
    rbc = _seed(result, "001")
    story = next(s for s in result.stories if rbc.id in s.articles)
    g = cw.story_gaps(story.id)
    assert g["outlets"] == ["РБК-Украина"] and g["groups"] == ["UA"]
    assert g["window"] == ["2025-10-26", "2025-10-30"] and g["missing_outlets"] == []
    # with Царьград publishing the same days, it is the outlet (and the group) that did not cover the story
    tsargrad = _seed(result, "000")
    dated = Dated(cw.store, {tsargrad.id: "2025-10-29"})
    dated.outlet_days = lambda: [(o, lang, (p or "")[:10], 1) for _, (o, lang, p) in dated.article_meta(None).items()
                                 if o and p]
    g = story_gaps(dated, story.id)
    assert [m["outlet"] for m in g["missing_outlets"]] == ["Царьград"] and g["missing_groups"] == ["RU"]
    # the Beijing story: Царьград (RU) and Вот Так (PL), one group by language (both "ru" in outlets.yaml)
    vot = _seed(result, "002")
    both = Dated(cw.store, {vot.id: "2025-09-05", rbc.id: "2025-09-06"})
    both.outlet_days = lambda: [(o, lang, (p or "")[:10], 1) for _, (o, lang, p) in both.article_meta(None).items()
                                if o and p]
    by_lang = blindspots(both, "language")
    assert [(r["outlets"], r["groups"], r["missing_groups"]) for r in by_lang["stories"]] == [
        (["Вот Так", "Царьград"], ["ru"], ["uk"])]
    assert blindspots(both, "country")["stories"] == []  # two countries: not one group


def test_user_outlets_file_regroups(tmp_path):
    from crosswire.ingest.outlet import outlet_records
    from crosswire.settings import load, using

    extra = tmp_path / "outlets.yaml"
    extra.write_text("- {name: Вот Так, forms: [Вот Так], domains: [vot-tak.tv], country: LT, language: ru}\n"
                     "- {name: Example Daily, forms: [Example Daily], domains: [example.org], country: NZ}\n",
                     encoding="utf-8")
    with using(load(environ={}, outlets=(str(extra),))):
        recs = {o["name"]: o for o in outlet_records()}
    assert recs["Вот Так"]["country"] == "LT" and recs["Example Daily"]["country"] == "NZ"
    assert {o["name"]: o for o in outlet_records()}["Вот Так"]["country"] == "PL"  # packaged again outside


def test_web_outlet_and_gap_pages(seeds_result):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    result, db = seeds_result
    client = TestClient(create_app(str(db)), base_url="http://127.0.0.1:8000")
    page = client.get("/outlets/Вот Так")
    assert page.status_code == 200 and "Contradictions it took part in (1)" in page.text
    assert 'name="outlet" value="Вот Так"' in page.text  # "Watch this"
    assert client.get("/outlets/compare", params={"a": "Вот Так", "b": "Царьград"}).status_code == 200
    assert client.get("/outlets/Nobody").status_code == 404
    assert client.get("/api/outlets/Вот Так").json()["outlet"] == "Вот Так"
    assert client.get("/gaps").status_code == 200
    sid = result.stories[0].id
    assert client.get(f"/api/gaps/{sid}").json()["id"] == sid
    assert client.get(f"/gaps/{sid}").status_code == 200
