"""Plain-text articles: the seeds' ``" date YYYY-MM-DD Title"`` header, or a title line, then the body."""

from __future__ import annotations

import re

from .base import RawDoc

# " date 2025-09-05 Title…" (leading space optional); the title may follow the date on the same line.
_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b[ \t]*(.*)$", re.IGNORECASE)


def read_text(text: str, source: str) -> list[RawDoc]:
    """One document per file. The header date is kept as read; the title is settled after cleaning."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return [RawDoc(source=source, text="")]
    m = _DATE_HEADER.match(lines[first])
    if m:
        rest = m.group(2).strip()
        body = "\n".join(([rest] if rest else []) + lines[first + 1:])
        return [RawDoc(source=source, text=body, published=m.group(1), published_from="header",
                       title_in_text=bool(rest))]
    return [RawDoc(source=source, text="\n".join(lines[first:]), title_in_text=True)]
