"""The Ray engine: ingest and per-article reading as Ray Data ``map_batches`` stages over actor pools.

Ingest (one input per row) and reading (one article per row) run on Ray; deduplication stays on the driver between
them (it keeps state across articles, in input order). Actors keep their language ID and analyzers loaded between
batches; results stream back in input order, so the store sees exactly what the local engine writes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Article, ArticleFacts, InputError

log = logging.getLogger(__name__)

BATCH = 8  # articles per actor call: small enough to stream, large enough to amortise the call
LOCAL_CPUS = 2
OBJECT_STORE_BYTES = 256 * 1024 * 1024  # articles and facts are small; keep Ray's shared memory modest
WINDOW = 2000  # articles per reading dataset: bounds the object store; a new actor pool costs a few seconds


class Reader:
    """A Ray actor body: reads batches of serialised articles with analyzers loaded once per worker."""

    def __init__(self, settings=None) -> None:
        from .. import pipeline  # import in the worker, once
        from ..settings import install
        from .local import limit_blas

        if settings is not None:  # the driver's settings, not this worker's environment
            install(settings)
        self._read = pipeline.read_article
        # every actor gets one BLAS thread: the actors already fill the cores (see run/local.py)
        self._blas = limit_blas()
        self._blas.__enter__()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        from ..serialize import from_dict, to_dict

        out = [json.dumps(to_dict(self._read(from_dict(Article, json.loads(a)))), ensure_ascii=False)
               for a in batch["article"]]
        return {"i": batch["i"], "facts": np.array(out, dtype=object)}


class Ingester:
    """A Ray actor body: reads batches of inputs (paths or URLs) into serialised articles and input errors."""

    def __init__(self, settings=None) -> None:
        from ..settings import install

        if settings is not None:
            install(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        from ..ingest import ingest
        from ..serialize import to_dict

        out = [json.dumps([[type(x).__name__, to_dict(x)] for x in ingest([str(src)])], ensure_ascii=False)
               for src in batch["source"]]
        return {"i": batch["i"], "items": np.array(out, dtype=object)}


def ingest_ray(inputs: list[str], address: str | None = None,
               workers: int | None = None, settings=None) -> Iterator[Article | InputError]:
    """``ingest.ingest(inputs)`` with each input read on Ray; the same items in the same order."""
    import ray

    from ..ingest import expand_inputs
    from ..serialize import from_dict

    sources = expand_inputs(list(inputs))
    if not sources:
        return
    init_ray(address)  # left running for the reading stage; Ray stops with this process
    rows = [{"i": i, "source": src} for i, src in enumerate(sources)]
    n = workers or max(1, min(int(ray.cluster_resources().get("CPU", LOCAL_CPUS)), len(rows) // BATCH or 1))
    ds = _dataset(rows).map_batches(Ingester, batch_size=BATCH, compute=ray.data.ActorPoolStrategy(size=n),
                                    num_cpus=1, batch_format="numpy", fn_constructor_kwargs={"settings": _settings(settings)})
    kinds = {"Article": Article, "InputError": InputError}
    for row in ds.iter_rows():
        for kind, data in json.loads(row["items"]):
            yield from_dict(kinds[kind], data)


def _dataset(rows: list[dict[str, Any]]):
    import ray

    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True  # the store and the tests rely on input order
    ctx.enable_progress_bars = False
    return ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // (BATCH * 4)))


def init_ray(address: str | None = None) -> bool:
    """Connect to ``address`` or start a small local Ray instance; True when this call started one."""
    import ray

    if ray.is_initialized():
        return False
    if address:
        # a cluster's workers may not have this checkout: ship the package (code and data files, ~2 MB) with the job
        from pathlib import Path

        package = str(Path(__file__).resolve().parents[1])
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING,
                 runtime_env={"py_modules": [package]})
        return False
    # address="local": a new instance even when another Ray cluster runs on this machine (it is shared)
    ray.init(address="local", num_cpus=LOCAL_CPUS, include_dashboard=False, object_store_memory=OBJECT_STORE_BYTES,
             log_to_driver=False, logging_level=logging.WARNING)
    return True


def read_all_ray(articles: Iterable[Article | InputError], address: str | None = None,
                 workers: int | None = None, settings=None) -> Iterator[ArticleFacts | InputError]:
    """Facts of every article, read on Ray, yielded in input order (errors and duplicates pass through)."""
    import ray

    from ..serialize import from_dict, to_dict

    items = list(articles)  # deduplicated on the driver, in input order, before any is read
    todo = [(i, x) for i, x in enumerate(items) if isinstance(x, Article) and not x.duplicate_of]
    started = init_ray(address)
    try:
        done = 0  # items[:done] have been yielded
        for w in range(0, len(todo), WINDOW):  # one dataset per window keeps the object store small
            window = todo[w:w + WINDOW]
            n = workers or max(1, min(int(ray.cluster_resources().get("CPU", LOCAL_CPUS)), len(window) // BATCH or 1))
            rows = [{"i": i, "article": json.dumps(to_dict(a), ensure_ascii=False)} for i, a in window]
            ds = _dataset(rows).map_batches(Reader, batch_size=BATCH, compute=ray.data.ActorPoolStrategy(size=n),
                                            num_cpus=1, batch_format="numpy",
                                            fn_constructor_kwargs={"settings": _settings(settings)})
            for row in ds.iter_rows():
                i = int(row["i"])
                yield from _passthrough(items[done:i])
                yield from_dict(ArticleFacts, json.loads(row["facts"]))
                done = i + 1
        yield from _passthrough(items[done:])
    finally:
        if started:
            ray.shutdown()


def _settings(settings):
    """The settings every actor installs: the caller's, else this process's."""
    from ..settings import current

    return settings if settings is not None else current()


def _passthrough(items: list[Article | InputError]) -> Iterator[ArticleFacts | InputError]:
    for x in items:
        yield x if isinstance(x, InputError) else ArticleFacts(article=x)
