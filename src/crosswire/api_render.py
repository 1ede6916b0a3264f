"""The small helpers the API hands to its callers: alert channels and digests, URL checks, the provenance line
and graph, and the charts of story and thread pages.

They live beside ``api`` (which re-exports them) so that ``api`` itself keeps to the store-facing calls; the
CLI, the web app and the reports import them from ``api``.
"""

from __future__ import annotations


def make_channel(kind: str, target: str, *, secret: str | None = None, smtp: str | None = None):
    """A checked alert channel ("webhook" URL with its signing secret, or "email" address with its SMTP server)."""
    from .monitor.channels import make_channel as make

    return make(kind, target, secret=secret, smtp=smtp)


def render_digest(digest: dict, fmt: str = "md", base_url: str = "") -> str:
    """A digest (``Crosswire.digest``) as Markdown ("md") or a standalone HTML page ("html")."""
    from .monitor.digest import html, markdown

    return {"md": markdown, "html": html}[fmt](digest, base_url)


def send_digest(digest: dict, channel, base_url: str = "") -> None:
    """E-mail a digest now through an e-mail channel (``make_channel("email", ...)``)."""
    from .monitor.channels import send_email
    from .monitor.digest import html

    send_email(channel, f"{digest['title']} ({digest['stories_total']} stories)", html(digest, base_url))


def check_url(url: str, allow_private: bool | None = None) -> None:
    """Refuse a URL that must not be fetched (``BadInput`` with the reason; the rules are ``ingest.fetch``'s)."""
    from .ingest.fetch import check_url as check

    check(url, allow_private)


def sources_line(provenance: dict) -> str:
    """"N articles, K independent sources" for a story view's ``provenance``."""
    from .views.provenance import sources_line as line

    return line(provenance)


def derivation_svg(provenance: dict, width: int = 720) -> str:
    """The derivation graph of a story view's ``provenance`` as inline SVG (escaped text only)."""
    from .views.provenance import derivation_svg as svg

    return svg(provenance, width)


def story_charts(view: dict) -> dict:
    """Vega-Lite specs of a story view: its events and its estimates over time."""
    from .views.charts import estimates_specs, events_spec

    return {"events_chart": events_spec(view["events"]), "estimates_charts": estimates_specs(view["estimates"])}


def thread_charts(view: dict) -> dict:
    """Vega-Lite specs of a thread view: its stories, estimates and events over time."""
    from .views.charts import estimates_specs, events_spec, stories_spec

    return {"stories_chart": stories_spec(view["stories"]), "estimates_charts": estimates_specs(view["estimates"]),
            "events_chart": events_spec(view["events"], "Events of the thread")}


def parse_every(text: str) -> float:
    """Seconds of an interval written "30s", "10m", "1h" or "90" (``ValueError`` otherwise)."""
    from .watch import parse_every as parse

    return parse(text)
