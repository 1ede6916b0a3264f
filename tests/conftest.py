"""Shared fixtures: the seeds shipped in examples/, the shared data folder, one analysis of the seeds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "seeds"
SHARED_DATA = Path(os.environ.get("CROSSWIRE_DATA", ROOT.parent / "shared" / "data"))
GOLD = ROOT.parent / "shared" / "corpus" / "seeds.gold.yaml"


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def read_text(text: str, lang: str):
    """One real sentence or paragraph read as an article of its own (the quote and speaker tests)."""
    from crosswire.model import Article
    from crosswire.pipeline import read_article

    return read_article(Article(id="t", source="t", text=text, language=lang))


def quote_speakers(facts) -> list[tuple[str, bool, str, str]]:
    """(quote text, direct, the speaker entity's name and aliases, its id) per quote."""
    ents = {e.id: e for e in facts.entities}
    out = []
    for q in facts.quotes:
        e = ents.get(q.speaker or "")
        names = " ".join([e.name, *e.aliases]) if e else ""
        out.append((q.text, q.direct, names, q.speaker or ""))
    return out


def quote_starting(facts, start: str) -> tuple[str, bool, str, str] | None:
    """The first of ``quote_speakers`` whose text starts with ``start`` (None when no quote does)."""
    return next((q for q in quote_speakers(facts) if q[0].startswith(start)), None)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (set CROSSWIRE_DATA)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def seed_articles():
    """The five seeds ingested, keyed by their file-name prefix (000..004)."""
    from crosswire.ingest import ingest

    out = {}
    for a in ingest([str(SEEDS)]):
        out[Path(a.source).name[:3]] = a
    return out


@pytest.fixture(scope="session")
def seeds_result(tmp_path_factory):
    """One full `analyze` of the seeds into a fresh SQLite store (shared by the end-to-end tests)."""
    import crosswire

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    return crosswire.analyze([str(SEEDS)], db=str(db), progress=False), db


PG_DEFAULT = "postgresql://crosswire:crosswire@127.0.0.1:5432/crosswire_test"


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A reachable PostgreSQL server (CROSSWIRE_TEST_PG, else the CI default); skips with the reason if none."""
    url = os.environ.get("CROSSWIRE_TEST_PG") or PG_DEFAULT
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means: no server for these tests
        pytest.skip(f"no PostgreSQL at {url} ({type(exc).__name__}: {str(exc).strip()[:120]}); set CROSSWIRE_TEST_PG")
    return url


@pytest.fixture
def fresh_pg(pg_url):
    """A new empty PostgreSQL database on the test server, dropped afterwards."""
    import uuid

    import psycopg

    name = f"cw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_url.rsplit("/", 1)[0] + "/" + name

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_db(request, tmp_path) -> str:
    """A fresh store location: a SQLite file, then a new PostgreSQL database (the same tests run on both)."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("fresh_pg")
