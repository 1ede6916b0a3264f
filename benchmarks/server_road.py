"""A short run handed to a running server (`crosswire analyze --server`) against the same run in a new process.

The store is the incremental benchmark's (`benchmarks.incremental_cost`: real development articles copied round
after round, a month of related news per round; `--keep DIR` and `--cache FILE` share its built stores and read
articles). Batches of ten further real articles, dated as today's news as that benchmark dates them, are written as
JSON Lines (text, title, outlet, publication date) and analysed two ways, each into its own copy of the store:
- **new process**: `crosswire analyze BATCH.jsonl --db STORE`, one process per batch, as a cron job or a script
  calls it; it pays the imports, the models' loads (reading's and the embedder's) and the first reads of the
  store's kept state every time;
- **through a server**: `crosswire serve --db STORE` is started once; each batch is `crosswire analyze --server URL
  BATCH.jsonl`, a new client process whose run is made by the server's analysis worker. The first batch starts that
  worker (it pays what a new process pays); the worker stays up for the next ones;
- **through a warm server**: the same with `crosswire serve --warm`, whose worker starts with the server and loads
  the reading models and the embedder before any batch is sent (the benchmark waits until the server is idle).
Both roads ingest, read and embed the ten for real, so these figures hold reading too: they are not the
incremental benchmark's "beyond reading" figures, and are compared with each other, not with those. CPU seconds
are every process's that took part: the new process with its reading processes; the client, the server and its
worker (read from /proc). Every road stores the same articles, in the same stories (checked below).

Run: .venv/bin/python -m benchmarks.server_road [--sizes 10000] [--keep DIR] [--cache FILE] [--rekey] [--batches 4]
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import parser, serving, table, write_section
from .incremental_cost import _built, as_todays_news, build, compiled_env, prepare, read_base

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid: int) -> float:
    """CPU seconds of the live process ``pid`` (with its waited-for children) and of its live descendants."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = sum(int(x) for x in fields[11:15]) / TICK  # utime, stime, cutime, cstime
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += sum(proc_cpu(int(c)) for c in (task / "children").read_text().split())
        return total
    except (OSError, ValueError, IndexError):  # gone meanwhile
        return 0.0


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def write_batch(path: Path, batch) -> None:
    with path.open("w", encoding="utf-8") as out:
        for f in batch:
            a = f.article
            out.write(json.dumps({"text": a.text, "title": a.title, "outlet": a.outlet, "published": a.published},
                                 ensure_ascii=False) + "\n")


def timed(cmd: list[str], env: dict[str, str], server: int | None = None) -> dict:
    """Wall and CPU seconds of the command (a new process), and of the server ``server`` meanwhile."""
    before, theirs = children_cpu(), proc_cpu(server) if server else 0.0
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()[-2000:]}")
    own = children_cpu() - before
    side = proc_cpu(server) - theirs if server else 0.0
    return {"wall": wall, "cpu": own + side, "client": own, "server": side, "out": done.stdout}


def settled(pid: int, quiet: float = 1.0, limit: float = 120.0) -> None:
    """Wait until the server ``pid`` (with its worker) has used no CPU for ``quiet`` seconds: warmed up."""
    t0, last = time.monotonic(), proc_cpu(pid)
    while time.monotonic() - t0 < limit:
        time.sleep(quiet)
        now = proc_cpu(pid)
        if now - last < 0.02:
            return
        last = now


def stored(db: str, new: set[str]) -> tuple[set[str], set[frozenset[str]]]:
    """The store's article ids, and the member sets of the stories holding a new article (ids of batch files
    are the same on both roads: keyed by the file's base name and the text)."""
    from crosswire import api

    ids = {a.id for a in api.list_articles(db)}
    return ids, {frozenset(s.articles) for s in api.list_stories(db) if new & set(s.articles)}


def main() -> None:
    p = parser(__doc__.split("\n\n", 1)[0])
    p.add_argument("--sizes", default="10000")
    p.add_argument("--base", type=int, default=300, help="real articles read to replicate")
    p.add_argument("--cache", type=Path, default=None, help="JSON file keeping the read base articles")
    p.add_argument("--keep", type=Path, default=None, help="folder keeping the built SQLite stores")
    p.add_argument("--rekey", action="store_true", help="take kept stores' grouping state as this code's")
    p.add_argument("--batches", type=int, default=4, help="batches of ten after the first (median listed)")
    args = p.parse_args()
    facts, vectors, model = read_base(args.data, args.base + 10 * (1 + args.batches), args.cache)
    base = facts[:args.base]
    later = [facts[args.base + 10 * k:args.base + 10 * (k + 1)] for k in range(args.batches + 1)]
    texts = args.cache.with_name(args.cache.stem + "-texts.pkl") if args.cache else None
    env = compiled_env()
    rows, equal = [], True
    for size in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            local = str(Path(tmp) / "local.db")
            built = _built(local, None, args.keep, f"s{size}", lambda d, n=size: build(d, base, vectors, model, n, texts))
            prepare(local, [], vectors, model, args.rekey)
            served = {warm: str(Path(tmp) / f"served-{warm}.db") for warm in (False, True)}
            for db in served.values():
                shutil.copyfile(local, db)
            old = stored(local, set())[0]
            files = []
            for k, batch in enumerate(as_todays_news(base, later, size)):
                files.append(Path(tmp) / f"batch_{k}.jsonl")
                write_batch(files[-1], batch)
            roads = {"a new process per run": [
                timed([sys.executable, "-m", "crosswire.cli", "analyze", str(f), "--db", local, "-q"], env)
                for f in files]}
            for warm, db in served.items():
                with serving(db, env, *(["--warm"] if warm else [])) as (proc, url, _):
                    if warm:
                        settled(proc.pid)
                    roads["through `crosswire serve" + (" --warm`" if warm else "`")] = [
                        timed([sys.executable, "-m", "crosswire.cli", "analyze", "--server", url, str(f), "-q"], env,
                              server=proc.pid) for f in files]
            new = stored(local, set())[0] - old
            equal = equal and bool(new) and all(stored(local, new) == stored(db, new) for db in served.values())
        for name, runs in roads.items():
            first, rest = runs[0], runs[1:]
            mid = sorted(rest, key=lambda r: r["cpu"])[(len(rest) - 1) // 2]
            split = (f"client {statistics.median(r['client'] for r in rest):.2f}, server "
                     f"{statistics.median(r['server'] for r in rest):.2f}") if "serve" in name else "—"
            rows.append([size, name, f"{first['wall']:.2f}", f"{first['cpu']:.2f}",
                         f"{statistics.median(r['wall'] for r in rest):.2f}", f"{mid['cpu']:.2f}",
                         ", ".join(f"{r['wall']:.2f}" for r in rest), split, f"{built:.0f}"])
            print(rows[-1], flush=True)
    body = (__doc__.split("\n\n", 1)[1].rsplit("\n\nRun:", 1)[0] + "\n\n"
            + table(["stored articles", "road", "first batch: wall s", "first batch: CPU s",
                     "next batches: median wall s", "next batches: median CPU s", "next batches: each wall s",
                     "next batches: median CPU s by process", "building the store s"], rows)
            + f"\n\nThe same articles, in the same stories, on every road: **{equal}**.\n")
    write_section("server_road", "Runs handed to a running server (`analyze --server`)", body,
                  ".venv/bin/python -m benchmarks.server_road --sizes 10000 --keep DIR --cache FILE",
                  no_write=args.no_write)


if __name__ == "__main__":
    main()
