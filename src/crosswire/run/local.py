"""The local engine: reads articles in worker processes, one per core, or one after another in this process;
BLAS is held to one thread in every reader.

Why one BLAS thread: the readers' neural taggers (slovnet) multiply small matrices; OpenBLAS threads spin and
fight over the cores for them (measured 1.4 vs 8.6 articles/s on the shared 2-core machine, see
benchmarks/pipeline_speed). Why processes: reading is pure Python and numpy under the GIL, so threads would not
use a second core. Results come back in input order whatever the worker count, so the store sees the same
sequence; a run too small to pay for starting workers (their models load in each) is read in this process.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from ..model import Article, ArticleFacts, InputError

log = logging.getLogger(__name__)

MIN_PARALLEL = 64  # fewer new articles than this are read in this process (each worker loads the models: ~3 s)
READ_NICE = 4  # how much nicer a reading process is than its run (_start)
AHEAD = 4  # articles submitted per worker before the first result is awaited (keeps every worker busy)
SETTLE_EVERY = 64  # articles a reading process reads between two settlings of its heap (``_read_in_worker``)


def blas_threads() -> int:
    """Threads BLAS may use while reading (the ``blas_threads`` setting, $CROSSWIRE_BLAS_THREADS, default 1;
    0 leaves the library's default)."""
    from ..settings import current

    return max(0, current().blas_threads)


def limit_blas():
    """A context manager holding BLAS/OpenMP pools to ``blas_threads()`` (a no-op without threadpoolctl or at 0)."""
    import contextlib

    n = blas_threads()
    if n == 0:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a core dependency; stay usable without it
        return contextlib.nullcontext()
    # threadpoolctl limits only the pools of libraries already loaded: a reading process starts before numpy
    # is imported, and its OpenBLAS then kept one spinning thread per core (measured: reading 169 -> 55 CPU
    # ms per article on 136 development articles once numpy is loaded first; the same facts)
    import numpy  # noqa: F401 - loads OpenBLAS so that the limit below reaches it

    return threadpool_limits(limits=n, user_api="blas")


def worker_count(settings=None) -> int:
    """Reading processes: the ``workers`` setting, 0 meaning one per core."""
    from ..settings import current

    n = (settings or current()).workers
    return n if n > 0 else (os.cpu_count() or 1)


def read_all_local(articles: Iterable[Article | InputError], on_item: Callable[[], None] | None = None,
                   settings=None, expected: int | None = None,
                   spare: list | None = None, pool=None) -> Iterator[ArticleFacts | InputError]:
    """Facts of every article in input order (errors pass through, duplicates unread).

    ``expected``: how many new articles the caller foresees (e.g. the input files it was given); at
    ``MIN_PARALLEL`` or more the workers start at once, loading their models while the first articles are still
    being ingested, instead of after a look-ahead of ``MIN_PARALLEL`` articles. ``spare``: a list that gets the
    reading processes' executor once every article is read (none when they did not start or one died), for the
    caller's work after reading; the caller then shuts it down. ``pool``: reading processes started already
    (``early_pool``), used whatever the run's size, and shut down with the run's (or handed to ``spare``)."""
    from ..settings import current

    settings = settings or current()
    items = iter(articles)
    head: list[Article | InputError] = []
    workers = worker_count(settings)
    if pool is None and workers > 1 and (expected or 0) < MIN_PARALLEL:  # look ahead: a small run is read here, no processes
        for item in items:
            head.append(item)
            if sum(isinstance(x, Article) and not x.duplicate_of for x in head) >= MIN_PARALLEL:
                break
        else:
            workers = 1
    stream = _chain(head, items)
    reader = _read_here(stream) if workers <= 1 else _read_in_workers(stream, workers, settings, spare, pool)
    for out in reader:
        yield out
        if on_item:
            on_item()


def _chain(head, rest):
    yield from head
    yield from rest


def _read_here(items: Iterable[Article | InputError]) -> Iterator[ArticleFacts | InputError]:
    from ..pipeline import read_article

    with limit_blas():
        for item in items:
            if isinstance(item, InputError):
                yield item
            elif item.duplicate_of:
                yield ArticleFacts(article=item)
            else:
                yield read_article(item)


def _start(settings, level: int) -> None:
    """A reading process starts: the caller's settings and log level, one BLAS thread and fewer collector passes
    for good."""
    from ..settings import install
    from .collect import raise_young

    logging.basicConfig(level=level or logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install(settings)
    limit_blas().__enter__()  # held for the life of the process
    # and so is the run's young-generation threshold (run.collect): a reading process allocates a few hundred
    # thousand short-lived objects per article batch and frees them by reference counting; with its heap settled
    # (``_read_in_worker``) the collector's passes over 482 development articles fell from 0.5 to 0.25 CPU s
    raise_young()
    # a little below the run's own process: its title+lead embedding thread and its serial steps then keep up
    # with reading instead of leaving a backlog to wait for after it (876 SlavicNER ru articles, two cores: the
    # wait for the last vectors 1.24-1.28 -> 0.06-0.07 s, the whole run 44.6-46.4 -> 43.3-44.7 s wall, same JSON)
    try:
        os.nice(READ_NICE)
    except OSError:  # not permitted here: read at the run's priority
        pass
    _exit_with_parent()


def _exit_with_parent() -> None:
    """Ends this reading process when the run that started it dies (killed, out of memory).

    A pool worker waits on its call queue, whose pipe it holds both ends of, so it never sees its parent go and
    would live on as an orphan holding a model's memory. The standard library gives a spawned child its
    parent's sentinel; a daemon thread waits on it and leaves at once (no cleanup owed: the worker writes nothing).
    """
    import multiprocessing
    import os
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _warm() -> None:
    """Imports the reading code in a worker as soon as it starts (models load at its first article)."""
    from .. import pipeline  # noqa: F401


def _read(article: Article) -> ArticleFacts:
    from ..pipeline import read_article

    return read_article(article)


_settled = 0  # articles this reading process has read


def _read_in_worker(article: Article) -> ArticleFacts:
    """``_read`` in a reading process, which settles its heap after its first article and every
    ``SETTLE_EVERY`` after: a full collection, then what survived it (models, lexicons, the per-word caches) is
    frozen out of later collections. The caches only grow, so without it each full collection went over all of
    them again (measured on 482 development articles in one process: collections 1.1 -> 0.45 s of 12 CPU s).
    Only here: a reading process ends with its run, while a long-lived process (the web app) may drop what it
    holds."""
    import gc

    global _settled
    facts = _read(article)
    _settled += 1
    if _settled % SETTLE_EVERY == 1:
        gc.collect()
        gc.freeze()
    return facts


def start_pool(workers: int, settings):
    """``workers`` processes of this engine's kind (settings and log level of this process, one BLAS thread)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: this process holds threads (the embedding prefetch) and open database connections
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
                               initargs=(settings, logging.getLogger().level))


def early_pool(expected: int, settings):
    """The reading processes of a run known to be large before it opens its store (a new store's first run:
    every input is new), started and warming now, so they import and load their models while the store is made;
    None for a small run or one reading process. Hand it to ``read_all_local`` (``pool``), which owns it then."""
    workers = worker_count(settings)
    return warm_pool(workers, settings) if workers > 1 and expected >= MIN_PARALLEL else None


def warm_pool(workers: int, settings):
    """``start_pool``'s processes, started now: each is given a first call that imports and loads the models."""
    from concurrent.futures.process import BrokenProcessPool

    pool = start_pool(workers, settings)
    try:
        for _ in range(workers):
            pool.submit(_warm)
    except BrokenProcessPool:
        pass  # found again when the first article is submitted: it and the rest are read in the run's process
    return pool


def _read_in_workers(items: Iterable[Article | InputError], workers: int, settings,
                     spare: list | None = None, pool=None) -> Iterator[ArticleFacts | InputError]:
    """Articles read by ``workers`` processes, yielded in input order; a worker that dies leaves its articles to
    be read here, so a crash costs time, never an article. ``spare``: see ``read_all_local``; ``pool``: processes
    started already (``early_pool``)."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    window: deque[tuple[Article | InputError, Future | ArticleFacts | None]] = deque()  # in input order
    broken = False
    if pool is None:  # the processes start now, importing while this process ingests the first articles
        pool = warm_pool(workers, settings)

    def read_here(article: Article) -> ArticleFacts:
        with limit_blas():
            return _read(article)

    def settle(item, pending) -> ArticleFacts | InputError:
        nonlocal broken
        if pending is None:
            return item if isinstance(item, InputError) else ArticleFacts(article=item)
        if isinstance(pending, ArticleFacts):
            return pending
        try:
            return pending.result()
        except BrokenProcessPool:
            if not broken:
                log.error("a reading process died; the remaining articles are read in this process")
            broken = True
        except Exception as exc:  # noqa: BLE001 - whatever failed in the worker, the article is read here
            log.warning("reading %s in a worker failed (%s: %s); reading it here", item.id, type(exc).__name__, exc)
        return read_here(item)

    try:
        for item in items:
            pending = None
            if isinstance(item, Article) and not item.duplicate_of:
                if not broken:
                    try:
                        pending = pool.submit(_read_in_worker, item)
                    except BrokenProcessPool:
                        broken = True
                if pending is None:
                    pending = read_here(item)
            window.append((item, pending))
            while window and (len(window) > AHEAD * workers or not isinstance(window[0][1], Future)
                              or window[0][1].done()):
                yield settle(*window.popleft())
        while window:
            yield settle(*window.popleft())
        if spare is not None and not broken:
            spare.append(pool)
            pool = None
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
