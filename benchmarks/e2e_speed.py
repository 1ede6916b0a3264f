"""End to end: `crosswire analyze` of the 876 SlavicNER Russian articles (all seven topics) as one whole process.

Start-up, ingest, reading, title+lead embeddings, storing, relinking, grouping, comparison and the run's view,
into a fresh SQLite store, timed from outside (wall clock, CPU of the process and its reading workers, peak
memory). This is a speed figure only: no story, verdict, claim or quote of the run is looked at. Several
settings can run in one go (``--workers 1,0``: in-process reading, then one worker per core) so an A/B on a
shared machine is taken under the same load; the load average before and after each run is printed with it.
``--profile`` samples the whole run with py-spy (if installed) and prints where the time went.

Run: .venv/bin/python -m benchmarks.e2e_speed [--data ../shared/data] [--workers 1,0] [--profile]
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .common import parser, table, write_section

TOPICS = ("asia_bibi", "brexit", "covid-19", "nord_stream", "russia_-_ukraine_war", "ryanair", "us_election_2020")


def inputs(data: Path) -> list[str]:
    folders = [data / "slavicner" / "raw" / t / "ru" for t in TOPICS]
    missing = [str(f) for f in folders if not f.is_dir()]
    if missing:
        raise SystemExit(f"SlavicNER raw texts not found: {', '.join(missing)}")
    return [str(f) for f in folders]


def run(folders: list[str], workers: str, profile: Path | None = None) -> dict:
    """One whole `crosswire analyze` process; wall and CPU seconds, peak RSS, articles stored."""
    with tempfile.TemporaryDirectory(prefix="crosswire-e2e-") as tmp:
        db = Path(tmp) / "e2e.db"
        cmd = [sys.executable, "-m", "crosswire.cli", "analyze", *folders, "--db", str(db), "-q"]
        if profile is not None:
            cmd = [shutil.which("py-spy") or "py-spy", "record", "--subprocesses", "-r", "50", "-f", "raw",
                   "-o", str(profile), "--", *cmd]
        env = {**os.environ, "CROSSWIRE_WORKERS": workers}
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
    return {"workers": workers, "articles": n, "wall": wall, "rate": n / wall,
            "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "rss": after.ru_maxrss / 1024, "load": (load0, os.getloadavg()[0])}


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


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--workers", default="0", help="comma-separated worker settings to run one after another")
    p.add_argument("--profile", action="store_true", help="also sample the run with py-spy (the last setting)")
    args = p.parse_args()
    folders = inputs(args.data)
    rows, results = [], []
    for w in args.workers.split(","):
        r = run(folders, w.strip())
        results.append(r)
        rows.append([r["workers"] + (" (one per core)" if r["workers"] == "0" else ""), r["articles"],
                     f"{r['wall']:.1f}", f"{r['rate']:.1f}", f"{r['cpu']:.0f}", f"{r['rss']:.0f}",
                     f"{r['load'][0]:.1f} → {r['load'][1]:.1f}"])
        print(rows[-1], flush=True)
    body = (__doc__.split("\n\n", 1)[1].rsplit("\n\nRun:", 1)[0] + "\n\n"
            + table(["workers", "articles", "wall s", "articles/s", "CPU s (all processes)", "peak RSS MB",
                     "load average before → after"], rows) + "\n")
    if args.profile:
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "profile.txt"
            run(folders, args.workers.split(",")[-1].strip(), raw)
            shares = top_stacks(raw)
        body += ("\nWhere the time goes (py-spy samples of every process, inclusive, crosswire functions):\n\n"
                 + table(["function", "share of samples"], [[k, f"{v:.1%}"] for k, v in shares]) + "\n")
    write_section("e2e_speed", "End to end: 876 SlavicNER ru articles, one `crosswire analyze`", body,
                  ".venv/bin/python -m benchmarks.e2e_speed --workers 1,0 [--profile]", no_write=args.no_write)


if __name__ == "__main__":
    main()
