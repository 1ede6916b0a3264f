"""Per-stage time and memory limits: a stage past either is a stage failure (flagged, its facts dropped), the
article keeps the rest, and a failing parse never loses the batch. Run on a real seed article."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import SEEDS
from crosswire.pipeline import STAGES, Stage, read_article


@pytest.fixture(scope="module")
def seed(seed_articles):
    return seed_articles["000"]


def _slow(ctx):
    time.sleep(3)
    ctx.framing = ["never kept"]


def _hungry(ctx):
    block = bytearray(300 * 2**20)  # touched below, so it is resident
    block[:: 4096] = b"x" * len(block[:: 4096])
    ctx.framing = [len(block)]


SLOW = (*STAGES[:-2], Stage("framing", _slow, frozenset(), frozenset({"framing"})), STAGES[-1])
HUNGRY = (*STAGES[:-2], Stage("framing", _hungry, frozenset(), frozenset({"framing"})), STAGES[-1])


def test_a_stage_past_its_time_limit_is_stopped_and_counted(seed, monkeypatch):
    monkeypatch.setenv("CROSSWIRE_STAGE_SECONDS", "1")
    read_article(seed)  # models loaded outside the timing
    t0 = time.perf_counter()
    facts = read_article(seed, SLOW)
    assert time.perf_counter() - t0 < 2.5  # interrupted, not waited out (3 s)
    assert "stage-failed:framing" in facts.article.flags
    assert facts.framing == () and facts.mentions and facts.timerefs and facts.quotes  # the rest is kept


def test_outside_the_main_thread_the_limit_is_judged_afterwards(seed, monkeypatch):
    monkeypatch.setenv("CROSSWIRE_STAGE_SECONDS", "1")
    with ThreadPoolExecutor(1) as pool:
        facts = pool.submit(read_article, seed, SLOW).result()
    assert "stage-failed:framing" in facts.article.flags and facts.framing == ()
    assert facts.mentions and facts.quotes


def test_a_stage_past_its_memory_limit_is_counted(seed, monkeypatch):
    monkeypatch.setenv("CROSSWIRE_STAGE_MB", "100")
    facts = read_article(seed, HUNGRY)
    assert "stage-failed:framing" in facts.article.flags and facts.framing == ()
    monkeypatch.setenv("CROSSWIRE_STAGE_MB", "2000")
    assert not any(f.startswith("stage-failed") for f in read_article(seed, HUNGRY).article.flags)


def test_a_failing_parse_keeps_the_article_and_the_batch(seed, tmp_path, monkeypatch):
    import crosswire
    from crosswire.nlp import get_analyzer

    analyzer = get_analyzer("ru")
    real = analyzer.parse

    def parse(text):
        if text == seed.text:  # the first seed only
            raise RuntimeError("tagger crashed")
        return real(text)

    monkeypatch.setattr(analyzer, "parse", parse)
    result = crosswire.analyze([str(SEEDS)], db=str(tmp_path / "p.db"), progress=False)
    assert len(result.articles) == 5
    broken = [a for a in result.articles if "stage-failed:parse" in a.flags]
    assert [a.id for a in broken] == [seed.id] and len({a.id for a in result.articles}) == 5
    assert {c.article for c in result.claims} - {broken[0].id}  # the others were read


def test_cli_counts_stage_failures_and_truncations(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from conftest import seed_path
    from crosswire.cli import main

    monkeypatch.setenv("CROSSWIRE_MAX_TEXT", "1500")  # the seed is about 3,000 characters
    monkeypatch.setenv("CROSSWIRE_STAGE_SECONDS", "0.000001")  # nothing finishes in a microsecond
    r = CliRunner().invoke(main, ["analyze", str(seed_path("000")), "--db", str(tmp_path / "c.db"), "-q"])
    assert r.exit_code == 0, r.output
    assert "stage failures: 8 (parse 1, entities 1," in r.stderr
    assert "truncated: 1 article(s)" in r.stderr
