"""RSS/Atom feeds (feedparser): each entry's full text where the feed carries it, else its linked page."""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone

from ..errors import BadInput
from .base import MAX_BYTES, RawDoc

log = logging.getLogger(__name__)
MIN_FEED_TEXT = 400  # shorter entry bodies are teasers: fetch the page when the network allows


def _strip_html(html: str) -> str:
    import trafilatura

    text = trafilatura.extract(f"<html><body>{html}</body></html>") if "<" in html else html
    return (text or re.sub(r"<[^>]+>", " ", html)).strip()


def _published(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            return datetime(*st[:6], tzinfo=timezone.utc).date().isoformat()
    return None


def read_feed(text: str, source: str, timeout: float = 20.0, fetch_pages: bool = True) -> list[RawDoc]:
    import feedparser

    parsed = feedparser.parse(text)
    if parsed.bozo and not parsed.entries:
        raise BadInput(source, f"broken feed: {parsed.get('bozo_exception')}")
    outlet = parsed.feed.get("title") or None
    language = (parsed.feed.get("language") or "")[:2] or None
    docs: list[RawDoc] = []
    for entry in parsed.entries:
        link = entry.get("link")
        body = ""
        if entry.get("content"):
            body = _strip_html(entry["content"][0].get("value", ""))
        if len(body) < MIN_FEED_TEXT and entry.get("summary"):
            body = max(body, _strip_html(entry["summary"]), key=len)
        published = _published(entry)
        if len(body) < MIN_FEED_TEXT and link and fetch_pages and link.startswith("http"):
            try:
                from .decode import decode
                from .fetch import fetch_url
                from .html import read_html

                data, declared = fetch_url(link, timeout=timeout, max_bytes=MAX_BYTES)
                page = read_html(decode(data, link, declared), link, url=link)[0]
                body = page.text if len(page.text) > len(body) else body
            except BadInput as exc:
                log.warning("feed entry %s: page not fetched (%s); using the feed's summary", link, exc.reason)
        if not body:
            continue
        docs.append(RawDoc(
            source=link or source, text=body, title=entry.get("title") or None, url=link,
            outlet=outlet, published=published, published_from="feed" if published else None,
            author=entry.get("author") or None, language=language,
        ))
    if not docs:
        raise BadInput(source, "feed has no entries with text")
    return docs
