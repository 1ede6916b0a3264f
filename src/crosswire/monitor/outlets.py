"""Outlet track records, built from each outlet's own articles and claims: how much and in which languages it
publishes, how often it is first on a story, how often it copies or translates others (``derived_from``), how
often its figures sit outside the other sources' range, how often its figures were later contradicted or updated,
the contradictions it took part in, its framing profile and quality flags. Every figure carries its evidence.

Here rather than in ``views`` because figures are compared as the verdicts compare them (``compare.intervals``:
"около 2000" and "2 тысячи" are one range), and views sit beside ``compare``, not above it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..compare.intervals import claim_interval
from ..ingest.outlet import outlet_records
from ..model import Article, ClaimGroup
from ..views.fmt import claim_value, snippet
from ..views.highlight import anchor
from ..views.story import fact_index, group_row

DESCRIPTIVE = ("country", "language", "owner")


def records() -> dict[str, dict]:
    """outlet name -> its descriptive fields from outlets.yaml (country, language, owner)."""
    return {o["name"]: {k: o.get(k) for k in DESCRIPTIVE} for o in outlet_records()}


def outlet_list(store) -> list[dict]:
    """Every named outlet: articles, dates, languages, descriptive fields, most articles first."""
    desc = records()
    langs: dict[str, Counter] = {}
    for outlet, lang, _day, n in store.outlet_days():
        langs.setdefault(outlet, Counter())[lang] += n
    return [{"outlet": o, "articles": n, "first": first, "last": last,
             "languages": sorted(langs.get(o, {})), **desc.get(o, dict.fromkeys(DESCRIPTIVE)),
             "href": f"/outlets/{o}"} for o, n, first, last in store.outlet_rows()]


def figure(items: list[dict], of: int) -> dict:
    """A count with its evidence items and the rate over ``of`` cases (None when there is no case)."""
    return {"count": len(items), "of": of, "rate": round(len(items) / of, 3) if of else None, "evidence": items}


def derivations(a: Article) -> list[tuple[str, str]]:
    """(source article id, how) of what an article takes from others: ids, dicts or records, once
    ``derived_from`` exists on articles."""
    out = []
    for d in getattr(a, "derived_from", None) or ():
        if isinstance(d, str):
            out.append((d, "derived"))
        elif isinstance(d, dict):
            out.append((str(d.get("article") or d.get("source") or ""), str(d.get("kind") or "derived")))
        else:  # model.Derivation: a stored source article, or the agency a wire copy credits
            out.append((str(getattr(d, "article", None) or getattr(d, "agency", None) or ""),
                        str(getattr(d, "kind", "derived"))))
    return [(s, k) for s, k in out if s]


def outlet_view(store, name: str) -> dict | None:
    """The track record of one outlet (None when it has no article)."""
    arts = [a for a in store.outlet_articles(name) if a.duplicate_of is None]
    if not arts:
        return None
    own = {a.id for a in arts}
    facts = store.facts(sorted(own))
    per_day = Counter(a.published[:10] for a in arts if a.published)
    stories = store.stories(store.story_ids_of(sorted(own)))
    meta = store.article_meta({m for s in stories for m in s.articles})
    shared = [s for s in stories if {(meta.get(m) or (None,))[0] for m in s.articles} - {name, None}]

    first, tied = [], []
    dated = 0
    for s in shared:
        mine = [(meta[m][2], m) for m in s.articles if m in own and meta.get(m) and meta[m][2]]
        theirs = [(meta[m][2], m, meta[m][0]) for m in s.articles
                  if m not in own and meta.get(m) and meta[m][2] and meta[m][0] != name]
        if not mine or not theirs:
            continue
        dated += 1
        (d0, a0), (d1, _, o1) = min(mine), min(theirs)
        item = {"label": s.title or s.id, "href": f"/stories/{s.id}",
                "text": f"{name} {d0[:10]}, first other ({o1}) {d1[:10]}", "article": a0}
        if d0[:10] < d1[:10]:
            first.append(item)
        elif d0[:10] == d1[:10]:
            tied.append(item)

    copies = [{"label": f"{kind} of {src[:16]}", "href": f"/articles/{a.id}", "text": snippet(a.title, 120),
               "source": src, "kind": kind} for a in arts for src, kind in derivations(a)]

    scopes = [s.id for s in stories] + sorted({s.thread for s in stories if s.thread})
    groups = _dedup(g for g in (store.claim_groups(scopes) if scopes else []) if own & set(g.articles))
    others = sorted({a for g in groups for a in g.articles} - own)
    index = fact_index(facts + (store.facts(others) if others else []))
    meta.update(store.article_meta(set(others) - set(meta)))
    multi = [g for g in groups if len({(meta.get(a) or (None,))[0] for a in g.articles}) > 1]
    outside, later, compared, own_claims = [], [], 0, 0
    for g in (g for g in multi if g.kind == "claim"):
        claims = [index[c] for c in g.claims if c in index and index[c][0] == "claim"]
        mine = [(x, art) for _, x, art in claims if art.id in own]
        rest = [(x, art) for _, x, art in claims if art.id not in own and art.outlet != name]
        spans = [iv for x, _ in rest for iv in [claim_interval(x)] if iv]
        if not mine or not spans:
            continue
        compared += 1
        own_claims += len(mine)
        low, high = min(lo for lo, _ in spans), max(hi for _, hi in spans)
        for x, art in mine:
            iv = claim_interval(x)
            if iv and (iv[1] < low or iv[0] > high):
                outside.append({"label": f"{g.measure}: {claim_value(x)}", "href": f"/articles/{art.id}#{anchor('claim', x.id)}",
                                "text": f"others {', '.join(sorted({claim_value(y) for y, _ in rest}))}; " + snippet(x.text, 160)})
        verdict = getattr(g.verdict, "value", g.verdict)
        if verdict in ("contradict", "update"):
            for x, art in mine:
                after = [b for _, b in rest if b.published and art.published and b.published[:10] > art.published[:10]]
                if after:
                    later.append({"label": f"{g.measure}: {claim_value(x)} ({verdict} by {after[0].outlet or after[0].id[:8]}"
                                           f" {after[0].published[:10]})",
                                  "href": f"/articles/{art.id}#{anchor('claim', x.id)}", "text": snippet(g.reason, 240)})
    contradictions = [group_row(g, index) for g in multi if getattr(g.verdict, "value", g.verdict) == "contradict"]

    framing = [x for f in facts for x in f.framing]
    leanings = Counter(x.leaning for x in framing)
    flags = Counter(fl for a in arts for fl in a.flags)
    return {
        "outlet": name, **records().get(name, dict.fromkeys(DESCRIPTIVE)),
        "articles": len(arts), "first": min(per_day) if per_day else None, "last": max(per_day) if per_day else None,
        "per_day": [{"date": d, "count": n, "href": f"/outlets/{name}?day={d}"} for d, n in sorted(per_day.items())],
        "languages": [{"language": k, "count": v} for k, v in Counter(a.language for a in arts).most_common()],
        "stories": len(stories), "shared_stories": len(shared),
        "first_to_report": figure(first, dated), "tied_first": figure(tied, dated),
        "copies": figure(copies, len(arts)),
        "outside_range": figure(outside, own_claims) | {"groups": compared},
        "later_contradicted_or_updated": figure(later, own_claims),
        "contradictions": contradictions,
        "framing": [{"leaning": k, "count": v, "evidence": [
            {"label": x.term, "href": f"/articles/{x.article}"} for x in framing if x.leaning == k][:20]}
            for k, v in leanings.most_common()],
        "flags": [{"flag": k, "count": v, "evidence": [
            {"label": snippet(a.title or a.id, 80), "href": f"/articles/{a.id}"} for a in arts if k in a.flags][:20]}
            for k, v in flags.most_common()],
        "recent": [{"id": a.id, "title": a.title or "(untitled)", "published": a.published, "language": a.language,
                    "href": f"/articles/{a.id}"} for a in sorted(arts, key=lambda a: a.published or "", reverse=True)[:30]],
    }


FIGURES = ("first_to_report", "tied_first", "copies", "outside_range", "later_contradicted_or_updated")


def outlets_compare(store, a: str, b: str) -> dict | None:
    """Two track records side by side (None when either outlet has no article)."""
    left, right = outlet_view(store, a), outlet_view(store, b)
    if left is None or right is None:
        return None
    rows = [{"figure": k, "a": left[k], "b": right[k]} for k in FIGURES]
    return {"a": left, "b": right, "rows": rows}


def _dedup(groups: Iterable[ClaimGroup]) -> list[ClaimGroup]:
    """A story's group and its thread's twin over the same claims count once."""
    seen, out = set(), []
    for g in groups:
        key = (g.measure, frozenset(g.claims))
        if key not in seen:
            seen.add(key)
            out.append(g)
    return out
