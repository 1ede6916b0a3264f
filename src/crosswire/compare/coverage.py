"""Coverage: which outlets report which facts (measures, events) in a story or thread, and what only one side has.

One row (a plain dict) per fact and scope; an article without a known outlet counts as its own side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Article


def side(article: Article) -> str:
    """The side an article speaks for: its outlet, else the article itself."""
    return article.outlet or f"article:{article.id}"


def coverage_row(scope: str, scope_kind: str, kind: str, fact: str, article_ids: Sequence[str],
                 scope_articles: Sequence[str], articles: Mapping[str, Article], group: str | None = None) -> dict:
    """One coverage row: who reports ``fact`` in ``scope`` and who, among the scope's outlets, does not."""
    reporting = sorted(set(article_ids))
    sides = sorted({side(articles[a]) for a in reporting})
    everyone = sorted({side(articles[a]) for a in scope_articles})
    return {
        "scope": scope, "scope_kind": scope_kind, "kind": kind, "fact": fact, "group": group,
        "articles": reporting, "outlets": sides,
        "missing": [s for s in everyone if s not in sides],
        "only": sides[0] if len(sides) == 1 and len(everyone) > 1 else None,
    }


def event_clusters(events: Sequence) -> list[list]:
    """Reports of one event across articles, dates aside: same kind, shared participants, compatible places."""
    from ..group.eventmatch import compatible

    clusters: list[list] = []
    for e in sorted(events, key=lambda e: (e.article, e.start, e.id)):
        people = set(e.participants)
        for c in clusters:
            rep = c[0]
            shared = len(people & set(rep.participants))
            if rep.kind == e.kind and shared and shared >= min(2, len(people), len(rep.participants)) \
                    and compatible(rep.place, e.place):
                c.append(e)
                break
        else:
            clusters.append([e])
    return clusters
