"""Title+lead vectors computed in a background thread while the articles are still being read.

Reading holds BLAS to one thread, so on a 2-core machine the embedder (whose C engine releases the GIL) can
use the other core; regrouping then finds the vectors cached instead of embedding everything at the end.

While the articles are being read, the embedding thread holds the native engine to one OpenMP thread: the
reading processes already hold every core, and a second OpenMP thread only met the first at a barrier after every
matrix product, each time waiting for a core a reader held. Once reading is over (``save``), the batches still
queued run on every core again, so the run does not wait on one core for the last ones (the vectors are the
same either way; docs/benchmarks/e2e_speed.md has the CPU it saved).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from ..model import Article
from .embed import embed_articles, get_embedder

log = logging.getLogger(__name__)


class VectorPrefetch:
    """Embeds submitted batches one after another in one worker thread; ``save`` stores what they gave."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crosswire-embed")
        self._futures: list[Future] = []
        self._reading = True  # False once ``save`` is called: the rest is embedded on every core
        self._pool.submit(self._load)  # the model loads while the first articles are ingested and read

    @staticmethod
    def _load() -> None:
        try:
            embedder = get_embedder()
            load = getattr(embedder, "load", None)
            if load is not None:
                load()
            _native_threads(1)
        except Exception as exc:  # noqa: BLE001 - the first batch (or regrouping) reports it
            log.debug("embedder not loaded ahead: %s", exc)

    def submit(self, articles: Sequence[Article]) -> None:
        if articles:
            self._futures.append(self._pool.submit(self._embed, list(articles)))

    def _embed(self, articles: list[Article]) -> tuple[str, dict[str, list[float]]]:
        if not self._reading:
            _native_threads(os.cpu_count() or 1)
        embedder = get_embedder()
        return embedder.name, embed_articles(articles, embedder, {})

    def save(self, store) -> None:
        """Wait for every batch and cache its vectors; a failure only logs (regrouping embeds what is missing)."""
        self._reading = False
        try:
            for future in self._futures:
                try:
                    name, vectors = future.result()
                except Exception as exc:  # noqa: BLE001 - a missing vector is recomputed by regroup
                    log.warning("background embedding failed (%s); regrouping will embed those articles", exc)
                    continue
                store.save_vectors(name, vectors)
        finally:
            self._futures.clear()
            self._pool.shutdown(wait=True)


def _native_threads(n: int) -> None:
    """Holds the OpenMP runtimes loaded now to ``n`` threads for parallel regions this thread starts (OpenMP keeps
    the thread count per calling thread, so regrouping's embedding in the main thread keeps every core)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a core dependency
        return
    threadpool_limits(limits=n, user_api="openmp")  # not restored: this thread only embeds
