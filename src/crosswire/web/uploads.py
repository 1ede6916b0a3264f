"""Uploaded files for an analysis: written under a private temporary folder, never under the client's path.

The page's form (``routes.analyze_post``) takes one file; the JSON API (``api_routes.api_analyze``, used by
``crosswire analyze --server``) takes several. Each file keeps its base name, made safe, in a folder of its own: an
article read from a file without a URL is keyed by the file's base name and text (``ingest.base.article_id``), so a
file sent to a running server is stored under the id a local ``crosswire analyze`` of it would give.
"""

from __future__ import annotations

import re
from pathlib import Path

# what ingest reads by name; any other upload is read as plain text
SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".json", ".xml", ".rss", ".atom", ".warc", ".warc.gz")
_UNSAFE = re.compile(r"[^\w.\- ]", re.UNICODE)
MAX_NAME = 120
MAX_FILES = 500  # files (and url fields) in one request to the JSON API


class TooLarge(Exception):
    """An upload is larger than the server accepts."""


def safe_name(filename: str | None, fallback: str = "upload.txt") -> str:
    """The base name of a client's file name, with no path part, control or shell character, at most
    ``MAX_NAME`` characters, ending in a suffix ingest reads (``.txt`` added otherwise)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = _UNSAFE.sub("_", base).strip(" .")[:MAX_NAME]
    if not base:
        base = fallback
    if not base.lower().endswith(SUFFIXES):
        base += ".txt"
    return base


async def save_upload(upload, folder: Path, index: int, limit: int) -> Path:
    """Write an ``UploadFile`` as ``folder/index/safe name``; ``TooLarge`` past ``limit`` bytes."""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"{upload.filename or 'the file'} is larger than {limit // 1000} kB")
    path = folder / str(index) / safe_name(upload.filename)
    path.parent.mkdir()
    path.write_bytes(data)
    return path


def client_names(text: str, names: dict[str, str]) -> str:
    """``text`` (an input's source or a message) with each upload's path here replaced by the client's name."""
    for path, name in names.items():
        text = text.replace(path, name)
    return text
