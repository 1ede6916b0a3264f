"""Store speed: SQLite vs PostgreSQL ingest rates (articles and fact rows per second) and a full read back.

Articles are real ru/uk texts (see ``scale.py``) with stand-in facts read off the text by regular expressions
(capitalised words as mentions and entities, years as time references), written in batches of 50 as ``analyze`` does.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from pathlib import Path

from .common import parser, table, write_section
from .scale import articles_from, real_texts, volume

CAPS = re.compile(r"\b[А-ЯЁІЇЄҐA-Z][а-яёіїєґa-z]{3,}\b")
YEAR = re.compile(r"\b(19|20)\d\d\b")


def facts_of(article):
    from crosswire.model import ArticleFacts, Entity, Mention, TimeRef

    mentions, entities = [], {}
    for m in CAPS.finditer(article.text):
        eid = "X:" + m.group().lower()
        entities[eid] = Entity(id=eid, name=m.group(), type="PER", aliases=(m.group(),))
        mentions.append(Mention(article=article.id, entity=eid, start=m.start(), end=m.end(), text=m.group()))
    times = [TimeRef(id=f"{article.id}:t{m.start()}", article=article.id, start=m.start(), end=m.end(),
                     text=m.group(), value=m.group(), grain="year", anchor="absolute") for m in YEAR.finditer(article.text)]
    return ArticleFacts(article=article, entities=tuple(entities.values()), mentions=tuple(mentions),
                        timerefs=tuple(times))


def _write(db: str, facts, writers: int) -> float:
    from crosswire.store import Store

    Store(db).close()  # migrations outside the timing
    parts = [facts[i::writers] for i in range(writers)]

    def run(part) -> None:
        store = Store(db)
        for i in range(0, len(part), 50):
            store.save_facts(part[i:i + 50])
        store.close()

    t0 = time.perf_counter()
    threads = [threading.Thread(target=run, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def _fresh_pg(url: str) -> tuple[str, callable]:
    import uuid

    import psycopg

    name = f"cw_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url.rsplit("/", 1)[0] + "/" + name, drop


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=2000, help="articles to write")
    p.add_argument("--pg", default=os.environ.get("CROSSWIRE_TEST_PG",
                                                  "postgresql://crosswire:crosswire@127.0.0.1:5432/crosswire_test"))
    args = p.parse_args()
    from crosswire.store import Store

    arts = articles_from(volume(real_texts(args.data), args.n))
    facts = [facts_of(a) for a in arts]
    n_rows = sum(1 + len(f.mentions) + len(f.timerefs) for f in facts)
    n_ents = len({e.id for f in facts for e in f.entities})
    rows = []
    for backend in ("sqlite", "postgresql"):
        for writers in (1, 2):
            with tempfile.TemporaryDirectory() as tmp:
                if backend == "sqlite":
                    db, drop = str(Path(tmp) / "bench.db"), (lambda: None)
                else:
                    try:
                        db, drop = _fresh_pg(args.pg)
                    except Exception as exc:  # noqa: BLE001 - no server: say so in the table
                        rows.append([backend, writers, "-", "-", "-", f"no server ({type(exc).__name__})"])
                        continue
                try:
                    secs = _write(db, facts, writers)
                    again = _write(db, facts[: len(facts) // 4], 1)  # idempotent re-write of a quarter
                    store = Store(db)
                    t0 = time.perf_counter()
                    back = store.facts()
                    t_load = time.perf_counter() - t0
                    store.close()
                    assert len(back) == len(facts)
                    rows.append([backend, writers, f"{len(facts) / secs:.0f}", f"{n_rows / secs:.0f}",
                                 f"{len(facts) / 4 / again:.0f}", f"{t_load:.2f}"])
                finally:
                    drop()
            print(rows[-1], flush=True)
    body = (
        f"{len(facts)} articles (real ru/uk texts, see scale.py) with {n_rows - len(facts)} fact rows "
        f"(mentions, time references) and {n_ents} distinct entities; batches of 50 articles per transaction, "
        "upserts (`INSERT … ON CONFLICT`, executemany with multi-row VALUES); PostgreSQL 15 on loopback with "
        "per-article advisory locks. *writers*: threads writing disjoint slices at once. *re-write*: the same "
        "articles written again (idempotent upsert path).\n\n"
        + table(["store", "writers", "articles/s", "rows/s (articles+facts)", "re-write articles/s",
                 "read all back (s)"], rows)
        + "\n\nShared 2-core machine with other jobs running: rates vary by about ±30 % between runs."
    )
    write_section("store_speed", "Store speed: SQLite vs PostgreSQL", body,
                  ".venv/bin/python -m benchmarks.store_speed", no_write=args.no_write)


if __name__ == "__main__":
    main()
