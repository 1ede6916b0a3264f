"""The local engine: reads articles one after another in this process, BLAS held to one thread while it does.

Why one thread: the readers' neural taggers (slovnet) multiply small matrices; OpenBLAS threads spin and fight
over the cores for them (measured 1.4 vs 8.6 articles/s on the shared 2-core machine, see benchmarks/pipeline_speed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..model import Article, ArticleFacts, InputError


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
    return threadpool_limits(limits=n, user_api="blas")


def read_all_local(articles: Iterable[Article | InputError],
                   on_item: Callable[[], None] | None = None) -> Iterator[ArticleFacts | InputError]:
    """Facts of every article in input order (errors pass through, duplicates unread)."""
    from ..pipeline import read_article

    with limit_blas():
        for item in articles:
            if isinstance(item, InputError):
                yield item
            elif item.duplicate_of:
                yield ArticleFacts(article=item)
            else:
                yield read_article(item)
            if on_item:
                on_item()
