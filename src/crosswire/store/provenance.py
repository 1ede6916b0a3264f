"""The store's derivation records and cached sentence vectors (a mixin of ``Store``).

Derivations are computed over the whole corpus by a full regroup (``group.derive``), and by an incremental run for
the articles its changes touch (``group.derive_state``, from the state kept here); they are attached to articles as
``Article.derived_from`` whenever articles are read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import delete, exists, insert, select

from ..model import Article, Derivation
from ..serialize import from_dict, to_dict
from . import schema as s
from .chunks import among


class ProvenanceStore:
    """Derivations and sentence vectors over ``self.engine``."""

    engine = None  # set by Store

    def replace_derivations(self, derivations: Mapping[str, Sequence[Derivation]]) -> None:
        """Replace every stored derivation (derived article id -> its sources)."""
        rows = _derivation_rows(derivations)
        with self.engine.begin() as conn:
            conn.execute(delete(s.derivations))
            if rows:
                conn.execute(insert(s.derivations), rows)

    def replace_derivations_of(self, ids: Iterable[str], derivations: Mapping[str, Sequence[Derivation]]) -> None:
        """Replace the stored derivations of the derived articles ``ids`` alone."""
        ids = set(ids)
        rows = _derivation_rows({aid: ds for aid, ds in derivations.items() if aid in ids})
        with self.engine.begin() as conn:
            conn.execute(delete(s.derivations).where(among(conn, s.derivations.c.article, ids)))
            if rows:
                conn.execute(insert(s.derivations), rows)

    def derivations(self, ids: Iterable[str] | None = None) -> dict[str, list[Derivation]]:
        """Derived article id -> its sources, strongest first (of ``ids`` only when given)."""
        q = select(s.derivations.c.article, s.derivations.c.data).order_by(s.derivations.c.article, s.derivations.c.id)
        out: dict[str, list[Derivation]] = {}
        with self.engine.connect() as conn:
            for aid, data in conn.execute(q if ids is None else q.where(among(conn, s.derivations.c.article, ids))):
                out.setdefault(aid, []).append(from_dict(Derivation, data))
        return {a: sorted(ds, key=lambda d: -d.score) for a, ds in out.items()}

    def source_outlets(self, ids: Iterable[str]) -> dict[str, str | None]:
        """Outlet of each of ``ids`` that is stored and not a duplicate (what the independence of sources joins
        on)."""
        t = s.articles
        out: dict[str, str | None] = {}
        with self.engine.connect() as conn:
            out.update(conn.execute(select(t.c.id, t.c.outlet).where(among(conn, t.c.id, ids),
                                                                     t.c.duplicate_of.is_(None))).all())
        return out

    def with_derivations(self, articles: Sequence[Article], all_ids: bool = False) -> list[Article]:
        """``articles`` with ``derived_from`` filled from the stored derivations."""
        if not articles:
            return list(articles)
        found = self.derivations(None if all_ids else [a.id for a in articles])
        return [dataclasses.replace(a, derived_from=tuple(found.get(a.id, ()))) for a in articles]

    def load_sentence_vectors(self, model: str, ids: Iterable[str] | None = None) -> dict:
        """Per-article sentence vectors of ``model`` (as older stores kept them; runs now keep them by text, in
        ``text_vectors``): article id -> float32 matrix (rows x dim); of ``ids`` when given."""
        import numpy as np

        q = select(s.sentence_vectors.c.article, s.sentence_vectors.c.rows, s.sentence_vectors.c.vector).where(
            s.sentence_vectors.c.model == model)
        with self.engine.connect() as conn:
            if ids is not None:
                q = q.where(among(conn, s.sentence_vectors.c.article, ids))
            return {a: np.frombuffer(bytes(v), dtype=np.float32).reshape(n, -1) if n else np.zeros((0, 1), np.float32)
                    for a, n, v in conn.execute(q)}

    def save_sentence_vectors(self, model: str, vectors: Mapping) -> None:
        """Store (replace) the sentence vectors of these articles for ``model``."""
        rows = [{"article": a, "model": model, "rows": int(m.shape[0]), "vector": m.astype("float32").tobytes()}
                for a, m in sorted(vectors.items())]
        if not rows:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(s.sentence_vectors).where(among(conn, s.sentence_vectors.c.article,
                                                                [r["article"] for r in rows])))
            conn.execute(insert(s.sentence_vectors), rows)

    def sentence_vector_ids(self, model: str) -> set[str]:
        """The articles with per-article sentence vectors of ``model`` (as older stores kept them)."""
        t = s.sentence_vectors
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(t.c.article).where(t.c.model == model))}

    def drop_sentence_vectors(self, model: str, ids: Iterable[str]) -> None:
        """Drop the per-article sentence vectors of ``model`` of ``ids`` (once they are kept by their sentences'
        text)."""
        t = s.sentence_vectors
        with self.engine.begin() as conn:
            conn.execute(delete(t).where(t.c.model == model, among(conn, t.c.article, ids)))

    def load_text_vectors(self, keys: Iterable[str]) -> dict[str, bytes]:
        """Cached vectors of short texts by key (quotes: ``compare.quotes.CachedEmbed``; first sentences:
        ``group.translation.SentenceVectors``), as the bytes their writer kept."""
        t = s.text_vectors
        with self.engine.connect() as conn:
            return {k: bytes(v) for k, v in conn.execute(select(t.c.key, t.c.vector).where(among(conn, t.c.key, keys)))}

    def save_text_vectors(self, vectors: Mapping[str, bytes]) -> None:
        """Keep these text vectors (keys already kept are left as they are)."""
        if not vectors:
            return
        t = s.text_vectors
        with self.engine.begin() as conn:
            have = {r[0] for r in conn.execute(select(t.c.key).where(among(conn, t.c.key, vectors)))}
            rows = [{"key": k, "vector": v} for k, v in sorted(vectors.items()) if k not in have]
            if rows:
                conn.execute(insert(t), rows)

    # -- the state incremental derivation keeps (group.derive_state)

    def derive_meta(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(s.derive_meta.c.key, s.derive_meta.c.value)).all())

    def derive_article_ids(self, originals: bool = False) -> set[str]:
        """The articles the kept derivation state holds (the originals alone: not duplicates)."""
        q = select(s.derive_articles.c.article)
        if originals:
            q = q.where(s.derive_articles.c.shingles.is_not(None))
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(q)}

    def derive_originals(self, labels: Iterable[int]) -> dict[int, str]:
        """Vector index label (``articles.ann_label``) -> article id, of the originals the kept derivation state
        holds with one of ``labels``."""
        a, d = s.articles, s.derive_articles
        q = select(a.c.ann_label, a.c.id).join(d, d.c.article == a.c.id).where(d.c.shingles.is_not(None))
        with self.engine.connect() as conn:
            return {int(k): i for k, i in conn.execute(q.where(among(conn, a.c.ann_label, labels)))}

    def derive_gaps(self) -> tuple[set[str], bool, bool]:
        """(the stored articles the kept derivation state does not hold, whether it holds one no longer stored,
        whether it holds any): what a run checks the state by, with no read of every id."""
        a, d = s.articles, s.derive_articles
        with self.engine.connect() as conn:
            new = {r[0] for r in conn.execute(select(a.c.id).where(~exists().where(d.c.article == a.c.id)))}
            gone = conn.execute(select(d.c.article).where(~exists().where(a.c.id == d.c.article)).limit(1)).first()
            held = conn.execute(select(d.c.article).limit(1)).first()
        return new, gone is not None, held is not None

    def stored_of(self, ids: Iterable[str]) -> set[str]:
        """Those of ``ids`` that are stored articles."""
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(select(s.articles.c.id).where(among(conn, s.articles.c.id, ids)))}

    def derive_articles(self, ids: Iterable[str]) -> dict[str, tuple[str | None, frozenset[int]]]:
        """Article id -> (language, its word 4-gram hashes), of ``ids``."""
        import numpy as np

        t = s.derive_articles
        out = {}
        with self.engine.connect() as conn:
            q = select(t.c.article, t.c.language, t.c.shingles).where(among(conn, t.c.article, ids))
            for a, lang, blob in conn.execute(q):
                out[a] = (lang, frozenset(np.frombuffer(bytes(blob or b""), dtype=np.int64).tolist()))
        return out

    def derive_languages(self, ids: Iterable[str]) -> dict[str, str | None]:
        """Article id -> language, of the originals among ``ids``."""
        t = s.derive_articles
        q = select(t.c.article, t.c.language).where(t.c.shingles.is_not(None))
        with self.engine.connect() as conn:
            return dict(conn.execute(q.where(among(conn, t.c.article, ids))).all())

    def vector_ids(self, model: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` have a title+lead vector of ``model``."""
        e = s.embeddings
        q = select(e.c.article).where(e.c.model == model)
        with self.engine.connect() as conn:
            return {r[0] for r in conn.execute(q.where(among(conn, e.c.article, ids)))}

    def outlets_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Article id -> outlet, of those of ``ids`` that name one."""
        a = s.articles
        q = select(a.c.id, a.c.outlet).where(a.c.outlet.is_not(None))
        with self.engine.connect() as conn:
            return dict(conn.execute(q.where(among(conn, a.c.id, ids))).all())

    def derive_df(self, shingles: Iterable[int]) -> dict[int, int]:
        """4-gram hash -> how many originals have it, for those two or more originals have."""
        t = s.derive_df
        with self.engine.connect() as conn:
            return dict(conn.execute(select(t.c.shingle, t.c.n).where(among(conn, t.c.shingle, shingles))).all())

    def derive_postings(self, shingles: Iterable[int]) -> dict[int, set[str]]:
        """4-gram hash -> the originals that have it (kept for the rare ones only)."""
        t = s.derive_postings
        out: dict[int, set[str]] = {}
        with self.engine.connect() as conn:
            for h, a in conn.execute(select(t.c.shingle, t.c.article).where(among(conn, t.c.shingle, shingles))):
                out.setdefault(h, set()).add(a)
        return out

    def derive_near(self, ids: Iterable[str]) -> dict[str, list[tuple[str, float]]]:
        """Article id -> its nearest vectors in other languages [(article, cosine)], closest first."""
        t = s.derive_near
        out: dict[str, list[tuple[str, float]]] = {}
        with self.engine.connect() as conn:
            for a, n, c in conn.execute(select(t.c.article, t.c.near, t.c.cos).where(among(conn, t.c.article, ids))):
                out.setdefault(a, []).append((n, c))
        return {a: sorted(v, key=lambda x: (-x[1], x[0])) for a, v in out.items()}

    def derive_near_to(self, ids: Iterable[str]) -> dict[str, set[str]]:
        """Article id -> the articles that have it among their nearest vectors in other languages."""
        t = s.derive_near
        out: dict[str, set[str]] = {}
        with self.engine.connect() as conn:
            for a, n in conn.execute(select(t.c.article, t.c.near).where(among(conn, t.c.near, ids))):
                out.setdefault(n, set()).add(a)
        return out

    def save_derive_state(self, *, full: bool, meta: Mapping[str, str],
                          articles: Mapping[str, tuple[str | None, Iterable[int]]], df: Mapping[int, int],
                          postings: Iterable[tuple[int, str]], drop_postings: Iterable[int],
                          near: Mapping[str, Sequence[tuple[str, float]]]) -> None:
        """Write the kept derivation state: ``full`` replaces all of it, else these rows are added or replaced
        (``df`` counts and ``near`` lists replace those of their keys; postings of ``drop_postings`` go).
        ``articles``: id -> (language, 4-gram hashes), the hashes None for a duplicate."""
        import numpy as np

        arts = [(a, lang, None if sh is None else np.asarray(sorted(sh), dtype=np.int64).tobytes())
                for a, (lang, sh) in sorted(articles.items())]
        dfs = sorted(df.items())
        posts = sorted(set(postings))
        nears = [(a, n, c) for a, lst in sorted(near.items()) for n, c in lst]
        with self.engine.begin() as conn:
            if full:
                for t in (s.derive_meta, s.derive_articles, s.derive_df, s.derive_postings, s.derive_near):
                    conn.execute(delete(t))
            else:
                conn.execute(delete(s.derive_meta).where(s.derive_meta.c.key.in_(list(meta))))
                for table, col, keys in ((s.derive_articles, "article", articles), (s.derive_df, "shingle", df),
                                         (s.derive_postings, "shingle", drop_postings),
                                         (s.derive_near, "article", near)):
                    keys = list(keys)
                    if keys:
                        conn.execute(delete(table).where(among(conn, table.c[col], keys)))
            for table, rows in ((s.derive_meta, sorted(meta.items())), (s.derive_articles, arts), (s.derive_df, dfs),
                                (s.derive_postings, posts), (s.derive_near, nears)):
                _bulk_insert(conn, table, rows)


def _derivation_rows(derivations: Mapping[str, Sequence[Derivation]]) -> list[dict]:
    """Rows of the derivations table, one per (derived article, source, kind)."""
    rows = [{"id": f"{aid}>{d.article or 'agency:' + (d.agency or '')}:{d.kind}"[:250], "article": aid,
             "source": d.article, "kind": d.kind, "data": to_dict(d)}
            for aid, ds in derivations.items() for d in ds]
    return list({r["id"]: r for r in rows}.values())


def _bulk_insert(conn, table, rows: Sequence[tuple]) -> None:
    """Insert ``rows`` (tuples in the table's column order): on SQLite straight through the driver's executemany
    (hundreds of thousands of 4-gram postings in a full derivation: SQLAlchemy's per-row work doubled the time),
    on PostgreSQL through psycopg's COPY in the same transaction (a run's 4-gram postings: 0.2 s of batched
    inserts), elsewhere through SQLAlchemy's batched insert."""
    if not rows:
        return
    names = [c.name for c in table.columns]
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                             list(rows))
        return
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg":
        with conn.connection.driver_connection.cursor() as cur, \
                cur.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(r)
        return
    for k in range(0, len(rows), 5000):
        conn.execute(insert(table), [dict(zip(names, r, strict=True)) for r in rows[k:k + 5000]])
