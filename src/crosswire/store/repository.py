"""The store: SQLite by default (WAL), PostgreSQL by URL; idempotent writes keyed by stable ids."""

from __future__ import annotations

import logging
import os
import time
from array import array
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import create_engine, delete, event, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, DBAPIError

from ..model import (
    AnalysisResult,
    Article,
    ArticleFacts,
    ClaimGroup,
    Entity,
    InputError,
    QuoteGroup,
    Story,
    Thread,
)
from ..serialize import from_dict, to_dict
from . import schema as s
from .chunks import among, article_order, chunks
from .dedup import DedupIndex
from .grouping import GroupingState
from .groups import GroupWrites, coverage_rows
from .linking import LinkKeys
from .monitor import MonitorReads
from .provenance import ProvenanceStore
from .reads import FACT_TYPES, Reads
from .rows import article_row, fact_row, lock_articles, merge_entity, nul_safe
from .stories import StoryState

log = logging.getLogger(__name__)

_FACT_TYPES = FACT_TYPES
MIN_PREFIX = 4  # characters of an article id that may stand for the whole id


def db_url(db: str) -> str:
    """A SQLAlchemy URL for a file path or a URL."""
    if "://" in db:
        if db.startswith("postgresql://"):
            return "postgresql+psycopg://" + db[len("postgresql://"):]
        return db
    return f"sqlite:///{db}"


class Store(Reads, StoryState, GroupingState, DedupIndex, MonitorReads, ProvenanceStore, GroupWrites, LinkKeys):
    """Repository over SQLAlchemy; stages never see it, only ``api`` does."""

    def __init__(self, db: str = "crosswire.db", *, create: bool = True):
        """Open (and migrate) the store ``db``; ``create=False`` refuses a SQLite file that does not exist
        (commands that only read must not leave an empty store behind a mistyped name). An unreadable or
        foreign file is one ``CrosswireError`` line, not a traceback."""
        from ..errors import CrosswireError, redact

        self.url = db_url(db)
        sqlite = self.url.startswith("sqlite")
        if not sqlite and not self.url.startswith("postgresql"):
            raise CrosswireError(f"{redact(db)}: not a store crosswire can open (a SQLite file path, sqlite:///PATH "
                                 "or postgresql://USER:PASSWORD@HOST/DB)")
        path = self.url.split(":///", 1)[1] if sqlite and ":///" in self.url else ""
        if sqlite and not create and path and path != ":memory:" and not os.path.exists(path):
            raise CrosswireError(f"no store at {path}: analyse something into it first "
                                 f"(crosswire analyze FILES --db {path})")
        # several processes may write one SQLite file (watch + analyze): wait for the lock rather than fail
        try:
            self.engine: Engine = create_engine(self.url, future=True,
                                                connect_args={"timeout": 60} if sqlite else {})
        except (ArgumentError, ValueError, ImportError) as exc:  # a malformed URL, a missing driver
            raise CrosswireError(f"{redact(db)}: cannot open the store ({type(exc).__name__}: "
                                 f"{str(exc).replace(self.url, redact(self.url))})") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        from .migrate import upgrade

        try:
            upgrade(self.engine)
        except (DBAPIError, OSError) as exc:
            self.engine.dispose()
            reason = " ".join(str(getattr(exc, "orig", None) or exc).split())[:200]
            if not sqlite:  # a driver's message may quote the URL, password and all
                reason = reason.replace(db, redact(db)).replace(self.url, redact(self.url))
            raise CrosswireError(f"{path or redact(db)}: cannot open the store ({reason}); is it a crosswire store?"
                                 ) from None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def run_lock(self, what: str = "an analysis"):
        """A context holding this store's run lock (see ``store/lock.py``): one analysis at a time."""
        from .lock import run_lock

        return run_lock(self, what)

    def close(self) -> None:
        self.engine.dispose()

    # -- writes ---------------------------------------------------------------------------------------
    def save_facts(self, batch: Sequence[ArticleFacts]) -> None:
        """Insert or replace articles with all their facts and entities, in one transaction.

        Safe to call from several workers at once: rows are upserted by their stable ids, so two writers of
        the same article leave one copy, and a batch that dies half-way rolls back whole.
        """
        if not batch:
            return
        batch = list({f.article.id: f for f in batch}.values())
        ids = sorted(f.article.id for f in batch)
        now = time.time()
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                lock_articles(conn, ids)
            # facts a re-read no longer finds must go; articles themselves are upserted below
            for table in (*s.FACT_TABLES.values(), s.embeddings):
                conn.execute(delete(table).where(table.c.article.in_(ids)))
            self._upsert(conn, s.articles, [article_row(f.article, now) for f in batch])
            for kind, table in s.FACT_TABLES.items():
                rows = [fact_row(kind, x) for f in batch for x in getattr(f, kind)]
                self._upsert(conn, table, list({r["id"]: r for r in rows}.values()))
            vectors = [{"article": f.article.id, "model": f"f64x{len(f.embedding)}",
                        "vector": array("d", f.embedding).tobytes()} for f in batch if f.embedding is not None]
            self._upsert(conn, s.embeddings, vectors)
            self._save_entities(conn, [e for f in batch for e in f.entities])

    def save_entities(self, entities: Iterable[Entity]) -> None:
        """Upsert canonical entities, merging aliases with what is stored."""
        with self.engine.begin() as conn:
            self._save_entities(conn, entities)

    def _save_entities(self, conn, entities: Iterable[Entity]) -> None:
        merged: dict[str, Entity] = {}
        for e in entities:
            merged[e.id] = merge_entity(merged.get(e.id), e)
        if not merged:
            return
        stored = {
            r.id: from_dict(Entity, r.data)
            for r in conn.execute(select(s.entities).where(s.entities.c.id.in_(list(merged))))
        }
        rows = []
        for eid, e in merged.items():
            e = merge_entity(stored.get(eid), e)
            rows.append({"id": e.id, "name": e.name, "type": e.type, "wikidata": e.wikidata, "data": to_dict(e)})
        self._upsert(conn, s.entities, rows)

    def relink(self, facts: Sequence[ArticleFacts], entities: Sequence[Entity], dropped: Sequence[str]) -> None:
        """Rewrite the entity references of already stored articles (corpus-level linking, ``read.crosslink``):
        their mentions, events, claims and quotes, the entity records given and the ids no longer used."""
        ids = sorted({f.article.id for f in facts})
        with self.engine.begin() as conn:
            for kind in ("mentions", "events", "claims", "quotes"):
                table = s.FACT_TABLES[kind]
                conn.execute(delete(table).where(table.c.article.in_(ids)))
                rows = [fact_row(kind, x) for f in facts for x in getattr(f, kind)]
                self._upsert(conn, table, list({r["id"]: r for r in rows}.values()))
            self._save_entities(conn, entities)  # merged with the stored records, as new articles' are
            if dropped:
                conn.execute(delete(s.entities).where(s.entities.c.id.in_(list(dropped))))

    def _upsert(self, conn, table, rows: list[dict[str, Any]]) -> None:
        """Insert rows in one executemany, replacing rows with the same primary key (ON CONFLICT)."""
        if not rows:
            return
        pk = [c.name for c in table.primary_key]
        # a fixed row order keeps concurrent PostgreSQL writers from deadlocking on each other's row locks
        rows = sorted(rows, key=lambda r: tuple(str(r[k]) for k in pk))
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert

            rows = [nul_safe(r) for r in rows]
        elif self.dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:  # other databases: delete then insert, inside the caller's transaction
            for r in rows:
                conn.execute(delete(table).where(*(table.c[k] == r[k] for k in pk)))
            conn.execute(insert(table), rows)
            return
        stmt = dialect_insert(table)
        rest = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in pk}
        stmt = stmt.on_conflict_do_update(index_elements=pk, set_=rest) if rest else \
            stmt.on_conflict_do_nothing(index_elements=pk)
        conn.execute(stmt, rows)

    def replace_groups(self, stories: Sequence[Story], threads: Sequence[Thread],
                       groups: Sequence[ClaimGroup], coverage: Sequence[dict],
                       quote_groups: Sequence[QuoteGroup] = ()) -> None:
        """Replace the computed cross-article view (stories, threads, claim and quote groups, coverage); a story id that
        goes away is redirected to the new story holding most of its articles."""
        old = self.story_members()
        with self.engine.begin() as conn:
            self._redirect(conn, old, {x.id: x.articles for x in stories})
            for table in (s.story_articles, s.stories, s.threads, s.claim_groups, s.quote_groups, s.coverage):
                conn.execute(delete(table))
            if quote_groups:
                conn.execute(insert(s.quote_groups), [
                    {"id": g.id, "scope": g.scope, "speaker": g.speaker, "verdict": g.verdict, "data": to_dict(g)}
                    for g in quote_groups])
            if stories:
                conn.execute(insert(s.stories), [
                    {"id": x.id, "title": x.title, "date": x.date, "thread": x.thread, "data": to_dict(x)} for x in stories])
                conn.execute(insert(s.story_articles), [
                    {"story": x.id, "article": a} for x in stories for a in dict.fromkeys(x.articles)])
            if threads:
                conn.execute(insert(s.threads), [{"id": t.id, "title": t.title, "data": to_dict(t)} for t in threads])
            if groups:
                conn.execute(insert(s.claim_groups), [
                    {"id": g.id, "scope": g.scope, "verdict": g.verdict.value, "data": to_dict(g)} for g in groups])
            if coverage:
                conn.execute(insert(s.coverage), coverage_rows(coverage))

    def save_errors(self, errors: Sequence[InputError]) -> None:
        if not errors:
            return
        now = time.time()
        with self.engine.begin() as conn:
            conn.execute(delete(s.input_errors).where(s.input_errors.c.source.in_([e.source for e in errors])))
            conn.execute(insert(s.input_errors), [{"source": e.source, "error": e.error, "run_at": now} for e in errors])

    # -- `crosswire watch` state -----------------------------------------------------------------------
    def feed_state(self, feed: str) -> tuple[str | None, str | None, str | None]:
        """(ETag, Last-Modified, title) last seen for a feed."""
        with self.engine.connect() as conn:
            row = conn.execute(select(s.watch_feeds.c.etag, s.watch_feeds.c.modified, s.watch_feeds.c.title)
                               .where(s.watch_feeds.c.url == feed)).first()
        return (row[0], row[1], row[2]) if row else (None, None, None)

    def seen_entries(self, feed: str, keys: Iterable[str] | None = None) -> set[str]:
        """Keys of the feed's entries already analysed (of ``keys`` only, when given: a round asks about the
        entries its feed holds now, not the feed's whole history)."""
        q = select(s.watch_seen.c.entry).where(s.watch_seen.c.feed == feed)
        with self.engine.connect() as conn:
            if keys is None:
                return {r[0] for r in conn.execute(q)}
            return {r[0] for part in chunks(sorted(set(keys))) for r in conn.execute(q.where(s.watch_seen.c.entry.in_(part)))}

    def save_feed_state(self, feed: str, etag: str | None, modified: str | None, status: int,
                        entries: dict[str, str], title: str | None = None) -> None:
        """Remember a feed's validators and the entries (key -> article id) just analysed, in one transaction."""
        now = time.time()
        with self.engine.begin() as conn:
            self._upsert(conn, s.watch_feeds, [{"url": feed, "etag": etag, "modified": modified, "title": title,
                                                "polled_at": now, "status": status}])
            self._upsert(conn, s.watch_seen, [{"feed": feed, "entry": k, "article": a, "seen_at": now}
                                              for k, a in entries.items()])

    # -- reads ----------------------------------------------------------------------------------------
    def article_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(s.articles.c.id))}

    def iter_texts(self) -> Iterator[tuple[str, str]]:
        """(id, text) of every stored original article (duplicates excluded), for deduplication."""
        with self.engine.connect() as conn:
            q = select(s.articles.c.id, s.articles.c.text).where(s.articles.c.duplicate_of.is_(None))
            yield from ((r[0], r[1]) for r in conn.execute(q))

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """The stored articles (``ids``: those of them, any number), in article order."""
        # NULL dates first on every database (SQLite and PostgreSQL disagree by default)
        q = select(s.articles.c.data).order_by(s.articles.c.published.asc().nulls_first(), s.articles.c.id)
        with self.engine.connect() as conn:
            if ids is None:
                found = [from_dict(Article, r[0]) for r in conn.execute(q)]
            else:
                found = sorted((from_dict(Article, r[0]) for r in conn.execute(
                    q.where(among(conn, s.articles.c.id, ids)))), key=article_order)
        return self.with_derivations(found, all_ids=ids is None)

    def article(self, article_id: str) -> Article | None:
        found = self.articles([article_id])
        if not found and len(article_id) >= MIN_PREFIX:
            # a unique id prefix is enough; "_" and "%" in it are literal, not LIKE wildcards ("/articles/_3")
            pattern = article_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            with self.engine.connect() as conn:
                rows = conn.execute(select(s.articles.c.data).where(
                    s.articles.c.id.like(pattern, escape="\\")).limit(2)).all()
            found = self.with_derivations([from_dict(Article, rows[0][0])]) if len(rows) == 1 else []
        return found[0] if found else None

    def facts(self, ids: Iterable[str] | None = None, kinds: Collection[str] | None = None) -> list[ArticleFacts]:
        """Articles with every stored fact (``ids``: those of them, any number), in article order; ``kinds``: only
        those kinds of fact (e.g. ``("mentions",)``), the others left empty and no vector read."""
        if ids is not None:
            ids = sorted(set(ids))
        arts = self.articles(ids)
        by_article: dict[str, dict[str, list]] = {a.id: {k: [] for k in _FACT_TYPES} for a in arts}
        vectors: dict[str, tuple] = {}
        with self.engine.connect() as conn:
            for kind, table in s.FACT_TABLES.items():
                if kinds is not None and kind not in kinds:
                    continue
                q = select(table.c.article, table.c.data)
                if ids is not None:  # every id in one statement
                    q = q.where(among(conn, table.c.article, ids))
                for art, data in conn.execute(q):
                    if art in by_article:
                        by_article[art][kind].append(from_dict(_FACT_TYPES[kind], data))
            if kinds is None:
                # only vectors handed in with the facts ("f64x<dim>"): a vector an embedding model stored is read
                # through load_vectors(model), so another model's (or another text window's) is never taken for it
                vq = select(s.embeddings.c.article, s.embeddings.c.vector).where(s.embeddings.c.model.like("f64x%"))
                if ids is not None:
                    vq = vq.where(among(conn, s.embeddings.c.article, ids))
                vectors.update((a, tuple(array("d", bytes(v)))) for a, v in conn.execute(vq))
            ent_ids = {m.entity for d in by_article.values() for m in d["mentions"]}
            ents = {e.id: e for e in self.entities(sorted(ent_ids))} if ent_ids else {}
        out = []
        for a in arts:
            d = by_article[a.id]
            for k in d:
                d[k].sort(key=lambda x: (x.start, x.end))
            own = tuple(ents[e] for e in dict.fromkeys(m.entity for m in d["mentions"]) if e in ents)
            out.append(ArticleFacts(article=a, entities=own, embedding=vectors.get(a.id),
                                    **{k: tuple(v) for k, v in d.items()}))
        return out

    def entities(self, ids: Iterable[str] | None = None) -> list[Entity]:
        """The stored entity records (``ids``: those of them, any number), by id."""
        q = select(s.entities.c.data).order_by(s.entities.c.id)
        with self.engine.connect() as conn:
            if ids is None:
                return [from_dict(Entity, r[0]) for r in conn.execute(q)]
            found = [from_dict(Entity, r[0]) for r in conn.execute(q.where(among(conn, s.entities.c.id, ids)))]
        return sorted(found, key=lambda e: e.id)

    def load(self, facts: Sequence[ArticleFacts] | None = None) -> AnalysisResult:
        """The whole store as one result (what `--json` of a fresh store would hold).

        ``facts`` are every stored article's facts when the caller has just read them (``self.facts()``)."""
        result = AnalysisResult()
        facts = self.facts() if facts is None else facts
        result.articles = self.with_derivations([f.article for f in facts], all_ids=True)
        for kind in _FACT_TYPES:
            setattr(result, kind, [x for f in facts for x in getattr(f, kind)])
        result.entities = self.entities()
        with self.engine.connect() as conn:
            result.stories = [from_dict(Story, r[0]) for r in conn.execute(select(s.stories.c.data).order_by(s.stories.c.id))]
            result.threads = [from_dict(Thread, r[0]) for r in conn.execute(select(s.threads.c.data).order_by(s.threads.c.id))]
            result.claim_groups = [from_dict(ClaimGroup, r[0]) for r in
                                   conn.execute(select(s.claim_groups.c.data).order_by(s.claim_groups.c.id))]
            result.quote_groups = [from_dict(QuoteGroup, r[0]) for r in
                                   conn.execute(select(s.quote_groups.c.data).order_by(s.quote_groups.c.id))]
            result.coverage = [r[0] for r in conn.execute(select(s.coverage.c.data).order_by(s.coverage.c.id))]
            result.errors = [InputError(r[0], r[1]) for r in
                             conn.execute(select(s.input_errors.c.source, s.input_errors.c.error))]
        result.corrections = self.corrections()
        return result


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    import sqlite3
    import time

    cur = dbapi_conn.cursor()
    # WAL is a property of the file, set once. Changing it needs a moment when no other connection holds a
    # lock, and SQLite then answers "database is locked" at once instead of waiting out the busy timeout
    # (four openers of a new file raced here), so the change is retried for up to ten seconds.
    for attempt in range(200):
        try:
            if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 199:
                raise
            time.sleep(0.05)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
