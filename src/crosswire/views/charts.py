"""Vega-Lite specs (built server-side with Altair) for the story and thread timelines.

Altair builds each chart shape once (its encoding inference costs ~0.1 s a chart); a page fills a copy of the
cached spec with its rows and titles. Each function returns JSON-ready dicts, or nothing when nothing is dated.
"""

from __future__ import annotations

import json
from functools import cache

TITLE, YTITLE = "__cw_title__", "__cw_ytitle__"


def _alt():
    import altair as alt  # heavy: imported only when a chart is drawn

    return alt


@cache
def _template(kind: str) -> str:
    """The spec of one chart shape, as JSON text with placeholder titles and no data."""
    alt = _alt()
    data = alt.Data(values=[])
    if kind == "events":
        chart = alt.Chart(data).mark_point(filled=True, size=120).encode(
            x=alt.X("date:T", title="date"), y=alt.Y("kind:N", title=None), color=alt.Color("outlet:N"),
            tooltip=[alt.Tooltip("as_written:N", title="date"), "kind:N", "who:N", "outlet:N", "text:N"],
        ).properties(width="container", height=80, title=TITLE)
    elif kind == "estimates":
        base = alt.Chart(data).encode(x=alt.X("date:T", title="date of the estimate"),
                                      y=alt.Y("value:Q", title=YTITLE))
        tooltip = [alt.Tooltip("label:N", title="value"), "source:N", "outlet:N", "date:T"]
        chart = alt.layer(
            base.mark_line(opacity=0.4),
            base.mark_point(filled=True, size=90).encode(color=alt.Color("source:N", title="who says so"),
                                                         tooltip=tooltip),
            base.mark_text(dy=-12, fontSize=11).encode(text="label:N"),
        ).properties(width="container", height=200, title=TITLE)
    else:
        chart = alt.Chart(data).mark_circle(opacity=0.8).encode(
            x=alt.X("chart_date:T", title="date"), y=alt.Y("title:N", title=None, sort=None),
            size=alt.Size("articles:Q", legend=None), tooltip=["title:N", "date:N", "articles:Q"],
        ).properties(width="container", height=80, title=TITLE)
    return json.dumps(chart.to_dict(validate=False), ensure_ascii=False)


def _fill(kind: str, rows: list[dict], height: int, **titles: str) -> dict:
    text = _template(kind)
    for placeholder, value in ((TITLE, titles.get("title", "")), (YTITLE, titles.get("ytitle", ""))):
        text = text.replace(placeholder, json.dumps(value, ensure_ascii=False)[1:-1])
    spec = json.loads(text)
    spec["data"] = {"values": rows}
    spec["height"] = height
    return spec


def events_spec(events: list[dict], title: str = "Events of the story") -> dict | None:
    """Events on a time axis, one row per event kind, coloured by outlet."""
    rows = [{"date": e["chart_date"], "kind": e["kind"], "outlet": e["outlet"], "text": e["text"],
             "who": ", ".join(e["participants"]), "as_written": e["date"]} for e in events if e.get("chart_date")]
    if not rows:
        return None
    return _fill("events", rows, max(80, 40 * len({r["kind"] for r in rows})), title=title)


def estimates_specs(estimates: list[dict], most: int = 6) -> list[dict]:
    """One chart per series (one claim group: one fact) with at least two dated estimates (own y scale):
    labelled points with sources; figures of different groups are never joined, whatever their measure."""
    by_series: dict[str, list[dict]] = {}
    for e in estimates:
        if e.get("date") and e.get("value") is not None:
            by_series.setdefault(e.get("series") or e["measure"], []).append(e)
    trends = sorted((rows for rows in by_series.values() if len(rows) >= 2), key=lambda rows: -len(rows))
    return [_fill("estimates", rows, 200, title=f"Estimates over time: {rows[0]['measure']}", ytitle=rows[0]["measure"])
            for rows in trends[:most]]


def stories_spec(stories: list[dict]) -> dict | None:
    """A thread's stories as points in time, sized by article count."""
    rows = [x for x in stories if x.get("chart_date")]
    if not rows:
        return None
    return _fill("stories", rows, max(80, 30 * len(rows)), title="Stories of the thread")
