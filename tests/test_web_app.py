"""Every page and JSON route of the web app, in process (TestClient), over a hand-built store; safety checks."""

from __future__ import annotations

import re
import shutil

import pytest

from test_web_store import build_store

pytest.importorskip("fastapi")
HOSTILE = "hostile0000000001"
# what must never reach a page unescaped
RAW = ["<script>alert", "<img src=x", "<b>ведомства", "<b>flag", "<i>x</i>", "onerror=alert(9)>"]


@pytest.fixture(scope="module")
def db(seed_articles, tmp_path_factory):
    return build_store(seed_articles, tmp_path_factory.mktemp("webapp") / "hand.db")


@pytest.fixture(scope="module")
def client(db):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    return TestClient(create_app(db), base_url="http://127.0.0.1:8000")


def inert(html: str) -> None:
    for raw in RAW:
        assert raw not in html, raw


def test_story_list_and_filters(client):
    r = client.get("/")
    assert r.status_code == 200 and 'href="/stories/s-beijing"' in r.text
    row = re.search(r'<tr>\s*<td class="nowrap">2025-09-03</td>.*?</tr>', r.text, re.S).group(0)
    assert '<td class="num v-contradict">1</td>' in row and '<td class="num v-agree">1</td>' in row
    inert(r.text)
    assert "&lt;script&gt;alert(&#34;story&#34;)&lt;/script&gt;" in r.text
    r = client.get("/", params={"date_to": "2025-08-31"})
    assert "s-call" in r.text and "s-beijing" not in r.text
    r = client.get("/", params={"q": "Лавров"}, headers={"HX-Request": "true"})  # HTMX gets rows only
    assert r.text.lstrip().startswith("<tr>") and "s-choe" in r.text and "s-beijing" not in r.text


def test_story_page(client):
    r = client.get("/stories/s-beijing")
    assert r.status_code == 200
    html = r.text
    assert html.index('id="contradictions"') < html.index('id="sources"') < html.index('id="claims-table"')
    assert "3 August (one source) against early September" in html
    assert html.count('class="source"') == 2
    assert 'class="claim-link" href="/articles/' in html and '#c-c2-troops"' in html
    assert 'id="events-chart-spec"' in html and 'id="estimates-chart-1-spec"' in html
    assert "vega-embed.min.js" in html and "<caption>Events (table of the chart)</caption>" in html
    assert re.search(r'id="coverage".*<td>s-beijing</td><td>2</td>', html, re.S)


def test_story_page_escapes_hostile_story(client):
    r = client.get("/stories/s-hostile")
    assert r.status_code == 200
    inert(r.text)
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in r.text  # the group's measure, shown as text


def test_article_page_highlights_and_escapes(client, seed_articles):
    a2 = seed_articles["002"]
    r = client.get(f"/articles/{a2.id}")
    assert r.status_code == 200
    mark = re.search(r'<mark class="hl-claim"[^>]*id="c-c2-troops">([^<]*)</mark>', r.text)
    assert mark and mark.group(1) == "порядка 13 тысяч бойцов"
    r = client.get(f"/articles/{HOSTILE}")
    inert(r.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert '<details class="noise" id="noise">' in r.text and "&lt;script&gt;alert(&#39;noise&#39;)" in r.text
    q = re.search(r'<mark class="hl-quote"[^>]*id="q-q-hostile">(.*?)</mark>', r.text, re.S)
    assert q and "&lt;script&gt;" in q.group(1)


def test_entity_thread_search_pages(client, seed_articles):
    r = client.get("/entities/Q7747")
    assert r.status_code == 200 and "Vladimir Putin" in r.text and "Путін" in r.text and "Kim Jong Un" in r.text
    r = client.get("/entities/ORG:evil")
    assert r.status_code == 200
    inert(r.text)
    r = client.get("/threads/th-1")
    assert r.status_code == 200 and r.text.index("s-call") < r.text.index("s-beijing") < r.text.index("s-choe")
    assert 'id="events-chart-spec"' in r.text and 'id="stories-chart-spec"' in r.text
    r = client.get("/search", params={"q": "Лавров"})
    assert seed_articles["001"].id in r.text and HOSTILE in r.text
    r = client.get("/search", params={"q": "'; DROP TABLE articles; --"})
    assert r.status_code == 200 and HOSTILE in r.text
    inert(r.text)
    assert client.get("/articles").status_code == 200
    for missing in ("/stories/nope", "/articles/nope", "/entities/nope", "/threads/nope"):
        assert client.get(missing).status_code == 404


def test_json_api(client, seed_articles):
    stories = client.get("/api/stories").json()["stories"]
    assert {s["id"] for s in stories} == {"s-beijing", "s-choe", "s-call", "s-hostile"}
    assert client.get("/api/stories", params={"outlet": "nope"}).json() == {"stories": []}
    v = client.get("/api/stories/s-beijing").json()
    assert v["contradictions"][0]["verdict"] == "contradict" and len(v["sources"]) == 2
    arts = client.get("/api/articles", params={"q": "Лавров"}).json()["articles"]
    assert {a["id"] for a in arts} == {seed_articles["001"].id, HOSTILE}
    a = client.get(f"/api/articles/{HOSTILE}").json()
    assert a["article"]["text"].startswith("Заголовок") and a["stories"] == ["s-hostile"]
    assert client.get("/api/entities/Q80137").json()["entity"]["name"] == "Sergey Lavrov"
    assert client.get("/api/threads/th-1").json()["groups"][0]["measure"] == "DPRK troops sent to Russia"
    for missing in ("/api/stories/x", "/api/articles/x", "/api/entities/x", "/api/threads/x"):
        assert client.get(missing).status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles", "/api/articles/{article_id}"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_security_headers(client):
    csp = client.get("/stories/s-beijing").headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-eval';" in csp and "object-src 'none'" in csp
    assert client.get("/api/stories").headers["x-content-type-options"] == "nosniff"


def test_static_assets_are_served(client):
    for name in ("app.css", "app.js", "htmx.min.js", "vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert client.get(f"/static/{name}").status_code == 200


@pytest.fixture()
def fresh_client(db, tmp_path):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    return TestClient(create_app(str(copy), max_upload=4000, allow_private_urls=False), base_url="http://127.0.0.1:8000")


@pytest.mark.parametrize("form,status,message", [
    ({"url": "file:///etc/passwd"}, 400, "is not http(s)"),
    ({"url": "http://127.0.0.1:8000/"}, 400, "(loopback)"),
    ({"url": "javascript:alert(1)"}, 400, "is not http(s)"),
    ({"text": "Ж" * 2500}, 413, "larger than"),
    ({}, 400, "Paste a text"),
])
def test_analyze_refuses(fresh_client, form, status, message):
    r = fresh_client.post("/analyze", data=form)
    assert r.status_code == status and message in r.text


def test_analyze_upload_too_large(fresh_client):
    r = fresh_client.post("/analyze", files={"file": ("../../etc/x.txt", b"x" * 5000, "text/plain")})
    assert r.status_code == 413


@pytest.mark.slow
def test_api_analyze_takes_files_and_names_what_failed(fresh_client, tmp_path):
    """The JSON road of `crosswire analyze --server`: each file analysed or named with its reason, by the name
    the client sent; a file past the limit does not stop the others."""
    text = ("Лавров провёл переговоры в Москве\n"
            "Министр иностранных дел России Сергей Лавров 5 октября 2025 года провёл переговоры в Москве. "
            "Стороны обсудили сотрудничество, сообщил МИД.").encode()
    files = [("file", ("news/lavrov.txt", text, "text/plain")), ("file", ("../big.html", b"x" * 5000, "text/html"))]
    r = fresh_client.post("/api/analyze", files=files, data={"url": "http://127.0.0.1:8000/"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["articles"]) == 1
    assert {e["source"] for e in body["errors"]} == {"../big.html", "http://127.0.0.1:8000/"}
    assert fresh_client.get(f"/api/articles/{body['articles'][0]}").json()["article"]["title"].startswith("Лавров")
    from crosswire.ingest import ingest

    (tmp_path / "lavrov.txt").write_bytes(text)  # a local run keys the same file by the same base name
    assert body["articles"] == [a.id for a in ingest([str(tmp_path / "lavrov.txt")])]
    nothing = fresh_client.post("/api/analyze", files=[("file", ("big.txt", b"x" * 5000, "text/plain"))])
    assert nothing.status_code == 422 and "larger than" in nothing.json()["errors"][0]["error"]


@pytest.mark.slow
def test_analyze_pasted_text(fresh_client):
    text = ("Лавров провёл переговоры в Москве\n"
            "Министр иностранных дел России Сергей Лавров 5 октября 2025 года провёл переговоры в Москве. "
            "<script>alert(7)</script> Стороны обсудили сотрудничество, сообщил МИД.")
    r = fresh_client.post("/analyze", data={"text": text}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/articles/")
    page = fresh_client.get(r.headers["location"])
    assert page.status_code == 200 and "Сергей Лавров" in page.text and "<script>alert(7)" not in page.text


def test_entity_filter_menu(client):
    r = client.get("/")
    menu = re.search(r'<select name="entity">(.*?)</select>', r.text, re.S).group(1)
    assert '<option value="Q7747" >Vladimir Putin</option>' in menu
    r = client.get("/", params={"entity": "Q56226"})
    assert '<option value="Q56226" selected>Kim Jong Un</option>' in r.text
    assert "s-beijing" in r.text and "s-call" in r.text and "s-choe" not in r.text
