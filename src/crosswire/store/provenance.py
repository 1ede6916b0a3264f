"""The store's derivation records and cached sentence vectors (a mixin of ``Store``).

Derivations are computed over the whole corpus at every regroup (``group.derive``) and attached to articles as
``Article.derived_from`` whenever articles are read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import delete, insert, select

from ..model import Article, Derivation
from ..serialize import from_dict, to_dict
from . import schema as s


class ProvenanceStore:
    """Derivations and sentence vectors over ``self.engine``."""

    engine = None  # set by Store

    def replace_derivations(self, derivations: Mapping[str, Sequence[Derivation]]) -> None:
        """Replace every stored derivation (derived article id -> its sources)."""
        rows = [{"id": f"{aid}>{d.article or 'agency:' + (d.agency or '')}:{d.kind}"[:250], "article": aid,
                 "source": d.article, "kind": d.kind, "data": to_dict(d)}
                for aid, ds in derivations.items() for d in ds]
        rows = list({r["id"]: r for r in rows}.values())
        with self.engine.begin() as conn:
            conn.execute(delete(s.derivations))
            if rows:
                conn.execute(insert(s.derivations), rows)

    def derivations(self, ids: Iterable[str] | None = None) -> dict[str, list[Derivation]]:
        """Derived article id -> its sources, strongest first (of ``ids`` only when given)."""
        q = select(s.derivations.c.article, s.derivations.c.data).order_by(s.derivations.c.article, s.derivations.c.id)
        if ids is not None:
            q = q.where(s.derivations.c.article.in_(list(ids)))
        out: dict[str, list[Derivation]] = {}
        with self.engine.connect() as conn:
            for aid, data in conn.execute(q):
                out.setdefault(aid, []).append(from_dict(Derivation, data))
        return {a: sorted(ds, key=lambda d: -d.score) for a, ds in out.items()}

    def with_derivations(self, articles: Sequence[Article], all_ids: bool = False) -> list[Article]:
        """``articles`` with ``derived_from`` filled from the stored derivations."""
        if not articles:
            return list(articles)
        found = self.derivations(None if all_ids else [a.id for a in articles])
        return [dataclasses.replace(a, derived_from=tuple(found.get(a.id, ()))) for a in articles]

    def load_sentence_vectors(self, model: str) -> dict:
        """Cached sentence vectors of ``model``: article id -> float32 matrix (rows x dim)."""
        import numpy as np

        q = select(s.sentence_vectors.c.article, s.sentence_vectors.c.rows, s.sentence_vectors.c.vector).where(
            s.sentence_vectors.c.model == model)
        with self.engine.connect() as conn:
            return {a: np.frombuffer(bytes(v), dtype=np.float32).reshape(n, -1) if n else np.zeros((0, 1), np.float32)
                    for a, n, v in conn.execute(q)}

    def save_sentence_vectors(self, model: str, vectors: Mapping) -> None:
        """Store (replace) the sentence vectors of these articles for ``model``."""
        rows = [{"article": a, "model": model, "rows": int(m.shape[0]), "vector": m.astype("float32").tobytes()}
                for a, m in sorted(vectors.items())]
        if not rows:
            return
        with self.engine.begin() as conn:
            conn.execute(delete(s.sentence_vectors).where(s.sentence_vectors.c.article.in_([r["article"] for r in rows])))
            conn.execute(insert(s.sentence_vectors), rows)
