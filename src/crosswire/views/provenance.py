"""Where a story's articles come from: "N articles, K independent sources" and the derivation graph.

Read from the stored derivations (``group.derive``); the graph is drawn as a small SVG, every label escaped.
"""

from __future__ import annotations

from markupsafe import escape

from ..compare.independence import Provenance

KIND_STYLE = {"copy": "#b33", "rewrite": "#c70", "translation": "#36a", "wire": "#777"}


def story_provenance(store, article_ids) -> dict:
    """Articles, independent sources (article ids grouped by source) and derivation edges of one story."""
    ids = list(dict.fromkeys(article_ids))
    arts = {a.id: a for a in store.articles(ids)}
    prov = Provenance(arts, {a.id: a.derived_from for a in arts.values()})
    groups = prov.groups(ids)
    labels = {i: (arts[i].outlet or arts[i].id[:8]) if i in arts else i for i in ids}
    edges = []
    for a in arts.values():
        for d in a.derived_from:
            source = d.article or f"agency:{d.agency}"
            edges.append({"from": source, "to": a.id, "kind": d.kind, "score": d.score, "agency": d.agency,
                          "evidence": list(d.evidence), "in_story": d.article in arts})
            if source not in labels:
                labels[source] = d.agency or (d.article or "")[:8]
    return {"articles": len(ids), "independent_sources": len(groups), "sources": groups, "edges": edges,
            "labels": labels}


def sources_line(p: dict) -> str:
    """ "5 articles, 3 independent sources". """
    n, k = p["articles"], p["independent_sources"]
    return f"{n} article{'s' * (n != 1)}, {k} independent source{'s' * (k != 1)}"


def derivation_svg(p: dict, width: int = 720) -> str:
    """The derivation graph: one row per independent source, an arrow from each source to what derives from it."""
    rows: list[list[str]] = []
    placed: set[str] = set()
    for group in p["sources"]:
        row = [e["from"] for e in p["edges"] if e["to"] in group and e["from"] not in group and e["from"] not in placed]
        row = list(dict.fromkeys(row)) + group
        placed.update(row)
        rows.append(row)
    box_w, box_h, gap_x, gap_y = 150, 34, 30, 26
    pos: dict[str, tuple[int, int]] = {}
    for r, row in enumerate(rows):
        for c, node in enumerate(row):
            pos[node] = (10 + c * (box_w + gap_x), 10 + r * (box_h + gap_y))
    height = 20 + len(rows) * (box_h + gap_y)
    wide = max([width] + [x + box_w + 10 for x, _ in pos.values()])
    out = [f'<svg class="derivations" role="img" aria-label="{escape(sources_line(p))}" width="{wide}" '
           f'height="{height}" viewBox="0 0 {wide} {height}" xmlns="http://www.w3.org/2000/svg">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>']
    for e in p["edges"]:
        if e["from"] not in pos or e["to"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e["from"]], pos[e["to"]]
        color = KIND_STYLE.get(e["kind"], "#555")
        sx, sy, tx, ty = x1 + box_w, y1 + box_h / 2, x2, y2 + box_h / 2
        if x2 <= x1:  # a source to the right or in another row: leave from the bottom
            sx, sy, tx, ty = x1 + box_w / 2, y1 + box_h, x2 + box_w / 2, y2
        out.append(f'<line x1="{sx:.0f}" y1="{sy:.0f}" x2="{tx:.0f}" y2="{ty:.0f}" stroke="{color}" '
                   f'stroke-width="2" marker-end="url(#arrow)"><title>{escape(_edge_title(e))}</title></line>')
        out.append(f'<text x="{(sx + tx) / 2:.0f}" y="{(sy + ty) / 2 - 4:.0f}" font-size="10" text-anchor="middle" '
                   f'fill="{color}">{escape(e["kind"])}</text>')
    for node, (x, y) in pos.items():
        agency = node.startswith("agency:")
        label = str(p["labels"].get(node, node))[:22]
        look = 'fill="#eee" stroke="#888" stroke-dasharray="3 2"' if agency else 'fill="#fff" stroke="#888"'
        out.append(f'<g><rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="4" {look}/>'
                   f'<text x="{x + 6}" y="{y + 21}" font-size="12">{escape(label)}</text>'
                   f'<title>{escape(node)}</title></g>')
    out.append("</svg>")
    return "".join(out)


def _edge_title(e: dict) -> str:
    what = f"{e['kind']} ({e['score']:.2f})"
    return f"{e['to']} ← {e['from']}: {what}; " + "; ".join(e["evidence"])
