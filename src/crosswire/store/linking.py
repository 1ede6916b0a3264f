"""The corpus-linking keys of stored mentions (a mixin of ``Store``): which (article, entity) units share a key,
so an incremental run finds the mentions its new articles can relink without reading the whole corpus."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from sqlalchemy import Text, cast, delete, exists, func, insert, select

from . import schema as s
from .chunks import among

Unit = tuple[str, str]  # (article, entity)


class LinkKeys:
    """Link keys over ``self.engine``."""

    engine = None  # set by Store

    def save_link_keys(self, articles: Sequence[str], rows: Sequence[dict[str, str]],
                       units: Sequence[dict[str, str]] = (), forms: Sequence[dict[str, str]] = ()) -> None:
        """Replace the keys of ``articles`` with ``rows`` ({"key", "article", "entity"}) and their units' forms
        with ``units`` ({"article", "entity", "form"}); add the keys of ``forms`` ({"form", "key"}: what a form's
        keys are never changes, so they are only added)."""
        rows = list({(r["key"], r["article"], r["entity"]): r for r in rows}.values())
        units = list({(r["article"], r["entity"]): r for r in units}.values())
        with self.engine.begin() as conn:
            if articles:
                conn.execute(delete(s.link_keys).where(among(conn, s.link_keys.c.article, articles)))
                conn.execute(delete(s.link_units).where(among(conn, s.link_units.c.article, articles)))
            for i in range(0, len(rows), 5000):
                conn.execute(insert(s.link_keys), rows[i:i + 5000])
            for i in range(0, len(units), 5000):
                conn.execute(insert(s.link_units), units[i:i + 5000])
            self._upsert(conn, s.link_form_keys, list({(r["form"], r["key"]): r for r in forms}.values()))

    def link_keys_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.link_keys)).scalar_one()

    def link_units_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.link_units)).scalar_one()

    def forms_with_keys(self, keys: Iterable[str]) -> dict[str, set[str]]:
        """Every form that carries one of ``keys``, with all of its keys."""
        forms: set[str] = set()
        with self.engine.connect() as conn:
            forms.update(r[0] for r in conn.execute(
                select(s.link_form_keys.c.form).where(among(conn, s.link_form_keys.c.key, keys))))
            out: dict[str, set[str]] = {f: set() for f in forms}
            q = select(s.link_form_keys.c.form, s.link_form_keys.c.key).where(among(conn, s.link_form_keys.c.form, forms))
            for f, k in conn.execute(q):
                out[f].add(k)
        return out

    def form_examples(self, forms: Iterable[str]) -> dict[str, str]:
        """form -> the first article (by id) holding a unit of it, for those of ``forms`` some article holds."""
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            q = select(s.link_units.c.form, func.min(s.link_units.c.article)).where(
                among(conn, s.link_units.c.form, forms)).group_by(s.link_units.c.form)
            out.update((f, a) for f, a in conn.execute(q))
        return out

    def forms_of(self, articles: Iterable[str]) -> dict[Unit, str]:
        """The form of every unit of ``articles``."""
        with self.engine.connect() as conn:
            return {(a, e): f for a, e, f in conn.execute(
                select(s.link_units.c.article, s.link_units.c.entity, s.link_units.c.form).where(
                    among(conn, s.link_units.c.article, articles)))}

    def units_of_forms(self, forms: Iterable[str]) -> dict[Unit, str]:
        """Every unit of one of ``forms``, with its form."""
        with self.engine.connect() as conn:
            return {(a, e): f for a, e, f in conn.execute(
                select(s.link_units.c.article, s.link_units.c.entity, s.link_units.c.form).where(
                    among(conn, s.link_units.c.form, forms)))}

    def unit_facts(self, articles: Iterable[str], units: Collection[Unit]) -> list:
        """``articles`` as ``Store.facts(articles, kinds=("mentions",))`` gives them, with only the mentions of
        ``units``: each article, the mentions of its units in ``units`` in the same order, and the entity records
        of every one of its mentions (units or not; by first row, not by place). What relinking reads of the articles it only consults: the
        other mentions' rows are read unparsed (their JSON is most of an article's facts) and dropped."""
        import json

        from ..model import ArticleFacts, Mention
        from ..serialize import from_dict

        articles = sorted(set(articles))
        if not articles:
            return []
        arts = self.articles(articles)
        t = s.mentions
        mentions: dict[str, list] = {a: [] for a in articles}
        named: dict[str, list[str]] = {a: [] for a in articles}
        with self.engine.connect() as conn:  # the rows facts() reads, in its order; the data as text
            for a, e, data in conn.execute(select(t.c.article, t.c.entity, cast(t.c.data, Text)).where(
                    among(conn, t.c.article, articles))):
                named[a].append(e)
                if (a, e) in units:
                    mentions[a].append(from_dict(Mention, json.loads(data)))
        records = {r.id: r for r in self.entities(sorted({e for es in named.values() for e in es if e}))}
        out = []
        for art in arts:
            ms = sorted(mentions[art.id], key=lambda m: (m.start, m.end))
            out.append(ArticleFacts(article=art, mentions=tuple(ms),
                                    entities=tuple(records[e] for e in dict.fromkeys(named[art.id]) if e in records)))
        return out

    def unused_entities(self, ids: Iterable[str]) -> list[str]:
        """Those of ``ids`` that no stored mention names."""
        ids = sorted(set(ids))
        used: set[str] = set()
        with self.engine.connect() as conn:
            used.update(r[0] for r in conn.execute(
                select(s.mentions.c.entity).where(among(conn, s.mentions.c.entity, ids)).distinct()))
        return [e for e in ids if e not in used]

    def drop_entities(self, ids: Sequence[str]) -> None:
        """Delete the entity records of ``ids`` that no mention names."""
        if not ids:
            return
        with self.engine.begin() as conn:
            named = exists().where(s.mentions.c.entity == s.entities.c.id)
            conn.execute(delete(s.entities).where(s.entities.c.id.in_(list(ids))).where(~named))
