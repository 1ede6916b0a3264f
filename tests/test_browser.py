"""The web app as a person uses it: Debian's Chromium driven by Playwright over `crosswire serve` on the seeds.

Set CROSSWIRE_SCREENSHOTS=docs/screenshots to refresh the README's screenshots from this run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = os.environ.get("CROSSWIRE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need_browser() -> None:
    """Skip where Debian's Chromium or Playwright is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set CROSSWIRE_CHROMIUM)")
    pytest.importorskip("playwright.sync_api")


@contextmanager
def serving(db, *extra: str):
    """`crosswire serve` on 127.0.0.1 over the store ``db`` (``extra``: more options), once it answers; yields
    (base URL, an opener that never goes through an http_proxy)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "crosswire.cli", "serve", "--db", str(db), "--port", str(port),
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        for _ in range(150):
            try:
                direct.open(base + "/healthz", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("crosswire serve exited: " + proc.stdout.read().decode(errors="replace"))
                time.sleep(0.2)
        else:
            pytest.fail("crosswire serve did not start")
        yield base, direct
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(seeds_result):
    """`crosswire serve` on 127.0.0.1 over the analysed seeds; yields (base URL, analysis result, store path)."""
    need_browser()
    result, db = seeds_result
    with serving(db) as (base, _):
        yield base, result, db


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, "--no-proxy-server"], headless=True)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
        pg.errors = errors
        yield pg
        browser.close()


def shot(pg, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("CROSSWIRE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(folder / name), full_page=False)


def test_a_reader_follows_a_story_to_its_evidence(server, page, tmp_path):
    from playwright.sync_api import expect

    base, result, _ = server
    seed = {Path(a.source).name[:3]: a for a in result.articles}
    beijing = next(s for s in result.stories if seed["002"].id in s.articles)

    # the story list
    page.goto(base + "/")
    expect(page.locator("h1")).to_have_text("Stories")
    assert page.locator("#story-rows tr").count() == len(result.stories)
    # filtering by language swaps the rows in place (HTMX) and keeps the filter in the URL
    langs = {a.id: a.language for a in result.articles}
    uk = [s for s in result.stories if any(langs.get(a) == "uk" for a in s.articles)]
    page.select_option('select[name="language"]', "uk")
    expect(page.locator("#story-rows tr")).to_have_count(max(1, len(uk)))
    page.wait_for_url("**language=uk**")
    page.select_option('select[name="language"]', "")
    expect(page.locator("#story-rows tr")).to_have_count(len(result.stories))

    # open the Beijing story: its sources side by side
    page.click(f'#story-rows a[href="/stories/{beijing.id}"]')
    page.wait_for_url(f"**/stories/{beijing.id}")
    pending = []  # what the upstream stages have not produced yet on the seeds
    sources = page.locator("#sources .source")
    assert sources.count() == len(beijing.articles)
    outlets = {a.outlet for a in result.articles if a.id in beijing.articles and a.outlet}
    for outlet in outlets:
        expect(page.locator("#sources .source h3", has_text=outlet)).to_be_visible()
    if len(beijing.articles) >= 2:
        boxes = [sources.nth(i).bounding_box() for i in range(2)]
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 5 and boxes[0]["x"] < boxes[1]["x"]  # side by side
    else:
        pending.append("seed 000 is not grouped with seed 002 in this run")
    # the timeline is drawn by the vendored vega-embed (no network), with its table beside it
    if page.locator(".chart").count():
        page.wait_for_selector(".chart[data-rendered] svg", timeout=15000)
    date_contradiction = [g for g in result.claim_groups if g.scope in (beijing.id, beijing.thread)
                          and set(g.articles) & set(beijing.articles)
                          and g.verdict.value == "contradict" and g.kind == "date"]
    if not date_contradiction:
        pending.append("no date contradiction stored for the Beijing story")
    else:
        panel = page.locator("#contradictions")
        expect(panel).to_be_visible()
        expect(panel).to_contain_text(date_contradiction[0].measure)
    shot(page, "story.png", tmp_path)

    # click a claim: the article opens with the claim's evidence highlighted and in view
    link = page.locator("a.claim-link").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**" + href)
    anchor = href.split("#", 1)[1]
    mark = page.locator(f'mark[id="{anchor}"]')
    expect(mark).to_have_class(__import__("re").compile(r"\bcurrent\b"))
    expect(mark).to_be_in_viewport()
    claim = next(c for c in result.claims if anchor == f"c-{c.id}")
    assert claim.text.startswith(mark.inner_text().strip()[:10])
    shot(page, "article.png", tmp_path)

    # search for Лавров from the header
    page.fill('header input[name="q"]', "Лавров")
    page.press('header input[name="q"]', "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("#hits li a")
    expected = {a.id for a in result.articles if "Лавров" in a.text}
    assert expected and {hits.nth(i).get_attribute("href").split("/")[-1] for i in range(hits.count())} == expected

    # an entity page from the article's sidebar
    hits.first.click()
    ent = page.locator('aside.facts a[href^="/entities/"]').first
    name = ent.inner_text()
    ent.click()
    page.wait_for_url("**/entities/**")
    expect(page.locator("h1")).to_contain_text(name)
    assert page.errors == []
    if pending:
        pytest.xfail("upstream stages not there yet on the seeds: " + "; ".join(pending)
                     + " (every other step passed)")


def test_static_report_works_offline(server, page, tmp_path):
    """The HTML report opened from disk with every network request refused: charts draw, evidence links work."""
    from playwright.sync_api import expect

    from crosswire.report.build import write_report

    _, _, db = server
    out = write_report(str(db), None, "html", tmp_path / "report.html")
    page.route("http*://**", lambda route: route.abort())
    try:
        page.goto(out.resolve().as_uri())
        charts = page.locator(".chart")
        assert charts.count() >= 1  # the seeds' events are dated
        for i in range(charts.count()):
            expect(charts.nth(i).locator("svg")).to_be_attached(timeout=15000)
        link = page.locator("a.claim-link").first
        anchor = link.get_attribute("href")[1:]
        link.click()
        expect(page.locator(f'mark[id="{anchor}"]')).to_have_class(__import__("re").compile(r"\bcurrent\b"))
        expect(page.locator(f'mark[id="{anchor}"]')).to_be_in_viewport()
        assert page.errors == []
    finally:
        page.unroute("http*://**")

