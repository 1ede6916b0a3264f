"""The web app's defences as a browser meets them: Debian's Chromium driven by Playwright over `crosswire serve`.

A page on another origin (a plain http.server on localhost) submits a form and fires a fetch at the app; a
host name mapped to 127.0.0.1 plays DNS rebinding; /docs renders from vendored assets with no request leaving
the machine; with users configured the reader logs in before anything shows.
"""

from __future__ import annotations

import http.server
import shutil
import threading
import time
import urllib.request
from collections import Counter

import pytest

from test_browser import ARGS, CHROMIUM, need_browser, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def app(seeds_result, tmp_path_factory):
    """`crosswire serve` over a copy of the analysed seeds (writes are expected to be refused, but not trusted to)."""
    need_browser()
    db = tmp_path_factory.mktemp("browsersec") / "seeds.db"
    shutil.copy(seeds_result[1], db)
    with serving(db) as (base, _):
        yield base, int(base.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def evil(app):
    """Another origin (http://localhost:PORT) whose pages attack the app at 127.0.0.1."""
    base, _ = app
    pages = {
        "/form.html": f"""<!doctype html><body><form id="f" method="post" action="{base}/analyze"
            enctype="multipart/form-data"><textarea name="text">Заголовок
Подброшенная статья о переговорах в Москве.</textarea></form>
            <script>document.getElementById("f").submit();</script></body>""",
        "/fetch.html": f"""<!doctype html><body><script>
            var body = new FormData(); body.append("url", "http://169.254.169.254/latest/meta-data/");
            fetch("{base}/analyze", {{method: "POST", mode: "no-cors", body: body}})
              .then(function () {{ document.title = "sent"; }}, function () {{ document.title = "blocked"; }});
            </script></body>""",
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://localhost:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                args=[*ARGS, "--no-proxy-server", "--host-resolver-rules=MAP rebind.test 127.0.0.1,MAP newsroom.test 127.0.0.1"])


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    pg.errors = errors
    yield pg
    context.close()


def _count(base: str) -> int:
    import json

    return len(json.loads(DIRECT.open(base + "/api/articles", timeout=10).read())["articles"])


def test_a_cross_site_form_and_fetch_are_refused(app, evil, page):
    base, _ = app
    before = _count(base)
    page.goto(evil + "/form.html")
    page.wait_for_url(base + "/analyze")
    assert "Cross-site request refused" in page.content()
    page.goto(evil + "/fetch.html")
    page.wait_for_function("document.title !== ''")
    time.sleep(0.5)
    jobs = __import__("json").loads(DIRECT.open(base + "/healthz").read())["jobs"]
    assert _count(base) == before and jobs["workers"] == 0  # nothing stored, no analysis started


def test_the_apps_own_form_still_works(app, page):
    base, _ = app
    page.goto(base + "/analyze")
    page.fill("#text", "Лавров провёл переговоры в Москве\n"
                       "Министр иностранных дел России Сергей Лавров 5 октября 2025 года провёл переговоры в Москве.")
    page.click("form.analyze button[type=submit]")
    page.wait_for_url(base + "/articles/**", timeout=180_000)
    assert "Сергей Лавров" in page.content() and page.errors == []


def test_a_rebound_host_name_gets_nothing(app, page):
    _, port = app
    response = page.goto(f"http://rebind.test:{port}/api/stories")
    assert response.status == 400 and "Invalid Host header" in page.content()


def test_docs_render_offline_under_the_csp(app, page):
    from playwright.sync_api import expect

    base, _ = app
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(base + "/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/stories").first).to_be_visible(timeout=20_000)
    assert page.errors == []
    assert requests and all(u.startswith(base) or u.startswith("data:") for u in requests), requests


def test_every_page_works_offline(app, page):
    """Every kind of page reachable from the story list (stories, articles, entities, threads, search, charts,
    the Analyse, alerts, outlets and gaps pages, /docs): no request leaves the site, no CSP error."""
    base, _ = app
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    todo, done, kinds = ["/", "/analyze", "/alerts", "/outlets", "/gaps", "/docs", "/search?q=Путин"], set(), Counter()
    while todo and len(done) < 30:
        path = todo.pop(0)
        kind = path.split("?")[0].strip("/").split("/")[0]
        if path in done or kinds[kind] >= 3:  # up to three pages of each kind
            continue
        done.add(path)
        kinds[kind] += 1
        assert page.goto(base + path).status == 200, path
        page.wait_for_load_state("networkidle")
        links = page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
        todo += [h.split("#")[0] for h in links if not h.startswith(("/static/", "/logout", "/api/", "//"))]
    assert {"", "stories", "articles", "entities", "threads", "search", "docs"} <= set(kinds), kinds
    assert page.errors == []
    assert all(u.startswith(base + "/") or u.startswith("data:") for u in seen), [u for u in seen
                                                                                   if not u.startswith(base)]


def test_docs_under_a_newsroom_name_stay_on_the_site(seeds_result, tmp_path, browser):
    """Served as newsroom.test (users and --allow-host, as on a network, where Swagger UI's localhost exceptions
    do not apply), /docs after a login requests nothing off the site and logs no error."""
    from playwright.sync_api import expect

    from crosswire.web.security import Users

    users = tmp_path / "users.txt"
    Users(users).add("editor", "correct horse battery")
    db = tmp_path / "seeds.db"
    shutil.copy(seeds_result[1], db)
    with serving(db, "--users", str(users), "--allow-host", "newsroom.test") as (base, _):
        site = "http://newsroom.test:" + base.rsplit(":", 1)[1]
        context = browser.new_context()
        page = context.new_page()
        page.goto(site + "/docs")
        page.wait_for_url(site + "/login?next=/docs")
        page.fill("#name", "editor")
        page.fill("#password", "correct horse battery")
        seen: list[str] = []
        page.on("request", lambda r: seen.append(r.url))
        page.on("console", lambda msg: seen.append("console: " + msg.text) if msg.type == "error" else None)
        page.click("form.analyze button[type=submit]")
        page.wait_for_url(site + "/docs")
        expect(page.locator(".opblock-summary-path", has_text="/api/stories").first).to_be_visible(timeout=20_000)
        page.wait_for_timeout(1000)
        assert seen and all(u.startswith(site + "/") for u in seen), seen
        context.close()


def test_login_before_anything_shows(seeds_result, tmp_path, browser):
    from crosswire.web.security import Users

    users = tmp_path / "users.txt"
    Users(users).add("editor", "correct horse battery")
    db = tmp_path / "seeds.db"
    shutil.copy(seeds_result[1], db)
    with serving(db, "--users", str(users)) as (base, _):
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "/articles")
        page.wait_for_url(base + "/login?next=/articles")
        page.fill("#name", "editor")
        page.fill("#password", "not the password")
        page.click("form.analyze button[type=submit]")
        assert "Wrong name or password" in page.content()
        page.fill("#name", "editor")
        page.fill("#password", "correct horse battery")
        page.click("form.analyze button[type=submit]")
        page.wait_for_url(base + "/articles")
        assert "Log out editor" in page.content()
        page.click("form.logout button")
        page.goto(base + "/articles")
        page.wait_for_url(base + "/login?next=/articles")
        context.close()
