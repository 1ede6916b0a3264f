"""Python's cyclic garbage collector held to fewer passes while a run works.

A run allocates hundreds of thousands of short-lived objects (fact records, kept pairs, rows read back), and the
collector's default young-generation threshold (700 allocations) makes it walk them a few hundred times a run;
every tenth of those walks the older generation, and every tenth of those the whole heap, which in a process
holding the models, lexicons and kept stories is a couple of hundred thousand objects (0.1-0.15 CPU s each on the
2-core development machine). Nearly all of a run's objects are freed by reference counting, never by the
collector, so a larger young threshold while a run works cuts the walks without keeping garbage: only cycles wait
a little longer to be freed. The threshold is set back when the last concurrent run ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 100_000  # allocations between young-generation passes while a run works (Python's default: 700; 20,000:
# 14 and 7 passes in the two runs of benchmarks/incremental_cost at 10k, 0.14-0.19 and 0.09-0.12 CPU s; 100,000: 3 and 2,
# 0.11 and 0.05; 300,000: 1 and 1, 0.14-0.15 and 0.07)

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, ...] = ()


@contextmanager
def fewer_collections(young: int = YOUNG) -> Iterator[None]:
    """Raise the young-generation threshold to ``young`` (never lower it) for the block; runs may nest or overlap
    in threads: the threshold found by the first is restored when the last ends."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            raise_young(young)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)


def raise_young(young: int = YOUNG) -> None:
    """Raise the young-generation threshold to ``young`` (never lower it) for good: in a process whose life is
    a run's (a reading process), with nothing to restore. A context held open for the process's life instead
    was finalised at interpreter exit, after this module's globals were cleared, and printed a TypeError."""
    young_now, *older = gc.get_threshold()
    if young_now and young_now < young:  # 0: collection switched off by the host, left so
        gc.set_threshold(young, *older)
