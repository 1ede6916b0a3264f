"""Bad input through ``crosswire.analyze`` and the CLI: one one-line error per bad input, the rest kept.

One batch (a good seed plus every bad input) is analysed once through the API and once through the CLI;
each test then checks its own input. Feed URLs are served by a local http.server (slow and 404 routes).
"""

from __future__ import annotations

import http.server
import os
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import seed_path

SLOW_S = 3.0  # the slow route sleeps this long; the fetch timeout is 1 s


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path.startswith("/slow"):
            time.sleep(SLOW_S)
            body = b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>"
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (that is the point)
            return
        if self.path.startswith("/big"):  # declares 60 MiB and sends none: refused on the header alone
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(60 * 2**20))
            self.end_headers()
            return
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def _seed_body(prefix: str) -> str:
    """A seed's body without its date header, with typography every Cyrillic code page can hold."""
    text = seed_path(prefix).read_text(encoding="utf-8").split("\n", 1)[1]
    for a, b in {"«": '"', "»": '"', "—": "-", "–": "-", "…": "...", "\u00a0": " ", "’": "'", "“": '"',
                 "”": '"', "№": "N"}.items():
        text = text.replace(a, b)
    return text


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory, server) -> dict[str, str]:
    d = tmp_path_factory.mktemp("bad")
    paths: dict[str, str] = {}

    def put(name: str, data: bytes) -> Path:
        p = d / name
        p.write_bytes(data)
        paths[name.split(".")[0]] = str(p)
        return p

    put("empty.txt", b"")
    put("binary.bin", bytes(range(256)) * 16)
    put("broken.html", b"<html><head><title>x</title></head><body><div><<<>>> <script>var a = 1;</script>")
    put("truncated.html", ("<html><head><title>Обрезанная страница</title></head><body><article><p>"
                          + _seed_body("001")[:1500]).encode("utf-8"))
    put("cp1251.txt", _seed_body("001").encode("cp1251"))
    put("koi8.txt", _seed_body("002").encode("koi8-r"))
    # texts whose language must be `und`: too short, two languages half and half, not a configured language
    put("short.txt", "Путин в Пекине.".encode())
    put("mixed.txt", ("Лидер КНДР прибыл в Пекин на бронепоезде и встретился с председателем КНР.\n"
                      "The North Korean leader arrived in Beijing by armoured train and met China's president.\n"
                      ).encode())
    put("greek.txt", ("Ο ηγέτης της Βόρειας Κορέας έφτασε στο Πεκίνο με θωρακισμένο τρένο και συναντήθηκε με τον "
                      "πρόεδρο της Κίνας για συνομιλίες.").encode())
    put("chinese.txt", "朝鲜领导人乘坐专列抵达北京，并与中国国家主席举行了会谈，双方讨论了双边关系。".encode())
    put("serbian.txt", ("Лидер Северне Кореје стигао је у Пекинг оклопним возом и састао се са председником "
                        "Кине. Разговори су трајали више од два сата, јавила је државна агенција.").encode())
    big = d / "huge.txt"
    with open(big, "wb") as f:  # sparse: 51 MB on paper, no disk used; read it and the test would be slow
        f.truncate(51 * 1024 * 1024)
    paths["huge"] = str(big)
    import gzip

    put("bomb.txt.gz", gzip.compress(b" " * (51 * 2**20), compresslevel=1))  # ~50 KB on disk, 51 MiB inside
    locked = put("locked.txt", "Текст, который нельзя прочитать. " .encode() * 20)
    locked.chmod(0)
    paths["missing"] = str(d / "no-such-file.txt")
    paths["slow"] = f"{server}/slow.rss"
    paths["http404"] = f"{server}/missing.rss"
    paths["bigurl"] = f"{server}/big.html"
    return paths


@pytest.fixture(scope="module")
def env():
    mp = pytest.MonkeyPatch()
    mp.setenv("CROSSWIRE_ALLOW_PRIVATE_URLS", "1")
    mp.setenv("CROSSWIRE_FETCH_TIMEOUT", "1")
    yield
    mp.undo()


@pytest.fixture(scope="module")
def api_run(bad_inputs, env, tmp_path_factory):
    import crosswire

    db = tmp_path_factory.mktemp("db") / "bad.db"
    good = str(seed_path("000"))
    t0 = time.monotonic()
    result = crosswire.analyze([good, *bad_inputs.values()], db=str(db), progress=False)
    return result, time.monotonic() - t0, db


@pytest.fixture(scope="module")
def cli_run(bad_inputs, env, api_run):
    from crosswire.cli import main

    db = api_run[2]  # the API run's store: its good inputs are known, so only ingest runs again
    return CliRunner().invoke(main, ["analyze", str(seed_path("000")), *bad_inputs.values(), "--db", str(db), "-q"])


def _errors(result, source: str) -> list[str]:
    return [e.error for e in result.errors if e.source == source]


# (input, expected words of its one-line error; None: ingested, no error)
CASES = [
    ("empty", "empty input"),
    ("binary", "binary data"),
    ("broken", "no article text"),
    ("huge", "too large"),
    ("bomb", "too large once decompressed"),
    ("bigurl", "too large"),
    ("missing", "cannot read"),
    ("slow", "timed out"),
    ("http404", "HTTP 404"),
    ("truncated", None),
    ("cp1251", None),
    ("koi8", None),
]


@pytest.mark.parametrize("name, expected", CASES, ids=[c[0] for c in CASES])
def test_api_one_error_per_bad_input(api_run, bad_inputs, name, expected):
    result, _, _ = api_run
    errors = _errors(result, bad_inputs[name])
    if expected is None:
        assert errors == []
    else:
        assert len(errors) == 1 and expected in errors[0] and "\n" not in errors[0]


def test_api_keeps_the_good_seed(api_run):
    result, seconds, _ = api_run
    sources = {Path(a.source).name for a in result.articles}
    assert seed_path("000").name in sources
    assert seconds < 60  # the timeout worked: no input hung the batch


@pytest.mark.parametrize("name, page, phrase", [
    ("cp1251", "001", "Об этом сообщает РБК-Украина со ссылкой на Reuters"),
    ("koi8", "002", "Ким Чен Ын"),
])
def test_legacy_encodings_decode(api_run, bad_inputs, name, page, phrase):
    result, _, _ = api_run
    art = next(a for a in result.articles if a.source == bad_inputs[name])
    body = " ".join(_seed_body(page).split())
    assert art.language == "ru" and phrase in art.text
    # the decoded text is the original text (compare a long stretch, whitespace-insensitively)
    assert " ".join(art.text.split())[:200] in body
    assert "Р" in art.text and "Ð" not in art.text and "�" not in art.text


@pytest.mark.parametrize("name, why", [
    ("short", "too-short"), ("mixed", "mixed-language"), ("greek", "unsupported-script"),
    ("chinese", "unsupported-script"), ("serbian", "unsupported-language"),
])
def test_undetermined_language_is_und_with_a_reason(api_run, bad_inputs, name, why):
    result, _, _ = api_run
    art = next(a for a in result.articles if a.source == bad_inputs[name])
    assert art.language == "und"
    assert "language-undetermined" in art.flags and why in art.flags


def test_truncated_html_is_kept_and_flagged(api_run, bad_inputs):
    result, _, _ = api_run
    art = next(a for a in result.articles if a.source == bad_inputs["truncated"])
    assert "truncated-html" in art.flags and art.title == "Обрезанная страница" and len(art.text) > 500


def test_unreadable_file(api_run, bad_inputs):
    result, _, _ = api_run
    errors = _errors(result, bad_inputs["locked"])
    if os.geteuid() == 0:  # root reads a chmod-000 file: it is ingested like any other
        assert errors == []
    else:
        assert len(errors) == 1 and "cannot read" in errors[0]


def test_cli_reports_each_bad_input_and_exits_zero(cli_run, bad_inputs):
    assert cli_run.exit_code == 0, cli_run.output
    lines = [line for line in cli_run.stderr.splitlines() if line.startswith("error: ")]
    for name, expected in CASES:
        hits = [line for line in lines if line.startswith(f"error: {bad_inputs[name]}: ")]
        assert len(hits) == (0 if expected is None else 1), (name, lines)
        if expected:
            assert expected in hits[0]


def test_cli_exits_non_zero_when_nothing_was_ingested(bad_inputs, env, tmp_path):
    from crosswire.cli import main

    res = CliRunner().invoke(main, ["analyze", bad_inputs["empty"], bad_inputs["binary"], bad_inputs["missing"],
                                    "--db", str(tmp_path / "none.db"), "-q"])
    assert res.exit_code != 0
    assert "nothing was ingested" in res.output
    assert res.output.count("error: ") >= 3
