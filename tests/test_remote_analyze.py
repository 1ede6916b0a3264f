"""`crosswire analyze --server`: a run handed to a running `crosswire serve` (a real server on loopback), on real
articles (SlavicNER development texts), stores what the same run in a local process stores."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from test_browser import free_port, serving

pytestmark = pytest.mark.slow

TEXTS = ("brexit/ru/brexit_ru.txt_file_1000.txt", "brexit/ru/brexit_ru.txt_file_1001.txt",
         "brexit/uk/brexit_ua.txt_file_1000.txt")


def _stories_of(db: str, ids: set[str]) -> set[frozenset[str]]:
    from crosswire import api

    return {frozenset(s.articles) for s in api.list_stories(db) if ids & set(s.articles)}


def test_server_road_stores_what_a_local_run_stores(seeds_result, shared_data, tmp_path):
    from crosswire import api
    from crosswire.cli import main

    _, seeds_db = seeds_result
    files = []
    for rel in TEXTS:
        (tmp_path / "in" / rel).parent.mkdir(parents=True, exist_ok=True)
        files.append(str(shutil.copy(shared_data / "slavicner" / "raw" / rel, tmp_path / "in" / rel)))
    local_db, served_db = tmp_path / "local.db", tmp_path / "served.db"
    shutil.copy(seeds_db, local_db)
    shutil.copy(seeds_db, served_db)
    local = api.analyze(files, db=str(local_db), progress=False)
    with serving(served_db, "--warm") as (base, _):  # the worker starts with the server and loads its models
        runner = CliRunner()
        first = runner.invoke(main, ["analyze", "--server", base, *files[:2], str(tmp_path / "missing.txt")])
        again = runner.invoke(main, ["analyze", "--server", base, files[2]])  # the worker stays up between runs
    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    assert f"error: {tmp_path / 'missing.txt'}: cannot read" in first.output  # the rest of the batch went on
    ids = {a.id for a in local.articles}
    assert len(ids) == 3
    sent = {i for out in (first.output, again.output) for i in ids if i in out}
    assert sent == ids  # a file keeps its id through the server: keyed by its base name and text
    assert {a.id for a in api.list_articles(str(served_db))} == {a.id for a in api.list_articles(str(local_db))}
    assert _stories_of(str(served_db), ids) == _stories_of(str(local_db), ids)


def test_server_road_says_what_went_wrong(tmp_path):
    from crosswire.cli import main

    text = tmp_path / "a.txt"
    text.write_text("Министр иностранных дел России Сергей Лавров провёл переговоры в Москве.", encoding="utf-8")
    runner = CliRunner()
    down = runner.invoke(main, ["analyze", "--server", f"http://127.0.0.1:{free_port()}", str(text)])
    assert down.exit_code == 1 and "no answer from a crosswire server" in down.output
    clash = runner.invoke(main, ["analyze", "--server", "http://127.0.0.1:8000", "--db", "x.db", str(text)])
    assert clash.exit_code == 2 and "--db: not with --server" in clash.output
    bad = runner.invoke(main, ["analyze", "--server", "127.0.0.1:8000", str(text)])
    assert bad.exit_code == 1 and "give the server's address" in bad.output
    unread = runner.invoke(main, ["analyze", "--server", "http://127.0.0.1:8000", str(tmp_path / "none.txt")])
    assert unread.exit_code == 1 and "cannot read" in unread.output and "nothing was ingested" in unread.output


def test_warm_app_starts_its_worker_before_any_job(seeds_result, tmp_path):
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    _, seeds_db = seeds_result
    db = tmp_path / "warm.db"
    shutil.copy(seeds_db, db)
    app = create_app(str(db), warm=True)
    assert app.state.jobs.process is None  # not before the app starts
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        jobs = app.state.jobs
        assert jobs.process is not None and jobs.process.is_alive()
        text = "Министр иностранных дел России Сергей Лавров 5 октября 2025 года провёл переговоры в Москве."
        r = client.post("/api/analyze", files=[("file", ("lavrov.txt", text.encode(), "text/plain"))])
        assert r.status_code == 200 and len(r.json()["articles"]) == 1
        assert jobs.stats["workers"] == 1  # the job went to the worker started with the app
    assert app.state.jobs.process is None  # stopped with the app


def test_warm_reads_each_language_and_loads_the_embedder():
    from crosswire import api
    from crosswire.group.embed import get_embedder
    from crosswire.run.analyze import WARM_TEXTS

    api.warm()  # raises what a first run would raise (the worker logs it and lets the first job load again)
    assert set(WARM_TEXTS) == {"ru", "uk", "en"}
    assert len(get_embedder().embed(["warm"])[0]) == 384


def test_requests_are_cut_to_what_a_server_takes():
    from crosswire.remote import CHUNK_BYTES, CHUNK_FILES, _chunks

    sized = [(f"f{k}.txt", 1000) for k in range(CHUNK_FILES + 5)] + [("big.txt", 3 * CHUNK_BYTES), ("g.txt", 10)]
    chunks = list(_chunks(sized, [f"https://example.org/{k}" for k in range(3)]))
    assert [len(p) for p, _ in chunks] == [CHUNK_FILES, 5, 1, 1, 0]  # the large file alone
    assert chunks[2][0] == ["big.txt"] and chunks[-1][1] == [f"https://example.org/{k}" for k in range(3)]
    assert [p for ps, _ in chunks for p in ps] == [p for p, _ in sized]  # every file once, in order


def test_a_file_the_server_refuses_is_named_and_the_rest_goes_on(seeds_result, shared_data, tmp_path):
    from crosswire.cli import main

    _, seeds_db = seeds_result
    db = tmp_path / "small.db"
    shutil.copy(seeds_db, db)
    small = shutil.copy(shared_data / "slavicner" / "raw" / TEXTS[0], tmp_path / "small.txt")
    big = tmp_path / "big.txt"
    big.write_text("Слово " * 20_000, encoding="utf-8")  # 120 kB: past the body cap of a 10 kB --max-upload
    with serving(db, "--max-upload", "10000") as (base, _):
        r = CliRunner().invoke(main, ["analyze", "--server", base, str(small), str(big)])
    assert r.exit_code == 0, r.output
    assert f"error: {big}: refused by the server" in r.output and "1 article(s) analysed" in r.output


def test_stage_failures_on_the_server_are_shown_even_when_quiet(seeds_result, shared_data, tmp_path, monkeypatch):
    from crosswire.cli import main

    _, seeds_db = seeds_result
    db = tmp_path / "limits.db"
    shutil.copy(seeds_db, db)
    text = shutil.copy(shared_data / "slavicner" / "raw" / "brexit/ru/brexit_ru.txt_file_1166.txt",
                       tmp_path / "long.txt")  # a long article: cut at the server's analysed length
    monkeypatch.setenv("CROSSWIRE_MAX_TEXT", "1500")  # the server's settings
    monkeypatch.setenv("CROSSWIRE_STAGE_SECONDS", "0.000001")  # nothing finishes in a microsecond
    with serving(db) as (base, _):
        monkeypatch.delenv("CROSSWIRE_STAGE_SECONDS")
        monkeypatch.delenv("CROSSWIRE_MAX_TEXT")
        r = CliRunner().invoke(main, ["analyze", "--server", base, str(text), "-q"])
    assert r.exit_code == 0, r.output
    assert "stage failures: " in r.stderr and f"({text}): parse: " in r.stderr
    assert "truncated: 1 article(s)" in r.stderr


def test_a_server_with_logins_takes_the_login_from_the_address(seeds_result, shared_data, tmp_path):
    from crosswire.cli import main
    from crosswire.web.security import Users

    _, seeds_db = seeds_result
    db = tmp_path / "login.db"
    shutil.copy(seeds_db, db)
    users = tmp_path / "users.txt"
    Users(users).add("editor", "correct horse battery")
    text = str(shutil.copy(shared_data / "slavicner" / "raw" / TEXTS[0], tmp_path / "a.txt"))
    runner = CliRunner()
    with serving(db, "--users", str(users)) as (base, _):
        refused = runner.invoke(main, ["analyze", "--server", base, text])
        wrong = runner.invoke(main, ["analyze", "--server", base.replace("://", "://editor:nope@"), text])
        ok = runner.invoke(main, ["analyze", "--server", base.replace("://", "://editor:correct%20horse%20battery@"),
                                  text])
    assert refused.exit_code == 1 and "needs a login" in refused.output
    assert wrong.exit_code == 1 and "needs a login" in wrong.output and "nope" not in wrong.output
    assert ok.exit_code == 0 and "1 article(s) analysed by http://editor:***@" in ok.output, ok.output
