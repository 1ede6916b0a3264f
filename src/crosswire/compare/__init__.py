"""Comparison inside stories and threads: claim groups with verdicts, event-date checks, coverage.

Story scope compares every measure and event its articles share; thread scope only what spans several stories.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ..model import ArticleFacts, ClaimGroup, Story, Thread, Verdict

VERDICT_ORDER = {Verdict.CONTRADICT: 0, Verdict.DIVERGE: 1, Verdict.AGREE: 2, Verdict.SINGLE_SOURCE: 3}


def group_id(scope: str, kind: str, members: Sequence[str]) -> str:
    """``g-`` + 10 hex of a hash of the scope, kind and member ids: stable across runs."""
    key = "|".join([scope, kind, *sorted(members)])
    return f"g-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def _scopes(stories: Sequence[Story], threads: Sequence[Thread]) -> list[tuple[str, str, list[str]]]:
    by_id = {s.id: s for s in stories}
    out = [(s.id, "story", list(s.articles)) for s in stories]
    for t in threads:
        out.append((t.id, "thread", [a for sid in t.stories if sid in by_id for a in by_id[sid].articles]))
    return out


def compare(facts: Sequence[ArticleFacts], stories: Sequence[Story], threads: Sequence[Thread]
            ) -> tuple[list[ClaimGroup], list[dict]]:
    """(claim groups with verdicts, coverage rows) for every story and thread."""
    from .align import _config, align, split_ambiguous
    from .coverage import coverage_row, event_clusters
    from .events import compare_event_dates, compare_event_places, compare_topic_dates
    from .intervals import show
    from .verdicts import claim_verdict

    by_article = {f.article.id: f for f in facts}
    articles = {aid: f.article for aid, f in by_article.items()}
    names = {e.id: e for f in facts for e in f.entities}
    story_of = {a: s.id for s in stories for a in s.articles}
    event_bound = set(_config()["event_bound_units"])
    groups: list[ClaimGroup] = []
    coverage: list[dict] = []
    for scope, scope_kind, members in _scopes(stories, threads):
        members = [a for a in members if a in by_article]

        def spans_stories(article_ids) -> bool:
            return len({story_of.get(a) for a in article_ids}) > 1

        aligned = [(m, parts) for m, cs in align(c for a in members for c in by_article[a].claims)
                   for parts in [split_ambiguous(cs)]]
        # a measure cut into value clusters is labelled by each cluster's figure ("share (8 percent)")
        for measure, claims in ((m if len(parts) == 1 else f"{m} ({show(part[0])})", part)
                                for m, parts in aligned for part in parts):
            arts = sorted({c.article for c in claims})
            if scope_kind == "thread" and (not spans_stories(arts) or (claims[0].unit or "") in event_bound):
                continue  # compared in its story; how long one event lasted says nothing of another story's
            verdict, reason = claim_verdict(claims, articles, story_of)
            ids = [c.id for c in claims]
            gid = group_id(scope, "claim", ids)
            groups.append(ClaimGroup(gid, scope, measure, verdict, reason, tuple(ids), tuple(arts), kind="claim"))
            coverage.append(coverage_row(scope, scope_kind, "measure", measure, arts, members, articles, gid))
        events = [e for a in members for e in by_article[a].events]
        for kind, found in (("date", compare_event_dates(events, articles, names, story_of)),
                            ("topic", compare_topic_dates(events, articles, names)),
                            ("place", compare_event_places(events, articles, names))):
            for eg in found:
                arts = sorted({e.article for e in eg.events})
                if scope_kind == "thread" and not spans_stories(arts):
                    continue
                ids = [x for e in eg.events for x in (e.id, e.time) if x]
                gid = group_id(scope, kind, ids)
                groups.append(ClaimGroup(gid, scope, eg.label, eg.verdict, eg.reason, tuple(dict.fromkeys(ids)),
                                         tuple(arts),
                                         kind="place" if kind == "place" else "date"))
                if kind == "date" and scope_kind == "thread":  # story scope lists every event below
                    coverage.append(coverage_row(scope, scope_kind, "event", eg.label, arts, members, articles,
                                                 gid))
        if scope_kind == "story":  # which outlets report which events at all, dated or not
            for cluster in event_clusters(events):
                who = ", ".join(names[p].name if p in names else p for p in sorted(cluster[0].participants))
                label = f"{cluster[0].kind} ({who})"
                coverage.append(coverage_row(scope, scope_kind, "event", label, [e.article for e in cluster],
                                             members, articles))
    groups.sort(key=lambda g: (g.scope, VERDICT_ORDER[g.verdict], g.measure, g.id))
    return groups, coverage
