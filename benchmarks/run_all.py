"""Run the benchmarks one after another (``make bench``): the fast ones by default, every one with ``--all``.

Each benchmark is its own process (``python -m benchmarks.<name>``), so one that fails or runs out of memory
is reported and the others still run; ``--data`` and ``--no-write`` are passed on. Every module of
``benchmarks/`` with a ``main()`` is a benchmark (helpers have none), so a new one is picked up without
registering it here; ``FAST`` names those that finish in about a minute or two on a 2-core machine.

Run: .venv/bin/python -m benchmarks.run_all [--all | --only a,b] [--data ../shared/data] [--no-write] [--list]
"""

from __future__ import annotations

import ast
import subprocess
import sys
import time
from pathlib import Path

from .common import parser

HERE = Path(__file__).resolve().parent
# the seeds' gold, the hand-judged quotes gold and the WMT22 pairs: quick enough to run after every change
FAST = ("seeds_scorecard", "facts_seeds_claims", "facts_seeds_events", "quotes_real", "parallel_pairs")


def benchmarks() -> list[str]:
    """Names of the benchmark modules (those defining ``main``), sorted."""
    out = []
    for path in sorted(HERE.glob("*.py")):
        if path.stem in ("run_all", "gates", "__init__"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body):
            out.append(path.stem)
    return out


def run(name: str, data: Path, no_write: bool) -> tuple[int, float]:
    """(exit status, seconds) of one benchmark run as its own process from the project root."""
    cmd = [sys.executable, "-m", f"benchmarks.{name}", "--data", str(data)] + (["--no-write"] if no_write else [])
    t0 = time.perf_counter()
    status = subprocess.call(cmd, cwd=HERE.parent)
    return status, time.perf_counter() - t0


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--all", action="store_true", help="every benchmark, not only the fast ones")
    p.add_argument("--only", default="", help="comma-separated benchmark names to run")
    p.add_argument("--list", action="store_true", help="list the benchmarks (fast ones marked) and exit")
    args = p.parse_args()
    known = benchmarks()
    missing = [n for n in FAST if n not in known]
    if missing:
        p.error(f"FAST names unknown benchmarks: {', '.join(missing)}")
    if args.list:
        for name in known:
            print(f"{name}{'  (fast)' if name in FAST else ''}")
        return
    if args.only:
        chosen = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in chosen if n not in known]
        if unknown:
            p.error(f"unknown benchmarks: {', '.join(unknown)} (see --list)")
    else:
        chosen = known if args.all else [n for n in known if n in FAST]
    results = []
    for name in chosen:
        print(f"\n=== benchmarks.{name}", flush=True)
        results.append((name, *run(name, args.data, args.no_write)))
    print("\nbenchmark | status | seconds")
    for name, status, seconds in results:
        print(f"{name} | {'ok' if status == 0 else f'FAILED ({status})'} | {seconds:.0f}")
    failed = [name for name, status, _ in results if status != 0]
    if failed:
        sys.exit(f"{len(failed)} of {len(results)} benchmarks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
