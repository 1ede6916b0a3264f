"""One analysis run: ingest inputs, read the new articles (local or Ray executor), store them, then relink,
regroup and recompare the stored corpus; the run's result is the view of its articles.

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

log = logging.getLogger(__name__)

DEFAULT_DB = "crosswire.db"
BATCH = 50  # articles written per transaction


def _open(db: str | None):
    from ..store import Store

    return Store(db or DEFAULT_DB)


def read_all(articles: Iterable[Article | InputError], *, engine: str = "local", address: str | None = None,
             on_item: Callable[[], None] | None = None,
             settings: Settings | None = None) -> Iterable[ArticleFacts | InputError]:
    """Facts of every article (duplicates pass through unread), with the chosen executor."""
    if engine == "ray":
        from .ray_engine import read_all_ray

        for out in read_all_ray(articles, address=address, settings=settings):
            yield out
            if on_item:
                on_item()
        return
    from .local import read_all_local  # BLAS held to one thread while reading (see run/local.py)

    yield from read_all_local(articles, on_item=on_item, settings=settings)


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
    settings = settings or current()
    with using(settings):
        return _analyze(inputs, db=db, json_out=json_out, engine=engine, address=address, reread=reread,
                        progress=progress, articles=articles, settings=settings, deliver=deliver)


def _analyze(inputs, *, db, json_out, engine, address, reread, progress, articles, settings: Settings,
             deliver: bool = True) -> AnalysisResult:
    from ..ingest import ingest
    from ..ingest.dedup import Deduplicator

    if engine == "ray" and articles is None:  # inputs are read on Ray too, in the same order
        from functools import partial

        from .ray_engine import ingest_ray

        ingest = partial(ingest_ray, address=address, settings=settings)  # noqa: F811
    if isinstance(inputs, str):
        inputs = [inputs]
    store = _open(db)
    # one run at a time per store: a concurrent run waits here, then sees this run's articles as known, so
    # two runs give what running them one after the other gives
    with store.run_lock():
        known = store.article_ids()
        dedup = Deduplicator()
        for aid, text in store.iter_texts():
            dedup.add_known(aid, text)

        run_ids: list[str] = []
        errors: list[InputError] = []
        pending: list[ArticleFacts] = []

        def fresh() -> Iterable[Article | InputError]:
            for item in ingest(list(inputs)) if articles is None else articles:
                if isinstance(item, InputError):
                    yield item
                    continue
                run_ids.append(item.id)
                if item.id in known and not reread:
                    continue  # already analysed: idempotent re-runs reuse the stored facts
                yield dedup.check(item)

        # on the local engine, title+lead vectors are embedded on the other core while reading goes on
        from ..group.prefetch import VectorPrefetch

        prefetch = VectorPrefetch() if engine == "local" else None

        def flush() -> None:
            store.save_facts(pending)
            if prefetch is not None:
                prefetch.submit([f.article for f in pending if f.article.duplicate_of is None])
            pending.clear()

        with _progress(progress) as tick:
            for out in read_all(fresh(), engine=engine, address=address, on_item=tick, settings=settings):
                if isinstance(out, InputError):
                    errors.append(out)
                    continue
                pending.append(out)
                if len(pending) >= BATCH:
                    flush()
        flush()
        store.save_errors(errors)
        if prefetch is not None:
            prefetch.save(store)
        stored = regroup(store)
        from ..monitor import after_run

        alerts = after_run(store, deliver=deliver)
    result = view(store, dict.fromkeys(run_ids), facts=stored)
    result.errors = errors
    result.alerts = alerts
    if json_out:
        Path(json_out).write_text(dumps(result), encoding="utf-8")
    store.close()
    return result


def regroup(store) -> list[ArticleFacts]:
    """Recompute stories, threads, claim groups and coverage over the whole stored corpus.

    Returns every stored article's facts (duplicates included), so the caller need not read them again."""
    from ..compare import compare
    from ..group.cache import group_stored

    with store.run_lock("a regroup"):  # held already inside an analysis; taken here by corrections
        stored = relink(store, store.facts())
        facts = [f for f in stored if f.article.duplicate_of is None]
        stories, threads = group_stored(store, facts)  # title+lead vectors cached in the store per model
        derivations = derive_stored(store, stored, stories)
        groups, coverage = compare(facts, stories, threads, derivations)
        from ..compare.quotes import default_embed, quote_groups

        store.replace_groups(stories, threads, groups, coverage, quote_groups(facts, stories, default_embed()))
    return stored


def derive_stored(store, stored: list[ArticleFacts], stories) -> dict:
    """Which stored articles derive from others (copies, rewrites, translations, wire), written to the store;
    sentence vectors for pairs across languages are cached there per embedding model."""
    import logging

    from ..group.derive import derive, params
    from ..group.embed import get_embedder
    from ..group.translation import SentenceVectors

    try:
        embedder = get_embedder()
    except (ImportError, OSError, RuntimeError, KeyError) as exc:
        logging.getLogger(__name__).warning("no embedder (%s): translations are not looked for", exc)
        embedder = None
    vectors = store.load_vectors(embedder.name) if embedder is not None else {}
    sentences = None
    if embedder is not None:
        p = params()
        sentences = SentenceVectors(embedder, p["translation_sentences"], p["translation_words"],
                                    store.load_sentence_vectors(embedder.name))
    found = derive(stored, stories, vectors, sentences)
    if sentences is not None and sentences.added:
        store.save_sentence_vectors(embedder.name, sentences.added)
    store.replace_derivations(found)
    return found


def relink(store, stored: list[ArticleFacts]) -> list[ArticleFacts]:
    """Corpus-level entity linking (a surname alone joins the one full name that has it), written back to the
    store so its mentions and entities agree with what is grouped; same on every engine and incremental run."""
    from ..read.crosslink import relink as corpus_relink

    out = corpus_relink(stored)
    if out.changed:
        store.relink(out.changed, out.entities, out.dropped)
    return out.facts


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
