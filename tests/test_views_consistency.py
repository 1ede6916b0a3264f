"""One count everywhere, and charts that never join two events: the seeds analysed end to end."""

from __future__ import annotations

from crosswire.model import Verdict


def test_contradiction_counts_agree_on_list_table_page_and_cli(seeds_result):
    from click.testing import CliRunner

    from crosswire import api
    from crosswire.cli import main

    _result, db = seeds_result
    with api.open_store(str(db)) as cw:
        rows = {r["id"]: r for r in cw.story_rows()}
        table = {r["story"].id: r["votes"] for r in cw.story_table()["stories"]}
        pages = {sid: cw.story_view(sid) for sid in rows}
    assert rows and set(rows) == set(table)
    for sid, row in rows.items():
        for verdict in (Verdict.CONTRADICT, Verdict.DIVERGE, Verdict.AGREE, Verdict.UPDATE):
            assert row[verdict.value] == table[sid][verdict], (sid, verdict)
        assert row["contradict"] == len(pages[sid]["contradictions"])
    # the Beijing story: the thread's date contradiction holds one of its articles, so it counts on the story
    beijing = next(sid for sid, v in pages.items() if "Пекин" in (v["story"]["title"] or ""))
    assert rows[beijing]["contradict"] >= 1
    listed = CliRunner().invoke(main, ["stories", "--db", str(db)])
    line = next(x for x in listed.output.splitlines() if beijing in x)
    assert line.rstrip(" │").split("│")[-1].strip() == str(rows[beijing]["contradict"])


def test_estimates_over_time_never_join_two_groups(seeds_result):
    from crosswire import api
    from crosswire.views.charts import estimates_specs

    _result, db = seeds_result
    with api.open_store(str(db)) as cw:
        for s in cw.story_rows():
            view = cw.story_view(s["id"])
            for spec in estimates_specs(view["estimates"]):
                values = spec["data"]["values"]
                assert len({v["series"] for v in values}) == 1
                if "duration" in values[0]["measure"]:  # how long one talk lasted says nothing of another talk
                    assert len({v["date"][:4] for v in values}) == 1
