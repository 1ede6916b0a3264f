"""The smaller faults a hostile tester found: broken JSON Lines lines are input errors, input errors are printed
once, a corrupt or missing store is one clear line (and a read command never creates a store), an article id
prefix is no LIKE pattern, and language identification does not load every model for one English text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import seed_path
from crosswire.cli import main

SEED = seed_path("000").read_text(encoding="utf-8").split("\n", 1)[1]
SRC = Path(__import__("crosswire").__file__).resolve().parents[1]  # the tree under test, for subprocesses
ENV = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}


def test_a_broken_jsonl_line_is_an_input_error(tmp_path):
    import crosswire
    from crosswire.store import Store

    path = tmp_path / "batch.jsonl"
    good = json.dumps({"title": "Путин и Ким Чен Ын", "text": SEED}, ensure_ascii=False)
    path.write_text(good + '\n{"title": "обрыв", "text": "Текст\n' + json.dumps({"title": "без текста"}) + "\n",
                    encoding="utf-8")
    db = tmp_path / "j.db"
    result = crosswire.analyze([str(path)], db=str(db), progress=False)
    assert len(result.articles) == 1
    assert [(e.source, e.error) for e in result.errors] == [
        (f"{path}#2", "line 2: invalid JSON (Unterminated string starting at), skipped"),
        (f"{path}#3", "line 3: no article text (keys: text/content/body), skipped"),
    ]
    assert [e.source for e in Store(str(db)).load().errors] == [f"{path}#2", f"{path}#3"]  # input_errors table


def test_a_deeply_nested_json_line_is_an_input_error_of_its_own(tmp_path):
    """Was: a RecursionError that took the whole file down with it, good lines too."""
    from crosswire.errors import BadInput
    from crosswire.ingest.sources import read_source

    good = json.dumps({"title": "Путин и Ким Чен Ын", "text": SEED}, ensure_ascii=False)
    path = tmp_path / "batch.jsonl"
    path.write_text(good + "\n" + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    docs = read_source(str(path))
    assert [type(d).__name__ for d in docs] == ["RawDoc", "BadInput"]
    assert str(docs[1]) == f"{path}#2: line 2: invalid JSON (nested too deeply), skipped"
    whole = tmp_path / "deep.json"
    whole.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(BadInput, match="nested too deeply"):
        read_source(str(whole))


def test_every_input_error_is_printed_once(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    r = subprocess.run([sys.executable, "-m", "crosswire.cli", "analyze", str(seed_path("000")), str(empty),
                        str(binary), "--db", str(tmp_path / "e.db"), "-q"], capture_output=True, text=True, env=ENV)
    assert r.returncode == 0, r.stderr
    assert r.stderr.count(str(empty)) == 1 and r.stderr.count(str(binary)) == 1, r.stderr
    assert f"error: {empty}: empty input" in r.stderr


@pytest.mark.parametrize("content", [b"\x00\x01 not a database " * 300, b"hello, I am a text file\n"])
def test_a_corrupt_or_foreign_store_is_one_line(tmp_path, content):
    db = tmp_path / "broken.db"
    db.write_bytes(content)
    for args in (["ls"], ["stories"], ["analyze", str(seed_path("000"))]):
        r = subprocess.run([sys.executable, "-m", "crosswire.cli", *args, "--db", str(db)], capture_output=True,
                           text=True, env=ENV)
        assert r.returncode == 1
        assert r.stderr.strip().splitlines() == [
            f"Error: {db}: cannot open the store (file is not a database); is it a crosswire store?"], r.stderr


@pytest.mark.parametrize("command", [["ls"], ["stories"], ["show", "abcd1234"], ["story", "s-abcd"],
                                     ["export", "--claims", "-"], ["report", "--all", "-o", "r.html"]])
def test_read_commands_never_create_a_store(tmp_path, command):
    typo = tmp_path / "typo.db"
    r = CliRunner().invoke(main, [*command, "--db", str(typo)])
    assert r.exit_code == 1 and f"no store at {typo}" in r.output
    assert list(tmp_path.iterdir()) == []


def test_an_article_id_prefix_is_no_like_pattern(seed_articles, tmp_path):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app
    from test_web_store import build_store

    db = build_store(seed_articles, tmp_path / "hand.db")
    client = TestClient(create_app(str(db)), base_url="http://127.0.0.1:8000")
    aid = seed_articles["000"].id
    for wild in ("_", "_3", "%", "%25", "____", aid[:3] + "_", "_" * 16):
        assert client.get(f"/articles/{wild}").status_code == 404, wild
        assert client.get(f"/api/articles/{wild}").status_code == 404, wild
    assert client.get(f"/articles/{aid[:6]}").status_code == 200  # a real prefix still opens it
    assert client.get(f"/api/articles/{aid}").json()["article"]["id"] == aid


def test_one_english_text_does_not_load_every_language_model():
    """An English text among Russian ones cost 340 MB of lingua models (2,000 tiny files: 1.01 GB peak)."""
    probe = """
from crosswire.lang import LinguaDetector
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
d = LinguaDetector()
assert d.detect("Министр иностранных дел России Сергей Лавров провёл переговоры в Москве со своим коллегой")[0] == "ru"
before = rss()
assert d.detect("The foreign minister held talks in Moscow on Tuesday with his counterpart from Beijing")[0] == "en"
print(rss() - before)
"""
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                       env=ENV)
    assert r.returncode == 0, r.stderr
    assert float(r.stdout) < 100, r.stdout
