"""Title+lead vectors computed in a background thread while the articles are still being read.

Reading holds BLAS to one thread, so on a 2-core machine the embedder (whose C engine releases the GIL) can
use the other core; regrouping then finds the vectors cached instead of embedding everything at the end.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from ..model import Article
from .embed import embed_articles, get_embedder, lead_window, vector_key

log = logging.getLogger(__name__)


class VectorPrefetch:
    """Embeds submitted batches one after another in one worker thread; ``save`` stores what they gave."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crosswire-embed")
        self._futures: list[Future] = []
        self._pool.submit(self._load)  # the model loads while the first articles are ingested and read

    @staticmethod
    def _load() -> None:
        try:
            get_embedder()
        except Exception as exc:  # noqa: BLE001 - the first batch (or regrouping) reports it
            log.debug("embedder not loaded ahead: %s", exc)

    def submit(self, articles: Sequence[Article]) -> None:
        if articles:
            self._futures.append(self._pool.submit(self._embed, list(articles)))

    @staticmethod
    def _embed(articles: list[Article]) -> tuple[str, dict[str, list[float]]]:
        embedder, n = get_embedder(), lead_window()
        return vector_key(embedder, n), embed_articles(articles, embedder, {}, n)

    def save(self, store, stored: Collection[str] | None = None) -> None:
        """Wait for every batch and cache its vectors (``stored``: of these articles only); a failure only logs
        (regrouping embeds what is missing)."""
        try:
            for future in self._futures:
                try:
                    name, vectors = future.result()
                except Exception as exc:  # noqa: BLE001 - a missing vector is recomputed by regroup
                    log.warning("background embedding failed (%s); regrouping will embed those articles", exc)
                    continue
                if stored is not None:
                    vectors = {a: v for a, v in vectors.items() if a in stored}
                store.save_vectors(name, vectors)
        finally:
            self._futures.clear()
            self._pool.shutdown(wait=True)
