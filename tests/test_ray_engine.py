"""The Ray engine gives the local engine's result: same articles, facts, stories and verdicts, in the same order.

Starts a local Ray instance (2 CPUs); checked on the seeds plus 200 real SlavicNER articles written to tmp
(CROSSWIRE_RAY_TEST_N changes the count). Run it on a tree nobody edits: Ray workers import the code later than
the driver, so a module changed in between shows up as a difference.
"""

from __future__ import annotations

import os
import random

import pytest

from conftest import SEEDS

pytestmark = [pytest.mark.ray, pytest.mark.slow]


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray")
    from crosswire.run.ray_engine import init_ray

    started = init_ray(None)
    yield ray
    if started:
        ray.shutdown()


N = int(os.environ.get("CROSSWIRE_RAY_TEST_N", "200"))


def _corpus(shared_data, tmp_path, n: int = N):
    files = sorted((shared_data / "slavicner" / "raw").rglob("*.txt"))
    if len(files) < n:
        pytest.skip("slavicner raw texts not found")
    picked = random.Random(7).sample(files, n)
    out = tmp_path / "corpus"
    out.mkdir()
    for i, f in enumerate(picked):
        (out / f"{i:03d}_{f.stem}.txt").write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    # a near copy in another file: linked as a duplicate, it must pass through Ray unread, in its place
    (out / "999_copy.txt").write_text(picked[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    return out


def test_ray_equals_local(ray_local, shared_data, tmp_path):
    import crosswire
    from crosswire.serialize import dumps

    corpus = _corpus(shared_data, tmp_path)
    inputs = [str(SEEDS), str(corpus)]
    local = crosswire.analyze(inputs, db=str(tmp_path / "local.db"), progress=False)
    on_ray = crosswire.analyze(inputs, db=str(tmp_path / "ray.db"), engine="ray", progress=False)
    assert len(local.articles) >= N  # a few raw texts may be refused as empty after cleaning
    assert [e.source for e in on_ray.errors] == [e.source for e in local.errors]
    assert any(a.duplicate_of for a in local.articles)
    assert [a.id for a in on_ray.articles] == [a.id for a in local.articles]
    assert dumps(on_ray) == dumps(local)


def test_ray_yields_in_input_order_with_errors_in_place(ray_local, seed_articles, monkeypatch):
    from crosswire.model import InputError
    from crosswire.pipeline import read_article
    from crosswire.run import ray_engine
    from crosswire.run.ray_engine import read_all_ray

    monkeypatch.setattr(ray_engine, "WINDOW", 2)  # three reading datasets, joined in order

    arts = list(seed_articles.values())
    items = [InputError("bad.txt", "unreadable"), *arts[:2], InputError("x", "y"), *arts[2:]]
    got = list(read_all_ray(items, workers=2))
    assert [type(x).__name__ for x in got] == ["InputError", "ArticleFacts", "ArticleFacts", "InputError",
                                               "ArticleFacts", "ArticleFacts", "ArticleFacts"]
    assert [g for g in got if not isinstance(g, InputError)] == [read_article(a) for a in arts]


@pytest.mark.postgres
def test_ray_into_postgres_equals_local_into_sqlite(ray_local, shared_data, fresh_pg, tmp_path):
    """The scale set-up (Ray reading, PostgreSQL store) gives the embedded default's document."""
    import crosswire
    from crosswire.serialize import dumps

    corpus = _corpus(shared_data, tmp_path, n=40)
    inputs = [str(SEEDS), str(corpus)]
    local = crosswire.analyze(inputs, db=str(tmp_path / "local.db"), progress=False)
    scaled = crosswire.analyze(inputs, db=fresh_pg, engine="ray", progress=False)
    assert len(scaled.articles) >= 40 and scaled.stories
    assert dumps(scaled) == dumps(local)
