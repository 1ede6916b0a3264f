"""What incremental grouping keeps with the store (``group/incremental.py``): per article its nearest-vector list
and top entities, every scored article pair's margin, each story with its entity weights. Mixed into ``Store``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select

from . import schema as s
from .chunks import chunks as _chunks


class GroupingState:
    """The incremental grouping state (a mixin of ``Store``: ``self.engine`` and ``_upsert`` are the store's)."""

    engine: Any

    def group_meta(self) -> dict[str, str]:
        """What the state was computed with (model, parameters) and small corpus-wide facts (disputed dates)."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(s.group_meta.c.key, s.group_meta.c.value)).all())

    def group_changes(self) -> tuple[set[str], set[str]] | None:
        """(the stored articles, not duplicates, that the grouping state does not hold yet; the ones it holds that
        are no longer such), by anti-join rather than every id; None when the state holds no article."""
        g, a = s.group_articles, s.articles
        with self.engine.connect() as conn:
            if conn.execute(select(g.c.article).limit(1)).first() is None:
                return None
            # both read the index of the originals (``ix_articles_live``) and the state's keys, not the articles'
            # rows: a scan of the rows cost 0.2 CPU s a run at 50k stored articles
            held = select(g.c.article).where(g.c.article == a.c.id).exists()
            new = {r[0] for r in conn.execute(select(a.c.id).where(a.c.duplicate_of.is_(None), ~held))}
            removed = {r[0] for r in conn.execute(select(g.c.article).select_from(
                g.outerjoin(a, and_(a.c.id == g.c.article, a.c.duplicate_of.is_(None)))).where(a.c.id.is_(None)))}
        return new, removed

    def group_articles(self, ids: Collection[str]) -> dict[str, dict]:
        """The kept state of the given articles (nearest-vector list, the last hit's cosine)."""
        out: dict[str, dict] = {}
        with self.engine.connect() as conn:
            for part in _chunks(ids):
                q = select(s.group_articles.c.article, s.group_articles.c.data).where(
                    s.group_articles.c.article.in_(part))
                out.update({a: d for a, d in conn.execute(q)})
        return out

    def group_dated_near(self, lo: int, hi: int) -> dict[str, tuple[int, int, float | None]]:
        """The grouped articles whose date window (day ordinals) comes within [lo, hi]: (first day, last day, the
        cosine a new vector must reach to enter the article's nearest list, None when any enters)."""
        g = s.group_articles
        q = select(g.c.article, g.c.day_lo, g.c.day_hi, g.c.near_last).where(g.c.day_hi >= lo, g.c.day_lo <= hi)
        with self.engine.connect() as conn:
            return {a: (int(x), int(y), None if m is None else float(m)) for a, x, y, m in conn.execute(q)}

    def group_entities_of(self, ids: Collection[str]) -> dict[str, set[str]]:
        """Top entities of each given article."""
        out: dict[str, set[str]] = {a: set() for a in ids}
        with self.engine.connect() as conn:
            for part in _chunks(ids):
                q = select(s.group_entities.c.article, s.group_entities.c.entity).where(
                    s.group_entities.c.article.in_(part))
                for a, e in conn.execute(q):
                    out[a].add(e)
        return out

    def group_postings(self, entities: Collection[str], cap: int | None) -> dict[str, set[str] | int]:
        """For each entity, the articles naming it among their top entities, or only their count when more
        than ``cap`` do (None: always the articles)."""
        out: dict[str, set[str] | int] = {}
        with self.engine.connect() as conn:
            for part in _chunks(entities):
                q = select(s.group_entities.c.entity, func.count()).where(
                    s.group_entities.c.entity.in_(part)).group_by(s.group_entities.c.entity)
                counts = dict(conn.execute(q).all())
                small = [e for e in part if cap is None or counts.get(e, 0) <= cap]
                out.update({e: counts.get(e, 0) for e in part if e not in small})
                out.update({e: set() for e in small})
                if small:
                    q = select(s.group_entities.c.entity, s.group_entities.c.article).where(
                        s.group_entities.c.entity.in_(small))
                    for e, a in conn.execute(q):
                        out[e].add(a)
        return out

    def group_pairs_touching(self, ids: Collection[str]) -> dict[tuple[str, str], tuple[float | None, bool]]:
        """Every kept pair with an end among ``ids``: (a, b) with a < b -> (margin or None, is a candidate)."""
        out: dict[tuple[str, str], tuple[float | None, bool]] = {}
        t = s.group_pairs
        with self.engine.connect() as conn:
            for part in _chunks(ids):
                q = select(t.c.a, t.c.b, t.c.margin, t.c.candidate).where(or_(t.c.a.in_(part), t.c.b.in_(part)))
                out.update({(a, b): (m, bool(c)) for a, b, m, c in conn.execute(q)})
        return out

    def live_article_ids(self) -> set[str]:
        """Ids of the stored articles that are not duplicates (what grouping groups)."""
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(s.articles.c.id).where(s.articles.c.duplicate_of.is_(None)))}

    def live_of(self, ids: Collection[str]) -> set[str]:
        """Those of ``ids`` that are stored articles and not duplicates."""
        a = s.articles
        with self.engine.connect() as conn:
            return {r[0] for part in _chunks(ids) for r in conn.execute(
                select(a.c.id).where(a.c.id.in_(part), a.c.duplicate_of.is_(None)))}

    def live_of_labels(self, labels: Iterable[int], *, live: bool = True) -> dict[int, str]:
        """Vector index label -> article id, of those of ``labels`` that are stored articles (not duplicates,
        unless ``live`` is false)."""
        from .chunks import among

        a = s.articles
        with self.engine.connect() as conn:
            q = select(a.c.ann_label, a.c.id).where(among(conn, a.c.ann_label, labels))
            if live:
                q = q.where(a.c.duplicate_of.is_(None))
            return {int(k): i for k, i in conn.execute(q)}

    def article_outlets(self) -> dict[str, str | None]:
        """Outlet of every stored article that is not a duplicate (what the independence of sources joins on)."""
        q = select(s.articles.c.id, s.articles.c.outlet).where(s.articles.c.duplicate_of.is_(None))
        with self.engine.connect() as conn:
            return dict(conn.execute(q).all())

    def group_event_rows(self, *, keys: Collection[str] | None = None, articles: Collection[str] | None = None,
                         main: int | None = None) -> list[tuple[str, str, int, dict]]:
        """Kept event rows (key, article, main, event record) with a key among ``keys`` or of ``articles``."""
        t = s.group_events
        out: list[tuple[str, str, int, dict]] = []
        col, ids = (t.c.key, keys) if keys is not None else (t.c.article, articles or ())
        with self.engine.connect() as conn:
            for part in _chunks(ids):
                q = select(t.c.key, t.c.article, t.c.main, t.c.data).where(col.in_(part))
                if main is not None:
                    q = q.where(t.c.main == main)
                out.extend((k, a, int(m), d) for k, a, m, d in conn.execute(q))
        return sorted(out, key=lambda r: (r[0], r[1], r[2], r[3].get("id", "")))

    def group_stories(self, ids: Collection[str] | None = None) -> dict[str, dict]:
        """Every kept story (or those of ``ids``): ``{"story": its record, "entities": weights}``."""
        t = s.group_stories
        with self.engine.connect() as conn:
            if ids is None:
                return dict(conn.execute(select(t.c.story, t.c.data)).all())
            return {k: d for part in _chunks(ids) for k, d in conn.execute(select(t.c.story, t.c.data)
                                                                           .where(t.c.story.in_(part)))}

    def group_story_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(s.group_stories)).scalar_one())

    def group_stories_of(self, articles: Collection[str]) -> dict[str, str]:
        """The kept story of each of ``articles`` that one holds."""
        t = s.group_story_articles
        with self.engine.connect() as conn:
            return {a: k for part in _chunks(articles) for k, a in conn.execute(
                select(t.c.story, t.c.article).where(t.c.article.in_(part)))}

    def group_story_postings(self, entities: Collection[str]) -> dict[str, set[str]]:
        """For each of ``entities``, the kept stories that have it among their top entities."""
        t = s.group_story_entities
        out: dict[str, set[str]] = {e: set() for e in entities}
        with self.engine.connect() as conn:
            for part in _chunks(entities):
                for e, k in conn.execute(select(t.c.entity, t.c.story).where(t.c.entity.in_(part))):
                    out[e].add(k)
        return out

    def thread_pairs_touching(self, ids: Collection[str]) -> dict[tuple[str, str], float]:
        """Kept scored story pairs with an end among ``ids``: (earlier, later) -> margin."""
        out: dict[tuple[str, str], float] = {}
        t = s.group_thread_pairs
        with self.engine.connect() as conn:
            for part in _chunks(set(ids)):
                q = select(t.c.a, t.c.b, t.c.margin).where(or_(t.c.a.in_(part), t.c.b.in_(part)))
                out.update({(a, b): m for a, b, m in conn.execute(q)})
        return out

    def thread_pairs_into(self, ids: Collection[str]) -> dict[tuple[str, str], float]:
        """Kept scored story pairs whose later story is among ``ids``: (earlier, later) -> margin (answered from the
        covering index (b, a, margin))."""
        return self._thread_pairs_by(s.group_thread_pairs.c.b, ids)

    def thread_pairs_from(self, ids: Collection[str]) -> list[tuple[str, str]]:
        """Kept scored story pairs (earlier, later) whose earlier story is among ``ids``."""
        t = s.group_thread_pairs
        with self.engine.connect() as conn:
            return [(a, b) for part in _chunks(ids) for a, b in conn.execute(select(t.c.a, t.c.b).where(t.c.a.in_(part)))]

    def thread_pairs_out(self, ids: Collection[str]) -> dict[tuple[str, str], float]:
        """Kept scored story pairs whose earlier story is among ``ids``: (earlier, later) -> margin."""
        return self._thread_pairs_by(s.group_thread_pairs.c.a, ids)

    def _thread_pairs_by(self, column, ids: Collection[str]) -> dict[tuple[str, str], float]:
        """Kept scored story pairs with ``column`` (an end of ``group_thread_pairs``) among ``ids``, in one
        statement: (earlier, later) -> margin."""
        from .chunks import among

        t = s.group_thread_pairs
        if not ids:
            return {}
        with self.engine.connect() as conn:
            return {(a, b): m for a, b, m in conn.execute(select(t.c.a, t.c.b, t.c.margin)
                                                          .where(among(conn, column, ids)))}

    def thread_stories(self) -> dict[str, tuple[str, str]]:
        """Every kept story's (listing date, thread: its first story's id)."""
        t = s.group_thread_stories
        with self.engine.connect() as conn:
            return {a: (d, th) for a, d, th in conn.execute(select(t.c.story, t.c.listed, t.c.thread))}

    def _save_thread_state(self, conn, full: bool, threads: Mapping[str, Any]) -> None:
        """``threads``: ``gone`` (pairs removed), ``dropped`` (stories whose every pair and row goes), ``pairs``
        ((a, b) -> margin, written), ``stories`` (story -> (listing date, thread), rewritten); ``full``: all of it."""
        tp, ts = s.group_thread_pairs, s.group_thread_stories
        if full or threads.get("full"):
            conn.execute(delete(tp))
            conn.execute(delete(ts))
        else:
            dropped = set(threads["dropped"])
            for part in _chunks(dropped):
                conn.execute(delete(tp).where(or_(tp.c.a.in_(part), tp.c.b.in_(part))))
            _delete_pairs(conn, tp, set(threads["gone"]) - set(threads["pairs"]))
            for part in _chunks(dropped | set(threads["stories"])):
                conn.execute(delete(ts).where(ts.c.story.in_(part)))
        rows = [{"a": a, "b": b, "margin": m} for (a, b), m in sorted(threads["pairs"].items())]
        if rows and (full or threads.get("full")):
            conn.execute(insert(tp), rows)
        elif rows:  # a scored pair may be kept already: written over in place (no delete first)
            self._upsert(conn, tp, rows)
        if threads["stories"]:
            conn.execute(insert(ts), [{"story": k, "listed": d, "thread": th}
                                      for k, (d, th) in sorted(threads["stories"].items())])

    def save_group_state(self, *, full: bool, meta: Mapping[str, str], articles: Mapping[str, dict],
                         entities: Mapping[str, Collection[str]], pairs_of: Collection[str],
                         pairs: Mapping[tuple[str, str], tuple[float | None, bool]],
                         drop_stories: Collection[str], stories: Mapping[str, dict],
                         removed: Collection[str] = (), events_of: Collection[str] = (),
                         events: Iterable[tuple[str, str, int, dict]] = (),
                         pair_rows: Mapping[tuple[str, str], tuple[float | None, bool] | None] | None = None,
                         threads: Mapping[str, Any] | None = None) -> None:
        """Write the state in one transaction. ``full``: replace everything; else rewrite the given articles' rows,
        their entities, every pair touching ``pairs_of`` (with ``pairs``), the given stories, the event rows of
        ``events_of`` (with ``events``: (key, article, main, event record)), and the single pairs ``pair_rows``
        (a pair's new row, None: removed); ``threads``: the thread state's changes (``_save_thread_state``)."""
        with self.engine.begin() as conn:
            if full:
                for table in (s.group_meta, s.group_articles, s.group_entities, s.group_pairs, s.group_stories,
                              s.group_story_articles, s.group_story_entities, s.group_events,
                              s.group_thread_pairs, s.group_thread_stories):
                    conn.execute(delete(table))
            else:
                conn.execute(delete(s.group_meta))
                gone = set(articles) | set(removed)
                for part in _chunks(gone):
                    conn.execute(delete(s.group_articles).where(s.group_articles.c.article.in_(part)))
                for part in _chunks(set(entities) | set(removed)):
                    conn.execute(delete(s.group_entities).where(s.group_entities.c.article.in_(part)))
                t = s.group_pairs
                for part in _chunks(set(pairs_of) | set(removed)):
                    conn.execute(delete(t).where(or_(t.c.a.in_(part), t.c.b.in_(part))))
                for part in _chunks(set(drop_stories) | set(stories)):
                    for table in (s.group_stories, s.group_story_articles, s.group_story_entities):
                        conn.execute(delete(table).where(table.c.story.in_(part)))
                for part in _chunks(set(events_of) | set(removed)):
                    conn.execute(delete(s.group_events).where(s.group_events.c.article.in_(part)))
                if pair_rows:  # removed pairs deleted, the others written over in place
                    pairs = {p: d for p, d in pairs.items() if p not in pair_rows}
                    _delete_pairs(conn, t, [p for p, d in pair_rows.items() if d is None])
                    self._upsert(conn, t, [{"a": a, "b": b, "margin": m, "candidate": int(c)}
                                           for (a, b), d in sorted(pair_rows.items()) if d is not None
                                           for m, c in [d]])
            if meta:
                conn.execute(insert(s.group_meta), [{"key": k, "value": v} for k, v in sorted(meta.items())])
            if articles:
                conn.execute(insert(s.group_articles), [_article_row(a, d) for a, d in sorted(articles.items())])
            rows = [{"entity": e, "article": a} for a, es in sorted(entities.items()) for e in sorted(es)]
            if rows:
                conn.execute(insert(s.group_entities), rows)
            if pairs:
                conn.execute(insert(s.group_pairs), [{"a": a, "b": b, "margin": m, "candidate": int(c)}
                                                     for (a, b), (m, c) in sorted(pairs.items())])
            if stories:
                conn.execute(insert(s.group_stories), [{"story": k, "data": d} for k, d in sorted(stories.items())])
                conn.execute(insert(s.group_story_articles), [
                    {"story": k, "article": a} for k, d in sorted(stories.items())
                    for a in dict.fromkeys(d["story"].get("articles") or ())])
                from ..group.threads import heaviest

                top = [{"entity": e, "story": k} for k, d in sorted(stories.items()) for e in heaviest(d["entities"])]
                if top:
                    conn.execute(insert(s.group_story_entities), top)
            rows = [{"key": k, "article": a, "event": d.get("id", ""), "main": m, "data": d} for k, a, m, d in events]
            if rows:
                conn.execute(insert(s.group_events), rows)
            if threads is not None:
                self._save_thread_state(conn, full, threads)


def _article_row(article: str, d: Mapping[str, Any]) -> dict[str, Any]:
    """An article's grouping row: its record, and its date window and list entry cosine as indexed columns."""
    lo, hi = d.get("window") or (None, None)
    return {"article": article, "data": d, "day_lo": lo, "day_hi": hi, "near_last": d.get("last")}


def _delete_pairs(conn, table, pairs: Iterable[tuple[str, str]]) -> None:
    """Delete the rows of ``table`` (columns a, b) for each of ``pairs``, one executemany."""
    rows = [{"pa": a, "pb": b} for a, b in sorted(pairs)]
    if rows:
        conn.execute(delete(table).where(table.c.a == bindparam("pa"), table.c.b == bindparam("pb")), rows)
