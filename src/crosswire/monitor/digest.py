"""Digests as Markdown or HTML, and the scheduled e-mail digest of each watchlist that asks for one.

A watchlist with ``digest_every`` and an e-mail channel gets, once per interval, the digest of what arrived on
its watched stories since the last one (the time sent is kept in the store, so a restart neither repeats nor
skips one). ``analyze`` and every ``watch`` round check what is due.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import datetime
from html import escape

from ..model import Watchlist
from ..views.digest import digest_view
from .match import story_watched

log = logging.getLogger(__name__)


def watched_by(w: Watchlist):
    """The story predicate of a watchlist (None when it only watches measures: every story counts)."""
    if not (w.entities or w.words or w.outlets or w.languages or w.stories or w.threads):
        return None
    return lambda story, facts: story_watched(w, story, facts)


def build(store, since: float, until: float | None = None, watchlist: Watchlist | None = None) -> dict:
    from .rules import live_stories

    watchlist = live_stories(store, watchlist) if watchlist else None
    title = f"crosswire digest: {watchlist.name}" if watchlist else "crosswire digest"
    return digest_view(store, since, until, watched=watched_by(watchlist) if watchlist else None, title=title)


def _abs(href: str | None, base: str) -> str:
    return (base.rstrip("/") + href) if href and href.startswith("/") and base else (href or "")


def markdown(d: dict, base: str = "") -> str:
    """The digest as Markdown; links are relative to the web app unless ``base`` is given."""
    def esc(text: str) -> str:
        return str(text).replace("[", "\\[").replace("]", "\\]").replace("\n", " ")

    lines = [f"# {esc(d['title'])}", "",
             f"{d['articles']} article(s) arrived since {d['since']}; {d['stories_total']} story(ies) touched.", ""]
    lines += ["## Top stories by coverage", ""]
    for s in d["stories"]:
        lines.append(f"- [{esc(s['title'])}]({_abs(s['href'], base)}) — {len(s['outlets'])} outlet(s) "
                     f"({esc(', '.join(s['outlets'])) or 'unnamed'}), {', '.join(s['languages'])}; "
                     f"{s['articles']} article(s), {s['new']} new")
    if not d["stories"]:
        lines.append("- none")
    for key, head in (("contradictions", "New contradictions"), ("updates", "New updates")):
        lines += ["", f"## {head}", ""]
        for g in d[key]:
            lines.append(f"- **{esc(g['measure'])}**: {esc(g['reason'])}")
            lines += [f"  - [{esc(m['outlet'])}: {esc(m['value'])}]({_abs(m['href'], base)}) {esc(m['text'])}"
                      for m in g["members"] if m.get("href")]
        if not d[key]:
            lines.append("- none")
    lines += ["", "## New altered quotes", ""]
    for q in d["altered_quotes"]:
        lines.append(f"- **{esc(q['speaker'])}**: {esc(q['reason'])} ([story]({_abs(q['href'], base)}))")
        lines += [f"  - [{esc(m['outlet'])}]({_abs(m['href'], base)}) {esc(m['text'])}" for m in q["members"]]
    if not d["altered_quotes"]:
        lines.append("- none")
    return "\n".join(lines) + "\n"


def html(d: dict, base: str = "") -> str:
    """The digest as a standalone HTML page (every value escaped)."""
    def a(href: str | None, text: str) -> str:
        return f'<a href="{escape(_abs(href, base))}">{escape(text)}</a>' if href else escape(text)

    out = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(d['title'])}</title>"
           "</head><body>", f"<h1>{escape(d['title'])}</h1>",
           f"<p>{d['articles']} article(s) arrived since {escape(d['since'])}; {d['stories_total']} story(ies) "
           "touched.</p>", "<h2>Top stories by coverage</h2><ol>"]
    out += [f"<li>{a(s['href'], s['title'])} — {len(s['outlets'])} outlet(s) ({escape(', '.join(s['outlets']))}), "
            f"{escape(', '.join(s['languages']))}; {s['articles']} article(s), {s['new']} new</li>"
            for s in d["stories"]]
    out.append("</ol>")
    for key, head in (("contradictions", "New contradictions"), ("updates", "New updates")):
        out.append(f"<h2>{head}</h2>")
        if not d[key]:
            out.append("<p>None.</p>")
        for g in d[key]:
            out.append(f"<h3>{escape(g['measure'])}</h3><p>{escape(g['reason'])}</p><ul>")
            out += [f"<li>{a(m.get('href'), m['outlet'] + ': ' + str(m['value']))} {escape(m['text'])}</li>"
                    for m in g["members"]]
            out.append("</ul>")
    out.append("<h2>New altered quotes</h2>")
    for q in d["altered_quotes"]:
        out.append(f"<h3>{a(q['href'], q['speaker'])}</h3><p>{escape(q['reason'])}</p><ul>")
        out += [f"<li>{a(m['href'], m['outlet'])} {escape(m['text'])}</li>" for m in q["members"]]
        out.append("</ul>")
    if not d["altered_quotes"]:
        out.append("<p>None.</p>")
    out.append("</body></html>")
    return "\n".join(out)


def send_due_digests(store, lists: Sequence[Watchlist], now: float | None = None) -> int:
    """E-mail the digest of every watchlist whose interval has passed; returns how many were sent."""
    from .channels import send_email

    now = now or time.time()
    sent = 0
    for w in lists:
        emails = [c for c in w.channels if c.kind == "email"]
        if not w.digest_every or not emails:
            continue
        key = f"digest:{w.id}"
        last = store.digest_sent_at(key)
        if last is None:
            last = _epoch(w.created) or now
        if now - last < w.digest_every:
            continue
        d = build(store, last, now, w)
        if d["articles"]:
            body = html(d, w.base_url)
            try:
                for c in emails:
                    send_email(c, f"{d['title']} ({d['stories_total']} stories)", body)
            except Exception as exc:  # noqa: BLE001 - tried again on the next pass; the window is kept
                log.warning("digest of %s not sent: %s", w.id, exc)
                continue
            sent += 1
        store.mark_digest_sent(key, now)
    return sent


def _epoch(iso: str) -> float | None:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except (TypeError, ValueError):
        return None
