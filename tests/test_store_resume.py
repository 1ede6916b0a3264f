"""A run killed mid-way (SIGKILL) resumes without duplicates or lost articles, on SQLite and PostgreSQL.

The subprocess runs the real CLI over 100 real SlavicNER texts with a cheap stand-in reader (regex mentions, a
short sleep) so the kill lands between batch commits in seconds; regrouping is left out (not what is tested). The
runner is a script file, not ``python -c``: the spawned reading workers import it as ``__mp_main__``, so they read
with the stand-in too (a rerun with few articles left reads in-process, and must read as the workers did).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from crosswire.store import Store, db_url
from crosswire.store import schema as s

N = 100
RUNNER = textwrap.dedent("""
    import re, sys, time
    import crosswire.pipeline as pipeline, crosswire.run.analyze as run
    from crosswire.model import ArticleFacts, Entity, Mention

    def read(article, stages=None):
        time.sleep(float(sys.argv[1]))
        ms = [Mention(article=article.id, entity="X:" + m.group().lower(), start=m.start(), end=m.end(), text=m.group())
              for m in re.finditer(r"\\b[А-ЯЁІЇЄA-Z]\\w{3,}", article.text)]
        ents = {m.entity: Entity(id=m.entity, name=m.text, type="PER") for m in ms}
        return ArticleFacts(article=article, entities=tuple(ents.values()), mentions=tuple(ms))

    pipeline.read_article = read  # top level: the spawned workers run this too
    run.BATCH = 10
    run.regroup = lambda store, dirty=None, **_: None

    if __name__ == "__main__":
        from crosswire.cli import main
        main(["analyze", sys.argv[2], "--db", sys.argv[3], "-q"])
""")


def _run(corpus, db, delay: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    script = Path(corpus).parent / "runner.py"
    script.write_text(RUNNER, encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), str(delay), str(corpus), db], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _count(db: str) -> int:
    eng = create_engine(db_url(db))
    try:
        with eng.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.articles)).scalar_one()
    except Exception:  # noqa: BLE001 - the store may not exist yet
        return 0
    finally:
        eng.dispose()


@pytest.fixture(scope="module")
def corpus(shared_data, tmp_path_factory):
    files = sorted((shared_data / "slavicner" / "raw").rglob("*.txt"))[:N]
    if len(files) < N:
        pytest.skip("slavicner raw texts not found")
    out = tmp_path_factory.mktemp("resume")
    for i, f in enumerate(files):
        (out / f"{i:03d}_{f.stem}.txt").write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory):
    """Facts of one uninterrupted run (SQLite), what every resumed store must equal."""
    clean = str(tmp_path_factory.mktemp("clean") / "clean.db")
    assert _run(corpus, clean, delay=0.0).wait(timeout=300) == 0
    store = Store(clean)
    try:
        return store.facts()
    finally:
        store.close()


def test_killed_run_resumes_exactly_once(store_db, corpus, reference):
    proc = _run(corpus, store_db, delay=0.05)
    deadline = time.time() + 120
    while time.time() < deadline and _count(store_db) < 30 and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, f"the run ended before it could be killed: {proc.stderr.read()[-500:]}"
    workers = _children(proc.pid)
    assert workers, "the run reads in worker processes (100 new articles)"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 30  # its reading processes leave with it, none lives on as an orphan
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)]
    partial = _count(store_db)
    assert 0 < partial < N
    assert partial % 10 == 0  # whole batches only: the one being written when killed rolled back

    rerun = _run(corpus, store_db, delay=0.0)
    assert rerun.wait(timeout=300) == 0, rerun.stderr.read()[-2000:]

    resumed = Store(store_db)
    want = reference
    try:
        got = resumed.facts()
        ids = [f.article.id for f in got]
        assert len(ids) == len(set(ids)) == len(want) >= N - 5  # a few raw texts may be empty after cleaning
        # every article was read by the stand-in, in the workers and in-process alike
        assert {e.id[:2] for f in want + got for e in f.entities} == {"X:"}
        assert [(f.article.id, f.mentions, f.entities) for f in got] == \
            [(f.article.id, f.mentions, f.entities) for f in want]
        eng = create_engine(db_url(store_db))
        with eng.connect() as conn:
            n_mentions = conn.execute(select(func.count()).select_from(s.mentions)).scalar_one()
        eng.dispose()
        assert n_mentions == sum(len(f.mentions) for f in want) > 0
    finally:
        resumed.close()
