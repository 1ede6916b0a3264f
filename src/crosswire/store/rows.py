"""Rows of the store's tables from model objects: stable fact ids, article and fact rows, entity records merged
whatever order their forms came in, NUL-safe values for PostgreSQL, and per-article transaction locks."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text

from ..model import Article, Entity
from ..serialize import to_dict


def fact_id(kind: str, obj: Any) -> str:
    own = getattr(obj, "id", None)
    if own:
        return str(own)
    return f"{obj.article}:{obj.start}:{obj.end}:{getattr(obj, 'entity', '') or getattr(obj, 'term', '')}"[:80]



def article_row(a: Article, now: float) -> dict[str, Any]:
    from ..group.ann import label
    from ..ingest.base import content_hash

    return {
        "id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "language": a.language,
        "published": a.published, "title": a.title, "text": a.text, "content_hash": content_hash(a.text),
        "duplicate_of": a.duplicate_of, "data": to_dict(a), "run_at": now,
        "ann_label": label(a.id),
    }


def fact_row(kind: str, x: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"id": fact_id(kind, x), "article": x.article, "data": to_dict(x)}
    if kind == "mentions":
        row.update(entity=x.entity, start=x.start)
    elif kind == "timerefs":
        row.update(value=x.value)
    elif kind == "events":
        row.update(kind=x.kind, date=x.date)
    elif kind == "claims":
        row.update(measure=x.measure)
    elif kind == "quotes":
        row.update(speaker=x.speaker)
    elif kind == "framing":
        row.update(leaning=x.leaning)
    return row


def lock_articles(conn, ids: Sequence[str]) -> None:
    """Take a transaction lock per article, in one global order: two writers of one article wait, never deadlock."""
    import hashlib

    keys = sorted({int.from_bytes(hashlib.blake2b(i.encode(), digest_size=8).digest(), "big", signed=True) for i in ids})
    conn.execute(text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"), {"keys": keys})


def nul_safe(value: Any) -> Any:
    """PostgreSQL text and JSONB refuse NUL characters: a space keeps every offset into the text valid."""
    if isinstance(value, str):
        return value.replace("\x00", " ") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: nul_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nul_safe(v) for v in value]
    return value


def merge_entity(old: Entity | None, new: Entity) -> Entity:
    """One record of two of the same id, whichever came first: the stored record is the same whatever order the
    articles (or the runs) brought its forms in. A gazetteer record's name wins, else the first name in sort
    order; aliases are sorted."""
    if old is None:
        return canonical(new)
    named = [e for e in (old, new) if e.name]
    name = min(named, key=lambda e: (e.wikidata is None, e.name)).name if named else ""
    first = lambda *xs: min((x for x in xs if x), default=None)  # noqa: E731
    return canonical(Entity(id=old.id, name=name, type=first(old.type, new.type) or "",
                             aliases=(*old.aliases, *new.aliases), wikidata=first(old.wikidata, new.wikidata)))


def canonical(e: Entity) -> Entity:
    """``e`` with its aliases sorted and unique."""
    aliases = tuple(sorted(set(e.aliases)))
    return e if aliases == e.aliases else dataclasses.replace(e, aliases=aliases)
