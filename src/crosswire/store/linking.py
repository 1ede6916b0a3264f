"""The corpus-linking keys of stored mentions (a mixin of ``Store``): which (article, entity) units share a key,
so an incremental run finds the mentions its new articles can relink without reading the whole corpus."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, exists, func, insert, select

from . import schema as s
from .chunks import chunks

Unit = tuple[str, str]  # (article, entity)


class LinkKeys:
    """Link keys over ``self.engine``."""

    engine = None  # set by Store

    def save_link_keys(self, articles: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
        """Replace the keys of ``articles`` with ``rows`` ({"key", "article", "entity"})."""
        rows = list({(r["key"], r["article"], r["entity"]): r for r in rows}.values())
        with self.engine.begin() as conn:
            for part in chunks(articles):
                conn.execute(delete(s.link_keys).where(s.link_keys.c.article.in_(part)))
            for i in range(0, len(rows), 5000):
                conn.execute(insert(s.link_keys), rows[i:i + 5000])

    def link_keys_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.link_keys)).scalar_one()

    def units_with_keys(self, keys: Iterable[str]) -> dict[Unit, set[str]]:
        """Every unit that carries one of ``keys``, with all of its keys."""
        units: set[Unit] = set()
        with self.engine.connect() as conn:
            for part in chunks(keys):
                q = select(s.link_keys.c.article, s.link_keys.c.entity).where(s.link_keys.c.key.in_(part))
                units.update((a, e) for a, e in conn.execute(q))
            out: dict[Unit, set[str]] = {u: set() for u in units}
            for part in chunks(a for a, _ in units):
                q = select(s.link_keys.c.key, s.link_keys.c.article, s.link_keys.c.entity).where(
                    s.link_keys.c.article.in_(part))
                for k, a, e in conn.execute(q):
                    if (a, e) in out:
                        out[(a, e)].add(k)
        return out

    def unused_entities(self, ids: Iterable[str]) -> list[str]:
        """Those of ``ids`` that no stored mention names."""
        ids = sorted(set(ids))
        used: set[str] = set()
        with self.engine.connect() as conn:
            for part in chunks(ids):
                q = select(s.mentions.c.entity).where(s.mentions.c.entity.in_(part)).distinct()
                used.update(r[0] for r in conn.execute(q))
        return [e for e in ids if e not in used]

    def drop_entities(self, ids: Sequence[str]) -> None:
        """Delete the entity records of ``ids`` that no mention names."""
        if not ids:
            return
        with self.engine.begin() as conn:
            named = exists().where(s.mentions.c.entity == s.entities.c.id)
            conn.execute(delete(s.entities).where(s.entities.c.id.in_(list(ids))).where(~named))
