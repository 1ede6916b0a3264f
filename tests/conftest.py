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


def assert_grouped_with_key(store, seen, ref, wrong, key: str, other_key: str) -> None:
    """A store's articles were grouped with the vectors kept under ``key`` alone: ``seen`` (article, vector) pairs
    grouping scored are ``ref``'s, not ``wrong``'s (another model's or window's); the store holds them under
    ``key`` and none under ``other_key``, its vector index holds them all, and the grouping state was written for
    ``key`` (tests/test_embedder_switch.py, tests/test_lead_window_switch.py)."""
    import numpy as np

    from crosswire.group.ann import VectorIndex, label, unpack_delta
    from crosswire.group.incremental import state_key

    live = store.live_of(store.article_ids())
    assert seen and {a for a, _ in seen} == live
    for a, vec in seen:
        assert vec is not None, a
        assert np.abs(vec - ref[a]).max() < 1e-6, a  # exactly this key's vector...
        assert np.abs(vec - wrong[a]).max() > 1e-4, a  # ...which the other key's is not
    stored = store.load_vectors(key)
    assert set(stored) == live and not store.load_vectors(other_key)
    for a in live:
        assert np.abs(np.asarray(stored[a]) - ref[a]).max() < 1e-6
    dim, blob, deltas = store.load_ann(key)
    index = VectorIndex(dim, blob)
    for count, delta in deltas:
        index.add(*unpack_delta(delta, count, dim))
    assert len(index) >= len(live) and all(label(a) in index for a in live)
    keys, rows = index.vectors([label(a) for a in sorted(live)])
    by_key = dict(zip(keys, rows, strict=True))
    for a in live:  # the index answers with this key's vectors
        assert np.abs(by_key[label(a)] - ref[a]).max() < 1e-5, a
    assert store.group_meta()["key"] == state_key(key)
