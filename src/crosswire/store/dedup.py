"""What deduplication looks up in the store (``ingest.dedup.Known``): originals by content hash and by the LSH band
keys of their MinHash, so a run checks its articles without loading every stored text. Mixed into ``Store``."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from sqlalchemy import func, insert, select

from . import schema as s
from .chunks import chunks as _chunks


class DedupIndex:
    """Content hashes and LSH band keys of the stored originals (``self.engine`` is the store's engine)."""

    engine: Any

    def run_ids_stored(self, ids: Iterable[str]) -> tuple[set[str], set[str]]:
        """(which of ``ids`` are stored, which of those are originals): what a run of known articles checks,
        read for them alone rather than for the whole store."""
        a = s.articles
        stored: set[str] = set()
        originals: set[str] = set()
        with self.engine.connect() as conn:
            for part in _chunks(sorted(set(ids))):
                for aid, dup in conn.execute(select(a.c.id, a.c.duplicate_of).where(a.c.id.in_(part))):
                    stored.add(aid)
                    if dup is None:
                        originals.add(aid)
        return stored, originals

    def original_with_hash(self, content_hash: str) -> str | None:
        """The first (by id) stored original whose text has this content hash."""
        a = s.articles
        q = select(func.min(a.c.id)).where(a.c.content_hash == content_hash, a.c.duplicate_of.is_(None))
        with self.engine.connect() as conn:
            return conn.execute(q).scalar()

    def originals_with_bands(self, keys: Collection[str]) -> set[str]:
        """Stored originals sharing one of these LSH band keys (near-duplicate candidates)."""
        out: set[str] = set()
        with self.engine.connect() as conn:
            for part in _chunks(keys):
                out.update(r[0] for r in conn.execute(
                    select(s.dedup_bands.c.article).where(s.dedup_bands.c.band.in_(part))))
        return out

    def has_originals(self) -> bool:
        """Whether any original (not a duplicate) is stored."""
        a = s.articles
        with self.engine.connect() as conn:
            return conn.execute(select(a.c.id).where(a.c.duplicate_of.is_(None)).limit(1)).first() is not None

    def dedup_band_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(s.dedup_bands)).scalar() or 0

    def save_dedup_bands(self, bands: Mapping[str, Iterable[str]]) -> None:
        """Keep the band keys of these originals (replacing theirs)."""
        rows = [{"band": b, "article": a} for a, keys in sorted(bands.items()) for b in sorted(set(keys))]
        if not rows:
            return
        with self.engine.begin() as conn:
            for part in _chunks(bands):
                conn.execute(s.dedup_bands.delete().where(s.dedup_bands.c.article.in_(part)))
            for k in range(0, len(rows), 5000):
                conn.execute(insert(s.dedup_bands), rows[k:k + 5000])
