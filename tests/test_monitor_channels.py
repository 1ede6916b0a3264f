"""Every alert channel end to end against a real local receiver started here: an HTTP server for the signed
webhook (it fails first, to exercise the retries), aiosmtpd for e-mail, the web app for the alerts page and the
Atom feed; a seed arriving through `analyze` must reach each one once, and never again."""

from __future__ import annotations

import email
import json
import socket
import threading
import time
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import seed_path

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hook:
    """A real webhook receiver on loopback: answers 500 to the first ``fail`` posts, then 204."""

    def __init__(self, fail: int = 0):
        self.posts: list[tuple[dict, bytes]] = []
        self.fail = fail
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers["content-length"]))
                hook.posts.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(500 if len(hook.posts) <= hook.fail else 204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    """A real SMTP server (aiosmtpd) on loopback keeping every message."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list = []
        box = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
                box.messages.append(envelope)
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.url = f"smtp://127.0.0.1:{self.port}?from=alerts@crosswire.test"

    def bodies(self) -> list[tuple[str, str]]:
        out = []
        for env in self.messages:
            msg = email.message_from_bytes(env.content, policy=policy.default)
            part = msg.get_body(("html", "plain"))
            out.append((str(msg["subject"]), part.get_content()))
        return out

    def close(self):
        self.controller.stop()


@pytest.fixture(scope="module")
def channels(tmp_path_factory):
    """Two seeds stored; a watchlist on Вот Так delivering to a webhook (failing twice first) and e-mail; the
    Вот Так seed then arrives through `analyze`."""
    import crosswire
    from crosswire import api

    hook, box = Hook(fail=2), Mailbox()
    db = str(tmp_path_factory.mktemp("channels") / "c.db")
    crosswire.analyze([str(seed_path("000")), str(seed_path("001"))], db=db, progress=False)
    secret = api.make_channel("webhook", hook.url).secret
    with api.open_store(db) as cw:
        w = cw.add_watchlist("Вот Так", outlets=["Вот Так"], base_url="http://news.example:8000",
                             channels=[api.make_channel("webhook", hook.url, secret=secret),
                                       api.make_channel("email", "editor@crosswire.test", smtp=box.url)])
    t0 = time.monotonic()
    result = crosswire.analyze([str(seed_path("002"))], db=db, progress=False)
    yield {"db": db, "hook": hook, "box": box, "secret": secret, "watchlist": w, "result": result,
           "seconds": time.monotonic() - t0}
    hook.close()
    box.close()


def test_webhook_is_signed_retried_and_sent_once(channels):
    from standardwebhooks.webhooks import Webhook

    hook, result = channels["hook"], channels["result"]
    assert {a.kind for a in result.alerts} == {"new_article", "contradiction"}
    # two 500s, then accepted: the same alert three times, then one post per other alert
    ids = [h["webhook-id"] for h, _ in hook.posts]
    assert len(ids) == len(result.alerts) + 2 and ids[0] == ids[1] == ids[2]
    assert set(ids) == {a.id for a in result.alerts}
    for headers, body in hook.posts:
        payload = Webhook(channels["secret"]).verify(body, headers)  # raises on a bad signature
        assert payload["alert"]["id"] == headers["webhook-id"]
        assert payload["watchlist"]["name"] == "Вот Так"
        assert all(e["href"].startswith("http://news.example:8000/") for e in payload["alert"]["evidence"])
    with pytest.raises(Exception):  # noqa: B017 - a tampered body fails verification
        Webhook(channels["secret"]).verify(hook.posts[-1][1] + b" ", hook.posts[-1][0])


def test_email_lists_the_alerts_once(channels):
    bodies = channels["box"].bodies()
    assert len(bodies) == 1
    subject, html = bodies[0]
    assert subject == "Вот Так: 2 new alerts"
    assert "Contradiction on date of meeting" in html
    assert "http://news.example:8000/articles/" in html
    assert channels["box"].messages[0].rcpt_tos == ["editor@crosswire.test"]


def test_email_through_a_server_given_by_address_has_a_sender():
    """``smtp://127.0.0.1:PORT`` without ``?from=``: the default sender is at localhost (apprise refuses one at an
    IP address, and the message was never sent)."""
    from crosswire import api
    from crosswire.monitor.channels import send_email

    box = Mailbox()
    try:
        send_email(api.make_channel("email", "desk@crosswire.test", smtp=f"smtp://127.0.0.1:{box.port}"),
                   "Вот Так: 2 new alerts", "<p>Contradiction on date of meeting</p>")
        assert [m.mail_from for m in box.messages] == ["crosswire@localhost"]
        assert box.bodies() == [("Вот Так: 2 new alerts", "<p>Contradiction on date of meeting</p>")]
    finally:
        box.close()


def test_nothing_is_sent_again_on_rerun_or_delivery_pass(channels):
    import crosswire
    from crosswire import api

    posts, mails = len(channels["hook"].posts), len(channels["box"].messages)
    crosswire.analyze([str(seed_path("002"))], db=channels["db"], progress=False)
    with api.open_store(channels["db"]) as cw:
        assert cw.deliver() == {"sent": 0, "failed": 0, "digests": 0}
        view = cw.alerts_view()
    assert (len(channels["hook"].posts), len(channels["box"].messages)) == (posts, mails)
    for alert in view["alerts"]:
        assert sorted((d["channel"].split(":")[0], d["status"]) for d in alert["deliveries"]) == [
            ("email", "sent"), ("webhook", "sent")]


def test_a_down_receiver_is_retried_on_later_passes_then_given_up(tmp_path, channels):
    from crosswire import api
    from crosswire.monitor.channels import MAX_ATTEMPTS

    dead = f"http://127.0.0.1:{free_port()}/nobody"  # nothing listens there
    with api.open_store(channels["db"]) as cw:
        w = cw.add_watchlist("dead end", outlets=["Вот Так"], channels=[api.make_channel("webhook", dead)])
        # give the new watchlist the stored alerts' twin to deliver: re-key one alert onto it
        from crosswire.model import Alert

        src = cw.alerts()[0]
        cw.store.record_alerts([Alert(src.id + "x", w.id, src.kind, src.title, src.summary, src.created,
                                      src.articles, src.story, src.evidence)], [])
        counts = [cw.deliver()["failed"] for _ in range(MAX_ATTEMPTS + 2)]
        tries = cw.store.deliveries([src.id + "x"])[src.id + "x"]
    assert counts == [1] * MAX_ATTEMPTS + [0, 0]
    assert tries[0]["status"] == "failed" and tries[0]["attempts"] == MAX_ATTEMPTS
    assert "ConnectError" in tries[0]["error"]


def test_atom_feed_has_one_entry_per_alert(channels):
    import feedparser

    from crosswire import api

    with api.open_store(channels["db"]) as cw:
        w = channels["watchlist"]
        feed = feedparser.parse(cw.alerts_atom(w.id, "http://news.example:8000"))
        alerts = cw.alerts(w.id)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "crosswire alerts: Вот Так"
    assert [e.id for e in feed.entries] == [f"urn:crosswire:alert:{a.id}" for a in alerts]
    assert all(e.link.startswith("http://news.example:8000/articles/") for e in feed.entries)
    contradiction = next(e for e in feed.entries if "Contradiction" in e.title)
    assert "3 августа" in contradiction.summary  # the evidence sentence travels with the entry


def test_scheduled_digest_is_mailed_once_per_interval(channels, tmp_path):
    from crosswire import api
    from crosswire.monitor.digest import send_due_digests

    box = channels["box"]
    with api.open_store(channels["db"]) as cw:
        w = cw.add_watchlist("daily", outlets=["Вот Так", "Царьград"], digest_every=3600.0,
                             channels=[api.make_channel("email", "desk@crosswire.test", smtp=box.url)])
        created = time.time()
        before = len(box.messages)
        assert send_due_digests(cw.store, [w], now=created + 60) == 0  # not due yet
        # due: everything that arrived since the watchlist was made (the seeds arrived before it: none yet) ...
        assert send_due_digests(cw.store, [w], now=created + 3700) == 0
        assert len(box.messages) == before  # an empty window sends nothing
    with api.open_store(channels["db"]) as cw:  # ... a restart does not resend or reset the schedule
        cw.store.mark_digest_sent(f"digest:{w.id}", created - 7200)  # the last digest went out two hours ago
        assert send_due_digests(cw.store, [w], now=time.time()) == 1
        assert send_due_digests(cw.store, [w], now=time.time() + 60) == 0
    subject, html = box.bodies()[-1]
    assert subject.startswith("crosswire digest: daily")
    assert "Top stories by coverage" in html and "Вот Так" in html and "Царьград" in html
    assert box.messages[-1].rcpt_tos == ["desk@crosswire.test"]


def test_digest_cli_markdown_and_html(channels, tmp_path):
    from click.testing import CliRunner

    from crosswire.cli import main

    run = CliRunner()
    md = run.invoke(main, ["digest", "--since", "24h", "--db", channels["db"]])
    assert md.exit_code == 0, md.output
    assert md.output.startswith("# crosswire digest\n")
    assert "## New contradictions" in md.output and "date of meeting" in md.output
    assert "(/articles/" in md.output  # evidence links
    out = tmp_path / "d.html"
    html = run.invoke(main, ["digest", "--since", "24h", "--format", "html", "--out", str(out), "--db", channels["db"]])
    assert html.exit_code == 0, html.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!doctype html>") and 'href="http://127.0.0.1:8000/stories/' in text
    sent = run.invoke(main, ["digest", "--since", "24h", "--db", channels["db"], "--email", "boss@crosswire.test",
                             "--smtp", channels["box"].url])
    assert sent.exit_code == 0, sent.output
    assert channels["box"].messages[-1].rcpt_tos == ["boss@crosswire.test"]


def test_web_watch_this_alerts_page_feed_and_api(channels):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    client = TestClient(create_app(channels["db"]), base_url="http://127.0.0.1:8000")
    r = client.post("/watchlists", data={"outlet": "РБК-Украина", "name": "RBC"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/alerts?watchlist=w-")
    ident = r.headers["location"].split("=")[1]
    page = client.get("/alerts")
    assert page.status_code == 200 and "RBC" in page.text and "Contradiction on date of meeting" in page.text
    assert client.get(f"/alerts/{ident}.atom").headers["content-type"].startswith("application/atom+xml")
    assert client.get("/alerts/w-nope.atom").status_code == 404
    made = client.post("/api/watchlists", json={"name": "api", "languages": ["uk"]})
    assert made.status_code == 201 and made.json()["feed"].endswith(".atom")
    assert client.post("/api/watchlists", json={"name": "empty"}).status_code == 400
    listed = client.get("/api/watchlists").json()["watchlists"]
    assert "secret" not in json.dumps(listed) and {w["name"] for w in listed} >= {"RBC", "api", "Вот Так"}
    alerts = client.get("/api/alerts", params={"watchlist": channels["watchlist"].id}).json()["alerts"]
    assert {a["kind"] for a in alerts} == {"new_article", "contradiction"}
    assert client.delete(f"/api/watchlists/{made.json()['id']}").status_code == 200
    story = client.get(f"/stories/{channels['result'].alerts[0].story}")
    assert 'action="/watchlists"' in story.text and 'name="story"' in story.text
