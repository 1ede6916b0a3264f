"""Two `crosswire analyze` runs at once on one store give what running them one after the other gives: the same
duplicates found and the same stories, on SQLite and PostgreSQL. Real development texts (SlavicNER brexit, ru);
the second batch holds copies of three articles of the first under other file names."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def batches(shared_data, tmp_path_factory):
    texts = sorted((shared_data / "slavicner" / "raw" / "brexit" / "ru").glob("*.txt"))[:6]
    root = tmp_path_factory.mktemp("batches")
    a, b = root / "a", root / "b"
    a.mkdir()
    b.mkdir()
    for i, src in enumerate(texts[:4]):
        shutil.copy(src, a / f"a{i}.txt")
    for i, src in enumerate(texts[:3]):  # the same articles, filed again by another desk
        shutil.copy(src, b / f"copy{i}.txt")
    shutil.copy(texts[5], b / "b5.txt")
    return str(a), str(b)


def _outcome(db: str) -> tuple[int, set[frozenset[str]]]:
    """(duplicates found, stories as sets of input file names)."""
    import crosswire

    result = crosswire.load(db)
    names = {a.id: Path(a.source).name for a in result.articles}
    dups = sum(a.duplicate_of is not None for a in result.articles)
    return dups, {frozenset(names[x] for x in s.articles) for s in result.stories}


def _sequential(first: str, second: str, db: str) -> tuple[int, set[frozenset[str]]]:
    import crosswire

    crosswire.analyze([first], db=db, progress=False)
    crosswire.analyze([second], db=db, progress=False)
    return _outcome(db)


def _at_once(a: str, b: str, db: str) -> list[str]:
    """Both runs started together as separate processes; their stderr."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [subprocess.Popen([sys.executable, "-m", "crosswire.cli", "analyze", x, "--db", db, "-q"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for x in (a, b)]
    errs = [p.communicate(timeout=900)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    return errs


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_two_runs_at_once_equal_one_after_the_other(batches, tmp_path, backend, request):
    a, b = batches

    def store(name: str) -> str:
        if backend == "sqlite":
            return str(tmp_path / f"{name}.db")
        return request.getfixturevalue("fresh_pg") if name == "together" else _pg_db(request, name)

    ab, ba = _sequential(a, b, store("ab")), _sequential(b, a, store("ba"))
    assert ab[0] == ba[0] == 3  # the three copies are found whichever desk filed first
    errs = _at_once(a, b, store("together"))
    assert any("waiting: another crosswire run" in e for e in errs), errs  # the runs did overlap
    assert _outcome(store("together")) in (ab, ba)


def _pg_db(request, name: str) -> str:
    """Another fresh PostgreSQL database for a reference run, dropped afterwards."""
    import uuid

    import psycopg

    url = request.getfixturevalue("pg_url")
    db = f"cw_test_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')

    def drop():
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')

    request.addfinalizer(drop)
    return url.rsplit("/", 1)[0] + "/" + db
