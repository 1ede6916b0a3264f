"""The format readers on real pages and texts: HTML (three benchmark collections), JSONL, RSS, Atom, WARC.

Checks titles, dates and where they came from (``published_from``), language, outlet and main text.
Feeds and WARC files are written in a tmp dir from real texts of the shared data sets.
"""

from __future__ import annotations

import gzip
import http.server
import io
import json
import re
import threading
from collections import Counter
from pathlib import Path

import pytest

from crosswire.ingest import ingest
from crosswire.ingest.build import build_article
from crosswire.ingest.dates import date_from_url
from crosswire.ingest.decode import decode
from crosswire.ingest.html import read_html
from crosswire.model import Article, InputError


def _shingles(text: str) -> Counter:
    tokens = re.findall(r"\w+", text.lower())
    return Counter(tuple(tokens[i:i + 4]) for i in range(max(0, len(tokens) - 3)))


def _overlap(pred: str, gold: str) -> tuple[float, float]:
    p, g = _shingles(pred), _shingles(gold)
    tp = sum((p & g).values())
    return tp / max(1, sum(p.values())), tp / max(1, sum(g.values()))


def _page(folder: Path, name: str) -> str:
    return decode(gzip.decompress((folder / "html" / name).read_bytes()), name)


# htmldate_eval: the Russian and Ukrainian pages (gold publication day, language, outlet by domain)
HTMLDATE_PAGES = [
    ("zaxid.net", "uk", "ZAXID.NET"),
    ("24tv.ua", "uk", "24 Канал"),
    ("ukrinform.ru", "ru", "Укрінформ"),
    ("www.mk.ru/politics", "ru", "Московский комсомолец"),
    ("oren.mk.ru", "ru", "Московский комсомолец"),
    ("aif.ru", "ru", "Аргументы и факты"),
    ("unn.com.ua", "ru", "УНН"),
]


@pytest.mark.parametrize("domain, language, outlet", HTMLDATE_PAGES)
def test_html_ru_uk_pages(shared_data, domain, language, outlet):
    folder = shared_data / "htmldate_eval"
    gold = json.loads((folder / "eval_mediacloud_2020.json").read_text())
    url, item = next((u, v) for u, v in gold.items() if domain in u)
    art = build_article(read_html(_page(folder, item["file"] + ".gz"), url, url=url)[0])
    assert art.published == item["date"] and art.published_from == "html-meta"
    assert art.language == language and art.outlet == outlet
    assert art.title and len(art.text) > 300


def test_html_file_path_scrapinghub_cyrillic(shared_data, tmp_path):
    """A gzipped page given as a path: main text close to the benchmark's gold body."""
    folder = shared_data / "scrapinghub_article_extraction"
    gold = json.loads((folder / "ground-truth.json").read_text())
    key = next(k for k, v in gold.items() if "gto-normativy.ru" in v["url"])
    (arts,) = [a for a in ingest([str(folder / "html" / f"{key}.html.gz")])]
    assert isinstance(arts, Article) and arts.language == "ru" and arts.title
    precision, recall = _overlap(arts.text, gold[key]["articleBody"])
    assert precision > 0.6 and recall > 0.8


def test_html_trafilatura_eval_snippets(shared_data):
    """The one Cyrillic page of trafilatura's evaluation: wanted snippets in, boilerplate out, date right."""
    folder = shared_data / "trafilatura_eval"
    gold = json.loads((folder / "evaldata.json").read_text())
    url = next(u for u in gold if "football.ua" in u)
    item = gold[url]
    art = build_article(read_html(_page(folder, item["file"] + ".gz"), url, url=url)[0])
    assert all(w in art.text for w in item["with"])
    assert not any(w in art.text for w in item["without"])
    assert art.published == item["date"] and art.language == "ru"


@pytest.mark.parametrize("url, day", [
    ("https://www.mk.ru/politics/2020/09/23/prichinoy.html", "2020-09-23"),
    ("https://example.org/news/2025-09-05/kim-beijing", "2025-09-05"),
    ("https://example.org/20250905/kim-beijing.html", "2025-09-05"),
    ("https://example.org/2025/9/5/kim", "2025-09-05"),
    # tgcontest_pairs_dev: a month name, day-first dates of Russian sites
    ("https://www.washingtontimes.com/news/2019/nov/8/chinese-company-in-vaccine-scandal-declared-bankru/",
     "2019-11-08"),
    ("https://www.cosmo.ru/stars/news/01-11-2019/ochen-seksapilnaya-barbi-polugolaya-demi-rouz-podraznila-muzhchin/",
     "2019-11-01"),
    ("https://runews24.ru/technology/06/05/2020/fb2b0893497128f80f450f510a92530c", "2020-05-06"),
    ("https://www.m24.ru/news/obshchestvo/04052020/116640", "2020-05-04"),
    ("https://tvzvezda.ru/news/vstrane_i_mire/content/20191116452-BeEqk.html", None),  # an id, no day
    ("https://example.org/news/1906059-parlament", None),
    ("https://www.dailyrecord.co.uk/sport/football/football-news/rangers-miles-behind-celtic-fans-20788660", None),
    ("https://example.org/2025/13/40/bad", None),
    ("https://example.org/2999/01/01/future", None),
    ("https://example.org/a?date=2025-09-05", None),  # the query string is not the path
])
def test_date_from_url(url, day):
    assert date_from_url(url) == day


def _slavicner(shared_data: Path, lang: str, n: int) -> list[tuple[str, str]]:
    """(title, body) of the first ``n`` SlavicNER raw documents of ``lang`` (title line, blank, body)."""
    files = sorted((shared_data / "slavicner" / "raw" / "brexit" / lang).glob("*.txt"))[:n]
    out = []
    for f in files:
        title, _, body = f.read_text(encoding="utf-8").partition("\n")
        out.append((title.strip(), body.strip()))
    return out


def test_jsonl_dates_urls_outlets(shared_data, tmp_path):
    (t1, b1), (t2, b2), (t3, b3) = _slavicner(shared_data, "ru", 3)
    rows = [
        json.dumps({"title": t1, "text": b1, "published": "2019-03-12T10:00:00Z", "outlet": "ТАСС"}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": t2, "content": b2, "url": "https://www.rbc.ua/rus/news/2019/03/13/brexit"},
                   ensure_ascii=False),
        json.dumps({"headline": "no text here"}),
        json.dumps({"title": t3, "body": b3}, ensure_ascii=False),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(rows), encoding="utf-8")
    items = list(ingest([str(path)]))
    arts = [a for a in items if isinstance(a, Article)]
    assert len(arts) == 3
    # the broken line and the one without a text are input errors of their own, in line order; the rest goes on
    assert [(type(x).__name__, x.source) for x in items if not isinstance(x, Article)] == [
        ("InputError", f"{path}#2"), ("InputError", f"{path}#4")]
    a1, a2, a3 = arts
    assert (a1.published, a1.published_from, a1.outlet, a1.title) == ("2019-03-12", "jsonl", "ТАСС", t1)
    assert (a2.published, a2.published_from, a2.outlet) == ("2019-03-13", "url", "РБК-Украина")
    assert a3.published is None and "no-date" in a3.flags
    assert {a.language for a in arts} == {"ru"}


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Укрінформ</title><link>https://www.ukrinform.ua/</link><language>uk</language>
{items}
</channel></rss>"""
ITEM_FULL = """<item><title>{title}</title><link>https://www.ukrinform.ua/rubric/{n}.html</link>
<pubDate>Tue, 12 Mar 2019 10:00:00 +0000</pubDate><content:encoded><![CDATA[{html}]]></content:encoded></item>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example News</title><id>urn:x</id><updated>2019-03-12T00:00:00Z</updated>
{entries}
</feed>"""
ENTRY = """<entry><title>{title}</title><id>urn:{n}</id><link href="https://example.org/news/{n}"/>
<updated>2019-03-14T08:30:00Z</updated><content type="html"><![CDATA[{html}]]></content></entry>"""


def _paras(body: str) -> str:
    return "".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip())


def test_rss_full_content(shared_data, tmp_path):
    docs = _slavicner(shared_data, "uk", 2)
    items = "".join(ITEM_FULL.format(title=t, n=i, html=_paras(b)) for i, (t, b) in enumerate(docs))
    path = tmp_path / "feed.rss"
    path.write_text(RSS.format(items=items), encoding="utf-8")
    arts = list(ingest([str(path)]))
    assert [a.title for a in arts] == [t for t, _ in docs]
    for a, (_, body) in zip(arts, docs, strict=True):
        assert a.published == "2019-03-12" and a.published_from == "feed"
        assert a.outlet == "Укрінформ" and a.language == "uk" and a.url.startswith("https://www.ukrinform.ua/")
        # the body is kept, but for page furniture (a copyright line), which goes to noise
        assert _overlap(a.text, body)[1] > 0.8 and _overlap("\n".join([a.text, *a.noise]), body)[1] > 0.9


def test_atom_full_content(shared_data, tmp_path):
    docs = _slavicner(shared_data, "ru", 2)
    entries = "".join(ENTRY.format(title=t, n=i, html=_paras(b)) for i, (t, b) in enumerate(docs))
    path = tmp_path / "feed.atom"
    path.write_text(ATOM.format(entries=entries), encoding="utf-8")
    arts = list(ingest([str(path)]))
    assert len(arts) == 2 and all(isinstance(a, Article) for a in arts)
    assert {(a.published, a.published_from, a.outlet, a.language) for a in arts} == {
        ("2019-03-14", "feed", "Example News", "ru")}


@pytest.fixture()
def page_server(shared_data, monkeypatch):
    """A local server giving a real Ukrainian page (htmldate_eval, zaxid.net) at /page and 404 elsewhere."""
    folder = shared_data / "htmldate_eval"
    gold = json.loads((folder / "eval_mediacloud_2020.json").read_text())
    item = next(v for u, v in gold.items() if "zaxid.net" in u)
    html = gzip.decompress((folder / "html" / (item["file"] + ".gz")).read_bytes())

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            ok = self.path.startswith("/page")
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            if ok:
                self.wfile.write(html)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    monkeypatch.setenv("CROSSWIRE_ALLOW_PRIVATE_URLS", "1")
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_rss_links_only_fetches_pages(page_server, tmp_path):
    items = (f"<item><title>Спека</title><link>{page_server}/page/1</link>"
             "<description>Коротко.</description><pubDate>Sun, 07 Jun 2020 09:00:00 +0000</pubDate></item>"
             f"<item><title>Зникла</title><link>{page_server}/gone</link>"
             "<description>Синоптики попереджають про спеку та грози наступного тижня.</description></item>")
    path = tmp_path / "links.rss"
    path.write_text(RSS.format(items=items), encoding="utf-8")
    arts = list(ingest([str(path)]))
    fetched, summary_only = arts
    assert fetched.published == "2020-06-07" and fetched.published_from == "feed"
    assert len(fetched.text) > 500 and fetched.language == "uk"
    # the page that 404s keeps the feed's summary rather than losing the entry
    assert summary_only.text.startswith("Синоптики")


def test_warc_with_html_and_other_records(shared_data, tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder = shared_data / "htmldate_eval"
    gold = json.loads((folder / "eval_mediacloud_2020.json").read_text())
    url, item = next((u, v) for u, v in gold.items() if "24tv.ua" in u)
    html = gzip.decompress((folder / "html" / (item["file"] + ".gz")).read_bytes())
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for target, ctype, payload in [(url, "text/html; charset=utf-8", html),
                                   ("https://24tv.ua/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(target, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buf.getvalue())
    (art,) = list(ingest([str(path)]))
    assert isinstance(art, Article)
    assert (art.url, art.published, art.outlet, art.language) == (url, item["date"], "24 Канал", "uk")


def test_broken_warc_is_one_error(tmp_path):
    path = tmp_path / "broken.warc"
    path.write_bytes(b"WARC/1.0\r\nthis is not a record\r\n" * 10)
    (err,) = list(ingest([str(path)]))
    assert isinstance(err, InputError)


@pytest.mark.parametrize("name, data, reason", [
    ("broken.rss", "<?xml version='1.0'?><rss><channel><item><title>x</tit", "feed"),
    ("empty.atom", "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>x</title></feed>", "feed"),
    ("nothing.jsonl", '{"title": "no text"}\n{broken\n', "no line with an article text"),
])
def test_broken_feeds_and_jsonl_are_one_error(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    (err,) = list(ingest([str(path)]))
    assert isinstance(err, InputError) and reason in err.error and "\n" not in err.error
