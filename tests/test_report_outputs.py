"""Static reports (HTML, Markdown, JSON) and CSV exports, through the CLI as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from test_web_store import build_store

pytest.importorskip("jinja2")


@pytest.fixture(scope="module")
def db(seed_articles, tmp_path_factory):
    return build_store(seed_articles, tmp_path_factory.mktemp("report") / "hand.db")


def run(*args: str) -> str:
    from crosswire.cli import main

    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.output


def test_html_report_is_self_contained(db, tmp_path):
    out = tmp_path / "beijing.html"
    run("report", "s-beijing", "--db", db, "--format", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    # nothing fetched from anywhere: no external script, stylesheet or image (outside the inlined libraries)
    markup = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert not re.search(r'<(script|link|img)[^>]+(src|href)=', markup)
    assert "<style>" in html and "vegaEmbed" in html and "@media print" in html
    assert 'class="contradictions"' in html and "3 August (one source) against early September" in html
    # evidence links point inside the document, at articles embedded in it
    links = set(re.findall(r'class="claim-link" href="#([^"]+)"', html))
    assert "c-c2-troops" in links
    for anchor in links:
        assert f'id="{anchor}"' in html
    assert html.count('class="report-article"') == 2


def test_html_report_all_escapes_hostile_text(db, tmp_path):
    out = tmp_path / "all.html"
    run("report", "--all", "--db", db, "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert html.count('class="report-story"') == 4
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>ведомства" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_report(db, tmp_path):
    out = tmp_path / "all.md"
    run("report", "--all", "--db", db, "--format", "md", "-o", str(out))
    md = out.read_text(encoding="utf-8")
    assert "## Putin and Kim talks in Beijing" in md and "### Contradictions" in md
    assert re.search(r"\| duration of talks \| agree \|", md)
    assert "<script>" not in md and "\\<script\\>alert" in md  # inert in Markdown renderers too
    # every row of a table has as many unescaped pipes as its header: no value broke a row
    for block in re.findall(r"(?:^\|.*\n)+", md, flags=re.M):
        assert len({len(re.findall(r"(?<!\\)\|", row)) for row in block.splitlines()}) == 1, block


def test_json_report(db, tmp_path):
    out = tmp_path / "s.json"
    run("report", "s-beijing", "--db", db, "--format", "json", "-o", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [s["story"]["id"] for s in doc["stories"]] == ["s-beijing"]
    assert doc["stories"][0]["contradictions"][0]["measure"] == "date of the Beijing talks"


def test_report_usage_errors(db, tmp_path):
    from crosswire.cli import main

    r = CliRunner().invoke(main, ["report", "--db", db, "-o", str(tmp_path / "x")])
    assert r.exit_code != 0 and "STORY_ID or --all" in r.output
    r = CliRunner().invoke(main, ["report", "nope", "--db", db, "-o", str(tmp_path / "x")])
    assert r.exit_code != 0 and "no story 'nope'" in r.output


def test_csv_exports(db, tmp_path):
    claims, events = tmp_path / "claims.csv", tmp_path / "events.csv"
    run("export", "--db", db, "--claims", str(claims), "--events", str(events))
    rows = list(csv.DictReader(io.StringIO(claims.read_text(encoding="utf-8"))))
    by_id = {r["claim"]: r for r in rows}
    assert len(rows) == 6
    assert by_id["c2-troops"]["verdict"] == "diverge" and by_id["c2-troops"]["qualifier"] == "~"
    assert by_id["c2-troops"]["story"] == "s-beijing" and float(by_id["c2-troops"]["value"]) == 13000
    ev = list(csv.DictReader(io.StringIO(events.read_text(encoding="utf-8"))))
    assert {e["event"] for e in ev} == {"ev0-talks", "ev2-talks"}
    assert ev[0]["participants"] == "Vladimir Putin; Kim Jong Un"


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("около 500", "около 500"), (-2.5, -2.5), (None, ""),
])
def test_csv_cells_cannot_run_as_formulas(value, expected):
    from crosswire.views.exports import cell

    assert cell(value) == expected
