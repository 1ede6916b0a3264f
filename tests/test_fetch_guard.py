"""The SSRF guard: every address form that is not public unicast is refused, on the first request and on every
redirect hop, and the connection goes to the address that was checked. Real local HTTP servers stand in for the
internal services an attacker would aim at; 127.0.0.2 is opened by ``CROSSWIRE_ALLOW_URL_NETWORKS`` to play the
public site that redirects (or rebinds) to 127.0.0.1.
"""

from __future__ import annotations

import http.server
import socket
import threading

import pytest

from crosswire.errors import BadInput
from crosswire.ingest.fetch import check_url, fetch_url

# (URL, why it is refused): literal addresses, so no DNS is needed
REFUSED = [
    ("http://100.64.0.1/", "shared address space"),
    ("http://100.127.255.254/", "shared address space"),
    ("http://127.0.0.1/", "loopback"),
    ("http://2130706433/", "loopback"),  # 127.0.0.1 written as one decimal number
    ("http://0x7f.1/", "loopback"),  # inet_aton's hex and short forms
    ("http://localhost/", "loopback"),
    ("http://10.1.2.3/", "private"),
    ("http://172.16.0.1/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),  # cloud metadata
    ("http://0.0.0.0/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://255.255.255.255/", "reserved"),
    ("http://192.0.2.1/", "private"),  # TEST-NET-1
    ("http://198.18.0.1/", "private"),  # benchmarking
    ("http://[::1]/", "loopback"),
    ("http://[::]/", "unspecified"),
    ("http://[fe80::1]/", "link-local"),
    ("http://[fc00::1]/", "private"),
    ("http://[fec0::1]/", "site-local"),
    ("http://[ff02::1]/", "multicast"),
    ("http://[2001:db8::1]/", "private"),
    ("http://[2001::1]/", "private"),  # Teredo
    ("http://[::ffff:127.0.0.1]/", "IPv4-mapped loopback"),
    ("http://[::ffff:100.64.0.1]/", "IPv4-mapped shared address space"),
    ("http://[::ffff:a9fe:a9fe]/", "IPv4-mapped link-local"),
    ("http://[64:ff9b::7f00:1]/", "NAT64 loopback"),
    ("http://[64:ff9b::a00:1]/", "NAT64 private"),
    ("http://[64:ff9b:1::a00:1]/", "reserved"),  # local-use NAT64 prefix
    ("http://[2002:7f00:1::]/", "6to4 loopback"),
    ("http://[2002:a00:1::]/", "6to4 private"),
]
PUBLIC = ["http://8.8.8.8/", "http://[2606:4700:4700::1111]/", "http://[64:ff9b::808:808]/",
          "http://[::ffff:8.8.8.8]/"]


@pytest.fixture(autouse=True)
def _guard_on(monkeypatch):
    monkeypatch.delenv("CROSSWIRE_ALLOW_PRIVATE_URLS", raising=False)
    monkeypatch.delenv("CROSSWIRE_ALLOW_URL_NETWORKS", raising=False)


@pytest.mark.parametrize("url,why", REFUSED)
def test_non_public_addresses_are_refused(url, why):
    with pytest.raises(BadInput) as err:
        check_url(url)
    assert f"({why}" in err.value.reason, err.value.reason


@pytest.mark.parametrize("url", PUBLIC)
def test_public_unicast_passes(url):
    check_url(url)  # resolves a literal only: no traffic


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://127.0.0.1:70/"])
def test_other_schemes_are_refused(url):
    with pytest.raises(BadInput, match="not http"):
        check_url(url)


class _Site:
    """A real HTTP server on one loopback address that counts its hits and answers per path."""

    def __init__(self, host: str, port: int = 0, routes: dict | None = None):
        site = self
        self.hits: list[str] = []
        self.routes = routes or {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                site.hits.append(self.path)
                status, headers, body = site.routes.get(self.path, (200, {}, b"internal secret"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sites():
    """An allowed 'public' site on 127.0.0.2 and an internal one on 127.0.0.1, on the same port."""
    for _ in range(20):
        outside = _Site("127.0.0.2")
        try:
            inside = _Site("127.0.0.1", outside.port)
        except OSError:
            outside.close()
            continue
        yield outside, inside
        outside.close()
        inside.close()
        return
    pytest.skip("no port free on both 127.0.0.1 and 127.0.0.2")


def test_redirect_to_loopback_is_refused_after_resolution(sites, monkeypatch):
    outside, inside = sites
    monkeypatch.setenv("CROSSWIRE_ALLOW_URL_NETWORKS", "127.0.0.2/32")
    page = b"<html><body><p>A public page.</p></body></html>"
    outside.routes["/ok"] = (200, {"Content-Type": "text/html"}, page)
    assert fetch_url(f"http://127.0.0.2:{outside.port}/ok")[0] == page  # the allowed site is reached
    for target in (f"http://127.0.0.1:{inside.port}/admin", f"http://localhost:{inside.port}/admin",
                   f"http://[::ffff:127.0.0.1]:{inside.port}/admin"):
        outside.routes["/go"] = (302, {"Location": target}, b"")
        with pytest.raises(BadInput, match=r"refused: .* resolves to .*loopback"):
            fetch_url(f"http://127.0.0.2:{outside.port}/go")
    # a chain: two allowed hops, then the internal one
    outside.routes["/hop1"] = (301, {"Location": "/hop2"}, b"")
    outside.routes["/hop2"] = (307, {"Location": f"http://127.0.0.1:{inside.port}/admin"}, b"")
    with pytest.raises(BadInput, match="loopback"):
        fetch_url(f"http://127.0.0.2:{outside.port}/hop1")
    assert outside.hits.count("/go") == 3 and "/hop2" in outside.hits
    assert inside.hits == []  # the internal server never saw a request


def test_redirect_to_another_scheme_is_refused(sites, monkeypatch):
    outside, _ = sites
    monkeypatch.setenv("CROSSWIRE_ALLOW_URL_NETWORKS", "127.0.0.2/32")
    outside.routes["/file"] = (302, {"Location": "file:///etc/passwd"}, b"")
    with pytest.raises(BadInput, match="refused: a redirect to scheme 'file'"):
        fetch_url(f"http://127.0.0.2:{outside.port}/file")


def test_connection_goes_to_the_checked_address(sites, monkeypatch):
    """A rebinding DNS answer (allowed first, internal next) cannot move the connection."""
    outside, inside = sites
    monkeypatch.setenv("CROSSWIRE_ALLOW_URL_NETWORKS", "127.0.0.2/32")
    outside.routes["/"] = (200, {"Content-Type": "text/plain"}, b"outside")
    real = socket.getaddrinfo
    answers = iter(["127.0.0.2"])

    def rebinding(host, port, *args, **kwargs):
        if host == "news.rebind.test":
            return real(next(answers, "127.0.0.1"), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    # the early check sees 127.0.0.2; the connection resolves again and is checked again
    with pytest.raises(BadInput, match="resolves to 127.0.0.1 .loopback"):
        fetch_url(f"http://news.rebind.test:{outside.port}/")
    assert inside.hits == []
    # one lookup, one check, one connection to what was checked
    from crosswire.ingest.fetch import Guard, opener

    answers = iter(["127.0.0.2"])
    with opener(Guard.from_env()).open(f"http://news.rebind.test:{outside.port}/", timeout=5) as resp:
        assert resp.read() == b"outside"
    assert inside.hits == [] and outside.hits == ["/"]


def test_analyze_reports_a_refused_redirect_as_an_input_error(sites, monkeypatch, tmp_path):
    import crosswire

    outside, inside = sites
    monkeypatch.setenv("CROSSWIRE_ALLOW_URL_NETWORKS", "127.0.0.2/32")
    outside.routes["/story.html"] = (302, {"Location": f"http://127.0.0.1:{inside.port}/"}, b"")
    result = crosswire.analyze([f"http://127.0.0.2:{outside.port}/story.html"], db=str(tmp_path / "s.db"),
                               progress=False)
    assert result.articles == [] and len(result.errors) == 1
    assert "refused" in result.errors[0].error and "loopback" in result.errors[0].error
    assert inside.hits == []


def test_web_form_refuses_shared_address_space(tmp_path):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    client = TestClient(create_app(str(tmp_path / "w.db")), base_url="http://127.0.0.1:8000")
    form = {"url": "http://100.64.0.1/"}
    r = client.post("/analyze", data=form, headers={"Origin": "http://127.0.0.1:8000"}, follow_redirects=False)
    assert r.status_code == 400 and "shared address space" in r.text


class _Trickle:
    """A server on 127.0.0.2 that sends its answer a few bytes at a time, 0.2 s apart: never silent long enough
    for a per-read timeout. It gives up trickling after 12 s and sends the rest at once (so the code before the
    whole-fetch deadline fails this test in 12 s rather than hanging for minutes)."""

    def __init__(self, part: str):
        body = ("<html><head><title>Переговоры в Москве</title></head><body><p>Министр иностранных дел России "
                "Сергей Лавров провёл переговоры в Москве со своим коллегой.</p></body></html>").encode()
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n").encode()
        self.slow, self.fast = (head + body, b"") if part == "headers" else (body, head)
        self.server = socket.create_server(("127.0.0.2", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        import time

        conn, _ = self.server.accept()
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(self.fast)
                start, data = time.monotonic(), self.slow
                while data and time.monotonic() - start < 12:
                    conn.sendall(data[:3])
                    data = data[3:]
                    time.sleep(0.2)
                conn.sendall(data)
            except OSError:
                pass  # the client hung up: what the deadline is for

    def close(self):
        self.server.close()


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_trickling_server_cannot_hold_a_fetch_past_its_time(part, monkeypatch):
    """Was: a byte every 0.2 s kept one fetch (a run, `watch`, the web worker) going for as long as the server
    liked; now the whole fetch, headers and body, ends at its time limit."""
    import time

    from crosswire.watch import conditional_get

    monkeypatch.setenv("CROSSWIRE_ALLOW_URL_NETWORKS", "127.0.0.2/32")
    for fetch in (lambda url: fetch_url(url, timeout=2), lambda url: conditional_get(url, None, None, timeout=2)):
        server = _Trickle(part)
        start = time.monotonic()
        with pytest.raises(BadInput, match="timed out after 2 s"):
            fetch(f"http://127.0.0.2:{server.port}/story.html")
        assert time.monotonic() - start < 5
        server.close()
