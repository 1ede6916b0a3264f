"""The web app on a network: allowed hosts, same-origin writes, login off loopback, /docs offline under the CSP,
and web analyses in a bounded worker queue that stops when the client leaves and never holds up page views.
In process (TestClient) over the hand-built store, then a real uvicorn server for what needs real sockets."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import socket
import statistics
import threading
import time
import urllib.request
import uuid

import pytest

from test_web_store import build_store

pytest.importorskip("fastapi")
BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def db(seed_articles, tmp_path_factory):
    return build_store(seed_articles, tmp_path_factory.mktemp("websec") / "hand.db")


@pytest.fixture()
def store(db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    return str(copy)


def client(store, **kwargs):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    return TestClient(create_app(store, **kwargs), base_url=BASE)


# --- allowed hosts (DNS rebinding) --------------------------------------------------------------------------

@pytest.mark.parametrize("host,status", [
    ("127.0.0.1:8000", 200), ("localhost:8000", 200), ("[::1]:8000", 200), ("LOCALHOST", 200),
    ("evil.example", 400), ("evil.example:8000", 400), ("127.0.0.1.evil.example", 400), ("", 400),
])
def test_only_allowed_hosts_are_answered(store, host, status):
    r = client(store).get("/", headers={"Host": host})
    assert r.status_code == status, r.text
    if status == 400:
        assert "Invalid Host header" in r.text


def test_more_hosts_by_option(store):
    c = client(store, hosts=["news.example.org"])
    assert c.get("/", headers={"Host": "news.example.org:8000"}).status_code == 200
    assert c.get("/", headers={"Host": "other.example.org"}).status_code == 400


# --- cross-site writes --------------------------------------------------------------------------------------

@pytest.mark.parametrize("headers,why", [
    ({"Origin": "http://evil.example"}, "Origin http://evil.example is not this site"),
    ({"Origin": "http://127.0.0.1:9999"}, "is not this site"),  # another port is another origin
    ({"Origin": "null"}, "is not this site"),  # a sandboxed frame or a data: page
    ({"Sec-Fetch-Site": "cross-site"}, "Sec-Fetch-Site is cross-site"),
    ({"Sec-Fetch-Site": "same-site", "Origin": BASE}, "Sec-Fetch-Site is same-site"),
])
@pytest.mark.parametrize("path", ["/analyze", "/api/analyze"])  # the page's form and the JSON road
def test_cross_site_writes_are_refused(store, headers, why, path):
    c = client(store)
    r = c.post(path, data={"text": "Заголовок\nТекст статьи о переговорах в Москве."}, headers=headers,
               files={"file": ("a.txt", "Заголовок\nТекст статьи о переговорах в Москве.".encode(), "text/plain")}
               if path.startswith("/api") else None, follow_redirects=False)
    assert r.status_code == 403 and why in r.text
    assert c.get("/healthz").json()["jobs"]["workers"] == 0  # nothing was started


@pytest.mark.parametrize("headers", [
    {"Origin": BASE, "Sec-Fetch-Site": "same-origin"},  # the app's own form in a browser
    {"Sec-Fetch-Site": "none"},  # typed or bookmarked by the user
    {},  # not a browser: curl, scripts
])
def test_same_origin_writes_go_through(store, headers):
    r = client(store).post("/analyze", data={}, headers=headers)
    assert r.status_code == 400 and "Paste a text" in r.text  # reached the route


def test_request_body_over_the_cap_is_refused_before_reading(store):
    r = client(store, max_upload=1000).post("/analyze", files={"file": ("a.txt", b"x" * 5000, "text/plain")})
    assert r.status_code == 413


# --- login ----------------------------------------------------------------------------------------------------

@pytest.fixture()
def users(tmp_path):
    from crosswire.web.security import Users

    path = tmp_path / "users.txt"
    Users(path).add("editor", "correct horse battery")
    assert "$argon2id$" in path.read_text() and "correct horse" not in path.read_text()
    assert (path.stat().st_mode & 0o777) == 0o600
    return path


def test_login_is_required_when_users_are_set(store, users):
    c = client(store, users=users)
    page = c.get("/stories/s-beijing", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/stories/s-beijing"
    api = c.get("/api/stories")
    assert api.status_code == 401 and api.headers["www-authenticate"].startswith("Basic")
    assert c.get("/static/app.css").status_code == 200 and c.get("/login").status_code == 200
    assert c.post("/analyze", data={"text": "x"}).status_code == 401  # no write without a login
    assert c.post("/api/analyze", files={"file": ("a.txt", b"x", "text/plain")}).status_code == 401

    wrong = c.post("/login", data={"name": "editor", "password": "wrong password", "next": "/"})
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    nobody = c.post("/login", data={"name": "nobody", "password": "correct horse battery"})
    assert nobody.status_code == 401
    ok = c.post("/login", data={"name": "editor", "password": "correct horse battery", "next": "/stories/s-beijing"},
                follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/stories/s-beijing"
    cookie = ok.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert c.get("/stories/s-beijing").status_code == 200 and "Log out editor" in c.get("/").text
    assert c.get("/api/stories").status_code == 200

    c.post("/logout")
    assert c.get("/api/stories").status_code == 401


def test_basic_auth_for_scripts(store, users):
    c = client(store, users=users)
    assert c.get("/api/stories", auth=("editor", "correct horse battery")).status_code == 200
    assert c.get("/api/stories", auth=("editor", "nope")).status_code == 401


def test_password_guessing_is_throttled_per_address(store, users):
    """Was: unlimited tries at argon2's speed. Ten wrong passwords from one address, and the next try from it,
    right or wrong, form or HTTP Basic, gets 429 with Retry-After; another address still logs in."""
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    app = create_app(store, users=users)
    guesser = TestClient(app, base_url=BASE, client=("203.0.113.7", 40000))
    for i in range(5):
        assert guesser.post("/login", data={"name": "editor", "password": f"guess number {i}"}).status_code == 401
        assert guesser.get("/api/stories", auth=("editor", f"basic guess {i}")).status_code == 401
    late = guesser.post("/login", data={"name": "editor", "password": "correct horse battery"},
                        follow_redirects=False)
    assert late.status_code == 429 and "Too many failed logins" in late.text and int(late.headers["retry-after"]) > 60
    basic = guesser.get("/api/stories", auth=("editor", "correct horse battery"))
    assert basic.status_code == 429 and int(basic.headers["retry-after"]) > 60
    colleague = TestClient(app, base_url=BASE, client=("198.51.100.20", 40000))
    assert colleague.get("/api/stories", auth=("editor", "correct horse battery")).status_code == 200
    ok = colleague.post("/login", data={"name": "editor", "password": "correct horse battery"}, follow_redirects=False)
    assert ok.status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_login_never_redirects_off_site(store, users, target):
    r = client(store, users=users).post("/login", data={"name": "editor", "password": "correct horse battery",
                                                        "next": target}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_serve_off_loopback_needs_users(tmp_path, users):
    from click.testing import CliRunner

    from crosswire.cli import main

    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0"])
    assert r.exit_code != 0 and "needs a login" in r.output
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0", "--users", str(empty)])
    assert r.exit_code != 0 and "no users" in r.output


@pytest.mark.parametrize("header", [("X-Forwarded-For", "203.0.113.7"), ("Forwarded", "for=203.0.113.7"),
                                    ("X-Real-IP", "203.0.113.7")])
def test_a_proxied_request_needs_a_login(store, users, header):
    """A reverse proxy (nginx, Caddy) puts a loopback-bound server on the network: with no login it refuses
    what comes through one, reads and writes alike; with users set, a logged-in request through it goes on."""
    bare = client(store)
    assert bare.get("/stories/s-beijing").status_code == 200  # on this machine, no proxy: open as before
    r = bare.get("/stories/s-beijing", headers=dict([header]))
    assert r.status_code == 403 and "crosswire serve --users" in r.text
    assert bare.post("/analyze", data={"text": "x"}, headers=dict([header])).status_code == 403
    guarded = client(store, users=users)
    assert guarded.get("/api/stories", headers=dict([header]), auth=("editor", "correct horse battery")).status_code == 200


def test_serve_for_remote_host_names_needs_users(tmp_path, users, monkeypatch):
    import uvicorn
    from click.testing import CliRunner

    from crosswire.cli import main

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("served to crosswire.newsroom.lan with no login"))

    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db"), "--allow-host", "crosswire.newsroom.lan"])
    assert r.exit_code == 1 and "need a login" in r.output and "crosswire.newsroom.lan" in r.output
    assert not (tmp_path / "s.db").exists()

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append((app, kw)))
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db"), "--allow-host", "crosswire.newsroom.lan",
                                  "--users", str(users), "--queue", "2"])
    assert r.exit_code == 0, r.output
    (app, kw), = served
    assert kw["host"] == "127.0.0.1" and app.state.jobs.pending == 2 and app.state.users


def test_add_user_command(tmp_path):
    from click.testing import CliRunner

    from crosswire.cli import main
    from crosswire.web.security import Users

    path = tmp_path / "u.txt"
    r = CliRunner().invoke(main, ["add-user", "desk", "--users", str(path), "--password-stdin"],
                           input="a long passphrase\n")
    assert r.exit_code == 0, r.output
    assert Users(path).check("desk", "a long passphrase") and not Users(path).check("desk", "a long passphras")
    r = CliRunner().invoke(main, ["add-user", "desk", "--users", str(path), "--password-stdin"], input="short\n")
    assert r.exit_code != 0 and "at least 8" in r.output
    path.chmod(0o644)  # copied or made by hand: others could read the hashes
    r = CliRunner().invoke(main, ["add-user", "chief", "--users", str(path), "--password-stdin"],
                           input="another long passphrase\n")
    assert r.exit_code == 0 and (path.stat().st_mode & 0o777) == 0o600 and Users(path).check("desk", "a long passphrase")


# --- /docs offline under the CSP -----------------------------------------------------------------------------

def test_docs_page_uses_vendored_assets_under_the_csp(store):
    c = client(store)
    r = c.get("/docs")
    assert r.status_code == 200
    assert r.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self' 'unsafe-eval';")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", r.text, re.S)
    assert scripts and all(body.strip() == "" and 'src="/static/' in attrs for attrs, body in scripts)  # no inline
    assert "cdn" not in r.text.lower() and "http" not in r.text.replace('href="/', "")
    for asset in ("/static/swagger-ui-bundle.js", "/static/swagger-ui.css", "/static/docs.js", "/openapi.json"):
        assert c.get(asset).status_code == 200, asset
    assert c.get("/redoc").status_code == 404
    assert "/api/stories" in c.get("/openapi.json").json()["paths"]


# --- the worker queue, on a real server -------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def live(store, monkeypatch):
    """A real uvicorn server over a copy of the store, with room for one waiting analysis."""
    import uvicorn

    from crosswire.web.app import create_app

    monkeypatch.setenv("CROSSWIRE_MAX_TEXT", "20000")  # read by the worker process (bounded test time)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, pending=1), host="127.0.0.1", port=port,
                                          log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for _ in range(100):
        try:
            opener.open(base + "/healthz", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield base, port, opener
    server.should_exit = True
    thread.join(10)


def _post_in_background(port: int, text: str) -> socket.socket:
    """Send a form POST of ``text`` and leave the connection open (the reply is not read)."""
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n{text}\r\n"
            f"--{boundary}--\r\n").encode()
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"POST /analyze HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: multipart/form-data; "
                 f"boundary={boundary}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    return sock


def _jobs(opener, base) -> dict:
    return json.loads(opener.open(base + "/healthz", timeout=5).read())["jobs"]


def test_behind_a_local_proxy_failed_logins_count_per_real_client(store, users):
    """uvicorn takes X-Forwarded-For from a proxy on 127.0.0.1, so one client's guesses lock that client alone."""
    import base64
    import urllib.error

    import uvicorn

    from crosswire.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store, users=users), host="127.0.0.1", port=port,
                                          log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def status(client: str, password: str) -> int:
        auth = base64.b64encode(f"editor:{password}".encode()).decode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/stories", headers={
            "Authorization": f"Basic {auth}", "X-Forwarded-For": client, "X-Forwarded-Proto": "https"})
        try:
            return opener.open(request, timeout=30).status
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.1)
        assert [status("203.0.113.7", f"guess {i}") for i in range(10)] == [401] * 10
        assert status("203.0.113.7", "correct horse battery") == 429
        assert status("198.51.100.20", "correct horse battery") == 200  # another reader behind the same proxy
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.mark.slow
def test_serve_over_tls_without_a_proxy(store, users, tmp_path):
    """`serve --tls-cert --tls-key`: https on a network with no proxy; the session cookie is Secure, and plain
    http to the same port gets no page."""
    import ssl
    import subprocess
    import sys
    import urllib.error

    if not shutil.which("openssl"):
        pytest.skip("no openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    from click.testing import CliRunner

    from crosswire.cli import main

    swapped = CliRunner().invoke(main, ["serve", "--db", store, "--users", str(users), "--tls-cert", str(key),
                                        "--tls-key", str(cert)])
    assert swapped.exit_code == 1 and "not a PEM certificate and its private key" in swapped.output
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "crosswire.cli", "serve", "--db", store, "--port", str(port),
                             "--users", str(users), "--tls-cert", str(cert), "--tls-key", str(key)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"https://127.0.0.1:{port}"
    trusted = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                          urllib.request.HTTPSHandler(context=ssl.create_default_context(
                                              cafile=str(cert))))
    try:
        for _ in range(150):
            try:
                with trusted.open(base + "/healthz", timeout=2) as up:
                    up.read()
                break
            except (OSError, urllib.error.URLError):
                assert proc.poll() is None, proc.stdout.read()
                time.sleep(0.2)
        login = urllib.request.Request(base + "/login", data=b"name=editor&password=correct+horse+battery&next=/",
                                       headers={"Origin": base})

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args):
                return None

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect(),
                                             urllib.request.HTTPSHandler(context=ssl.create_default_context(
                                                 cafile=str(cert))))
        with pytest.raises(urllib.error.HTTPError) as done:
            opener.open(login, timeout=30)
        done.value.close()  # an open connection would hold up the server's graceful stop
        assert done.value.code == 303
        cookie = done.value.headers["set-cookie"]
        assert "HttpOnly" in cookie and "Secure" in cookie
        with pytest.raises((urllib.error.URLError, OSError, http.client.HTTPException)):
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
                f"http://127.0.0.1:{port}/api/stories", timeout=5).read()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert f"serving {store} on https://127.0.0.1:{port}/ (login required" in proc.stdout.read()


@pytest.mark.slow
def test_queue_is_bounded_and_a_leaving_client_stops_its_analysis(live, seed_articles):
    base, port, opener = live
    long_text = "Заголовок\n" + "\n\n".join([seed_articles["000"].text] * 12)
    first = _post_in_background(port, long_text)
    for _ in range(100):
        if _jobs(opener, base)["running"]:
            break
        time.sleep(0.1)
    second = _post_in_background(port, long_text)  # waits behind the first
    for _ in range(50):
        if _jobs(opener, base)["waiting"] == 1:
            break
        time.sleep(0.1)
    third = _post_in_background(port, "Заголовок\nЕщё одна статья.")
    third.settimeout(10)
    assert b"503" in third.recv(200).split(b"\r\n", 1)[0]  # refused at once: the queue is full
    third.close()

    # page views go on while the analysis runs in its own process
    took = []
    for _ in range(20):
        t0 = time.perf_counter()
        assert opener.open(base + "/", timeout=10).status == 200
        took.append(time.perf_counter() - t0)
    assert statistics.median(took) < 0.5, took

    second.close()  # the waiting client leaves: its job leaves the queue
    for _ in range(50):
        if _jobs(opener, base)["cancelled"] == 1:
            break
        time.sleep(0.1)
    assert _jobs(opener, base)["waiting"] == 0 and _jobs(opener, base)["running"]
    first.close()  # the running client leaves: its analysis is stopped
    for _ in range(50):
        jobs = _jobs(opener, base)
        if jobs["cancelled"] == 2 and not jobs["running"]:
            break
        time.sleep(0.1)
    assert jobs == {"done": 0, "cancelled": 2, "refused": 1, "workers": 1, "waiting": 0, "running": False}
    # and the next analysis runs in a fresh worker
    short = "Лавров провёл переговоры в Москве\nСергей Лавров 5 октября 2025 года провёл переговоры в Москве."
    req = urllib.request.Request(base + "/analyze", data=f"text={urllib.request.quote(short)}".encode(),
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    page = opener.open(req, timeout=300)
    assert "/articles/" in page.url and "Сергей Лавров" in page.read().decode()
    assert _jobs(opener, base)["workers"] == 2


@pytest.mark.slow
def test_pasted_text_up_to_the_upload_limit(store, monkeypatch):
    """1.5 MB of pasted text is accepted (Starlette's form parser stopped at 1 MiB) and cut at the text cap."""
    monkeypatch.setenv("CROSSWIRE_MAX_TEXT", "3000")
    text = "Заголовок\n" + "Переговоры в Москве продолжаются. " * 25_000
    assert 1_500_000 < len(text.encode()) < 2_000_000
    c = client(store)
    # as the page's form sends it (multipart/form-data: no percent-encoding)
    r = c.post("/analyze", files={"text": (None, text.encode())}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    art = c.get("/api" + r.headers["location"]).json()["article"]
    assert "truncated" in art["flags"] and len(art["text"]) <= 3000
