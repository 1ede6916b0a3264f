"""`crosswire watch`: poll RSS/Atom feeds (or OPML lists of them) and analyse their new entries into the store.

Per feed, the store keeps the HTTP validators (ETag, Last-Modified) and the entries already analysed, so a
round fetches unchanged feeds with a cheap conditional GET and reads only entries it has not seen.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BadInput
from .model import Article, InputError

log = logging.getLogger(__name__)

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_FEED_BYTES = 20 * 1024 * 1024


@dataclass
class Round:
    """What one polling round did."""

    number: int
    feeds: int = 0
    not_modified: int = 0
    new_entries: int = 0
    stored: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"round {self.number}: {self.feeds} feeds ({self.not_modified} unchanged), {self.new_entries} new "
                f"entries, {len(self.stored)} articles analysed, {len(self.errors)} errors, {self.seconds:.1f} s")


def parse_every(text: str) -> float:
    """Seconds in an interval like ``10m``, ``90s``, ``1h30m`` or a bare number of seconds."""
    text = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", text)
    if not parts or "".join(n + u for n, u in parts) != text.replace(" ", ""):
        raise ValueError(f"cannot read the interval {text!r} (use e.g. 30s, 10m, 1h)")
    return sum(float(n) * UNITS[u] for n, u in parts)


def parse_opml(text: str) -> list[str]:
    """Feed URLs (``xmlUrl``) of every outline in an OPML document, in document order."""
    import xml.etree.ElementTree as ET  # expat refuses entity-expansion bombs since 2.4.1

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise BadInput("opml", f"broken OPML: {exc}") from None
    return list(dict.fromkeys(o.get("xmlUrl") for o in root.iter("outline") if o.get("xmlUrl")))


def feed_sources(inputs: Sequence[str]) -> list[str]:
    """Feeds to poll: URLs as given, OPML files expanded, text files read as one URL or path per line."""
    out: list[str] = []
    for item in inputs:
        path = Path(item)
        if "://" in item or not path.is_file():
            out.append(item)
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        head = text.lstrip()[:500].lower()
        if path.suffix.lower() == ".opml" or "<opml" in head:
            out.extend(parse_opml(text))
        elif head.startswith("<") and ("<rss" in head or "<feed" in head or "<rdf" in head or "<?xml" in head):
            out.append(str(path))  # a feed file on disk, re-read when its modification time changes
        else:
            out.extend(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return list(dict.fromkeys(out))


def conditional_get(url: str, etag: str | None, modified: str | None,
                    timeout: float = 20.0) -> tuple[int, str, str | None, str | None]:
    """(status, body, etag, last-modified) of a feed; status 304 with an empty body when it has not changed."""
    if "://" not in url:  # a local file: its modification time plays Last-Modified
        try:
            stamp = str(os.stat(url).st_mtime_ns)
            if stamp == modified:
                return 304, "", etag, modified
            return 200, Path(url).read_text(encoding="utf-8", errors="replace"), None, stamp
        except OSError as exc:
            raise BadInput(url, f"cannot read: {exc.strerror or exc}") from None
    import http.client
    import urllib.error

    from .ingest.decode import decode
    from .ingest.fetch import failure, open_url

    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    try:
        with open_url(url, headers, timeout=timeout) as resp:  # guarded: public addresses only, every hop
            data = resp.read(MAX_FEED_BYTES + 1)
            charset = resp.headers.get_content_charset()
            new_etag, new_modified = resp.headers.get("ETag"), resp.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, "", etag, modified
        raise failure(url, exc, timeout) from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise failure(url, exc, timeout) from None
    if len(data) > MAX_FEED_BYTES:
        raise BadInput(url, "feed too large")
    return 200, decode(data, url, charset), new_etag, new_modified


def feed_title(body: str) -> str | None:
    """The feed's own title, if it has one."""
    import feedparser

    return feedparser.parse(body).feed.get("title") or None


def entry_key(entry) -> str | None:
    """A feed entry's identity: its id (guid), else its link, else its title."""
    return entry.get("id") or entry.get("link") or entry.get("title") or None


def new_articles(feed: str, body: str, seen: set[str] | Callable[[list[str]], set[str]],
                 timeout: float = 20.0) -> tuple[dict[str, Article], list[InputError]]:
    """Articles of the entries not seen yet, keyed by entry; teaser entries are completed from their page.
    ``seen``: the entry keys analysed before, or a function giving those of the keys it is asked about."""
    import feedparser

    from .ingest import build_article
    from .ingest.feeds import MIN_FEED_TEXT, read_feed
    from .ingest.sources import read_source

    parsed = feedparser.parse(body)
    keyed = [(entry_key(e), e) for e in parsed.entries if entry_key(e)]
    known = seen([k for k, _ in keyed]) if callable(seen) else seen
    fresh = [(k, e) for k, e in keyed if k not in known]
    if not fresh:
        return {}, []
    try:  # the feed's own texts and dates, without fetching any page
        docs = {d.url or d.source: d for d in read_feed(body, feed, timeout=timeout, fetch_pages=False)}
    except BadInput:
        docs = {}
    out: dict[str, Article] = {}
    errors: list[InputError] = []
    for key, entry in fresh:
        link = entry.get("link")
        doc = docs.get(link or feed)
        try:
            if link and link.startswith("http") and (doc is None or len(doc.text) < MIN_FEED_TEXT):
                page = read_source(link, timeout=timeout)[0]
                if doc is not None:  # the feed knows the date and outlet better than a bare page
                    page = dataclasses.replace(page, published=doc.published or page.published,
                                               published_from=doc.published_from if doc.published else
                                               page.published_from, outlet=doc.outlet or page.outlet,
                                               title=doc.title or page.title)
                doc = page
            if doc is None:
                raise BadInput(link or feed, "entry has no text and no link")
            out[key] = build_article(doc)
        except BadInput as exc:
            log.debug("feed %s entry %s: %s", feed, key, exc.reason)  # reported once, by the caller
            errors.append(InputError(exc.source, exc.reason))
    return out, errors


def poll(feeds: Sequence[str], db: str, *, number: int = 1, engine: str = "local", address: str | None = None,
         timeout: float = 20.0) -> Round:
    """One round: fetch every feed (conditionally), analyse new entries into ``db``, remember what was seen."""
    from .run.analyze import analyze
    from .store import Store

    t0 = time.perf_counter()
    report = Round(number=number, feeds=len(feeds))
    store = Store(db)
    try:
        todo: dict[str, dict[str, Article]] = {}
        validators: dict[str, tuple[int, str | None, str | None, str | None]] = {}
        for feed in feeds:
            etag, modified, title = store.feed_state(feed)
            try:
                status, body, etag, modified = conditional_get(feed, etag, modified, timeout)
            except BadInput as exc:
                log.debug("%s", exc)  # reported once, by the caller
                report.errors.append(InputError(feed, exc.reason))
                continue
            validators[feed] = (status, etag, modified, title)
            if status == 304:
                report.not_modified += 1
                continue
            try:
                todo[feed], errors = new_articles(feed, body, lambda keys, f=feed: store.seen_entries(f, keys),
                                                  timeout)
                validators[feed] = (status, etag, modified, feed_title(body) or title)
            except BadInput as exc:
                report.errors.append(InputError(feed, exc.reason))
                continue
            report.errors.extend(errors)
            report.new_entries += len(todo[feed]) + len(errors)
        articles = [a for entries in todo.values() for a in entries.values()]
        if articles:
            result = analyze([], db=db, engine=engine, address=address, progress=False, articles=articles)
            report.errors.extend(result.errors)
            report.stored = [a.id for a in result.articles]
        # validators and seen entries are written only after the articles are safely stored
        for feed, (status, etag, modified, title) in validators.items():
            store.save_feed_state(feed, etag, modified, status, {k: a.id for k, a in todo.get(feed, {}).items()},
                                  title=title)
        if not articles:  # analyze delivered after its alerts; a quiet round still retries and sends digests
            from .monitor import send_pending

            send_pending(store)
    finally:
        store.close()
    report.seconds = time.perf_counter() - t0
    log.info("%s", report.summary())
    return report


def watch(sources: Sequence[str], db: str, *, every: float = 600.0, max_rounds: int | None = None,
          engine: str = "local", address: str | None = None, on_round=None) -> list[Round]:
    """Poll ``sources`` every ``every`` seconds until ``max_rounds`` rounds (forever when None)."""
    feeds = feed_sources(sources)
    if not feeds:
        raise BadInput(", ".join(sources), "no feeds to watch")
    from .monitor.channels import warm

    warm()  # the alert senders' imports, paid once here rather than on the way to the first alert
    rounds: list[Round] = []
    n = 0
    while max_rounds is None or n < max_rounds:
        n += 1
        start = time.monotonic()
        report = poll(feeds, db, number=n, engine=engine, address=address)
        if max_rounds is not None:  # an endless watch keeps no history
            rounds.append(report)
        if on_round:
            on_round(report)
        if max_rounds is not None and n >= max_rounds:
            break
        time.sleep(max(0.0, every - (time.monotonic() - start)))
    return rounds
