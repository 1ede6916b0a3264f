"""One analysis run: ingest inputs, read the new articles (local or Ray executor), store them, then relink,
regroup and recompare the stored corpus (``run.regroup``); the run's result is the view of its articles.

``analyze`` is what ``api.analyze``, ``crosswire analyze``, the web app's upload and ``crosswire watch`` call.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..model import AnalysisResult, Article, ArticleFacts, InputError
from ..serialize import dumps
from ..settings import Settings, current, using
from ..views.result import view
from .regroup import regroup

log = logging.getLogger(__name__)

DEFAULT_DB = "crosswire.db"
BATCH = 50  # articles written per transaction
EMBED_BATCH = 8  # ingested originals handed to the background embedding at a time


# what ``warm`` reads once: a sentence per language, so that each analyzer loads its models and lexicons
WARM_TEXTS = {"ru": "Министр иностранных дел России Сергей Лавров 5 октября провёл переговоры в Москве, сообщил МИД.",
              "uk": "Міністр закордонних справ України Дмитро Кулеба 5 жовтня провів переговори в Києві, "
                    "повідомило МЗС.",
              "en": "Foreign Minister Sergey Lavrov held talks in Moscow on October 5, the ministry said."}


def warm(settings: Settings | None = None) -> None:
    """Load now what a process's first run would load: each language's reading models and the title+lead embedder
    (for a process that stays up to make runs, e.g. the web app's analysis worker)."""
    from ..group.embed import get_embedder
    from ..pipeline import read_article

    with using(settings or current()):
        for lang, text in WARM_TEXTS.items():
            read_article(Article(id=f"warm-{lang}", source="warm", text=text, title="", language=lang))
        get_embedder().embed(["warm"])


def _open(db: str | None):
    from ..store import Store

    return Store(db or DEFAULT_DB)


def _new_file(db: str | None) -> bool:
    """``db`` names an SQLite file (a path or a sqlite URL) that does not exist yet (a new store: nothing in it is
    known)."""
    from ..store import db_url
    from ..store.lock import sqlite_path

    path = sqlite_path(db_url(db or DEFAULT_DB))
    return path is not None and not Path(path).exists()


def read_all(articles: Iterable[Article | InputError], *, engine: str = "local", address: str | None = None,
             on_item: Callable[[], None] | None = None, settings: Settings | None = None,
             expected: int | None = None, spare: list | None = None,
             pool=None) -> Iterable[ArticleFacts | InputError]:
    """Facts of every article (duplicates pass through unread), with the chosen executor; ``expected``: the new
    articles foreseen, if known (the local engine then starts its workers at once for a large run); ``spare``:
    gets the local engine's reading processes once reading is done (``run.local.read_all_local``); ``pool``: the
    local engine's reading processes, started already (``run.local.early_pool``)."""
    if engine == "ray":
        from .ray_engine import read_all_ray

        for out in read_all_ray(articles, address=address, settings=settings):
            yield out
            if on_item:
                on_item()
        return
    from .local import read_all_local  # BLAS held to one thread while reading (see run/local.py)

    yield from read_all_local(articles, on_item=on_item, settings=settings, expected=expected, spare=spare,
                              pool=pool)


def analyze(
    inputs: Sequence[str] | str,
    *,
    db: str | None = DEFAULT_DB,
    json_out: str | Path | None = None,
    engine: str = "local",
    address: str | None = None,
    reread: bool = False,
    progress: bool | None = None,
    articles: Iterable[Article | InputError] | None = None,
    settings: Settings | None = None,
    deliver: bool = True,
) -> AnalysisResult:
    """Analyse ``inputs`` into the store ``db`` and return this run's result (also written to ``json_out``).

    ``articles`` (already ingested, e.g. by ``crosswire watch``) replaces ingesting ``inputs`` when given.
    Watchlists' alerts on what the run changed are raised once the store is regrouped (``monitor``) and, with
    ``deliver``, sent on their channels.
    ``settings`` (default: the installed ones, else config file and environment) hold for the whole run.
    """
    from .collect import fewer_collections

    settings = settings or current()
    with using(settings), fewer_collections():
        return _analyze(inputs, db=db, json_out=json_out, engine=engine, address=address, reread=reread,
                        progress=progress, articles=articles, settings=settings, deliver=deliver)


def _analyze(inputs, *, db, json_out, engine, address, reread, progress, articles, settings: Settings,
             deliver: bool = True) -> AnalysisResult:
    from ..ingest import ingest

    if engine == "ray" and articles is None:  # inputs are read on Ray too, in the same order
        from functools import partial

        from .ray_engine import ingest_ray

        ingest = partial(ingest_ray, address=address, settings=settings)  # noqa: F811
    if isinstance(inputs, str):
        inputs = [inputs]
    from .regroup import Steps

    steps = Steps()
    files = None  # a local run's input files, counted once: how large a run they make
    early = None  # a new store's first run: every input is new, so a large one starts reading processes first
    if articles is None and engine == "local":
        from ..ingest import expand_inputs

        files = len(expand_inputs(list(inputs)))
        if _new_file(db):
            from .local import early_pool

            early = early_pool(files, settings)
    try:
        store = _open(db)
    except BaseException:
        if early is not None:
            early.shutdown(wait=True, cancel_futures=True)
        raise
    # one run at a time per store: a concurrent run waits here, then sees this run's articles as known, so
    # two runs give what running them one after the other gives
    with store.run_lock(), _Spare(early) as spare:
        if articles is not None:  # handed over (watch, web paste): only their ids are looked up, not the store's
            articles = list(articles)
            known, live = store.run_ids_stored(a.id for a in articles if isinstance(a, Article))
        else:
            known, live = store.article_ids(), None
        dedup = _deduplicator(store, live)
        steps("open")

        run_ids: list[str] = []
        errors: list[InputError] = []
        pending: list[ArticleFacts] = []

        # title+lead vectors are embedded in this process while reading goes on (on the other core, or beside
        # the Ray workers), not all at once when grouping needs them; an original is handed over as soon as it is
        # ingested (its title and text are what reading returns them as), in small batches, so the embedding
        # ends with the last article ingested instead of a stored batch later
        from ..group.prefetch import VectorPrefetch

        prefetch = VectorPrefetch()

        def fresh() -> Iterable[Article | InputError]:
            ahead: list[Article] = []
            for item in ingest(list(inputs)) if articles is None else articles:
                if isinstance(item, InputError):
                    yield item
                    continue
                run_ids.append(item.id)
                if item.id in known and not reread:
                    continue  # already analysed: idempotent re-runs reuse the stored facts
                item = dedup.check(item)
                if item.duplicate_of is None:
                    ahead.append(item)
                    if len(ahead) >= EMBED_BATCH:
                        prefetch.submit(ahead)
                        ahead.clear()
                yield item
            prefetch.submit(ahead)

        new_ids: set[str] = set()  # what this run stored: the regroup recompares what they touch

        def flush() -> None:
            store.save_facts(pending)
            store.save_dedup_bands({a: dedup.bands.pop(a) for a in (f.article.id for f in pending) if a in dedup.bands})
            new_ids.update(f.article.id for f in pending)
            pending.clear()

        expected = None if files is None else files - len(known)  # input files beyond what the store holds
        with _progress(progress) as tick:
            for out in read_all(fresh(), engine=engine, address=address, on_item=tick, settings=settings,
                                expected=expected, spare=spare.pools, pool=early):
                if isinstance(out, InputError):
                    errors.append(out)
                    continue
                pending.append(out)
                if len(pending) >= BATCH:
                    flush()
        flush()
        store.save_errors(errors)
        prefetch.save(store, new_ids)  # the vectors of what was stored (an unread article's are dropped)
        steps("read and store")
        # the inputs' run knows whether the store held anything but this run's articles; the reading
        # processes, idle now, take part of the work (a large Ray run's, not this process's: one of its own)
        whole = articles is None and known <= new_ids
        if engine == "ray" and whole:
            spare.start(len(new_ids), settings)
        stored = regroup(store, dirty=new_ids, whole=whole, pool=spare.pool())
        spare.close()
        steps("regroup")
        from ..monitor import after_run

        alerts = after_run(store, deliver=deliver)
        steps("alerts")
    result = view(store, dict.fromkeys(run_ids), facts=stored)
    steps("view")
    log.info("run of %d new article(s): %s", len(new_ids), steps)
    result.errors = errors
    result.alerts = alerts
    if json_out:
        Path(json_out).write_text(dumps(result), encoding="utf-8")
    store.close()
    return result


def _deduplicator(store, live: set[str] | None = None):
    """A deduplicator that looks the store's originals up by content hash and LSH band keys (a store from before
    band keys has its originals' keys computed once, here). ``live``: the stored originals among the run's
    articles, when they are known before the run (else every stored original is read)."""
    from ..ingest.dedup import Deduplicator, Known, minhash

    live = store.live_article_ids() if live is None else live
    dedup = Deduplicator(known=Known(live, store.original_with_hash, store.originals_with_bands))
    if store.dedup_band_count() == 0 and store.has_originals():
        store.save_dedup_bands({a: dedup.band_keys(minhash(text)) for a, text in store.iter_texts() if text.strip()})
    return dedup


class _Spare:
    """The reading processes a run keeps after reading (``pools``, filled by the local engine, or ``start``), shut
    down on ``close`` or when the run ends, whatever happened."""

    def __init__(self, early=None):
        self.pools: list = []
        self.early = early  # reading processes started before the store was opened: shut down with the rest

    def pool(self):
        return self.pools[0] if self.pools else None

    def start(self, articles: int, settings) -> None:
        """One process of the local engine's kind for a run of ``articles`` new articles read elsewhere (Ray),
        when they are as many as make the local engine start its reading processes."""
        from .local import MIN_PARALLEL, start_pool

        if articles >= MIN_PARALLEL and not self.pools:
            self.pools.append(start_pool(1, settings))

    def close(self) -> None:
        while self.pools:
            self.pools.pop().shutdown(wait=True, cancel_futures=True)
        if self.early is not None:  # reading owned it; a run stopped before reading did not
            self.early.shutdown(wait=True, cancel_futures=True)
            self.early = None

    def __enter__(self) -> _Spare:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _progress:
    """A rich progress bar on a tty (or when asked); a no-op ticker otherwise."""

    def __init__(self, enabled: bool | None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                             transient=True)
        self._bar.start()
        task = self._bar.add_task("articles", total=None)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
