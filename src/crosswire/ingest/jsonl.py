"""JSON Lines: one article per line with text/title/url/published/outlet (a JSON array also works)."""

from __future__ import annotations

import json
import logging

from ..errors import BadInput
from .base import RawDoc

log = logging.getLogger(__name__)

TEXT_KEYS = ("text", "content", "body", "articleBody")
DATE_KEYS = ("published", "date", "pubDate", "published_at", "datePublished")


def _doc(obj: dict, source: str, n: int) -> RawDoc | None:
    text = next((obj[k] for k in TEXT_KEYS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if text is None:
        return None
    published = next((str(obj[k])[:10] for k in DATE_KEYS if obj.get(k)), None)
    url = obj.get("url") or obj.get("link")
    return RawDoc(
        source=url or f"{source}#{n}",
        text=text,
        title=obj.get("title") or None,
        url=url,
        outlet=obj.get("outlet") or obj.get("source") or obj.get("site") or None,
        published=published,
        published_from="jsonl" if published else None,
        author=obj.get("author") or None,
    )


def read_jsonl(text: str, source: str) -> list[RawDoc]:
    """Documents of every valid line; invalid lines are logged and skipped, never fatal."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise BadInput(source, f"invalid JSON: {exc}") from None
        items = list(enumerate(rows, 1))
    else:
        items = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                log.warning("%s line %d: invalid JSON (%s), skipped", source, n, exc.msg)
    docs = [d for n, obj in items if isinstance(obj, dict) for d in [_doc(obj, source, n)] if d]
    if not docs:
        raise BadInput(source, "no line with an article text (keys: text/content/body)")
    return docs
