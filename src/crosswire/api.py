"""The public Python API: everything the CLI, the web app and the reports call.

``analyze`` ingests inputs, reads each new article, stores it, then regroups and recompares the stored
corpus; it returns the run's view (its articles and the stories, groups and entities they touch).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .model import AnalysisResult, Article, ArticleFacts, Entity, InputError, Story
from .serialize import dumps

log = logging.getLogger(__name__)

DEFAULT_DB = "crosswire.db"
BATCH = 50  # articles written per transaction


def _open(db: str | None):
    from .store import Store

    return Store(db or DEFAULT_DB)


def read_all(articles: Iterable[Article | InputError], *, engine: str = "local", address: str | None = None,
             on_item: Callable[[], None] | None = None) -> Iterable[ArticleFacts | InputError]:
    """Facts of every article (duplicates pass through unread), with the chosen executor."""
    if engine == "ray":
        from .run.ray_engine import read_all_ray

        for out in read_all_ray(articles, address=address):
            yield out
            if on_item:
                on_item()
        return
    from .run.local import read_all_local  # BLAS held to one thread while reading (see run/local.py)

    yield from read_all_local(articles, on_item=on_item)


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
) -> AnalysisResult:
    """Analyse ``inputs`` into the store ``db`` and return this run's result (also written to ``json_out``).

    ``articles`` (already ingested, e.g. by ``crosswire watch``) replaces ingesting ``inputs`` when given.
    """
    from .ingest import ingest
    from .ingest.dedup import Deduplicator

    if engine == "ray" and articles is None:  # inputs are read on Ray too, in the same order
        from functools import partial

        from .run.ray_engine import ingest_ray

        ingest = partial(ingest_ray, address=address)  # noqa: F811
    if isinstance(inputs, str):
        inputs = [inputs]
    store = _open(db)
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
    from .group.prefetch import VectorPrefetch

    prefetch = VectorPrefetch() if engine == "local" else None

    def flush() -> None:
        store.save_facts(pending)
        if prefetch is not None:
            prefetch.submit([f.article for f in pending if f.article.duplicate_of is None])
        pending.clear()

    with _progress(progress) as tick:
        for out in read_all(fresh(), engine=engine, address=address, on_item=tick):
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
    result = view(store, dict.fromkeys(run_ids), facts=stored)
    result.errors = errors
    if json_out:
        Path(json_out).write_text(dumps(result), encoding="utf-8")
    store.close()
    return result


def regroup(store) -> list[ArticleFacts]:
    """Recompute stories, threads, claim groups and coverage over the whole stored corpus.

    Returns every stored article's facts (duplicates included), so the caller need not read them again."""
    from .compare import compare
    from .group.cache import group_stored

    stored = relink(store, store.facts())
    facts = [f for f in stored if f.article.duplicate_of is None]
    stories, threads = group_stored(store, facts)  # title+lead vectors cached in the store per model
    groups, coverage = compare(facts, stories, threads)
    store.replace_groups(stories, threads, groups, coverage)
    return stored


def relink(store, stored: list[ArticleFacts]) -> list[ArticleFacts]:
    """Corpus-level entity linking (a surname alone joins the one full name that has it), written back to the
    store so its mentions and entities agree with what is grouped; same on every engine and incremental run."""
    from .read.crosslink import relink as corpus_relink

    out = corpus_relink(stored)
    if out.changed:
        store.relink(out.changed, out.entities, out.dropped)
    return out.facts


def view(store, article_ids: Iterable[str] | None = None,
         facts: Sequence[ArticleFacts] | None = None) -> AnalysisResult:
    """The stored result, restricted to ``article_ids`` and what touches them (all when None).

    ``facts``: every stored article's facts, when the caller has just read them (``regroup`` returns them)."""
    full = store.load(facts)
    if article_ids is None:
        return full
    keep = set(article_ids)
    # duplicates in the run bring their originals' stories along
    originals = {a.duplicate_of for a in full.articles if a.id in keep and a.duplicate_of}
    touched = keep | originals
    result = AnalysisResult()
    result.articles = [a for a in full.articles if a.id in keep]
    for kind in ("mentions", "timerefs", "events", "claims", "quotes", "framing"):
        setattr(result, kind, [x for x in getattr(full, kind) if x.article in keep])
    used = {m.entity for m in result.mentions} | {p for e in result.events for p in e.participants} \
        | {q.speaker for q in result.quotes if q.speaker} | {c.source_entity for c in result.claims if c.source_entity}
    result.entities = [e for e in full.entities if e.id in used]
    result.stories = [s for s in full.stories if touched & set(s.articles)]
    story_ids = {s.id for s in result.stories}
    result.threads = [t for t in full.threads if story_ids & set(t.stories)]
    scopes = story_ids | {t.id for t in result.threads}
    result.claim_groups = [g for g in full.claim_groups if g.scope in scopes]
    result.coverage = [c for c in full.coverage if c.get("scope") in scopes]
    result.corrections = full.corrections
    return result


def resolve_story(db: str, story_id: str) -> str | None:
    """The live id of a story: itself, or the story a retired id was redirected to (None: unknown)."""
    store = _open(db)
    try:
        return store.resolve_story(story_id)
    finally:
        store.close()


def story_why(db: str, story_id: str) -> Story | None:
    """One story with, for every member, why it joined (``Story.members``); old ids follow their redirects."""
    store = _open(db)
    try:
        live = store.resolve_story(story_id)
        return next((s for s in store.load([]).stories if s.id == live), None) if live else None
    finally:
        store.close()


def split_article(db: str, article_id: str) -> list[Story]:
    """Take one article out of its story, for good: it never shares a story with the members it has now.
    The correction is stored and replayed at every regroup; returns the stories of the article and its old
    companions after regrouping."""
    from .errors import CrosswireError

    store = _open(db)
    try:
        members = store.story_members()
        story = next((sid for sid, arts in members.items() if article_id in arts), None)
        if story is None:
            raise CrosswireError(f"{article_id}: no stored story holds this article")
        others = [a for a in members[story] if a != article_id]
        if not others:
            raise CrosswireError(f"{article_id}: the article is alone in {story}, nothing to split")
        store.add_correction("split", {"article": article_id, "story": story, "others": others})
        regroup(store)
        return _stories_of(store, [article_id, *others])
    finally:
        store.close()


def merge_stories(db: str, first: str, second: str) -> list[Story]:
    """Put two stories together, for good: their members share a story at every regroup (later splits win)."""
    from .errors import CrosswireError

    store = _open(db)
    try:
        ids = [store.resolve_story(x) for x in (first, second)]
        for given, live in zip((first, second), ids, strict=True):
            if live is None:
                raise CrosswireError(f"{given}: no such story")
        if ids[0] == ids[1]:
            raise CrosswireError(f"{first} and {second} are one story already")
        members = store.story_members()
        left, right = members[ids[0]], members[ids[1]]
        store.add_correction("merge", {"stories": ids, "left": left, "right": right})
        regroup(store)
        return _stories_of(store, left + right)
    finally:
        store.close()


def _stories_of(store, articles: Sequence[str]) -> list[Story]:
    wanted = set(articles)
    return [s for s in store.load([]).stories if wanted & set(s.articles)]


def load(db: str = DEFAULT_DB) -> AnalysisResult:
    store = _open(db)
    try:
        return store.load()
    finally:
        store.close()


def list_articles(db: str = DEFAULT_DB) -> list[Article]:
    store = _open(db)
    try:
        return store.articles()
    finally:
        store.close()


def get_article(db: str, article_id: str) -> ArticleFacts | None:
    """An article with its facts (a unique id prefix is enough)."""
    store = _open(db)
    try:
        art = store.article(article_id)
        return store.facts([art.id])[0] if art else None
    finally:
        store.close()


def list_stories(db: str = DEFAULT_DB) -> list[Story]:
    return load(db).stories


def get_entity(db: str, entity_id: str) -> Entity | None:
    store = _open(db)
    try:
        found = store.entities([entity_id])
        return found[0] if found else None
    finally:
        store.close()


def search(db: str, q: str, limit: int = 100) -> list[dict]:
    """Full-text search over stored articles (FTS5 on SQLite, tsvector on PostgreSQL): rows, best first."""
    from .web.data import Reader
    from .web.facets import article_rows

    store = _open(db)
    try:
        return article_rows(Reader(store), q, limit)
    finally:
        store.close()


def story_view(db: str, story_id: str) -> dict | None:
    """What the story page shows: sources, contradictions, claims by measure, events, estimates, quotes."""
    from .web.data import Reader

    store = _open(db)
    try:
        return Reader(store).story_view(story_id)
    finally:
        store.close()


def entity_view(db: str, entity_id: str) -> dict | None:
    """What the entity page shows: aliases, articles, events, quotes by and about it, co-occurring entities."""
    from .web.data import Reader
    from .web.facets import entity_view as view

    store = _open(db)
    try:
        return view(Reader(store), entity_id)
    finally:
        store.close()


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
