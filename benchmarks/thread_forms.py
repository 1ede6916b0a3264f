"""Thread formulations compared on the development topics: average linkage over every story (the earlier rule)
against threads grown forward block by block (``group.threads.block_threads``: average linkage within a block,
earlier threads joined, weighed by their members of the three months up to their last one, never merged).

Development SlavicNER documents only (brexit ru+uk, asia_bibi ru+uk, nord_stream ru: every document), grouped into
stories once per signal set; each rule then links the same stories over the same scored thread pairs, and each
article takes its thread (or its story when alone) as its label against the gold topic. The documents carry no
dates, so they form one block (which is average linkage, the rule crosswire applies to them); to measure the rule
across blocks (months, in dated news) the stories are shuffled and cut into k equal blocks, five shuffles each
(mean, and the worst in brackets): a random order is harder than news in date order, where a thread's first
reports come first.
"""

from __future__ import annotations

import json
import random
import statistics
from collections import defaultdict
from pathlib import Path

from benchmarks.common import parser, table, write_section
from benchmarks.grouping import (
    DEV_CELLS,
    _load_cache,
    _own_entities,
    _save_cache,
    ari,
    load_slavicner,
    pair_f1,
    slavicner_articles,
)

SHUFFLES = 5
BLOCKS = (1, 3, 6, 12, 24)  # months the shuffled stories are cut into (one: average linkage)


def dev_docs(base: Path):
    return [d for d in load_slavicner(base, 10**6) if (d[1], d[2]) in DEV_CELLS]


def _profiles(base: Path, cache_path: Path | None, entity_cache: Path | None):
    from crosswire.group.embed import embed_articles, get_embedder, vector_key
    from crosswire.group.profile import Profile

    docs = dev_docs(base)
    arts, gold_ents = slavicner_articles(docs)
    embedder = get_embedder()
    cache = _load_cache(cache_path, vector_key(embedder))  # model and window
    vectors = embed_articles(arts, embedder, cache)
    _save_cache(cache_path, cache, vector_key(embedder))
    kept = json.loads(entity_cache.read_text(encoding="utf-8")) if entity_cache and entity_cache.exists() else {}
    own = kept or _own_entities(arts) or {}
    if entity_cache is not None:
        entity_cache.write_text(json.dumps(own), encoding="utf-8")
    topic = {d[0]: d[1] for d in docs}
    for name, ents in [("embeddings + crosswire entities", own), ("embeddings + gold entity ids", gold_ents)]:
        yield name, topic, [Profile(id=a.id, title=a.title, outlet=None, language=a.language, vector=vectors[a.id],
                                    entities=dict(ents.get(a.id, {}))) for a in arts]


def _score(topic: dict, built, groups: list[list[int]]) -> tuple[float, float, int, int]:
    label = {a: st.id for st in built for a in st.articles}
    for g in groups:
        for k in g:
            label.update(dict.fromkeys(built[k].articles, f"t{g[0]}"))
    ids = sorted(label)
    truth, pred = [topic[a] for a in ids], [label[a] for a in ids]
    mixed = sum(len({topic[a] for k in g for a in built[k].articles}) > 1 for g in groups)
    return ari(truth, pred), pair_f1(truth, pred)[2], len(groups), mixed


def rows(base: Path, cache_path: Path | None, entity_cache: Path | None = None) -> list[list]:
    from crosswire.group.agglom import agglomerate
    from crosswire.group.cluster import built_stories, listing_key
    from crosswire.group.graph import group_graph
    from crosswire.group.index import params
    from crosswire.group.threads import block_threads, thread_pairs

    default = params()["thread"]["missing_margin"]
    out = []
    for name, topic, profiles in _profiles(base, cache_path, entity_cache):
        built, aggs = built_stories(group_graph(sorted(profiles, key=lambda p: p.id)))
        order = sorted(range(len(built)), key=lambda k: listing_key(built[k]))
        built, aggs = [built[k] for k in order], [aggs[k] for k in order]
        margins = thread_pairs(aggs)
        avg = [g for g in agglomerate(len(built), margins, default=default) if len(g) > 1]
        out.append([name, "average linkage", len(built), *_score(topic, built, avg)])

        def blocked(perm: list[int], k: int, aggs=aggs, topic=topic, built=built):
            n = len(perm)
            months = [i * k // n for i in range(n)]  # k months, WINDOW_MONTHS of them weighed before each
            thread = block_threads(n, thread_pairs([aggs[x] for x in perm]),
                                   [f"{2000 + b // 12}-{b % 12 + 1:02d}" for b in months], default)
            groups: dict[int, list[int]] = defaultdict(list)
            for i, t in enumerate(thread):
                groups[t].append(perm[i])
            return _score(topic, built, [g for g in groups.values() if len(g) > 1])

        for k in BLOCKS:
            runs = [blocked(random.Random(seed).sample(range(len(built)), len(built)), k) for seed in range(SHUFFLES)]
            out.append([name, f"{k} months" if k > 1 else "one block (average linkage)", len(built),
                        f"{statistics.mean(s[0] for s in runs):.3f} ({min(s[0] for s in runs):.3f})",
                        statistics.mean(s[1] for s in runs), f"{statistics.mean(s[2] for s in runs):.1f}",
                        f"{statistics.mean(s[3] for s in runs):.1f}"])
            print(out[-1], flush=True)
    return out


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--vector-cache", type=Path, default=None, help="JSON file to keep title+lead vectors in")
    p.add_argument("--entity-cache", type=Path, default=None, help="JSON file to keep crosswire's top entities in")
    args = p.parse_args()
    body = (__doc__.split("\n\n", 1)[1] + "\n"
            + table(["signals", "thread rule", "stories", "thread ARI", "thread pair F1", "threads",
                     "mixed-topic threads"], rows(args.data / "slavicner", args.vector_cache, args.entity_cache)) + "\n")
    write_section("thread_forms", "Thread formulations on the development topics", body,
                  ".venv/bin/python -m benchmarks.thread_forms [--vector-cache FILE]", no_write=args.no_write)


if __name__ == "__main__":
    main()
