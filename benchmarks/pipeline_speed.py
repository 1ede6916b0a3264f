"""Pipeline speed: articles/s of reading (every stage) on Russian articles of median length, local vs Ray.

Also: per-stage cost (``pipeline.TIMINGS``), model load, store writes and regrouping of the same articles, the BLAS
thread setting that the profile led to, a cProfile of where reading time goes, and 1k/10k/50k extrapolations.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import tempfile
import time
from pathlib import Path

from .common import parser, peak_rss_mb, table, write_section
from .scale import articles_from, median_length, real_texts


def median_sample(texts, n: int, lang: str = "ru"):
    """The ``n`` texts of ``lang`` closest to its median length (so the rate is for a typical article)."""
    med = median_length(texts, lang)
    pool = sorted((t for t in texts if t[1] == lang), key=lambda t: (abs(len(t[2]) - med), t[0]))
    return pool[:n], med


def _rate(fn, items) -> tuple[float, list]:
    t0 = time.perf_counter()
    out = fn(items)
    return len(items) / (time.perf_counter() - t0), out


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200, help="articles read per engine")
    p.add_argument("--profile", type=int, default=100, help="articles under cProfile")
    p.add_argument("--regroup", type=int, default=200, help="articles stored and regrouped")
    p.add_argument("--no-ray", action="store_true")
    args = p.parse_args()
    from crosswire import api, pipeline
    from crosswire.run.analyze import BATCH
    from crosswire.run.local import limit_blas
    from crosswire.store import Store

    texts = real_texts(args.data, ("ru",))
    sample, med = median_sample(texts, args.n + 3)
    t0 = time.perf_counter()
    arts = articles_from(sample)
    ingest_rate = len(arts) / (time.perf_counter() - t0)
    warm, arts = arts[:3], arts[3:]
    chars = sum(len(a.text) for a in arts) / len(arts)

    t0 = time.perf_counter()
    with limit_blas():
        for a in warm:  # loads every model the stages use
            pipeline.read_article(a)
    load_s = time.perf_counter() - t0

    def read_local(items):
        return list(api.read_all(items))

    pipeline.TIMINGS.clear()
    facts, times = [], []
    t_all = time.perf_counter()
    with limit_blas():  # what api.read_all does for new articles, timed one by one
        for a in arts:
            t0 = time.perf_counter()
            facts.append(pipeline.read_article(a))
            times.append(time.perf_counter() - t0)
    local_rate = len(arts) / (time.perf_counter() - t_all)
    stages = dict(pipeline.TIMINGS)
    k = min(200, len(arts))  # arts are sorted by closeness to the median length
    rows = [["local (1 process, BLAS 1 thread)", len(arts), f"{local_rate:.2f}"],
            [f"local, the {k} closest to the median length", k, f"{k / sum(times[:k]):.2f}"]]
    print(rows[-2:], flush=True)

    os.environ["CROSSWIRE_BLAS_THREADS"] = "0"  # the library default, as before the change
    few = arts[:40]
    default_rate, _ = _rate(read_local, few)
    os.environ.pop("CROSSWIRE_BLAS_THREADS")
    rows.append(["local, OpenBLAS default threads (before)", len(few), f"{default_rate:.2f}"])
    print(rows[-1], flush=True)

    ray_note = "Ray not run."
    ray_rate = None
    if not args.no_ray:
        from crosswire.run.ray_engine import init_ray, read_all_ray

        t0 = time.perf_counter()
        init_ray(None)
        ray_init = time.perf_counter() - t0
        stamps: list[float] = []

        def on_ray(items):
            out = []
            for f in read_all_ray(items):
                out.append(f)
                stamps.append(time.perf_counter())
            return out

        ray_rate, ray_facts = _rate(on_ray, arts)
        # after the first result: actors started and models loaded
        steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0
        import ray

        ray.shutdown()
        same = [f.article.id for f in ray_facts] == [f.article.id for f in facts] and ray_facts == facts
        rows.append(["Ray, local instance, 2 reader actors", len(arts), f"{ray_rate:.2f}"])
        rows.append(["Ray, after the first result (actors up, models loaded)", len(arts) - 1, f"{steady:.2f}"])
        ray_note = (f"Ray start {ray_init:.1f} s (not in the rate; actor start and model loads are); "
                    f"Ray facts identical to local: {same}.")
        print(rows[-1], ray_note, flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "speed.db"))
        t0 = time.perf_counter()
        for i in range(0, len(facts), BATCH):
            store.save_facts(facts[i:i + BATCH])
        save_rate = len(facts) / (time.perf_counter() - t0)
        grouped = facts[: args.regroup]
        store.close()
        store = Store(str(Path(tmp) / "group.db"))
        store.save_facts(grouped)
        t0 = time.perf_counter()
        api.regroup(store)
        regroup_s = time.perf_counter() - t0
        store.close()

    # the real thing: `analyze` over the same texts written as files (ingest, dedup, reading, store, title+lead
    # embeddings overlapped with reading, regroup, result view), models already loaded in this process
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, (_, _, text) in enumerate(sample[3:]):
            (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        api.analyze([str(folder / "00000.txt")], db=str(Path(tmp) / "warm.db"), progress=False)
        t0 = time.perf_counter()
        done = api.analyze([str(folder)], db=str(Path(tmp) / "e2e.db"), progress=False)
        e2e_rate = len(done.articles) / (time.perf_counter() - t0)

    prof = cProfile.Profile()
    sub = arts[: args.profile]
    with limit_blas():
        prof.enable()
        for a in sub:
            pipeline.read_article(a)
        prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("tottime").print_stats(15)
    top = "\n".join(line for line in buf.getvalue().splitlines() if line.strip())
    top = top[top.find("ncalls"):] if "ncalls" in top else top

    total = sum(stages.values()) or 1.0
    stage_rows = [[k, f"{1000 * v / len(arts):.1f}", f"{100 * v / total:.0f} %"]
                  for k, v in sorted(stages.items(), key=lambda kv: -kv[1])]
    best = max(local_rate, ray_rate or 0.0)
    end_to_end = 1 / (1 / ingest_rate + 1 / best + 1 / save_rate + regroup_s / len(grouped))
    extra = [[n, "measured" if n <= len(arts) else "extrapolated", f"{n / local_rate / 60:.1f}",
              f"{n / ray_rate / 60:.1f}" if ray_rate else "-"] for n in (1000, 10000, 50000)]
    body = f"""Articles: the {len(arts)} Russian texts closest to the median length of the {sum(1 for t in texts if t[1] == 'ru')} Russian texts
in SlavicNER raw + WMT22 sources (median {med} characters; sample mean {chars:.0f}), built by the real ingest path.
Reading = `pipeline.read_article` (parse + every stage); model load ({load_s:.1f} s) is outside the rates.

{table(["engine", "articles", "articles/s"], rows)}

{ray_note} Target: ≥ 20 articles/s on both cores.

Per stage (local run, ms per article, share of reading time):

{table(["stage", "ms/article", "share"], stage_rows)}

Around reading, on the same articles: ingest {ingest_rate:.0f} articles/s, SQLite save {save_rate:.0f} articles/s,
regrouping {len(grouped)} stored articles {regroup_s:.1f} s (story grouping + comparison, embeddings included).
Sum of the parts (ingest + fastest reading + save + regroup) ≈ {end_to_end:.2f} articles/s.
**End to end, measured**: `crosswire.analyze` over the {len(sample) - 3} texts as files into a fresh SQLite store
(local engine; title+lead vectors embedded in a background thread while reading goes on, so regrouping finds
them cached) = **{e2e_rate:.1f} articles/s**.

Reading time in minutes for 1k/10k/50k articles: sizes up to {len(arts)} were measured above, larger ones are
extrapolated linearly (reading is per-article and independent; a full 10k run would take longer than the benchmark
budget on this shared machine). Regrouping is not linear and not included (see the grouping_cost benchmark):

{table(["articles", "", "local reading (min)", "Ray reading (min)"], extra)}

Profile of reading {len(sub)} articles (cProfile, top entries by own time):

```
{top}
```

What the profile changed: slovnet's CNN taggers (natasha morphology and NER) spend their time in small numpy
matrix products; OpenBLAS's default two threads spin against each other and against other processes on two
cores, so reading now holds BLAS to one thread (`crosswire.run.local.limit_blas`, `CROSSWIRE_BLAS_THREADS`), and
each Ray actor does the same; the row "before" above is the same code with the library default. On a quiet
machine the default's two threads read faster (that row), but `analyze` now embeds title+lead vectors on the
second core while reading runs on the first (`group/prefetch.py`; embedding was half the end-to-end cost when it
ran after reading), so one BLAS thread is the better split end to end.
Peak RSS of the driver {peak_rss_mb():.0f} MB (Ray workers are separate processes, not included).
The machine is shared with other engineers' jobs (load average above 8 at times): rates vary between runs."""
    write_section("pipeline_speed", "Pipeline speed: reading throughput, local vs Ray", body,
                  ".venv/bin/python -m benchmarks.pipeline_speed", no_write=args.no_write)


if __name__ == "__main__":
    main()
