"""Comparison inside stories and threads: claim groups with verdicts, event-date checks, coverage.

Story scope compares every measure and event its articles share; thread scope only what spans several stories.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection, Mapping, Sequence

from ..model import ArticleFacts, ClaimGroup, Derivation, Story, Thread, Verdict

VERDICT_ORDER = {Verdict.CONTRADICT: 0, Verdict.DIVERGE: 1, Verdict.UPDATE: 2, Verdict.AGREE: 3,
                 Verdict.SINGLE_SOURCE: 4}


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


def compare(facts: Sequence[ArticleFacts], stories: Sequence[Story], threads: Sequence[Thread],
            derivations: Mapping[str, Sequence[Derivation]] | None = None,
            only: Collection[str] | None = None, provenance=None) -> tuple[list[ClaimGroup], list[dict]]:
    """(claim groups with verdicts, coverage rows) for every story and thread; ``derivations`` (``group.derive``)
    say which articles are one source (agreement needs two). ``only``: the story and thread ids to compare (an
    incremental run recompares what changed); every scope is compared on its own, so the rows of one scope
    are the same whichever others are compared with it. ``provenance``: the corpus's ``Provenance`` when
    ``facts`` hold only the compared articles (sources join across the whole corpus)."""
    from .align import _config, align, basis, one_figure, split_ambiguous
    from .coverage import coverage_row, event_clusters
    from .events import compare_event_dates, compare_event_places, compare_topic_dates
    from .independence import Provenance, no_confirmation
    from .intervals import show
    from .verdicts import claim_verdict, time_of

    by_article = {f.article.id: f for f in facts}
    articles = {aid: f.article for aid, f in by_article.items()}
    provenance = provenance or Provenance(articles, derivations or {})
    names = {e.id: e for f in facts for e in f.entities}
    story_of = {a: s.id for s in stories for a in s.articles}
    event_bound = set(_config()["event_bound_units"])
    scopes = [x for x in _scopes(stories, threads) if only is None or x[0] in only]
    compared = facts if only is None else [by_article[a] for a in dict.fromkeys(
        a for _, _, members in scopes for a in members) if a in by_article]
    names_in = _sentence_names(compared)
    language_of = {aid: a.language for aid, a in articles.items()}
    # events dated by a time expression outside their own evidence sentence
    carried = {e.id for f in compared for e in f.events
               if any(t.id == e.time and not (e.start <= t.start and t.end <= e.end) for t in f.timerefs)}

    def anchored(a, b) -> bool:
        return bool(names_in.get(a.id, set()) & names_in.get(b.id, set()))
    groups: list[ClaimGroup] = []
    coverage: list[dict] = []
    for scope, scope_kind, members in scopes:
        members = [a for a in members if a in by_article]

        def spans_stories(article_ids) -> bool:
            return len({story_of.get(a) for a in article_ids}) > 1

        aligned = [(m, parts) for m, cs in align((c for a in members for c in by_article[a].claims), language_of)
                   for parts in [[p for ev in (_one_event(cs, names_in) if not one_figure(cs) else [cs])
                                  for p in split_ambiguous(ev)]]]
        # a measure cut into value clusters is labelled by each cluster's figure ("share (8 percent)")
        for measure, claims in ((m if len(parts) == 1 else f"{m} ({show(part[0])})", part)
                                for m, parts in aligned for part in parts):
            arts = sorted({c.article for c in claims})
            if scope_kind == "thread" and (
                not spans_stories(arts) or (claims[0].unit or "") in event_bound
                or claims[0].counted.endswith(("duration", "age"))
                or any(time_of(c, articles)[0] is None for c in claims)
            ):
                # compared in its story: across stories only measures that last, each figure with a time
                continue
            verdict, reason = claim_verdict(claims, articles, story_of, anchored)
            independent = provenance.claim_sources(claims)
            verdict, reason = no_confirmation(verdict, reason, independent, len(arts))
            ids = [c.id for c in claims]
            gid = group_id(scope, "claim", ids)
            how = {**basis(claims), "event": f"one {scope_kind}", "time": _times(claims)}
            groups.append(ClaimGroup(gid, scope, measure, verdict, reason, tuple(ids), tuple(arts), kind="claim",
                                     basis=how, independent_sources=independent))
            coverage.append(coverage_row(scope, scope_kind, "measure", measure, arts, members, articles, gid))
        events = [e for a in members for e in by_article[a].events]
        for kind, found in (("date", compare_event_dates(events, articles, names, story_of, carried)),
                            ("topic", compare_topic_dates(events, articles, names)),
                            ("place", compare_event_places(events, articles, names))):
            for eg in found:
                arts = sorted({e.article for e in eg.events})
                if scope_kind == "thread" and not spans_stories(arts):
                    continue
                ids = [x for e in eg.events for x in (e.id, e.time) if x]
                gid = group_id(scope, kind, ids)
                independent = provenance.claim_sources(eg.events)
                verdict, reason = no_confirmation(eg.verdict, eg.reason, independent, len(arts))
                groups.append(ClaimGroup(gid, scope, eg.label, verdict, reason, tuple(dict.fromkeys(ids)),
                                         tuple(arts), kind="place" if kind == "place" else "date",
                                         independent_sources=independent))
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


CONTEXT_CHARS = 250  # the figure's sentence and the end of the one before it, inside one line
LEAD_CHARS = 400  # an article's lead: the event an unnamed toll on a line of its own belongs to
# third-person pronouns (ru, uk, en): a sentence with one speaks of what the text before it named
_PRONOUNS = frozenset({"он", "она", "оно", "они", "его", "ее", "её", "ему", "ей", "им", "ими", "них", "нему", "ней",
                       "нем", "нём", "него", "неё", "він", "вона", "воно", "вони", "його", "її", "йому", "їй", "їм",
                       "ними", "нього", "неї", "he", "she", "him", "her", "his", "they", "them", "their"})


def _sentence_names(facts: Sequence[ArticleFacts]) -> dict[str, set[str]]:
    """Claim id -> the entities named around it (its sentence and the text just before it on its line): the
    anchor that ties a figure to an event ("Его протяженность составит…" names its pipeline a sentence
    earlier)."""
    from bisect import bisect_left

    from ..read.statement import lexicon

    out: dict[str, set[str]] = {}
    for f in facts:
        text = f.article.text
        mentions = sorted(f.mentions, key=lambda m: m.start)
        starts = [m.start for m in mentions]

        def named(lo: int, hi: int, mentions=mentions, starts=starts) -> set[str]:
            """The entities of the mentions that start in [lo, hi)."""
            return {m.entity for m in mentions[bisect_left(starts, lo):bisect_left(starts, hi)]}
        for c in f.claims:
            generic = c.counted.split(" (")[0].split(" of ")[0] in lexicon()["generic"]
            # a generic count ("7 человек погибли") is tied to its event by its own sentence only: the text
            # around it names the story's people whatever the count is of
            line = max(c.start - CONTEXT_CHARS, text.rfind("\n", 0, c.start) + 1)
            if not generic and _PRONOUNS & set(re.findall(r"\w+", c.text.lower())):
                # "Предъявленное ему обвинение состояло из 11 пунктов" on a line of its own: the pronoun points back
                # to the text before the line ("Процесс над Младичем начался 16 мая 2012 года.")
                line = max(0, c.start - CONTEXT_CHARS)
            out[c.id] = named(c.start if generic else line, c.end)
            if generic and not out[c.id]:
                # a toll whose sentence names nothing ("Уже известно о гибели 58 человек") is the event's its line
                # named just before ("Ночью 1 октября в Лас-Вегасе ... Пэддок открыл огонь")
                out[c.id] = named(line, c.end)
            if generic and not out[c.id]:
                # … and on a line of its own ("Их жертвами стали три человека, более 180 получили ранения"), the
                # event of the article: what its lead names ("… по поимке Джохара Царнаева, подозреваемого в
                # теракте на Бостонском марафоне")
                out[c.id] = named(0, min(LEAD_CHARS, c.start))
            if c.place:
                out[c.id].add(f"place:{c.place}")
    return out


def _one_event(claims: list, names_in: Mapping[str, set[str]]) -> list[list]:
    """An aligned group cut where its figures' contexts name disjoint sets of entities: figures of a
    mixed-event story or thread that happen to share their slots. Figures whose context names nothing go with
    the group when it is one, else stand apart; figures of a generic counted thing ("people killed", "money")
    are compared only where a name ties them together."""
    from ..read.statement import lexicon
    from ..unionfind import UnionFind

    generic = claims[0].counted.split(" (")[0].split(" of ")[0] in lexicon()["generic"] if claims[0].counted \
        else False
    named = [k for k, c in enumerate(claims) if names_in.get(c.id)]
    unnamed = [c for k, c in enumerate(claims) if not names_in.get(c.id)]
    if len(named) < 2 and not generic:
        return [claims]
    uf = UnionFind(len(claims))
    owner: dict[str, int] = {}
    for k in named:
        for name in names_in[claims[k].id]:
            if name in owner:
                uf.union(owner[name], k)
            else:
                owner[name] = k
    roots = sorted({uf.find(k) for k in named})
    parts = [[claims[k] for k in named if uf.find(k) == root] for root in roots]
    if generic:
        return parts  # unnamed generic figures state nothing that ties them to this event
    if len(parts) == 1:
        return [claims]
    return parts + ([unnamed] if unnamed else [])


def _times(claims: list) -> str:
    """How the figures' times were found, for the alignment basis."""
    kinds = sorted({c.as_of_from or ("text" if c.refers_to else "unknown") for c in claims})
    return ", ".join(kinds)
