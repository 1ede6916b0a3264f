"""Reading identity and cost: the facts of the development articles, hashed per article, and CPU ms per article.

Reads the SlavicNER development cells (brexit and asia_bibi ru+uk, nord_stream/ru) and the five seeds through the
real ingest path and ``pipeline.read_article`` in one process, serialises each article's facts (the article as
the time stage leaves it, entities, mentions, dates, events, claims, quotes, framing) and hashes them.
``--save FILE`` keeps the hashes and facts; ``--against FILE`` compares this tree's facts with a saved run and
prints the first difference, so a change meant to be faster only can be checked to give identical facts.
CPU is the process's own (``time.process_time``) over the reads, after warm-up reads that load every model;
stage shares are wall time from ``pipeline.TIMINGS``. ``--base OLD/src --repeat N``: the A/B, another source
tree and this one read the same articles in turn, N times each, in fresh processes (the figures move with the
machine's load, so the two are taken back to back), and the section below is written. ``--workers N``: the
articles are read through the local engine's N reading processes, as a run of ``crosswire analyze`` reads them
(their start, model loading and garbage collector counted: CPU of the reading processes plus this process's);
with ``--base`` the A/B is taken that way too, after the in-process one.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT, parser, table, write_section
from .grouping import DEV_CELLS


def dev_texts(data: Path, per_cell: int = 0) -> list[tuple[str, str, str]]:
    """(name, language, text) of the development cells' raw documents (``per_cell`` first ones of each cell,
    0: all) and the seeds."""
    out = []
    for topic, lang in sorted(DEV_CELLS):
        files = sorted((data / "slavicner" / "raw" / topic / lang).glob("*.txt"))
        for f in files[:per_cell] if per_cell else files:
            out.append((f"slavicner/{topic}/{lang}/{f.stem}", lang, f.read_text(encoding="utf-8")))
    for f in sorted((ROOT / "examples" / "seeds").glob("*.txt")):
        out.append((f"seeds/{f.stem}", "", f.read_text(encoding="utf-8")))
    return out


def facts_json(facts) -> str:
    """One article's facts as canonical JSON (sorted keys, one fact per line so a diff points at it)."""
    from crosswire.serialize import to_dict

    d = to_dict(facts)
    d.pop("embedding", None)  # not set by reading
    lines = []
    for key in sorted(d):
        value = d[key]
        if isinstance(value, list):
            lines.append(json.dumps(key, ensure_ascii=False) + ":")
            lines += ["  " + json.dumps(v, ensure_ascii=False, sort_keys=True) for v in value]
        else:
            lines.append(json.dumps(key, ensure_ascii=False) + ": " + json.dumps(value, ensure_ascii=False, sort_keys=True))
    return "\n".join(lines)


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--per-cell", type=int, default=0, help="first N documents of each development cell (0: all)")
    p.add_argument("--save", type=Path, help="write hashes, facts and CPU of this run to this JSON file")
    p.add_argument("--against", type=Path, help="compare with a run saved by --save")
    p.add_argument("--profile", type=Path, help="write a cProfile of the reads to this file")
    p.add_argument("--base", help="A/B: another source tree (its src folder; more entries with the path separator) "
                                  "read in turn with this one, and the section written")
    p.add_argument("--repeat", type=int, default=3, help="A/B: runs of each tree")
    p.add_argument("--label", default="", help="A/B: what the base tree is, for the section (default: its path)")
    p.add_argument("--workers", type=int, default=0, help="read through the local engine's N reading processes")
    args = p.parse_args()
    if args.base:
        return ab(args)
    if args.workers:
        return through_workers(args)
    from benchmarks.scale import articles_from
    from crosswire import pipeline
    from crosswire.run.local import limit_blas

    texts = dev_texts(args.data, args.per_cell)
    arts = articles_from(texts)
    names = [t[0] for t in texts]
    if len(arts) != len(texts):
        raise SystemExit(f"{len(texts) - len(arts)} texts gave no article")
    with limit_blas():
        for a in arts[:3]:  # loads every model the stages use (ru, uk)
            pipeline.read_article(a)
        for a in arts:
            if a.language == "uk":
                pipeline.read_article(a)
                break
        pipeline.TIMINGS.clear()
        prof = None
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            prof.enable()
        cpu0, wall0 = time.process_time(), time.perf_counter()
        facts = []
        cpu_each = []
        for a in arts:
            c = time.process_time()
            facts.append(pipeline.read_article(a))
            cpu_each.append(time.process_time() - c)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        if prof is not None:
            prof.disable()
            prof.dump_stats(str(args.profile))
    dumps = [facts_json(f) for f in facts]
    hashes = [hashlib.sha256(d.encode()).hexdigest() for d in dumps]
    whole = hashlib.sha256("".join(hashes).encode()).hexdigest()
    by_lang: dict[str, list[float]] = {}
    for a, c in zip(arts, cpu_each, strict=True):
        by_lang.setdefault(a.language, []).append(c)
    print(f"{len(arts)} articles: CPU {cpu:.2f} s = {1000 * cpu / len(arts):.1f} ms/article "
          f"(wall {wall:.2f} s); " + ", ".join(f"{lg} {len(v)} x {1000 * sum(v) / len(v):.1f} ms"
                                              for lg, v in sorted(by_lang.items())))
    total = sum(pipeline.TIMINGS.values()) or 1.0
    print("stages (wall share): " + ", ".join(f"{k} {100 * v / total:.0f} %" for k, v in
                                               sorted(pipeline.TIMINGS.items(), key=lambda kv: -kv[1])))
    print(f"facts sha256 {whole[:16]}")
    if args.save:
        args.save.write_text(json.dumps({"names": names, "hashes": hashes, "facts": dumps, "cpu": cpu,
                                         "cpu_each": cpu_each, "languages": [a.language for a in arts],
                                         "chars": [len(a.text) for a in arts], "n": len(arts), "whole": whole,
                                         "stages": pipeline.TIMINGS}, ensure_ascii=False), encoding="utf-8")
    if args.against:
        base = json.loads(args.against.read_text(encoding="utf-8"))
        if base["names"] != names:
            raise SystemExit("the saved run read other articles")
        differ = [i for i, (x, y) in enumerate(zip(base["hashes"], hashes, strict=True)) if x != y]
        print(f"against {args.against.name}: {len(differ)} of {len(names)} articles differ; "
              f"CPU {base['cpu']:.2f} -> {cpu:.2f} s")
        if differ:
            i = differ[0]
            print(f"first: {names[i]}")
            diff = difflib.unified_diff(base["facts"][i].splitlines(), dumps[i].splitlines(), "before", "after",
                                        lineterm="", n=1)
            print("\n".join(list(diff)[:40]))
            raise SystemExit(1)


def through_workers(args) -> None:
    """The articles read by the local engine's reading processes, started for this run; facts hashed as in
    process, CPU of the reading processes (from their start) plus this process's."""
    import dataclasses
    import resource

    from benchmarks.scale import articles_from
    from crosswire.run.local import read_all_local
    from crosswire.settings import current, using

    texts = dev_texts(args.data, args.per_cell)
    arts = articles_from(texts)
    names = [t[0] for t in texts]
    settings = dataclasses.replace(current(), workers=args.workers)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with using(settings):
        facts = list(read_all_local(arts, settings=settings, expected=len(arts)))
    own, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the pool has shut down: its processes are counted
    workers = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    hashes = [hashlib.sha256(facts_json(f).encode()).hexdigest() for f in facts]
    whole = hashlib.sha256("".join(hashes).encode()).hexdigest()
    print(f"{len(arts)} articles through {args.workers} reading processes: CPU {workers + own:.2f} s = "
          f"{1000 * (workers + own) / len(arts):.1f} ms/article (reading processes {workers:.2f} s, this process "
          f"{own:.2f} s; wall {wall:.2f} s); facts sha256 {whole[:16]}")
    if args.save:
        args.save.write_text(json.dumps({"names": names, "hashes": hashes, "cpu": workers + own, "workers_cpu": workers,
                                         "own_cpu": own, "n": len(arts), "whole": whole}), encoding="utf-8")
    if args.against:
        base = json.loads(args.against.read_text(encoding="utf-8"))
        differ = sum(x != y for x, y in zip(base["hashes"], hashes, strict=True))
        print(f"against {args.against.name}: {differ} of {len(names)} articles differ")
        if differ:
            raise SystemExit(1)


def _pooled_section(pooled: dict[str, list[dict]], workers: int, n: int) -> str:
    """The A/B through the reading processes, as a table (empty without ``--workers``)."""
    if not pooled["base"]:
        return ""
    rows = [[i + 1, f"{b['cpu']:.2f} ({b['workers_cpu']:.2f} + {b['own_cpu']:.2f})",
             f"{t['cpu']:.2f} ({t['workers_cpu']:.2f} + {t['own_cpu']:.2f})", f"{1000 * b['cpu'] / n:.1f}",
             f"{1000 * t['cpu'] / n:.1f}", f"{b['load'][0]:.1f}–{t['load'][1]:.1f}"]
            for i, (b, t) in enumerate(zip(pooled["base"], pooled["this"], strict=True))]
    med = {k: statistics.median(1000 * r["cpu"] / n for r in v) for k, v in pooled.items()}
    return (f"\nThe same articles through the local engine's {workers} reading processes, started for each run as "
            "`crosswire analyze` starts them (imports, models, garbage collector included; CPU s: reading processes "
            "+ this process):\n\n"
            + table(["run", "base CPU s", "this CPU s", "base ms/article", "this ms/article", "load average"], rows)
            + f"\n\nMedian {med['base']:.1f} → {med['this']:.1f} ms per article "
              f"({100 * (med['this'] / med['base'] - 1):+.0f} %).\n")


def _load() -> float:
    return os.getloadavg()[0]


def ab(args) -> None:
    """Both trees in turn, ``args.repeat`` times, each run a fresh process; facts compared; the section written."""
    tmp = Path(tempfile.mkdtemp(prefix="crosswire-read-ab-"))
    runs: dict[str, list[dict]] = {"base": [], "this": []}
    loads = []
    for i in range(args.repeat):
        for label, tree in (("base", args.base), ("this", str(ROOT / "src"))):
            out = tmp / f"{label}-{i}.json"
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([tree, str(ROOT)])}
            before = _load()
            subprocess.run([sys.executable, "-m", "benchmarks.read_identity", "--data", str(args.data),
                            "--per-cell", str(args.per_cell), "--save", str(out)], env=env, check=True, cwd=ROOT)
            loads.append((before, _load()))
            runs[label].append(json.loads(out.read_text(encoding="utf-8")))
            print(label, i, f"{runs[label][-1]['cpu']:.2f} s", flush=True)
    pooled: dict[str, list[dict]] = {"base": [], "this": []}
    for i in range(args.repeat if args.workers else 0):
        for label, tree in (("base", args.base), ("this", str(ROOT / "src"))):
            out = tmp / f"{label}-workers-{i}.json"
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([tree, str(ROOT)])}
            before = _load()
            subprocess.run([sys.executable, "-m", "benchmarks.read_identity", "--data", str(args.data),
                            "--per-cell", str(args.per_cell), "--workers", str(args.workers), "--save", str(out)],
                           env=env, check=True, cwd=ROOT)
            pooled[label].append({**json.loads(out.read_text(encoding="utf-8")), "load": (before, _load())})
            print(label, "workers", i, f"{pooled[label][-1]['cpu']:.2f} s", flush=True)
    first = runs["base"][0]
    differ = [n for r in runs["this"] + runs["base"][1:] + pooled["base"] + pooled["this"]
              for n, x, y in zip(first["names"], first["hashes"], r["hashes"], strict=True) if x != y]
    n = first["n"]

    def ms(r: dict, lang: str | None = None) -> float:
        each = [c for c, lg in zip(r["cpu_each"], r["languages"], strict=True) if lang is None or lg == lang]
        return 1000 * sum(each) / len(each)

    rows = []
    for i in range(args.repeat):
        b, t = runs["base"][i], runs["this"][i]
        rows.append([i + 1, f"{b['cpu']:.2f}", f"{t['cpu']:.2f}", f"{ms(b):.1f}", f"{ms(t):.1f}",
                     f"{ms(b, 'ru'):.1f} → {ms(t, 'ru'):.1f}", f"{ms(b, 'uk'):.1f} → {ms(t, 'uk'):.1f}",
                     f"{loads[2 * i][0]:.1f}–{loads[2 * i + 1][1]:.1f}"])
    med = {k: statistics.median(ms(r) for r in v) for k, v in runs.items()}
    stages = [[k, f"{1000 * statistics.median(r['stages'].get(k, 0.0) for r in runs['base']) / n:.1f}",
               f"{1000 * statistics.median(r['stages'].get(k, 0.0) for r in runs['this']) / n:.1f}"]
              for k in sorted(first["stages"], key=lambda k: -first["stages"][k])]
    body = (__doc__.split("\n\n", 1)[1].strip() + "\n\n"
            + f"{n} articles ({sum(lg == 'ru' for lg in first['languages'])} ru, "
              f"{sum(lg == 'uk' for lg in first['languages'])} uk), base ({args.label or args.base}) against this "
              f"tree, "
              f"{args.repeat} runs each in turn:\n\n"
            + table(["run", "base CPU s", "this CPU s", "base ms/article", "this ms/article", "ru ms/article",
                     "uk ms/article", "load average"], rows)
            + f"\n\nMedian CPU per article {med['base']:.1f} → {med['this']:.1f} ms "
              f"({100 * (med['this'] / med['base'] - 1):+.0f} %). Facts of every run equal to the first base run's: "
              f"**{not differ}** ({len(set(differ))} of {n} articles differ).\n\n"
            + "Per stage (wall ms per article, median run):\n\n" + table(["stage", "base", "this"], stages) + "\n"
            + _pooled_section(pooled, args.workers, n))
    write_section("read_identity", "Reading cost with identical facts (development articles)", body,
                  ".venv/bin/python -m benchmarks.read_identity --base OLD/src --repeat 3 --workers 2", no_write=args.no_write)


if __name__ == "__main__":
    main()
