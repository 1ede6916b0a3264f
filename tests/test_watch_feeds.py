"""`crosswire watch` against a local HTTP server whose RSS feed changes between rounds.

Entries carry a full text or link to an article page on the same server (real SlavicNER texts); unchanged
feeds must cost a 304, and each entry must be analysed exactly once across rounds.
"""

from __future__ import annotations

import html
import os
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from crosswire.watch import feed_sources, parse_every, parse_opml


@pytest.mark.parametrize("text,seconds", [("10m", 600), ("30s", 30), ("1h30m", 5400), ("90", 90), ("2d", 172800),
                                          ("0.5m", 30)])
def test_parse_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("bad", ["", "ten minutes", "10x", "m10", "10m oops"])
def test_parse_every_refuses(bad):
    with pytest.raises(ValueError):
        parse_every(bad)


def test_sources_from_opml_and_url_lists(tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="news">'
                    '<outline text="A" type="rss" xmlUrl="https://a.example/rss"/>'
                    '<outline text="B" xmlUrl="https://b.example/atom.xml"/></outline>'
                    '<outline text="no feed"/></body></opml>', encoding="utf-8")
    urls = tmp_path / "urls.txt"
    urls.write_text("# my feeds\nhttps://c.example/feed\n\nhttps://a.example/rss\n", encoding="utf-8")
    assert feed_sources([str(opml), str(urls), "https://d.example/x"]) == [
        "https://a.example/rss", "https://b.example/atom.xml", "https://c.example/feed", "https://d.example/x"]
    assert parse_opml("<opml><body/></opml>") == []


class _Handler(SimpleHTTPRequestHandler):
    log: list[tuple[str, int]] = []

    def log_request(self, code="-", size="-"):  # record (path, status) instead of printing
        self.log.append((self.path, int(code) if str(code).isdigit() else 0))


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    _Handler.log = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _texts(shared_data, n: int) -> list[tuple[str, str]]:
    files = sorted((shared_data / "slavicner" / "raw" / "nord_stream" / "ru").glob("*.txt"))[:n]
    if len(files) < n:
        pytest.skip("slavicner nord_stream texts not found")
    out = []
    for f in files:
        title, _, body = f.read_text(encoding="utf-8").partition("\n")
        out.append((title.strip(), body.strip()))
    return out


def _page(title: str, body: str) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><nav>Главная | Политика</nav><article><h1>{html.escape(title)}</h1>{paras}</article>"
            f"<footer>© 2023</footer></body></html>")


def _feed(base: str, items: list[tuple[str, str, str, str]]) -> str:
    """RSS with (guid, title, link, description) items."""
    parts = [f"<item><guid>{g}</guid><title>{html.escape(t)}</title><link>{link}</link>"
             f"<pubDate>Mon, 06 Feb 2023 10:00:00 GMT</pubDate><description>{html.escape(d)}</description></item>"
             for g, t, link, d in items]
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Test Wire</title>"
            f"<link>{base}/</link><language>ru</language>{''.join(parts)}</channel></rss>")


def _write(path, text: str, mtime: float) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))  # Last-Modified has one-second resolution: keep rounds apart


def test_watch_rounds_analyse_each_new_entry_once(site, shared_data, tmp_path, monkeypatch):
    from crosswire import api
    from crosswire.cli import main
    from crosswire.store import Store

    monkeypatch.setenv("CROSSWIRE_ALLOW_PRIVATE_URLS", "1")
    root, base = site
    (t1, b1), (t2, b2), (t3, b3) = _texts(shared_data, 3)
    (root / "a2.html").write_text(_page(t2, b2), encoding="utf-8")
    (root / "a3.html").write_text(_page(t3, b3), encoding="utf-8")
    items = [("id-1", t1, f"{base}/a1.html", b1),  # full text in the feed: no page fetch
             ("id-2", t2, f"{base}/a2.html", b2[:120])]  # a teaser: the page is fetched
    feed = root / "feed.xml"
    now = time.time()
    _write(feed, _feed(base, items), now - 100)
    db = str(tmp_path / "watch.db")
    opml = tmp_path / "feeds.opml"
    opml.write_text(f"<opml version='2.0'><body><outline text='t' xmlUrl='{base}/feed.xml'/></body></opml>")

    run = CliRunner().invoke(main, ["watch", str(opml), "--db", db, "--max-rounds", "2", "--every", "0s"])
    assert run.exit_code == 0, run.output
    lines = [x for x in run.output.splitlines() if x.startswith("round")]
    assert "2 new entries, 2 articles analysed, 0 errors" in lines[0]
    assert "(1 unchanged), 0 new entries" in lines[1]
    feed_hits = [code for path, code in _Handler.log if path == "/feed.xml"]
    assert feed_hits == [200, 304]
    assert [p for p, _ in _Handler.log].count("/a2.html") == 1 and ("/a1.html", 200) not in _Handler.log

    stored = {a.title: a for a in api.list_articles(db)}
    assert set(stored) == {t1, t2}
    assert b2.split("\n")[0][:60] in stored[t2].text  # the page's text, not the feed's teaser
    assert stored[t2].published == "2023-02-06" and stored[t2].outlet == "Test Wire"

    # the feed gains an entry: only that one is read
    _write(feed, _feed(base, [("id-3", t3, f"{base}/a3.html", b3[:100]), *items]), now)
    run = CliRunner().invoke(main, ["watch", str(opml), "--db", db, "--once"])
    assert run.exit_code == 0, run.output
    assert "1 new entries, 1 articles analysed" in run.output
    assert [p for p, _ in _Handler.log].count("/a2.html") == 1
    store = Store(db)
    try:
        assert len(store.article_ids()) == 3
        assert store.seen_entries(f"{base}/feed.xml") == {"id-1", "id-2", "id-3"}
        assert store.seen_entries(f"{base}/feed.xml", ["id-3", "id-4"]) == {"id-3"}  # what a round asks
        _etag, modified, title = store.feed_state(f"{base}/feed.xml")
        assert modified and title == "Test Wire"  # validators and the feed title remembered
    finally:
        store.close()


def test_watch_reports_unreachable_feed(tmp_path, monkeypatch):
    from crosswire.watch import poll

    monkeypatch.setenv("CROSSWIRE_ALLOW_PRIVATE_URLS", "1")
    report = poll(["http://127.0.0.1:9/feed.xml"], str(tmp_path / "w.db"))
    assert report.stored == [] and len(report.errors) == 1
    assert report.errors[0].source == "http://127.0.0.1:9/feed.xml"


def test_watch_refuses_loopback_by_default(tmp_path, monkeypatch):
    from crosswire.watch import poll

    monkeypatch.delenv("CROSSWIRE_ALLOW_PRIVATE_URLS", raising=False)
    report = poll(["http://127.0.0.1:9/feed.xml"], str(tmp_path / "w.db"))
    assert "refused" in report.errors[0].error



def test_watch_loads_the_alert_senders_before_its_first_round(tmp_path, monkeypatch):
    """The senders' imports and apprise's plugin table are paid when `watch` starts, not on the way to its first
    alert."""
    import crosswire.monitor.channels as channels
    import crosswire.watch as watch

    feed = tmp_path / "wire.xml"
    feed.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title></channel></rss>",
                    encoding="utf-8")
    calls: list[str] = []
    warm = channels.warm
    monkeypatch.setattr(channels, "warm", lambda: calls.append("warm") or warm())
    monkeypatch.setattr(watch, "poll", lambda *a, **k: calls.append("poll") or watch.Round(number=k["number"]))
    watch.watch([str(feed)], str(tmp_path / "w.db"), every=0, max_rounds=2)
    assert calls == ["warm", "poll", "poll"]
