"""The store's monitoring queries: watchlists, alerts (insert-or-ignore by their stable key), deliveries per
channel, the articles already looked at for alerts, digests sent, and the per-outlet reads of track records.

A mixin of ``Store`` like ``Reads``; SQLAlchemy Core with bound parameters only.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from sqlalchemy import and_, delete, func, insert, or_, select

from ..model import Alert, Article, Watchlist
from ..serialize import from_dict, to_dict
from . import schema as s


class MonitorReads:
    """Monitoring state over ``self.engine`` (a mixin of ``Store``; ``_upsert`` is the store's)."""

    engine = None  # set by Store

    # -- watchlists -----------------------------------------------------------------------------------
    def save_watchlist(self, w: Watchlist) -> None:
        with self.engine.begin() as conn:
            self._upsert(conn, s.watchlists, [{"id": w.id, "name": w.name, "data": to_dict(w)}])

    def watchlists(self, ids: Iterable[str] | None = None) -> list[Watchlist]:
        """Watchlists (all, or those of ``ids``), oldest first."""
        q = select(s.watchlists.c.data)
        if ids is not None:
            q = q.where(s.watchlists.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            out = [from_dict(Watchlist, r[0]) for r in conn.execute(q)]
        return sorted(out, key=lambda w: (w.created, w.id))

    def watchlist(self, ident: str) -> Watchlist | None:
        """The watchlist with this id (a unique prefix is enough)."""
        found = self.watchlists([ident])
        if not found:
            with self.engine.connect() as conn:
                rows = conn.execute(select(s.watchlists.c.data).where(
                    s.watchlists.c.id.like(_prefix(ident), escape="\\"))).all()
            found = [from_dict(Watchlist, rows[0][0])] if len(rows) == 1 else []
        return found[0] if found else None

    def delete_watchlist(self, ident: str) -> bool:
        """Remove a watchlist with its alerts and their deliveries; False when there is none."""
        with self.engine.begin() as conn:
            gone = conn.execute(delete(s.watchlists).where(s.watchlists.c.id == ident)).rowcount
            ids = select(s.alerts.c.id).where(s.alerts.c.watchlist == ident)
            conn.execute(delete(s.alert_deliveries).where(s.alert_deliveries.c.alert.in_(ids)))
            conn.execute(delete(s.alerts).where(s.alerts.c.watchlist == ident))
        return bool(gone)

    # -- what a run changed ---------------------------------------------------------------------------
    def unmonitored_ids(self) -> list[str]:
        """Ids of stored articles no alert pass has looked at yet (a run's new articles, and those of a run
        that stopped before its alerts), oldest first."""
        a, m = s.articles, s.monitor_seen
        # the unseen ids found by a scan of the articles' id index, then ordered: ordering first scanned every
        # article's row by publication date (0.13 CPU s a run at 50k stored articles)
        unseen = select(a.c.id).where(~select(m.c.article).where(m.c.article == a.c.id).exists())
        q = select(a.c.id).where(a.c.id.in_(unseen.scalar_subquery())).order_by(a.c.published.asc().nulls_first(),
                                                                                 a.c.id)
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def record_alerts(self, alerts: Sequence[Alert], looked_at: Sequence[str]) -> list[Alert]:
        """Store the alerts whose key is new and mark ``looked_at`` articles as seen, in one transaction;
        returns the alerts that were new (a key already stored is never raised again)."""
        now = time.time()
        with self.engine.begin() as conn:
            ids = sorted({x.id for x in alerts})
            have = {r[0] for r in conn.execute(select(s.alerts.c.id).where(s.alerts.c.id.in_(ids)))} if ids else set()
            fresh = list({x.id: x for x in alerts if x.id not in have}.values())
            if fresh:
                conn.execute(insert(s.alerts), [{"id": x.id, "watchlist": x.watchlist, "kind": x.kind,
                                                 "at": now, "data": to_dict(x)} for x in fresh])
            self._upsert(conn, s.monitor_seen, [{"article": a, "at": now} for a in dict.fromkeys(looked_at)])
        return fresh

    def alerts(self, watchlist: str | None = None, *, since: float | None = None, ids: Iterable[str] | None = None,
               limit: int | None = 500) -> list[Alert]:
        """Stored alerts, newest first (by when they were raised, then id)."""
        q = select(s.alerts.c.data).order_by(s.alerts.c.at.desc(), s.alerts.c.id)
        if watchlist is not None:
            q = q.where(s.alerts.c.watchlist == watchlist)
        if since is not None:
            q = q.where(s.alerts.c.at >= since)
        if ids is not None:
            q = q.where(s.alerts.c.id.in_(list(ids)))
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [from_dict(Alert, r[0]) for r in conn.execute(q)]

    def alert_times(self, ids: Iterable[str]) -> dict[str, float]:
        """alert id -> when it was raised (epoch seconds)."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(s.alerts.c.id, s.alerts.c.at).where(s.alerts.c.id.in_(list(ids)))).all())

    def arrived_since(self, since: float, until: float | None = None) -> list[str]:
        """Ids of the articles first looked at for alerts within [since, until]: what arrived in a window."""
        m = s.monitor_seen
        q = select(m.c.article).where(m.c.at >= since).order_by(m.c.at, m.c.article)
        if until is not None:
            q = q.where(m.c.at <= until)
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    # -- deliveries -----------------------------------------------------------------------------------
    def undelivered(self, watchlist: str, channel: str, max_attempts: int, limit: int = 200) -> list[Alert]:
        """A watchlist's alerts not yet sent on ``channel`` (a channel key), with fewer than ``max_attempts``
        failed tries, oldest first."""
        d = s.alert_deliveries
        q = (select(s.alerts.c.data)
             .outerjoin(d, and_(d.c.alert == s.alerts.c.id, d.c.channel == channel))
             .where(s.alerts.c.watchlist == watchlist)
             .where(or_(d.c.alert.is_(None), and_(d.c.status != "sent", d.c.attempts < max_attempts)))
             .order_by(s.alerts.c.at, s.alerts.c.id).limit(limit))
        with self.engine.connect() as conn:
            return [from_dict(Alert, r[0]) for r in conn.execute(q)]

    def save_delivery(self, alert: str, channel: str, ok: bool, error: str | None = None) -> None:
        """Record one delivery try (attempts count up; ``sent`` once it went through)."""
        d = s.alert_deliveries
        with self.engine.begin() as conn:
            row = conn.execute(select(d.c.attempts).where(d.c.alert == alert, d.c.channel == channel)).first()
            attempts = (row[0] if row else 0) + 1
            self._upsert(conn, d, [{"alert": alert, "channel": channel, "status": "sent" if ok else "failed",
                                    "attempts": attempts, "error": None if ok else (error or "")[:500],
                                    "at": time.time()}])

    def deliveries(self, alert_ids: Iterable[str]) -> dict[str, list[dict]]:
        """alert id -> its delivery records (channel, status, attempts, error, at)."""
        d = s.alert_deliveries
        out: dict[str, list[dict]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(select(d).where(d.c.alert.in_(list(alert_ids))).order_by(d.c.channel)):
                out.setdefault(r.alert, []).append({"channel": r.channel, "status": r.status,
                                                    "attempts": r.attempts, "error": r.error, "at": r.at})
        return out

    def digest_sent_at(self, key: str) -> float | None:
        with self.engine.connect() as conn:
            return conn.execute(select(s.digests_sent.c.at).where(s.digests_sent.c.key == key)).scalar()

    def mark_digest_sent(self, key: str, at: float) -> None:
        with self.engine.begin() as conn:
            self._upsert(conn, s.digests_sent, [{"key": key, "at": at}])

    # -- outlets --------------------------------------------------------------------------------------
    def outlet_rows(self) -> list[tuple[str, int, str | None, str | None]]:
        """(outlet, articles, first date, last date) of every named outlet, most articles first."""
        a = s.articles
        q = (select(a.c.outlet, func.count(), func.min(a.c.published), func.max(a.c.published))
             .where(a.c.outlet.is_not(None), a.c.duplicate_of.is_(None)).group_by(a.c.outlet)
             .order_by(func.count().desc(), a.c.outlet))
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(q)]

    def outlet_articles(self, outlet: str) -> list[Article]:
        """Every article of one outlet, oldest first."""
        q = (select(s.articles.c.data).where(s.articles.c.outlet == outlet)
             .order_by(s.articles.c.published.asc().nulls_first(), s.articles.c.id))
        with self.engine.connect() as conn:
            return [from_dict(Article, r[0]) for r in conn.execute(q)]

    def article_meta(self, ids: Iterable[str] | None) -> dict[str, tuple[str | None, str | None, str | None]]:
        """article id -> (outlet, language, published) without reading texts (every article when None)."""
        a = s.articles
        q = select(a.c.id, a.c.outlet, a.c.language, a.c.published)
        if ids is not None:
            ids = list(ids)
            if not ids:
                return {}
            q = q.where(a.c.id.in_(ids))
        with self.engine.connect() as conn:
            return {r[0]: (r[1], r[2], r[3]) for r in conn.execute(q)}

    def outlet_days(self) -> list[tuple[str, str, str, int]]:
        """(outlet, language, day, articles) for every named outlet and dated day: who was publishing when."""
        a = s.articles
        day = func.substr(a.c.published, 1, 10)
        q = (select(a.c.outlet, a.c.language, day, func.count())
             .where(a.c.outlet.is_not(None), a.c.published.is_not(None), a.c.duplicate_of.is_(None))
             .group_by(a.c.outlet, a.c.language, day))
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(q)]

    def story_articles_map(self) -> dict[str, list[str]]:
        """story id -> its article ids (every story)."""
        out: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for st, art in conn.execute(select(s.story_articles.c.story, s.story_articles.c.article)):
                out.setdefault(st, []).append(art)
        return out


def _prefix(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
