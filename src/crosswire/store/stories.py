"""What the store keeps for stories beyond their rows: users' corrections, redirects from retired story ids,
and the persisted nearest-neighbour index of article vectors. Mixed into ``Store``."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select

from . import schema as s

MAX_HOPS = 16


class StoryState:
    """Corrections, redirects and the vector index (``self.engine`` is the store's engine)."""

    engine: Any

    # -- corrections ------------------------------------------------------------------------------------
    def add_correction(self, action: str, data: Mapping[str, Any]) -> int:
        """Record one user correction (``split`` or ``merge``); replayed in order at every regroup."""
        with self.engine.begin() as conn:
            res = conn.execute(insert(s.story_corrections).values(at=time.time(), action=action, data=dict(data)))
            return int(res.inserted_primary_key[0])

    def corrections(self) -> list[dict[str, Any]]:
        """Every correction, oldest first: ``{"id", "at", "action", **data}``."""
        q = select(s.story_corrections.c.id, s.story_corrections.c.at, s.story_corrections.c.action,
                   s.story_corrections.c.data).order_by(s.story_corrections.c.id)
        with self.engine.connect() as conn:
            return [{"id": i, "at": at, "action": action, **(data or {})} for i, at, action, data in conn.execute(q)]

    # -- story ids ----------------------------------------------------------------------------------------
    def story_members(self) -> dict[str, list[str]]:
        """Article ids of every stored story."""
        out: dict[str, list[str]] = {}
        q = select(s.story_articles.c.story, s.story_articles.c.article).order_by(s.story_articles.c.story)
        with self.engine.connect() as conn:
            for story, article in conn.execute(q):
                out.setdefault(story, []).append(article)
        return out

    def _redirect(self, conn, old: Mapping[str, Sequence[str]], new: Mapping[str, Sequence[str]]) -> None:
        """Point every retired story id at the new story holding most of its articles."""
        story_of = {a: sid for sid, arts in new.items() for a in arts}
        now = time.time()
        moved: dict[str, str] = {}
        for sid, arts in old.items():
            if sid in new:
                continue
            votes: dict[str, int] = {}
            for a in arts:
                if a in story_of:
                    votes[story_of[a]] = votes.get(story_of[a], 0) + 1
            if votes:
                moved[sid] = min(votes, key=lambda t: (-votes[t], t))
        rows = conn.execute(select(s.story_redirects.c.old, s.story_redirects.c.new)).all()
        conn.execute(delete(s.story_redirects).where(s.story_redirects.c.old.in_(list(new))))  # live again
        for o, n in rows:  # older redirects into an id retired now follow it on
            if n in moved and o not in new:
                conn.execute(s.story_redirects.update().where(s.story_redirects.c.old == o).values(new=moved[n]))
        if moved:
            conn.execute(delete(s.story_redirects).where(s.story_redirects.c.old.in_(list(moved))))
            conn.execute(insert(s.story_redirects), [{"old": o, "new": n, "at": now} for o, n in sorted(moved.items())])

    def resolve_story(self, story_id: str) -> str | None:
        """The live id for ``story_id``: itself, or where redirects from a retired id lead (None: unknown)."""
        with self.engine.connect() as conn:
            current = story_id
            for _ in range(MAX_HOPS):
                if conn.execute(select(s.stories.c.id).where(s.stories.c.id == current)).first():
                    return current
                row = conn.execute(select(s.story_redirects.c.new).where(s.story_redirects.c.old == current)).first()
                if row is None:
                    return None
                current = row[0]
        return None

    def redirects(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(s.story_redirects.c.old, s.story_redirects.c.new)).all())

    # -- the vector index -----------------------------------------------------------------------------------
    # one row per model holds the whole index; a run's new vectors go into a small delta row of their own
    # ("<model>#delta<n>", labels then vectors), replayed in order on load, until ``group.cache`` folds them in
    def load_ann(self, model: str) -> tuple[int, bytes, list[tuple[int, bytes]]] | None:
        """(dim, bytes of the saved index, its deltas in order as (count, bytes)) for ``model``."""
        t = s.ann_index
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.dim, t.c.blob).where(t.c.model == model)).first()
            if not row:
                return None
            q = select(t.c.count, t.c.blob).where(t.c.model.startswith(_delta(model), autoescape=True)).order_by(
                t.c.model)
            deltas = [(int(n), bytes(b)) for n, b in conn.execute(q)]
        return int(row[0]), bytes(row[1]), deltas

    def ann_mark(self, model: str) -> tuple | None:
        """What ``model``'s saved index is, without its bytes: (dim, vectors, bytes) of the index and (name,
        vectors, bytes) of each delta, in order (None: none saved); any write changes it."""
        t = s.ann_index
        size = func.length(t.c.blob)
        with self.engine.connect() as conn:
            row = conn.execute(select(t.c.dim, t.c.count, size).where(t.c.model == model)).first()
            if not row:
                return None
            deltas = conn.execute(select(t.c.model, t.c.count, size).where(
                t.c.model.startswith(_delta(model), autoescape=True)).order_by(t.c.model)).all()
        return tuple(row), tuple(tuple(d) for d in deltas)

    def save_ann(self, model: str, dim: int, count: int, blob: bytes) -> None:
        """Replace ``model``'s index (and its deltas) with ``blob``."""
        t = s.ann_index
        with self.engine.begin() as conn:
            conn.execute(delete(t).where(t.c.model == model))
            conn.execute(delete(t).where(t.c.model.startswith(_delta(model), autoescape=True)))
            conn.execute(insert(t).values(model=model, dim=dim, count=count, blob=blob))

    def append_ann(self, model: str, dim: int, count: int, blob: bytes) -> None:
        """Add a delta of ``count`` vectors to ``model``'s saved index (which must exist)."""
        t = s.ann_index
        with self.engine.begin() as conn:
            n = conn.execute(select(func.count()).select_from(t).where(
                t.c.model.startswith(_delta(model), autoescape=True))).scalar_one()
            conn.execute(insert(t).values(model=f"{_delta(model)}{n + 1:08d}", dim=dim, count=count, blob=blob))


def _delta(model: str) -> str:
    return f"{model}#delta"
