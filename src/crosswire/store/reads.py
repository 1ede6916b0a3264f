"""The store's read queries for the views: stories, threads, claim groups, lists and filters, search, vectors.

SQLAlchemy Core with every value a bound parameter; model records (or plain rows) out. ``Store`` mixes these in,
so views and grouping read through the store and never write SQL themselves.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import delete, func, insert, select

from ..model import Claim, ClaimGroup, Event, Framing, Mention, Quote, QuoteGroup, Story, Thread, TimeRef
from ..serialize import from_dict
from . import schema as s
from . import search
from .chunks import among

FACT_TYPES: dict[str, type] = {
    "mentions": Mention, "timerefs": TimeRef, "events": Event, "claims": Claim, "quotes": Quote, "framing": Framing,
}


class Reads:
    """Read queries over ``self.engine`` (a mixin of ``Store``)."""

    engine = None  # set by Store

    # -- stories, threads, groups ---------------------------------------------------------------------
    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        """Stories (all, or those of ``ids``), newest first."""
        q = select(s.stories.c.data).order_by(s.stories.c.date.desc(), s.stories.c.id)
        if ids is not None:
            q = q.where(s.stories.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return [from_dict(Story, r[0]) for r in conn.execute(q)]

    def threads(self, ids: Iterable[str] | None = None) -> list[Thread]:
        """Threads (all, or those of ``ids``)."""
        q = select(s.threads.c.data).order_by(s.threads.c.id)
        if ids is not None:
            q = q.where(s.threads.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return [from_dict(Thread, r[0]) for r in conn.execute(q)]

    def claim_groups(self, scopes: Iterable[str] | None = None) -> list[ClaimGroup]:
        """Claim groups of the given story/thread ids (all when None)."""
        q = select(s.claim_groups.c.data)
        # by id for the whole table; a scope's groups in the order they were written (compare's order)
        q = q.order_by(s.claim_groups.c.id) if scopes is None else q.where(s.claim_groups.c.scope.in_(list(scopes)))
        with self.engine.connect() as conn:
            return [from_dict(ClaimGroup, r[0]) for r in conn.execute(q)]

    def quote_groups(self, scopes: Iterable[str] | None = None, speaker: str | None = None) -> list[QuoteGroup]:
        """Quote groups of the given story ids and/or speaker entity (all when both are None)."""
        q = select(s.quote_groups.c.data).order_by(s.quote_groups.c.id)
        if scopes is not None:
            q = q.where(s.quote_groups.c.scope.in_(list(scopes)))
        if speaker is not None:
            q = q.where(s.quote_groups.c.speaker == speaker)
        with self.engine.connect() as conn:
            return [from_dict(QuoteGroup, r[0]) for r in conn.execute(q)]

    def coverage(self, scopes: Iterable[str]) -> list[dict]:
        """Coverage records of the given story/thread ids."""
        q = select(s.coverage.c.data).where(s.coverage.c.scope.in_(list(scopes))).order_by(s.coverage.c.id)
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def story_ids_of(self, article_ids: Iterable[str]) -> set[str]:
        """Ids of the stories holding any of ``article_ids``."""
        q = select(s.story_articles.c.story).where(s.story_articles.c.article.in_(list(article_ids)))
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(q)}

    def story_ids_like(self, prefix: str) -> list[str]:
        """Ids of the stories whose id, or one of whose article ids, starts with ``prefix``."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q = select(s.story_articles.c.story).where(
            s.story_articles.c.story.like(pattern, escape="\\") | s.story_articles.c.article.like(pattern, escape="\\"))
        qs = select(s.stories.c.id).where(s.stories.c.id.like(pattern, escape="\\"))
        with self.engine.connect() as conn:
            return sorted({r[0] for r in conn.execute(q)} | {r[0] for r in conn.execute(qs)})

    def verdict_counts(self, scopes: Iterable[str]) -> dict[str, Counter]:
        """scope -> Counter of verdict values of its claim groups."""
        counts: dict[str, Counter] = {x: Counter() for x in scopes}
        if counts:
            q = select(s.claim_groups.c.scope, s.claim_groups.c.verdict).where(s.claim_groups.c.scope.in_(list(counts)))
            with self.engine.connect() as conn:
                for scope, verdict in conn.execute(q):
                    counts[scope][verdict] += 1
        return counts

    def story_records(self, *, date_from: str = "", date_to: str = "", outlet: str = "", language: str = "",
                      entity: str = "", article_ids: Sequence[str] | None = None, limit: int = 500) -> list[dict]:
        """Stories as raw JSON records, newest first, filtered in SQL by date, outlet, language, entity and
        articles: the list must stay fast with tens of thousands of stories."""
        st, sa, ar = s.stories, s.story_articles, s.articles
        q = select(st.c.data).order_by(st.c.date.desc().nulls_last(), st.c.id).limit(limit)
        if date_from:
            q = q.where(func.substr(st.c.date, 1, 10) >= date_from)
        if date_to:
            q = q.where(func.substr(st.c.date, 1, 10) <= date_to)

        def via(cond, joined=ar, on=None):
            on = on if on is not None else ar.c.id == sa.c.article
            return st.c.id.in_(select(sa.c.story).join(joined, on).where(cond))

        if outlet:
            q = q.where(via(ar.c.outlet == outlet))
        if language:
            q = q.where(via(ar.c.language == language))
        if entity:
            q = q.where(via(s.mentions.c.entity == entity, s.mentions, s.mentions.c.article == sa.c.article))
        if article_ids is not None:
            q = q.where(st.c.id.in_(select(sa.c.story).where(sa.c.article.in_(list(article_ids)))))
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    # -- articles and facts ---------------------------------------------------------------------------
    def article_rows(self, ids: Sequence[str] | None = None, limit: int = 200) -> list[tuple]:
        """(id, title, outlet, language, published, first 400 characters, duplicate_of) of the articles of
        ``ids`` in that order, or of the ``limit`` newest."""
        a = s.articles
        cols = select(a.c.id, a.c.title, a.c.outlet, a.c.language, a.c.published, func.substr(a.c.text, 1, 400),
                      a.c.duplicate_of)
        if ids is not None:
            query = cols.where(a.c.id.in_(list(ids)))
        else:
            query = cols.order_by(a.c.published.desc().nulls_last(), a.c.id).limit(limit)
        with self.engine.connect() as conn:
            rows = {r[0]: tuple(r) for r in conn.execute(query)}
        order = ids if ids is not None else list(rows)
        return [rows[i] for i in order if i in rows]

    def article_ids_mentioning(self, entity_id: str) -> list[str]:
        """Ids of the articles with a mention of ``entity_id``."""
        q = select(s.mentions.c.article).where(s.mentions.c.entity == entity_id).distinct()
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def claims_of_measures(self, measures: Iterable[str]) -> list[Claim]:
        """Every stored claim on one of ``measures``."""
        q = select(s.claims.c.data).where(s.claims.c.measure.in_(list(measures)))
        with self.engine.connect() as conn:
            return [from_dict(Claim, r[0]) for r in conn.execute(q)]

    def all_of_kind(self, kind: str) -> list:
        """Every stored fact of one kind ("claims", "events"), in article order then position."""
        table, cls = s.FACT_TABLES[kind], FACT_TYPES[kind]
        order = {a: i for i, a in enumerate(self.article_order())}
        with self.engine.connect() as conn:
            out = [from_dict(cls, r[0]) for r in conn.execute(select(table.c.data))]
        return sorted(out, key=lambda x: (order.get(x.article, len(order)), x.article, x.start, x.end))

    def article_order(self, ids: Iterable[str] | None = None) -> list[str]:
        """Stored article ids (all, or those of ``ids``), oldest first (undated first), as ``Store.articles``
        orders them."""
        q = select(s.articles.c.id).order_by(s.articles.c.published.asc().nulls_first(), s.articles.c.id)
        if ids is not None:
            q = q.where(s.articles.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def story_of_articles(self) -> dict[str, str]:
        """article id -> the id of its story (the last by id when an article sits in several)."""
        q = select(s.story_articles.c.article, s.story_articles.c.story).order_by(s.story_articles.c.story)
        with self.engine.connect() as conn:
            return {a: st for a, st in conn.execute(q)}

    # -- menus ----------------------------------------------------------------------------------------
    def outlets_languages(self) -> tuple[list[str], list[str]]:
        """Distinct outlets and languages, for the filter menus."""
        with self.engine.connect() as conn:
            outlets = [r[0] for r in conn.execute(select(s.articles.c.outlet).distinct()) if r[0]]
            langs = [r[0] for r in conn.execute(select(s.articles.c.language).distinct()) if r[0]]
        return sorted(outlets), sorted(langs)

    def top_entity_ids(self, n: int = 200) -> list[str]:
        """Ids of the ``n`` most mentioned entities."""
        q = (select(s.mentions.c.entity, func.count()).group_by(s.mentions.c.entity)
             .order_by(func.count().desc(), s.mentions.c.entity).limit(n))
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    # -- full-text search -----------------------------------------------------------------------------
    def ensure_search_index(self) -> bool:
        """Create (or catch up) the full-text index; False when the database has none (substring fallback)."""
        return search.ensure_index(self.engine)

    def search_ids(self, query: str, limit: int = 100) -> list[str]:
        """Ids of the articles matching every word of ``query``, best first."""
        return search.search_ids(self.engine, query, limit=limit)

    # -- title+lead vectors, cached per model ---------------------------------------------------------
    def load_vectors(self, model: str, ids: Iterable[str] | None = None) -> dict[str, list[float]]:
        """Cached vectors of ``model`` by article id (float64 bytes, as ``Store.facts`` reads them); ``ids``: those
        articles only, any number."""
        q = select(s.embeddings.c.article, s.embeddings.c.vector).where(s.embeddings.c.model == model)
        with self.engine.connect() as conn:
            if ids is None:
                return {a: list(array("d", bytes(v))) for a, v in conn.execute(q)}
            return {a: list(array("d", bytes(v))) for a, v in conn.execute(
                q.where(among(conn, s.embeddings.c.article, ids)))}

    def save_vectors(self, model: str, vectors: Mapping[str, Sequence[float] | None]) -> None:
        """Replace the cached vectors of these articles with ``model``'s."""
        rows = [{"article": a, "model": model, "vector": array("d", v).tobytes()}
                for a, v in sorted(vectors.items()) if v is not None]
        if not rows:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(s.embeddings).where(among(conn, s.embeddings.c.article, [r["article"] for r in rows])))
            conn.execute(insert(s.embeddings), rows)
