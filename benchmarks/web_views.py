"""Views benchmark: full-text search (known-item success, latency) and page latency over a store of real texts.

Articles are real Russian/Ukrainian/English texts from ../shared/data (UNLP 2025 Telegram posts, WMT22 ru/uk
documents and their English references), written straight to a store (no NLP) with one story per article.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.common import parser, table, write_section

NAME = "web_views"


def load_texts(data: Path, limit: int) -> list[tuple[str, str]]:
    """(language, text) of real documents, up to ``limit``."""
    out: list[tuple[str, str]] = []
    with open(data / "unlp2025_manipulation" / "train.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            out.append((d["lang"], d["content"]))
    for pair in ("ru-en", "uk-en"):
        with open(data / "wmt22_general_ru_uk_en_docs" / f"wmttest2022.{pair}.src_ref.jsonl", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                out.append((d["src_lang"], "\n".join(d["src_segments"])))
                out.append(("en", "\n".join(d["ref_segments"])))
    random.Random(7).shuffle(out)
    return [(lang, t) for lang, t in out if len(t) > 80][:limit]


def build(db: str, texts: list[tuple[str, str]]) -> float:
    """Write the texts as articles with one story each; seconds spent writing (search triggers active)."""
    from crosswire.model import Article, ArticleFacts, Story
    from crosswire.store import Store
    from crosswire.store.search import ensure_index

    store = Store(db)
    ensure_index(store.engine)
    arts = []
    for i, (lang, text) in enumerate(texts):
        title = text.split("\n", 1)[0][:120]
        arts.append(Article(f"b{i:015d}", f"bench:{i}", text, title=title, outlet=f"outlet-{i % 40}", language=lang,
                            published=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}"))
    t0 = time.perf_counter()
    for k in range(0, len(arts), 500):
        store.save_facts([ArticleFacts(a) for a in arts[k:k + 500]])
    took = time.perf_counter() - t0
    store.replace_groups([Story(f"s-{a.id}", a.title, (a.id,), a.published, (a.outlet,), (a.language,)) for a in arts],
                         [], [], [])
    store.close()
    return took


def known_item_queries(texts, n: int, rng: random.Random) -> list[tuple[int, str]]:
    """(doc index, query): two words of 6+ letters from one document, the way a reader recalls an article."""
    out = []
    while len(out) < n:
        i = rng.randrange(len(texts))
        words = [w for w in re.findall(r"\w{6,}", texts[i][1]) if not w.isdigit()]
        if len(words) >= 2:
            out.append((i, " ".join(rng.sample(words, 2))))
    return out


def seed_pages() -> list[list[object]]:
    """Latency of every story and thread page over the seeds analysed by the whole pipeline."""
    from fastapi.testclient import TestClient

    import crosswire
    from crosswire.web.app import create_app

    seeds = Path(__file__).resolve().parents[1] / "examples" / "seeds"
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "seeds.db")
        result = crosswire.analyze([str(seeds)], db=db, progress=False)
        client = TestClient(create_app(db))
        out = []
        for label, urls in (("story pages", [f"/stories/{x.id}" for x in result.stories]),
                            ("thread pages", [f"/threads/{t.id}" for t in result.threads])):
            times = []
            for url in urls:
                assert client.get(url).status_code == 200, url
                for _ in range(5):
                    t0 = time.perf_counter()
                    client.get(url)
                    times.append(time.perf_counter() - t0)
            if times:
                out.append([f"{label} ({len(urls)})", *(round(x, 1) for x in ms(times))])
    return out


def ms(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs) * 1000, xs[int(0.95 * (len(xs) - 1))] * 1000


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=5000)
    p.add_argument("--queries", type=int, default=300)
    args = p.parse_args()
    from fastapi.testclient import TestClient
    from sqlalchemy import create_engine, text

    from crosswire.store.search import _like_ids, search_ids, terms
    from crosswire.web.app import create_app

    texts = load_texts(args.data, args.articles)
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        write_s = build(db, texts)
        engine = create_engine(f"sqlite:///{db}")
        t0 = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"))
        rebuild_s = time.perf_counter() - t0
        queries = known_item_queries(texts, args.queries, rng)
        found10, fts_t, like_t, like_found = 0, [], [], 0
        for i, q in queries:
            t0 = time.perf_counter()
            ids = search_ids(engine, q, limit=10)
            fts_t.append(time.perf_counter() - t0)
            found10 += f"b{i:015d}" in ids
        for i, q in queries[:60]:  # the substring fallback is slow: a sample
            t0 = time.perf_counter()
            ids = _like_ids(engine, terms(q), 10)
            like_t.append(time.perf_counter() - t0)
            like_found += f"b{i:015d}" in ids
        client = TestClient(create_app(db))
        pages = {"story list `/`": "/", "filtered list `/?language=uk`": "/?language=uk",
                 "search page `/search?q=`": "/search?q=" + queries[0][1].split()[0],
                 "story `/stories/{id}`": "/stories/s-b000000000000007",
                 "article `/articles/{id}`": "/articles/b000000000000007",
                 "`/api/articles?q=`": "/api/articles?q=" + queries[1][1].split()[0]}
        page_rows = []
        for label, url in pages.items():
            assert client.get(url).status_code == 200, url
            times = []
            for _ in range(15):
                t0 = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - t0)
            page_rows.append([label, *(round(x, 1) for x in ms(times))])
    seeds_rows = seed_pages()
    n = len(texts)
    fts50, fts95 = ms(fts_t)
    like50, like95 = ms(like_t)
    body = f"""What: the web app's full-text search and page latency over a store of **{n} real articles**
(UNLP 2025 Telegram posts uk/ru, WMT22 ru/uk source documents and their English references, shuffled, texts
over 80 characters; written straight to the store without NLP, one story per article).
Search metric: **known-item success@10** — a query is two random words of 6+ letters from one article, as a
reader recalls it; success when that article is in the first 10 hits; {len(queries)} queries
(the LIKE fallback on the first 60). No published figure exists for this set-up.

{table(["search", "success@10", "median ms", "p95 ms"], [
    ["SQLite FTS5, prefix terms (default)", round(found10 / len(queries), 3), round(fts50, 2), round(fts95, 2)],
    ["substring LIKE fallback (no FTS5)", round(like_found / len(like_t), 3), round(like50, 2), round(like95, 2)],
])}

The fallback misses mostly because SQLite's `lower()` and `LIKE` fold case for ASCII only, so a capitalised
Cyrillic word does not match its lower-cased query term; FTS5's unicode61 tokenizer folds Cyrillic too.

Writing the {n} articles with the sync triggers active: {write_s:.1f} s; a full index rebuild: {rebuild_s:.2f} s.

Page latency (in-process TestClient, 15 requests each after one warm-up; the story list renders at most 500 of
the {n} stories):

{table(["page", "median ms", "p95 ms"], page_rows)}

The pages above hold no facts (the texts were not analysed). With facts, over the five seed articles analysed by
the full pipeline (every story and thread page, 5 requests each):

{table(["page", "median ms", "p95 ms"], seeds_rows)}
"""
    write_section(NAME, "Web views: search and page latency", body, "python -m benchmarks.web_views",
                  no_write=args.no_write)


if __name__ == "__main__":
    main()
