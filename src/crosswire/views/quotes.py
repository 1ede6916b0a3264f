"""Quote drift for pages: a story's quote groups (altered renderings first, the differing words marked) and what
a person or organisation is quoted as saying, by date, across outlets and languages.
"""

from __future__ import annotations

import re

from ..model import ArticleFacts, QuoteGroup
from .highlight import anchor

SEVERITY = {"altered": 3, "shortened": 2, "paraphrased": 1, "same": 0}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’ʼ-][^\W\d_]+)*|[^\w]+|\w", re.UNICODE)


def drift_segments(text: str, changed: tuple[str, ...] | list[str]) -> list[dict]:
    """``text`` cut into segments, the words of ``changed`` (lower-cased, as drift reports them) flagged."""
    marked = {w.lower().replace("’", "'").replace("ё", "е") for w in changed}
    out: list[dict] = []
    for tok in _TOKEN.findall(text):
        norm = tok.lower().replace("’", "'").replace("ё", "е").replace(",", ".")
        flag = bool(marked) and norm in marked
        if out and out[-1]["changed"] == flag:
            out[-1]["text"] += tok
        else:
            out.append({"text": tok, "changed": flag})
    return out


def quote_index(facts: list[ArticleFacts]) -> dict[str, tuple]:
    """quote id -> (quote, article)."""
    return {q.id: (q, f.article) for f in facts for q in f.quotes}


def group_rows(groups: list[QuoteGroup], index: dict[str, tuple], names: dict[str, str]) -> list[dict]:
    """Quote groups as the story page shows them: the reference rendering, then each other one with its verdict
    and the words it does not share with the reference marked; altered groups first."""
    rows = []
    for g in groups:
        renderings = []
        for k, qid in enumerate(g.quotes):
            if qid not in index:
                continue
            q, art = index[qid]
            changed = g.changed[k] if k < len(g.changed) else ()
            renderings.append({
                "quote": qid, "outlet": art.outlet or art.id[:8], "language": art.language,
                "published": art.published, "article": art.id, "direct": q.direct,
                "verdict": "reference" if k == 0 else (g.verdicts[k - 1] if k - 1 < len(g.verdicts) else None),
                "segments": drift_segments(q.text, changed), "text": q.text,
                "href": f"/articles/{art.id}#{anchor('quote', q.id)}",
            })
        if len(renderings) >= 2:
            rows.append({"id": g.id, "speaker": names.get(g.speaker, g.speaker), "speaker_id": g.speaker,
                         "verdict": g.verdict, "reason": g.reason, "renderings": renderings})
    rows.sort(key=lambda r: (-SEVERITY.get(r["verdict"], 0), r["speaker"]))
    return rows


def said_by(entity_id: str, facts: list[ArticleFacts], groups: list[QuoteGroup]) -> list[dict]:
    """Everything ``entity_id`` is quoted as saying, one entry per utterance (its renderings grouped, drift
    marked), oldest first; undated ones last."""
    index = quote_index(facts)
    seen: set[str] = set()
    out = []
    for g in groups:
        if g.speaker != entity_id:
            continue
        members = [index[q] for q in g.quotes if q in index]
        if not members:
            continue
        seen.update(g.quotes)
        dates = sorted(a.published for _, a in members if a.published)
        out.append({
            "date": dates[0] if dates else None, "verdict": g.verdict, "reason": g.reason, "group": g.id,
            "story": g.scope, "text": members[0][0].text,
            "renderings": [{"quote": q.id, "outlet": a.outlet or a.id[:8], "language": a.language,
                            "published": a.published, "direct": q.direct,
                            "verdict": "reference" if k == 0 else g.verdicts[k - 1] if k - 1 < len(g.verdicts)
                            else None, "text": q.text,
                            "segments": drift_segments(q.text, g.changed[k] if k < len(g.changed) else ()),
                            "href": f"/articles/{a.id}#{anchor('quote', q.id)}"}
                           for k, (q, a) in enumerate(members)],
        })
    for qid, (q, a) in index.items():
        if q.speaker == entity_id and qid not in seen:
            out.append({"date": a.published, "verdict": None, "reason": "", "group": None, "story": None,
                        "text": q.text,
                        "renderings": [{"quote": q.id, "outlet": a.outlet or a.id[:8], "language": a.language,
                                        "published": a.published, "direct": q.direct, "verdict": None,
                                        "text": q.text, "segments": [{"text": q.text, "changed": False}],
                                        "href": f"/articles/{a.id}#{anchor('quote', q.id)}"}]})
    out.sort(key=lambda r: (r["date"] is None, r["date"] or "", -len(r["renderings"])))
    return out
