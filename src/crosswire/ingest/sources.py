"""Reading one input (path or URL) into raw documents: bytes, encoding, format sniffing, dispatch."""

from __future__ import annotations

import glob
import gzip
import io
import logging
import os
from pathlib import Path

from ..errors import BadInput
from .base import MAX_BYTES, RawDoc
from .decode import decode

log = logging.getLogger(__name__)

TEXT_EXT = {".txt", ".text", ".md", ""}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
FEED_EXT = {".rss", ".atom", ".xml", ".rdf"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}
WARC_EXT = {".warc"}


def expand_inputs(inputs: list[str]) -> list[str]:
    """Files under directories (sorted), glob matches, URLs and plain paths, in a stable order."""
    out: list[str] = []
    for item in inputs:
        if "://" in item:
            out.append(item)
        elif os.path.isdir(item):
            out.extend(
                str(p) for p in sorted(Path(item).rglob("*"))
                if p.is_file() and not p.name.startswith(".")
            )
        elif any(c in item for c in "*?[") and not os.path.exists(item):
            matches = sorted(glob.glob(item, recursive=True))
            out.extend(m for m in matches if os.path.isfile(m))
            if not matches:
                out.append(item)  # reported as unreadable below
        else:
            out.append(item)
    return out


iter_sources = expand_inputs  # the older name


def _fetch(url: str, timeout: float) -> tuple[bytes, str | None]:
    from .fetch import fetch_url

    return fetch_url(url, timeout=timeout, max_bytes=MAX_BYTES)


def _read_file(path: str) -> bytes:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise BadInput(path, f"cannot read: {exc.strerror or exc}") from None
    if size > MAX_BYTES:
        raise BadInput(path, f"too large ({size / 2**20:.0f} MiB > {MAX_BYTES / 2**20:.0f} MiB)")
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise BadInput(path, f"cannot read: {exc.strerror or exc}") from None


def sniff(text: str, ext: str) -> str:
    """The format of a document: text, html, feed, jsonl (by extension first, then content)."""
    head = text.lstrip()[:1000].lower()
    if ext in HTML_EXT:
        return "html"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in FEED_EXT or head.startswith("<?xml"):
        if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
            return "feed"
        if "<opml" in head:
            return "opml"
        return "html" if "<html" in head else "feed"
    if head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head):
        return "html"
    if head.startswith("{") and ext not in TEXT_EXT - {""}:
        return "jsonl"
    return "text"


def read_source(source: str, timeout: float = 20.0) -> list[RawDoc]:
    """Raw documents of one input, or ``BadInput`` with a one-line reason."""
    declared = None
    url = None
    if "://" in source:
        data, declared = _fetch(source, timeout)
        url = source
        name = source.split("?", 1)[0].rstrip("/")
    else:
        data = _read_file(source)
        name = source
    lower = name.lower()
    if lower.endswith((".warc", ".warc.gz")):
        from .warc import read_warc

        return read_warc(data, source)
    if lower.endswith(".gz"):
        try:
            # read at most the limit + 1 byte: a small .gz can expand to gigabytes
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise BadInput(source, f"broken gzip: {exc}") from None
        if len(data) > MAX_BYTES:
            raise BadInput(source, f"too large once decompressed (> {MAX_BYTES / 2**20:.0f} MiB)")
        lower = lower[:-3]
    ext = os.path.splitext(lower)[1]
    text = decode(data, source, declared)
    kind = sniff(text, ext)
    if kind == "html":
        from .html import read_html

        return read_html(text, source, url=url)
    if kind == "feed":
        from .feeds import read_feed

        return read_feed(text, source, timeout=timeout)
    if kind == "jsonl":
        from .jsonl import read_jsonl

        return read_jsonl(text, source)
    if kind == "opml":
        raise BadInput(source, "an OPML feed list: pass it to `crosswire watch`, or pass the feed URLs")
    from .text import read_text

    return read_text(text, source)
