"""Markdown reports of stories: sources, contradictions, claims by measure, events and quotes.

Text from articles is made inert for Markdown renderers: pipes, brackets and HTML-significant characters escaped.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md(text: object) -> str:
    """Escape a value for a Markdown table cell or line (no markup, no raw HTML, one line)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text if text is not None else "").split()))


def _join(x: object) -> str:
    return ", ".join(map(str, x)) if isinstance(x, (list, tuple)) else ("" if x is None else str(x))


def _table(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    """A "### title" section holding one Markdown table (cells already escaped), then a blank line."""
    return [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows), ""]


def render_md(data: dict) -> str:
    """All stories of a report as one Markdown document."""
    out = ["# crosswire report", ""]
    for v in data["stories"]:
        out += _story(v)
    return "\n".join(out).rstrip() + "\n"


def _story(v: dict) -> list[str]:
    st = v["story"]
    lines = [f"## {md(st['title'] or '(untitled story)')}", "",
             f"{md(st['date'] or 'undated')} · {len(st['articles'])} articles · {md(', '.join(st['languages']))}"
             f" · story `{st['id']}`", ""]
    if v["contradictions"]:
        lines += ["### Contradictions", ""]
        for g in v["contradictions"]:
            lines.append(f"- **{md(g['measure'])}**: {md(g['reason'])}" + (f" (aligned on: {md(g['basis'])})"
                                                                           if g.get("basis") else ""))
            lines += [f"  - {md(it['outlet'])}: {md(it['value'])} — “{md(it.get('text', ''))}”" for it in g["members"]]
        lines.append("")
    lines += _table("Sources", ["Outlet", "Language", "Date", "Framing", "Quality flags", "Title"], [
        [md(s["outlet"]), md(s["language"]), md(s["published"] or "undated"),
         md(", ".join(f"{f['leaning']} ×{f['count']}" for f in s["framing"]) or "—"),
         md(", ".join(s["flags"]) or "—"), md(s["title"])] for s in v["sources"]])
    table = v["claims_table"]
    if table["rows"]:
        cols = table["columns"]
        lines += ["### Claims by measure", "", "| Measure | Verdict | " + " | ".join(md(c["outlet"]) for c in cols) + " |",
                  "|---|---|" + "---|" * len(cols)]
        for r in table["rows"]:
            cells = []
            for c in cols:
                found = r["cells"].get(c["id"], [])
                cells.append("; ".join(md(x["value"]) + (f" (per {md(x['source'])})" if x["source"] else "")
                                       for x in found) or "—")
            lines.append(f"| {md(r['measure'])} | {md(r['verdict'] or 'not compared')} | " + " | ".join(cells) + " |")
        lines.append("")
    others = [g for g in v["comparisons"] if g["verdict"] != "contradict"]
    if others:
        lines += ["### Other comparisons", ""]
        lines += [f"- **{md(g['measure'])}** ({md(g['verdict'])}): {md(g['reason'])}"
                  + (f" (aligned on: {md(g['basis'])})" if g.get("basis") else "") for g in others]
        lines.append("")
    if v["events"]:
        lines += _table("Events", ["Date", "Event", "Who", "Where", "Source"], [
            [md(e["date"] or "undated"), md(e["kind"]), md(", ".join(e["participants"])), md(e["place"] or ""),
             md(e["outlet"])] for e in v["events"]])
    if v["estimates"]:
        lines += _table("Estimates over time", ["Measure", "Date", "Value", "Who says so", "Outlet"], [
            [md(e["measure"]), md(e["date"] or "undated"), md(e["label"]), md(e["source"]), md(e["outlet"])]
            for e in v["estimates"]])
    if v["coverage"]:
        lines += _table("Who reports what", ["Fact", "Reported by", "Not reported by"], [
            [md(c.get("fact") or c.get("kind") or ""), md(_join(c.get("outlets"))), md(_join(c.get("missing")))]
            for c in v["coverage"]])
    if v["quotes"]:
        lines += ["### Quotes", ""]
        lines += [f"- **{md(q['speaker'])}** ({md(q['outlet'])}): “{md(q['text'])}”" for q in v["quotes"]]
        lines.append("")
    return lines
