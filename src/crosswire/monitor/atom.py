"""The Atom feed of a watchlist's alerts (feedgen): one entry per alert, its id the alert's stable key, its
content the summary and evidence links (escaped HTML), its link the first piece of evidence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from html import escape

from ..model import Alert, Watchlist
from .channels import absolute


def atom_feed(w: Watchlist, alerts: Sequence[Alert], base: str) -> bytes:
    """The feed document (UTF-8 bytes); ``base`` is the web app's root URL, for absolute links."""
    from feedgen.feed import FeedGenerator

    root = base.rstrip("/")
    fg = FeedGenerator()
    fg.id(f"{root}/alerts/{w.id}.atom")
    fg.title(f"crosswire alerts: {w.name}")
    fg.author({"name": "crosswire"})
    fg.link(href=f"{root}/alerts/{w.id}.atom", rel="self")
    fg.link(href=f"{root}/alerts?watchlist={w.id}", rel="alternate")
    fg.generator("crosswire")
    fg.updated(_when(alerts[0].created) if alerts else _when(w.created))
    for a in reversed(alerts):  # feedgen prepends: the newest alert comes first in the document
        d = absolute(a, root)
        e = fg.add_entry()
        e.id(f"urn:crosswire:alert:{a.id}")
        e.title(a.title)
        e.updated(_when(a.created))
        e.published(_when(a.created))
        e.category(term=a.kind)
        if d["evidence"]:
            e.link(href=d["evidence"][0]["href"], rel="alternate")
        items = "".join(f'<li><a href="{escape(x["href"])}">{escape(x["label"])}</a>'
                        f'{": " + escape(x["text"]) if x["text"] else ""}</li>' for x in d["evidence"])
        e.content(f"<p>{escape(a.summary)}</p><ul>{items}</ul>", type="html")
    return fg.atom_str(pretty=True)


def _when(iso: str) -> datetime:
    try:
        out = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return datetime.now(timezone.utc)
    return out if out.tzinfo else out.replace(tzinfo=timezone.utc)
