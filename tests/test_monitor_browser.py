"""A watchlist made in the web app raises an alert seen on the alerts page and in the Atom feed: Debian's
Chromium (Playwright) over `crosswire serve` on two seeds; the reader watches the Царьград story, pastes the
Вот Так seed on the Analyse page, and finds the pick-up."""

from __future__ import annotations

import pytest

from conftest import seed_path
from test_browser import ARGS, CHROMIUM, need_browser, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    need_browser()
    import crosswire

    db = tmp_path_factory.mktemp("watch-web") / "w.db"
    result = crosswire.analyze([str(seed_path("000")), str(seed_path("001"))], db=str(db), progress=False)
    with serving(db) as (base, direct):
        yield base, result, direct


def test_watch_this_then_a_new_article_alerts_on_the_page_and_feed(served):
    import feedparser
    from playwright.sync_api import expect, sync_playwright

    base, result, direct = served
    tsargrad = next(a for a in result.articles if a.outlet == "Царьград")
    story = next(s for s in result.stories if tsargrad.id in s.articles)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, "--no-proxy-server"], headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        page.goto(f"{base}/stories/{story.id}")
        page.fill('form.watch input[name="name"]', "Beijing talks")
        page.click('form.watch button[type="submit"]')
        page.wait_for_url("**/alerts?watchlist=w-*")
        ident = page.url.split("watchlist=")[1]
        expect(page.locator("h1")).to_have_text("Alerts: Beijing talks")
        expect(page.locator("#alerts li.empty")).to_be_visible()

        page.goto(f"{base}/analyze")
        page.fill('textarea[name="text"]', seed_path("002").read_text(encoding="utf-8"))
        page.click('form.analyze button[type="submit"]')
        page.wait_for_url("**/articles/*", timeout=180_000)

        page.goto(f"{base}/alerts?watchlist={ident}")
        pickup = page.locator("#alerts li.alert.k-new_outlet")
        expect(pickup).to_have_count(1)
        expect(pickup.locator("strong")).to_contain_text("Story picked up by Вот Так")
        # its evidence leads to the new article
        pickup.locator("a.evidence").first.click()
        page.wait_for_url("**/articles/*")
        expect(page.locator("h1")).to_contain_text("Сделаем все, чтобы помочь России")
        assert not errors, errors
        browser.close()

    feed = feedparser.parse(direct.open(f"{base}/alerts/{ident}.atom", timeout=10).read())
    assert not feed.bozo
    titles = [e.title for e in feed.entries]
    assert any(t.startswith("Story picked up by Вот Так") for t in titles), titles
    assert all(e.link.startswith(base + "/") for e in feed.entries)
