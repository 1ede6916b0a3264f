"""Reading one input (path or URL) into raw documents: bytes, encoding, format sniffing, dispatch."""

from __future__ import annotations

import gzip
import io
import logging
import os
from pathlib import Path

from ..errors import BadInput
from .base import RawDoc

log = logging.getLogger(__name__)

MAX_BYTES = 50 * 1024 * 1024  # larger inputs are refused with a clear error
TEXT_EXT = {".txt", ".text", ".md", ""}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
FEED_EXT = {".rss", ".atom", ".xml", ".rdf"}
JSONL_EXT = {".jsonl", ".ndjson", ".json"}
WARC_EXT = {".warc"}


def iter_sources(inputs: list[str]) -> list[str]:
    from . import expand_inputs

    return expand_inputs(inputs)


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


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Text from bytes: BOM / declared charset / UTF-8 first, else charset-normalizer; refuses binary data."""
    if not data.strip():
        raise BadInput(source, "empty input")
    head = data[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadInput(source, "binary data, not text")
    for encoding in filter(None, [declared, "utf-8"]):
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BadInput(source, "unknown text encoding (binary data?)")
    log.info("%s: decoded as %s", source, best.encoding)
    return str(best)


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
