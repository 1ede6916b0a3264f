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
