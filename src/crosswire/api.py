"""The public Python API: everything the CLI, the web app and the reports call.

``analyze`` (``run.analyze``) ingests inputs, reads each new article, stores it, then regroups and recompares
the stored corpus; it returns the run's view. ``Crosswire`` holds an open store and serves the read models
(``views``) the pages, reports and CLI tables show; ``watch`` polls feeds into the store.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from .api_render import (
    check_url,
    derivation_svg,
    make_channel,
    parse_every,
    render_digest,
    send_digest,
    sources_line,
    story_charts,
    thread_charts,
)
from .model import Alert, AnalysisResult, Article, ArticleFacts, Entity, Story, Watchlist
from .remote import LOOPBACK_HOSTS, RemoteResult, analyze_remote, is_loopback
from .run.analyze import DEFAULT_DB, analyze, read_all, warm
from .run.regroup import regroup
from .run.relink import relink
from .views.result import view
from .views.story import StoryFilter

__all__ = ["DEFAULT_DB", "LOOPBACK_HOSTS", "Crosswire", "RemoteResult", "StoryFilter", "analyze", "analyze_remote", "check_url", "entity_view", "get_article",
           "get_entity", "is_loopback", "list_articles", "list_stories", "load", "make_channel", "merge_stories", "open_store",
           "parse_every", "read_all", "rebuild", "regroup", "relink", "render_digest", "resolve_story", "search", "send_digest", "sources_line", "derivation_svg",
           "split_article", "story_charts", "story_view", "thread_charts", "view", "warm", "watch"]

log = logging.getLogger(__name__)


def _open(db: str | None, create: bool = True):
    from .store import Store

    return Store(db or DEFAULT_DB, create=create)


class Crosswire:
    """One open store and the read models over it: what the web app, the reports and the CLI hold while they
    work. Every method reads only what its view shows (see ``views``)."""

    def __init__(self, db: str = DEFAULT_DB, *, create: bool = True):
        self.db = db
        self.store = _open(db, create)

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

    def resolve_story(self, story_id: str) -> str | None:
        """The live id of a story: itself, or where a retired id's redirects lead (None: unknown)."""
        return self.store.resolve_story(story_id)

    def split_article(self, article_id: str) -> list[Story]:
        """Take one article out of its story for good (a stored correction, replayed at every regroup)."""
        return split_article(self.db, article_id)

    def merge_stories(self, first: str, second: str) -> list[Story]:
        """Merge two stories for good (a stored correction, replayed at every regroup)."""
        return merge_stories(self.db, first, second)

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

    # -- monitoring: watchlists, alerts, digests ------------------------------------------------------
    def add_watchlist(self, name: str = "", *, channels=(), digest_every: float | None = None, base_url: str = "",
                      **fields) -> Watchlist:
        """Store a new watchlist (fields: entities (ids or names), words, outlets, languages, measures, stories,
        threads); see ``monitor.new_watchlist``. Articles stored before it raise no alert on it."""
        from .monitor import new_watchlist
        from .views.alerts import resolve_entities

        if fields.get("entities"):
            fields["entities"] = resolve_entities(self.store, list(fields["entities"]))
        w = new_watchlist(name, channels=channels, digest_every=digest_every, base_url=base_url, **fields)
        self.store.save_watchlist(w)
        return w

    def watchlists(self) -> list[Watchlist]:
        return self.store.watchlists()

    def watchlist(self, ident: str) -> Watchlist | None:
        """A watchlist by id (a unique prefix is enough)."""
        return self.store.watchlist(ident)

    def remove_watchlist(self, ident: str) -> bool:
        """Remove a watchlist (a unique id prefix is enough) with its alerts; False when there is none."""
        w = self.store.watchlist(ident)
        return bool(w) and self.store.delete_watchlist(w.id)

    def alerts(self, watchlist: str | None = None, *, since: float | None = None, limit: int | None = 500) -> list[Alert]:
        """Stored alerts, newest first."""
        return self.store.alerts(watchlist, since=since, limit=limit)

    def alerts_view(self, watchlist: str | None = None, *, since: float | None = None, limit: int = 200) -> dict:
        """What the alerts page shows: every watchlist, and the newest alerts with their deliveries."""
        from .views.alerts import alerts_view

        return alerts_view(self.store, watchlist, since=since, limit=limit)

    def alerts_atom(self, watchlist: str, base_url: str, limit: int = 100) -> bytes | None:
        """The Atom feed of a watchlist's alerts (None when there is no such watchlist)."""
        from .monitor.atom import atom_feed

        w = self.store.watchlist(watchlist)
        return None if w is None else atom_feed(w, self.store.alerts(w.id, limit=limit), base_url)

    def deliver(self) -> dict[str, int]:
        """Send undelivered alerts and due digests on every watchlist's channels (counts sent and failed)."""
        from .monitor import send_pending

        return send_pending(self.store)

    def digest(self, since: float, until: float | None = None, watchlist: str | None = None) -> dict:
        """The digest of what arrived in [since, until], of one watchlist's stories when given."""
        from .monitor.digest import build

        w = self.store.watchlist(watchlist) if watchlist else None
        if watchlist and w is None:
            from .errors import BadInput

            raise BadInput(watchlist, "no such watchlist")
        return build(self.store, since, until, w)

    # -- outlets and coverage gaps --------------------------------------------------------------------
    def outlets(self) -> list[dict]:
        """Every named outlet: articles, dates, languages, country, language and owner from outlets.yaml."""
        from .monitor.outlets import outlet_list

        return outlet_list(self.store)

    def outlet_view(self, name: str) -> dict | None:
        """An outlet's track record from its own articles and claims, every figure with its evidence."""
        from .monitor.outlets import outlet_view

        return outlet_view(self.store, name)

    def outlets_compare(self, a: str, b: str) -> dict | None:
        """Two outlets' track records side by side."""
        from .monitor.outlets import outlets_compare

        return outlets_compare(self.store, a, b)

    def story_gaps(self, story_id: str, by: str = "country") -> dict | None:
        """Who covered a story, and which outlets, languages and groups publishing at the time did not."""
        from .views.gaps import story_gaps
        from .views.story import find_story

        story = find_story(self.store, story_id)
        return story_gaps(self.store, story.id, by) if story else None

    def blindspots(self, by: str = "country", min_outlets: int = 2) -> dict:
        """Stories only one group of outlets (by an outlets.yaml field) covered."""
        from .views.gaps import blindspots

        return blindspots(self.store, by, min_outlets)

    def export(self, kind: str, fh) -> int:
        """Write every stored claim or event ("claims", "events") as CSV rows to ``fh``; returns the count."""
        from .views.exports import export_claims, export_events

        return {"claims": export_claims, "events": export_events}[kind](self.store, fh)


def open_store(db: str = DEFAULT_DB, *, create: bool = True) -> Crosswire:
    """The store ``db`` opened for reading views (close it, or use it as a context manager); ``create=False``
    refuses a SQLite file that does not exist instead of creating an empty store."""
    return Crosswire(db, create=create)


def resolve_story(db: str, story_id: str) -> str | None:
    """The live id of a story: itself, or the story a retired id was redirected to (None: unknown)."""
    store = _open(db, create=False)
    try:
        return store.resolve_story(story_id)
    finally:
        store.close()


def split_article(db: str, article_id: str) -> list[Story]:
    """Take one article out of its story, for good: it never shares a story with the members it has now.
    The correction is stored and replayed at every regroup; returns the stories of the article and its old
    companions after regrouping."""
    from .errors import CrosswireError

    store = _open(db, create=False)
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

    store = _open(db, create=False)
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
    return sorted((s for s in store.stories() if wanted & set(s.articles)), key=lambda s: s.id)


def rebuild(db: str = DEFAULT_DB) -> dict:
    """Relink, regroup and compare the whole stored corpus again and rewrite every story, thread and group (the
    full path; a run recompares only what its articles change). Returns counts of what the store now holds."""
    store = _open(db)
    try:
        stored = regroup(store)
        return {"articles": len(stored), "stories": len(store.stories()), "threads": len(store.threads()),
                "claim_groups": len(store.claim_groups())}
    finally:
        store.close()


def load(db: str = DEFAULT_DB) -> AnalysisResult:
    with Crosswire(db, create=False) as cw:
        return cw.load()


def list_articles(db: str = DEFAULT_DB) -> list[Article]:
    with Crosswire(db, create=False) as cw:
        return cw.articles()


def get_article(db: str, article_id: str) -> ArticleFacts | None:
    """An article with its facts (a unique id prefix is enough)."""
    with Crosswire(db, create=False) as cw:
        return cw.article(article_id)


def list_stories(db: str = DEFAULT_DB) -> list[Story]:
    with Crosswire(db, create=False) as cw:
        return cw.stories()


def get_entity(db: str, entity_id: str) -> Entity | None:
    with Crosswire(db, create=False) as cw:
        return cw.entity(entity_id)


def search(db: str, q: str, limit: int = 100) -> list[dict]:
    """Full-text search over stored articles (FTS5 on SQLite, tsvector on PostgreSQL): rows, best first."""
    with Crosswire(db, create=False) as cw:
        return cw.article_rows(q, limit)


def story_view(db: str, story_id: str) -> dict | None:
    """What the story page shows: sources, contradictions, claims by measure, events, estimates, quotes."""
    with Crosswire(db, create=False) as cw:
        return cw.story_view(story_id)


def entity_view(db: str, entity_id: str) -> dict | None:
    """What the entity page shows: aliases, articles, events, quotes by and about it, co-occurring entities."""
    with Crosswire(db, create=False) as cw:
        return cw.entity_view(entity_id)


def watch(sources: Sequence[str], db: str = DEFAULT_DB, *, every: float | str = 600.0, max_rounds: int | None = None,
          engine: str = "local", address: str | None = None, on_round=None) -> list:
    """Poll feeds (URLs, feed files, OPML lists, files of URLs) every ``every`` seconds ("10m" works too) and
    analyse new entries into ``db``; see ``watch.watch``."""
    from .watch import parse_every
    from .watch import watch as run_watch

    interval = parse_every(every) if isinstance(every, str) else float(every)
    return run_watch(list(sources), db, every=interval, max_rounds=max_rounds, engine=engine, address=address,
                     on_round=on_round)
