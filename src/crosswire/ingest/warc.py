"""WARC archives (warcio): every HTML response record becomes a page read by the HTML reader."""

from __future__ import annotations

import io
import logging

from ..errors import BadInput
from .base import RawDoc

log = logging.getLogger(__name__)


def read_warc(data: bytes, source: str) -> list[RawDoc | BadInput]:
    """A page per HTML response record; a record that cannot be read is a ``BadInput`` in the list (the rest
    goes on)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from .decode import decode
    from .html import read_html

    docs: list[RawDoc | BadInput] = []
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
            if "html" not in ctype:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            charset = ctype.split("charset=")[-1].strip() if "charset=" in ctype else None
            try:
                html = decode(record.content_stream().read(), url or source, charset)
                docs.extend(read_html(html, url or source, url=url))
            except BadInput as exc:
                docs.append(exc)
    except ArchiveLoadFailed as exc:
        raise BadInput(source, f"broken WARC: {exc}") from None
    return docs
