"""Static reports of stories: one self-contained HTML file (inline CSS and JS, printable), Markdown or JSON.

The HTML report embeds each article's highlighted text, so every evidence link is an in-document anchor.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[1] / "web"
HERE = Path(__file__).resolve().parent
VEGA = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
_ARTICLE_LINK = re.compile(r"^/articles/([^#/?]+)(?:#(.*))?$")


def collect(cw, story_ids: list[str] | None = None) -> dict:
    """The data of a report from an open ``api.Crosswire``: each story's view, and every article they cite
    (all stories, newest first, when None)."""
    if story_ids is None:
        story_ids = cw.story_ids()
    stories = []
    for sid in story_ids:
        view = cw.story_view(sid)
        if view is None:
            from ..errors import CrosswireError

            raise CrosswireError(f"no story {sid!r} in the store")
        stories.append(view)
    article_ids = list(dict.fromkeys(a for v in stories for a in v["story"]["articles"]))
    return {"stories": stories, "article_ids": article_ids}


def local_link(href: str | None) -> str:
    """A page link turned into an anchor of the report ('/articles/X#c-1' -> '#c-1', '/articles/X' -> '#art-X')."""
    if not href:
        return "#"
    m = _ARTICLE_LINK.match(href)
    if m:
        return f"#{m.group(2)}" if m.group(2) else f"#art-{m.group(1)}"
    return href if href.startswith("#") else "#"


def render_html(cw, data: dict, title: str = "crosswire report") -> str:
    """A single HTML file: inline stylesheet, inline chart libraries when there is a chart, no remote fetch."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader

    from ..api import story_charts

    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(HERE / "templates")),
                                           FileSystemLoader(str(WEB / "templates"))]), autoescape=True)
    env.globals["link"] = local_link
    charts = []
    for i, v in enumerate(data["stories"]):
        specs = story_charts(v)
        charts.append({"events": specs["events_chart"], "estimates": specs["estimates_charts"], "n": i})
    articles = [cw.article_view(a) for a in data["article_ids"]]
    has_chart = any(c["events"] or c["estimates"] for c in charts)
    # the scripts are inlined as text inside <script>; "</script" cannot occur in the vendored builds, checked here
    scripts = [(WEB / "static" / name).read_text(encoding="utf-8") for name in (VEGA if has_chart else ())]
    scripts.append((WEB / "static" / "app.js").read_text(encoding="utf-8"))
    if any("</script" in s.lower() for s in scripts):
        raise ValueError("a vendored script cannot be inlined safely")
    return env.get_template("report.html").render(
        title=title, stories=list(zip(data["stories"], charts, strict=True)), articles=[a for a in articles if a],
        css=(WEB / "static" / "app.css").read_text(encoding="utf-8"), scripts=scripts)


def render_json(data: dict) -> str:
    """The stories' views as one JSON document."""
    return json.dumps({"stories": data["stories"]}, ensure_ascii=False, indent=2)


def write_report(db: str, story_ids: list[str] | None, fmt: str, out: str | Path) -> Path:
    """Write a report of ``story_ids`` (all when None) from store ``db`` in ``fmt`` (html, md, json)."""
    from ..api import open_store
    from .markdown import render_md

    cw = open_store(db, create=False)
    try:
        data = collect(cw, story_ids)
        if fmt == "html":
            body = render_html(cw, data)
        elif fmt == "md":
            body = render_md(data)
        elif fmt == "json":
            body = render_json(data)
        else:
            raise ValueError(f"unknown format {fmt!r}")
    finally:
        cw.close()
    path = Path(out)
    path.write_text(body, encoding="utf-8")
    return path
