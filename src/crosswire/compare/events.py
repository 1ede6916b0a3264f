"""Event facts across articles: the same event (kind, people, place) reported with compatible or clashing dates.

Reports are the same event when kind, participants and place match and dates fall within a window; inside
one such event, dates no day of which is shared are a contradiction (one of the articles has it wrong).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..group.dates import day_range, gap_days
from ..group.eventmatch import same_event
from ..model import Article, Entity, Event, Verdict
from ..unionfind import UnionFind
from .align import _config


@dataclass(frozen=True, slots=True)
class EventGroup:
    """Reports of one event from several articles, with the verdict on their dates."""

    label: str
    events: tuple[Event, ...]
    verdict: Verdict
    reason: str


def _label(e: Event, names: Mapping[str, Entity]) -> str:
    who = ", ".join(names[p].name if p in names else p for p in sorted(e.participants))
    where = f" in {names[e.place].name if e.place in names else e.place}" if e.place else ""
    return f"date of {e.kind} ({who}){where}"


def _describe(e: Event, articles: Mapping[str, Article]) -> str:
    art = articles.get(e.article)
    who = f"{art.outlet} " if art and art.outlet else ""
    snippet = " ".join(e.text.split())[:90]
    return f"{who}[{e.article}]: {e.date} («{snippet}»)"


def _matches(a: Event, b: Event, max_gap: int, story_of: Mapping[str, str]) -> bool:
    """Same event; across stories only when both name the place (the same people meet again, often)."""
    if not same_event(a, b, max_gap):
        return False
    same_story = story_of.get(a.article) is not None and story_of.get(a.article) == story_of.get(b.article)
    return same_story or bool(a.place and b.place)


def _clusters(events: Sequence[Event], max_gap: int, story_of: Mapping[str, str]) -> list[list[Event]]:
    uf = UnionFind(len(events))
    # only reports sharing a kind and a participant can match: a thread of thousands of events stays cheap
    seen: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, b in enumerate(events):
        cands = sorted({i for who in b.participants for i in seen[(b.kind, who)]})
        for i in cands:
            if _matches(events[i], b, max_gap, story_of):
                uf.union(i, j)
        for who in b.participants:
            seen[(b.kind, who)].append(j)
    groups = [[events[i] for i in g] for g in uf.groups()]
    return [g for g in groups if len({e.article for e in g}) > 1]


def compare_event_dates(events: Sequence[Event], articles: Mapping[str, Article], names: Mapping[str, Entity],
                        story_of: Mapping[str, str] | None = None,
                        carried: set[str] | None = None) -> list[EventGroup]:
    """Same-event reports from two or more articles, with agree/contradict verdicts on their dates.

    ``carried``: the events whose date is not written in their own evidence sentence (carried over from another
    mention of the event or another sentence): their evidence does not show the date, so they are left out."""
    max_gap = _config()["same_event_max_gap_days"]
    story_of = story_of or {}
    dated = sorted((e for e in events if day_range(e.date) and e.id not in (carried or ())),
                   key=lambda e: (e.article, e.start, e.id))
    out = []
    for group in _clusters(dated, max_gap, story_of):
        ranges = {e.id: day_range(e.date) for e in group}
        clashes = [(a, b) for i, a in enumerate(group) for b in group[i + 1:]
                   if a.article != b.article and gap_days(ranges[a.id], ranges[b.id])
                   and _matches(a, b, max_gap, story_of)]  # pairwise: a chain of meetings is no clash
        listed = "; ".join(_describe(e, articles) for e in group)
        if clashes:
            votes = Counter(e.date for e in group)
            a, b = clashes[0]
            reason = (f"the same {a.kind} is dated {a.date} in {a.article} but {b.date} in {b.article}: "
                      f"no day fits both ({gap_days(ranges[a.id], ranges[b.id])} days apart); {listed}")
            if len(votes) > 1 and votes.most_common(2)[0][1] > votes.most_common(2)[1][1]:
                reason += f"; most reports say {votes.most_common(1)[0][0]}"
            verdict = Verdict.CONTRADICT
        else:
            verdict, reason = Verdict.AGREE, f"dates compatible: {listed}"
        out.append(EventGroup(_label(group[0], names), tuple(group), verdict, reason))
    return out


def compare_event_places(events: Sequence[Event], articles: Mapping[str, Article],
                         names: Mapping[str, Entity]) -> list[EventGroup]:
    """Reports of one dated event (same kind, people and day) naming different places: agree when one is the
    other's country, else diverge (a city and its region cannot be told apart from a contradiction here)."""
    from ..group.eventmatch import compatible

    def one_day(e: Event) -> bool:
        r = day_range(e.date)
        return r is not None and r[0] == r[1]

    placed = sorted((e for e in events if e.place and one_day(e)), key=lambda e: (e.article, e.start, e.id))
    seen: dict[tuple[str, str], list[Event]] = defaultdict(list)
    pairs: dict[tuple[str, str], list[Event]] = {}
    for b in placed:
        for a in {id(x): x for who in b.participants for x in seen[(b.kind, who)]}.values():
            shared = len(set(a.participants) & set(b.participants))
            if a.article != b.article and a.place != b.place and a.date == b.date \
                    and shared >= min(2, len(a.participants), len(b.participants)):
                pairs.setdefault(tuple(sorted((a.place, b.place))), [a, b])
        for who in b.participants:
            seen[(b.kind, who)].append(b)
    out = []
    for (pa, pb), (a, b) in sorted(pairs.items()):
        name = lambda p: names[p].name if p in names else p  # noqa: E731
        listed = "; ".join(f"{_describe(e, articles)} at {name(e.place)}" for e in (a, b))
        if compatible(pa, pb):
            verdict, why = Verdict.AGREE, f"{name(pa)} and {name(pb)}: a capital and its country"
        else:
            verdict, why = Verdict.DIVERGE, f"different places named for one {a.kind} on {a.date}"
        label = _label(a, names).replace("date of", "place of", 1).split(" in ")[0]
        out.append(EventGroup(label, (a, b), verdict, f"{why}: {listed}"))
    return out


def compare_topic_dates(events: Sequence[Event], articles: Mapping[str, Article],
                        names: Mapping[str, Entity]) -> list[EventGroup]:
    """Acknowledgements (and other topic events) of one thing in several articles, compared by date: agree when
    the dates overlap; when they do not, a contradiction if every report says it was the first time (there is
    only one first acknowledgement), else divergent (it may have been acknowledged more than once)."""
    from ..read.topics import CONCEPT, shares_topic

    topical = sorted((e for e in events if e.topic and day_range(e.date)),
                     key=lambda e: (e.article, e.start, e.id))
    uf = UnionFind(len(topical))
    for j, b in enumerate(topical):
        for i in range(j):
            a = topical[i]
            if a.kind == b.kind and a.article != b.article and shares_topic(a.topic, b.topic):
                uf.union(i, j)
    out = []
    for group in ([topical[i] for i in g] for g in uf.groups()):
        if len({e.article for e in group}) < 2:
            continue
        common = set.intersection(*(set(e.topic) for e in group))
        keys = sorted(common or set(group[0].topic))
        about = ", ".join([names[k].name if k in names else k for k in keys if not k.startswith(CONCEPT)]
                          + [k[len(CONCEPT):] for k in keys if k.startswith(CONCEPT)])
        first = all(e.first for e in group)
        label = f"date of {'first ' if first else ''}{group[0].kind}: {about}"
        listed = "; ".join(_describe(e, articles) for e in group)
        ranges = [day_range(e.date) for e in group]
        apart = [(a, b) for i, a in enumerate(group) for b in group[i + 1:]
                 if a.article != b.article and gap_days(day_range(a.date), day_range(b.date))]
        if not apart:
            verdict, reason = Verdict.AGREE, f"dates overlap ({_overlap(ranges)}): {listed}"
        elif first:
            a, b = apart[0]
            verdict = Verdict.CONTRADICT
            reason = (f"both say it was the first time, but {a.article} dates it {a.date} and {b.article} "
                      f"{b.date}: {listed}")
        else:
            verdict, reason = Verdict.DIVERGE, f"different dates (it may have happened more than once): {listed}"
        out.append(EventGroup(label, tuple(group), verdict, reason))
    return out


def _overlap(ranges) -> str:
    lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
    return lo.isoformat() if lo == hi else f"{lo.isoformat()}..{hi.isoformat()}"

