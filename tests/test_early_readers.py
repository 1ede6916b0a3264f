"""A new store's first large run starts its reading processes before it makes the store (``run.local.early_pool``):
they import and load their models while the migrations run. On real development articles (SlavicNER brexit and
asia_bibi, Russian): the processes are up when the store is opened, the run reads every article through them, and
a run whose store cannot be opened shuts them down."""

from __future__ import annotations

import multiprocessing

import pytest

from crosswire.run import analyze as run_analyze
from crosswire.run.local import MIN_PARALLEL
from crosswire.settings import Settings

pytestmark = pytest.mark.slow


def _folders(shared_data, tmp_path):
    raw = shared_data / "slavicner" / "raw"
    files = [f for t in ("brexit", "asia_bibi") for f in sorted((raw / t / "ru").glob("*.txt"))[:MIN_PARALLEL // 2]]
    if len(files) < MIN_PARALLEL:
        pytest.skip("SlavicNER raw texts not found")
    folder = tmp_path / "in"
    folder.mkdir()
    for f in files:
        (folder / f"{f.parent.parent.name}-{f.name}").write_bytes(f.read_bytes())
    return str(folder)


def test_a_new_store_s_large_run_starts_its_readers_first(shared_data, tmp_path, monkeypatch):
    folder = _folders(shared_data, tmp_path)
    seen: list[int] = []
    opened = run_analyze._open

    def spy(db):
        seen.append(len(multiprocessing.active_children()))
        return opened(db)

    monkeypatch.setattr(run_analyze, "_open", spy)
    settings = Settings(workers=2)
    result = run_analyze.analyze([folder], db=str(tmp_path / "new.db"), settings=settings, progress=False)
    assert seen and seen[0] >= 2  # both reading processes were started before the store was made
    assert len(result.articles) == MIN_PARALLEL and not result.errors
    assert not multiprocessing.active_children()  # and shut down with the run
    # the same inputs again: the store exists and knows them all, nothing starts early
    seen.clear()
    run_analyze.analyze([folder], db=str(tmp_path / "new.db"), settings=settings, progress=False)
    assert seen == [0]


def test_a_run_whose_store_fails_to_open_shuts_its_readers(shared_data, tmp_path, monkeypatch):
    folder = _folders(shared_data, tmp_path)

    def broken(db):
        assert len(multiprocessing.active_children()) >= 2
        raise OSError("disk gone")

    monkeypatch.setattr(run_analyze, "_open", broken)
    with pytest.raises(OSError, match="disk gone"):
        run_analyze.analyze([folder], db=str(tmp_path / "new.db"), settings=Settings(workers=2), progress=False)
    assert not multiprocessing.active_children()
