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


def read_jsonl(text: str, source: str) -> list[RawDoc | BadInput]:
    """Documents of every valid line, and a ``BadInput`` (``source#N``, never fatal) for each line that is not
    JSON or holds no article text, in line order; one ``BadInput`` raised when no line holds an article."""
    stripped = text.lstrip()
    out: list[tuple[int, RawDoc | BadInput]] = []
    if stripped.startswith("["):
        try:
            rows = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise BadInput(source, f"invalid JSON: {exc}") from None
        except RecursionError:  # "[[[[…" thousands deep: Python's parser recurses per level
            raise BadInput(source, "invalid JSON: nested too deeply") from None
        items = list(enumerate(rows, 1)) if isinstance(rows, list) else [(1, rows)]
        where = "item"
    else:
        items = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                out.append((n, BadInput(f"{source}#{n}", f"line {n}: invalid JSON ({exc.msg}), skipped")))
            except RecursionError:
                out.append((n, BadInput(f"{source}#{n}", f"line {n}: invalid JSON (nested too deeply), skipped")))
        where = "line"
    for n, obj in items:
        doc = _doc(obj, source, n) if isinstance(obj, dict) else None
        out.append((n, doc or BadInput(f"{source}#{n}", f"{where} {n}: no article text (keys: text/content/body), "
                                                          "skipped")))
    docs = [d for _, d in sorted(out, key=lambda x: x[0])]
    if not any(isinstance(d, RawDoc) for d in docs):
        raise BadInput(source, "no line with an article text (keys: text/content/body)")
    return docs
