"""Cost of adding 10 articles to a store of 1k, 10k and 50k articles, beyond reading them (SQLite, PostgreSQL).

Real development articles (SlavicNER brexit and asia_bibi ru/uk, nord_stream ru) are read once; a store of N
articles is their facts replicated with changed ids and dates (a copy k days later per round), with the
title+lead vectors stored beside them, then regrouped once in full (which keeps the grouping state) and its
originals' dedup band keys kept, as the runs that stored them would have left it. Ten further real articles, read and
embedded beforehand, are then added through `analyze` (ingest is skipped: they are handed over as articles,
and reading returns their facts), so the figure is everything a run pays beyond reading and embedding its
articles: storing, relinking, grouping, finding derived copies, comparing, writing the view and the run's
result. Each step's seconds are listed so the owner of each can see their share; peak RSS is the process's.
Steps nest: "read stored facts" is every `Store.facts` call, most of them inside relink, group and compare; "group"
and "quote groups" include loading the e5 model once per process (a `watch` process pays it once); wall seconds
stretch with the shared machine's load, CPU seconds less so.

Run: .venv/bin/python -m benchmarks.incremental_cost [--sizes 1000,10000,50000] [--pg postgresql://...]
"""

from __future__ import annotations

import json
import random
import resource
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from .common import parser, table, write_section

SOURCES = [("brexit", "ru"), ("brexit", "uk"), ("asia_bibi", "ru"), ("asia_bibi", "uk"), ("nord_stream", "ru")]
STEPS = {  # (module, function) -> step name
    ("crosswire.run.analyze", "relink_touched"): "relink",
    ("crosswire.run.analyze", "relink_changed"): "relink",
    ("crosswire.group.cache", "group_stored"): "group",
    ("crosswire.run.analyze", "derive_stored"): "derive",
    ("crosswire.compare", "compare"): "compare",
    ("crosswire.compare.quotes", "quote_groups"): "quote groups",
    ("crosswire.run.analyze", "view"): "view",
    ("crosswire.store.repository", "Store.facts"): "read stored facts",
    ("crosswire.store.repository", "Store.save_facts"): "store new facts",
    ("crosswire.store.repository", "Store.update_groups"): "write groups",
}


def read_base(data: Path, n: int, cache: Path | None):
    """(facts of ``n`` real articles, their title+lead vectors, the embedder's name), read once."""
    from crosswire.group.embed import embed_articles, get_embedder
    from crosswire.ingest import ingest
    from crosswire.model import Article, ArticleFacts
    from crosswire.pipeline import read_article
    from crosswire.serialize import from_dict, to_dict

    if cache and cache.is_file():
        blob = json.loads(cache.read_text(encoding="utf-8"))
        return [from_dict(ArticleFacts, f) for f in blob["facts"]], blob["vectors"], blob["model"]
    folders = [str(data / "slavicner" / "raw" / t / lang) for t, lang in SOURCES]
    arts = [a for a in ingest(folders) if isinstance(a, Article)]
    random.Random(3).shuffle(arts)
    facts = [read_article(a) for a in arts[:n]]
    embedder = get_embedder()
    vectors = embed_articles([f.article for f in facts], embedder, {})
    if cache:
        cache.write_text(json.dumps({"facts": [to_dict(f) for f in facts], "vectors": vectors,
                                     "model": embedder.name}, ensure_ascii=False), encoding="utf-8")
    return facts, vectors, embedder.name


def replica(f, k: int):
    """Article ``f`` as copy ``k``: its id suffixed, its date moved ``k`` weeks on (undated stays undated)."""
    import dataclasses
    from datetime import date, timedelta

    from crosswire.model import ArticleFacts
    from crosswire.serialize import from_dict, to_dict

    old = f.article.id
    new = f"{old}r{k}"
    g = from_dict(ArticleFacts, json.loads(json.dumps(to_dict(f), ensure_ascii=False).replace(old, new)))
    pub = g.article.published
    if pub and len(pub) >= 10:
        pub = (date.fromisoformat(pub[:10]) + timedelta(weeks=k)).isoformat()
    return dataclasses.replace(g, article=dataclasses.replace(g.article, published=pub, source=f"{g.article.source}#{k}"))


def build(db: str, base, vectors, model: str, size: int) -> float:
    """A store of ``size`` replicated articles, regrouped once; seconds it took."""
    from crosswire.run.analyze import _deduplicator, regroup
    from crosswire.store import Store

    t0 = time.perf_counter()
    store = Store(db)
    done, k = 0, 0
    while done < size:
        batch = [replica(f, k) for f in base[: size - done]]
        for i in range(0, len(batch), 500):
            store.save_facts(batch[i:i + 500])
        store.save_vectors(model, {g.article.id: vectors[f.article.id] for f, g in zip(base, batch, strict=False)})
        done += len(batch)
        k += 1
    regroup(store)
    _deduplicator(store)  # the originals' LSH band keys, as runs that stored them would have kept
    store.close()
    return time.perf_counter() - t0


@contextmanager
def timed_steps(spent: dict[str, float]):
    """Wrap the run's steps with timers (module attributes patched for the block)."""
    import importlib

    saved = []
    for (mod, dotted), step in STEPS.items():
        module = importlib.import_module(mod)
        owner, name = module, dotted
        if "." in dotted:
            cls, name = dotted.split(".")
            owner = getattr(module, cls)
        fn = getattr(owner, name)

        def wrap(*a, _fn=fn, _step=step, **kw):
            t0 = time.perf_counter()
            try:
                return _fn(*a, **kw)
            finally:
                spent[_step] += time.perf_counter() - t0

        saved.append((owner, name, fn))
        setattr(owner, name, wrap)
    try:
        yield
    finally:
        for owner, name, fn in saved:
            setattr(owner, name, fn)


def add_ten(db: str, new, vectors, model: str) -> dict:
    """Seconds (wall, CPU) of analysing ``new`` (already read and embedded) into ``db``, by step."""
    import crosswire.run.analyze as run
    from crosswire.store import Store

    store = Store(db)
    store.save_vectors(model, {f.article.id: vectors[f.article.id] for f in new})  # embedded beforehand
    store.close()
    by_id = {f.article.id: f for f in new}
    original = run.read_all

    def read_all(articles, **_):
        for a in articles:
            yield by_id[a.id]

    spent: dict[str, float] = defaultdict(float)
    run.read_all = read_all
    try:
        with timed_steps(spent):
            c0, t0 = time.process_time(), time.perf_counter()
            result = run.analyze([], db=db, articles=[f.article for f in new], progress=False)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        run.read_all = original
    assert len(result.articles) == len(new)
    return {"wall": wall, "cpu": cpu, "steps": dict(spent)}


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000,50000")
    p.add_argument("--base", type=int, default=300, help="real articles read to replicate")
    p.add_argument("--pg", default=None, help="a PostgreSQL URL (an empty database) to measure there too")
    p.add_argument("--cache", type=Path, default=None, help="JSON file keeping the read base articles")
    args = p.parse_args()
    facts, vectors, model = read_base(args.data, args.base + 10, args.cache)
    base, new = facts[:-10], facts[-10:]
    rows = []
    backends = [("SQLite", None)] + ([("PostgreSQL", args.pg)] if args.pg else [])
    for size in (int(x) for x in args.sizes.split(",")):
        for name, url in backends:
            with tempfile.TemporaryDirectory() as tmp:
                db = url or str(Path(tmp) / f"s{size}.db")
                if url:
                    _empty_pg(url)
                built = build(db, base, vectors, model, size)
                r = add_ten(db, new, vectors, model)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            steps = ", ".join(f"{k} {v:.2f}" for k, v in sorted(r["steps"].items(), key=lambda x: -x[1]))
            rows.append([size, name, f"{r['wall']:.2f}", f"{r['cpu']:.2f}", steps, f"{rss:.0f}", f"{built:.0f}"])
            print(rows[-1], flush=True)
    body = (__doc__.split("\n\n", 1)[1].rsplit("\n\nRun:", 1)[0] + "\n\n"
            + table(["stored articles", "store", "add 10: wall s", "add 10: CPU s", "seconds by step (wall)",
                     "peak RSS MB", "building the store s"], rows) + "\n")
    write_section("incremental_cost", "Incremental cost: adding 10 articles to a large store", body,
                  ".venv/bin/python -m benchmarks.incremental_cost [--sizes 1000,10000] [--pg URL]",
                  no_write=args.no_write)


def _empty_pg(url: str) -> None:
    """Drop every table of the PostgreSQL database at ``url`` (a scratch database for this benchmark)."""
    from sqlalchemy import create_engine, text

    from crosswire.store import db_url

    engine = create_engine(db_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


if __name__ == "__main__":
    main()
