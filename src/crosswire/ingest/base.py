"""What every format reader returns before cleaning: a raw document with whatever metadata the format had."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass

MAX_BYTES = 50 * 1024 * 1024  # larger inputs (files, pages, decompressed archives) are refused with a clear error


@dataclass(slots=True)
class RawDoc:
    """A document as a reader found it: text still holds noise; metadata only where the format gave it."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date
    published_from: str | None = None
    author: str | None = None
    language: str | None = None  # where the format declares it (html lang, feed language)
    title_in_text: bool = False  # the first line of `text` is the title (plain-text convention)
    flags: tuple[str, ...] = ()


_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def normalise_for_hash(text: str) -> str:
    """Case-, punctuation- and whitespace-insensitive form used for exact-duplicate hashing."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return _SPACE.sub(" ", _NON_WORD.sub(" ", text)).strip()


def content_hash(text: str) -> str:
    return hashlib.sha1(normalise_for_hash(text).encode("utf-8")).hexdigest()


def article_id(url: str | None, outlet: str | None, text: str, source: str | None = None) -> str:
    """A stable id: from outlet+URL where there is a URL, else from the input's file name and normalised text.

    The file name is part of the key so that a copy of an article in another file is a separate record that
    dedup links to the original (``duplicate_of``), instead of silently merging into it; only the base name
    counts, so the same files read from another folder keep their ids.
    """
    name = os.path.basename((source or "").rstrip("/"))
    key = f"url:{outlet or ''}|{url}" if url else f"text:{name}|{normalise_for_hash(text)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
