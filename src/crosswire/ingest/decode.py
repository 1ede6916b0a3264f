"""Text from bytes: byte-order mark, declared charset or UTF-8 first, else charset-normalizer; binary refused.

Shared by every reader that meets raw bytes (files, fetched pages, feed entries, WARC records).
"""

from __future__ import annotations

import logging

from ..errors import BadInput

log = logging.getLogger(__name__)


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
