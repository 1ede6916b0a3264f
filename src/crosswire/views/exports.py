"""CSV exports of every stored claim and event, one row each, with the story and verdict it belongs to.

Reads only the facts it exports and the records their rows name, not the whole store.

Cells starting with a spreadsheet formula character are prefixed with a quote, so article text stays inert.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from ..model import Claim, Event

CLAIM_FIELDS = ["claim", "article", "outlet", "language", "published", "story", "measure", "qualifier", "value",
                "value_max", "unit", "source", "refers_to", "verdict", "group", "start", "end", "measure_text", "text"]
EVENT_FIELDS = ["event", "article", "outlet", "language", "published", "story", "kind", "date", "participants",
                "place", "trigger", "start", "end", "text"]


def cell(value: object) -> object:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _context(store, kind: str):
    """The facts of ``kind`` and what their rows need: articles, stories, claim groups, entity names."""
    items = store.all_of_kind(kind)
    arts = {a.id: a for a in store.articles(sorted({x.article for x in items}))}
    story_of = store.story_of_articles()
    group_of = {c: g for g in store.claim_groups() for c in g.claims} if kind == "claims" else {}
    ids = {p for e in items for p in (*e.participants, e.place) if p} if kind == "events" else set()
    names = {e.id: e.name for e in store.entities(sorted(ids))} if ids else {}
    return items, arts, story_of, group_of, names


# columns holding text read from articles (or derived from it); codes and numbers are written as they are
TEXT_FIELDS = {"outlet", "measure", "unit", "source", "measure_text", "text", "participants", "place", "trigger",
               "kind", "refers_to", "date"}


def _write(fh: IO[str], fields: list[str], rows: Iterable[dict]) -> int:
    w = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
    w.writeheader()
    n = 0
    for row in rows:
        w.writerow({k: cell(v) if k in TEXT_FIELDS else ("" if v is None else v) for k, v in row.items()})
        n += 1
    return n


def export_claims(store, fh: IO[str]) -> int:
    """Write every claim as a CSV row to ``fh``; returns the number of rows."""
    claims, arts, story_of, group_of, _ = _context(store, "claims")

    def rows():
        for c in claims:
            a, g = arts.get(c.article), group_of.get(c.id)
            yield _claim_row(c, a, story_of.get(c.article), g)

    return _write(fh, CLAIM_FIELDS, rows())


def _claim_row(c: Claim, a, story: str | None, g) -> dict:
    return {"claim": c.id, "article": c.article, "outlet": a.outlet if a else None,
            "language": a.language if a else None, "published": a.published if a else None, "story": story,
            "measure": c.measure, "qualifier": c.qualifier.value, "value": c.value, "value_max": c.value_max,
            "unit": c.unit, "source": c.source, "refers_to": c.refers_to, "verdict": g.verdict.value if g else None,
            "group": g.id if g else None, "start": c.start, "end": c.end, "measure_text": c.measure_text,
            "text": c.text}


def export_events(store, fh: IO[str]) -> int:
    """Write every event as a CSV row to ``fh``; returns the number of rows."""
    events, arts, story_of, _, names = _context(store, "events")

    def rows():
        for e in events:
            yield _event_row(e, arts.get(e.article), story_of.get(e.article), names)

    return _write(fh, EVENT_FIELDS, rows())


def _event_row(e: Event, a, story: str | None, names: dict[str, str]) -> dict:
    return {"event": e.id, "article": e.article, "outlet": a.outlet if a else None,
            "language": a.language if a else None, "published": a.published if a else None, "story": story,
            "kind": e.kind, "date": e.date, "participants": "; ".join(names.get(p, p) for p in e.participants),
            "place": names.get(e.place, e.place) if e.place else None, "trigger": e.trigger,
            "start": e.start, "end": e.end, "text": e.text}
