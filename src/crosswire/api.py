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
from .views.story import StoryFilter

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
    return result


class Crosswire:
    """One open store and the read models over it: what the web app, the reports and the CLI hold while they
    work. Every method reads only what its view shows (see ``views``)."""

    def __init__(self, db: str = DEFAULT_DB):
        self.db = db
        self.store = _open(db)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Crosswire:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def analyze(self, inputs: Sequence[str] | str, **kwargs) -> AnalysisResult:
        """``analyze`` into this store."""
        return analyze(inputs, db=self.db, **kwargs)

    def load(self) -> AnalysisResult:
        """Everything stored, as one result."""
        return self.store.load()

    def articles(self) -> list[Article]:
        return self.store.articles()

    def article(self, article_id: str) -> ArticleFacts | None:
        """An article with its facts (a unique id prefix is enough)."""
        from .views.article import article_facts

        return article_facts(self.store, article_id)

    def article_json(self, article_id: str) -> dict | None:
        from .views.article import article_json

        return article_json(self.store, article_id)

    def article_rows(self, q: str = "", limit: int = 200) -> list[dict]:
        from .views.article import article_rows

        return article_rows(self.store, q, limit)

    def article_view(self, article_id: str) -> dict | None:
        from .views.article import article_view

        return article_view(self.store, article_id)

    def entity(self, entity_id: str) -> Entity | None:
        found = self.store.entities([entity_id])
        return found[0] if found else None

    def entity_view(self, entity_id: str) -> dict | None:
        from .views.entity import entity_view

        return entity_view(self.store, entity_id)

    def thread_view(self, thread_id: str) -> dict | None:
        from .views.thread import thread_view

        return thread_view(self.store, thread_id)

    def stories(self) -> list[Story]:
        """Every story, by id."""
        return sorted(self.store.stories(), key=lambda s: s.id)

    def story_ids(self) -> list[str]:
        """Every story id, newest first."""
        return [x.id for x in self.store.stories()]

    def story_rows(self, f: StoryFilter | None = None, limit: int = 500) -> list[dict]:
        from .views.story import story_rows

        return story_rows(self.store, f, limit)

    def story_view(self, story_id: str) -> dict | None:
        from .views.story import story_view

        return story_view(self.store, story_id)

    def story_table(self) -> dict:
        from .views.story import story_table

        return story_table(self.store)

    def story_sides(self, story_id: str) -> dict | None:
        from .views.story import story_sides

        return story_sides(self.store, story_id)

    def search_view(self, q: str) -> dict:
        from .views.search import search_view

        return search_view(self.store, q)

    def ensure_search_index(self) -> bool:
        return self.store.ensure_search_index()

    def filter_menus(self, entity: str = "") -> dict:
        """Outlets, languages and the most named entities (plus ``entity`` when set) for the story filters."""
        from .views.story import entity_names, top_entities

        outlets, languages = self.store.outlets_languages()
        entities = top_entities(self.store)
        if entity and entity not in dict(entities):  # a filter set from an entity page stays selectable
            entities.insert(0, (entity, entity_names(self.store, [entity]).get(entity, entity)))
        return {"outlets": outlets, "languages": languages, "entities": entities}

    def export(self, kind: str, fh) -> int:
        """Write every stored claim or event ("claims", "events") as CSV rows to ``fh``; returns the count."""
        from .views.exports import export_claims, export_events

        return {"claims": export_claims, "events": export_events}[kind](self.store, fh)


def open_store(db: str = DEFAULT_DB) -> Crosswire:
    """The store ``db`` opened for reading views (close it, or use it as a context manager)."""
    return Crosswire(db)


def load(db: str = DEFAULT_DB) -> AnalysisResult:
    with Crosswire(db) as cw:
        return cw.load()


def list_articles(db: str = DEFAULT_DB) -> list[Article]:
    with Crosswire(db) as cw:
        return cw.articles()


def get_article(db: str, article_id: str) -> ArticleFacts | None:
    """An article with its facts (a unique id prefix is enough)."""
    with Crosswire(db) as cw:
        return cw.article(article_id)


def list_stories(db: str = DEFAULT_DB) -> list[Story]:
    with Crosswire(db) as cw:
        return cw.stories()


def get_entity(db: str, entity_id: str) -> Entity | None:
    with Crosswire(db) as cw:
        return cw.entity(entity_id)


def search(db: str, q: str, limit: int = 100) -> list[dict]:
    """Full-text search over stored articles (FTS5 on SQLite, tsvector on PostgreSQL): rows, best first."""
    with Crosswire(db) as cw:
        return cw.article_rows(q, limit)


def story_view(db: str, story_id: str) -> dict | None:
    """What the story page shows: sources, contradictions, claims by measure, events, estimates, quotes."""
    with Crosswire(db) as cw:
        return cw.story_view(story_id)


def entity_view(db: str, entity_id: str) -> dict | None:
    """What the entity page shows: aliases, articles, events, quotes by and about it, co-occurring entities."""
    with Crosswire(db) as cw:
        return cw.entity_view(entity_id)


def check_url(url: str, allow_private: bool | None = None) -> None:
    """Refuse a URL that must not be fetched (``BadInput`` with the reason; the rules are ``ingest.fetch``'s)."""
    from .ingest.fetch import check_url as check

    check(url, allow_private)


def story_charts(view: dict) -> dict:
    """Vega-Lite specs of a story view: its events and its estimates over time."""
    from .views.charts import estimates_specs, events_spec

    return {"events_chart": events_spec(view["events"]), "estimates_charts": estimates_specs(view["estimates"])}


def thread_charts(view: dict) -> dict:
    """Vega-Lite specs of a thread view: its stories, estimates and events over time."""
    from .views.charts import estimates_specs, events_spec, stories_spec

    return {"stories_chart": stories_spec(view["stories"]), "estimates_charts": estimates_specs(view["estimates"]),
            "events_chart": events_spec(view["events"], "Events of the thread")}


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
