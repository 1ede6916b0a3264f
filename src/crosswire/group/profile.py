"""What grouping knows of one article: its vector, top entities, main event (kind, place, date) and date anchors.

The main event is the best-supported event of the lead; an article's dates are that event's date, else its
publication date or inferred window, kept side by side when the article's own evidence disagrees.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..model import ArticleFacts, Event
from .dates import DayRange, day_range, widen, width
from .headline import INTRODUCERS, headline_classes
from .signature import Signature, signature

LEAD_CHARS = 400  # title + first sentences: where a news article names its main event
TOP_ENTITIES = 8
NEWS_LAG_DAYS = 3  # an undated main event happened up to a few days before publication
STALE_DAYS = 14
PRECISE_DAYS = 31  # a main event this far from publication may be misread: keep both anchors


@dataclass(slots=True)
class Profile:
    """One article as grouping sees it."""

    id: str
    title: str
    outlet: str | None
    language: str
    vector: list[float] | None
    entities: dict[str, float] = field(default_factory=dict)  # entity id -> weight (top entities only)
    event_kind: str | None = None
    event_place: str | None = None
    event_participants: frozenset[str] = frozenset()
    event_date: str | None = None
    anchors: list[DayRange] = field(default_factory=list)
    published: str | None = None
    signature: Signature = field(default_factory=Signature)
    firm: bool = False  # anchored by a publication date or the main event's own date, not an inferred window
    headline: frozenset[str] = frozenset()  # the event classes its title names (group/headline.py)

    @property
    def precise(self) -> bool:
        """Dated to within about a month (a window of months says little about which event it reports)."""
        return any(width(a) <= PRECISE_DAYS for a in self.anchors)

    @property
    def window(self) -> tuple[int, int] | None:
        """The days (ordinals) from the first to the last of a published article's date anchors; None without a
        publication date. Two published articles whose windows lie more than ``story.max_gap_days`` apart can never
        share a story (every pair of their anchors is further apart: ``link``), so neither is the other's
        candidate neighbour (``graph.dated_nearest``)."""
        if not (self.published and self.anchors):
            return None
        return min(a[0] for a in self.anchors).toordinal(), max(a[1] for a in self.anchors).toordinal()

    @property
    def sort_key(self) -> tuple[bool, date, str]:
        """Precisely dated articles first (they seed stories), by earliest anchor, then id; vague ones join after."""
        first = min((a[0] for a in self.anchors), default=date.max)
        return not self.precise, first, self.id


_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# the headline's introducers (lemmas) and the surface forms a lead uses for the same ("на фоне", "ahead of")
_BEFORE = {lang: words | extra for (lang, words), extra in
           zip(INTRODUCERS.items(), ({"фоне"}, {"тлі"}, {"ahead", "following"}), strict=True)}
# of those, the ones that name another event as a time on the news's timeline ("до саммита", "после встречи")
_TIME = {"ru": {"до", "перед", "накануне", "после"}, "uk": {"до", "перед", "напередодні", "після"},
         "en": {"before", "ahead", "after", "following"}}


def background(facts: ArticleFacts, e: Event, words: dict[str, set[str]] | None = None) -> bool:
    """The event is named as the time or cause of the news, not as the news: its trigger follows one of
    ``words`` (default: every introducer: "до", "после", "на фоне", "ahead of", "amid"; one word may stand
    between: "до предстоящего саммита")."""
    text = facts.article.text
    at = text.find(e.trigger, e.start, e.end) if e.trigger else -1
    if at < 0:
        return False
    words = words or _BEFORE
    lang = facts.article.language if facts.article.language in words else "en"
    before = [w.lower() for w in _WORD.findall(text[max(0, at - 40):at])][-2:]
    return any(w in words[lang] for w in before)


def lead_event(facts: ArticleFacts, e: Event, lead_chars: int = LEAD_CHARS) -> bool:
    """The event is the lead's own news: named in the title and first sentences, not as their background."""
    return e.start < lead_chars and not background(facts, e)


def main_event(facts: ArticleFacts, lead_chars: int = LEAD_CHARS) -> Event | None:
    """The event the article is about: in the lead (not as its background), supported by most mentions of the
    same kind and people."""
    events = list(facts.events)
    if not events:
        return None
    support = Counter((e.kind, frozenset(e.participants)) for e in events)

    def score(e: Event) -> tuple:
        in_lead = lead_event(facts, e, lead_chars)
        people = sum(not p.startswith(("ORG:", "LOC:")) for p in e.participants)
        return (-int(in_lead), -support[(e.kind, frozenset(e.participants))], e.start, -bool(e.date),
                -len(e.participants), -people, e.id)

    return min(events, key=score)


def top_entities(facts: ArticleFacts, k: int = TOP_ENTITIES, lead_chars: int = LEAD_CHARS) -> dict[str, float]:
    """The ``k`` most mentioned entities, lead mentions counting double, as normalised weights."""
    weight: Counter[str] = Counter()
    for m in facts.mentions:
        if m.entity:
            weight[m.entity] += 2.0 if m.start < lead_chars else 1.0
    top = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    total = sum(w for _, w in top) or 1.0
    return {eid: w / total for eid, w in top}


def publication_range(facts: ArticleFacts) -> DayRange | None:
    """Publication date widened by the news lag, else the inferred publication window."""
    a = facts.article
    if a.published:
        r = day_range(a.published)
        return widen(r, NEWS_LAG_DAYS) if r else None
    if a.published_window:
        return day_range(f"{a.published_window[0]}/{a.published_window[1]}")
    return None


def profile(facts: ArticleFacts, vector: list[float] | None, disputed: tuple[str, ...] = ()) -> Profile:
    """The grouping profile of one article; ``disputed`` holds other reports' dates for its main event."""
    a = facts.article
    ev = main_event(facts)
    p = Profile(id=a.id, title=a.title, outlet=a.outlet, language=a.language, vector=vector,
                entities=top_entities(facts), published=a.published)
    pub = publication_range(facts)
    ev_range = day_range(ev.date) if ev else None
    if ev is not None:
        # an event the lead names as a time of its news ("может завершиться до саммита") is not what the text
        # reports: its kind is no evidence for or against one event. Only the time words: dropping every
        # background kind ("на фоне провала переговоров"), or the kinds of events past the lead, split judged
        # SlavicNER events they kept apart (benchmarks/stories_real: purity 0.905 -> 0.897 and 0.892)
        p.event_kind = None if background(facts, ev, _TIME) else ev.kind
        p.event_place, p.event_date = ev.place, ev.date
        p.event_participants = frozenset(ev.participants)
        for eid in ev.participants:  # the main event's people belong to the article's identity
            p.entities.setdefault(eid, 0.1)
    if ev_range is not None and pub is not None and (ev_range[1] - pub[0]).days < -STALE_DAYS:
        # an event weeks before publication is background (or misread): the article is dated by publication
        p.anchors.append(pub)
        p.event_date = None
    elif ev_range is not None:
        p.anchors.append(ev_range)
        if pub is not None and (ev_range[0] - pub[1]).days > STALE_DAYS:
            p.anchors.append(pub)  # an upcoming event: the news is also of its day
    elif pub is not None:
        p.anchors.append(pub)
    for other in disputed:  # other articles date the same event differently: do not let one date decide
        r = day_range(other)
        if r is not None and r not in p.anchors:
            p.anchors.append(r)
    p.signature = signature(facts)
    p.headline = headline_classes(a.title, a.language)
    p.firm = bool(p.anchors) and (bool(a.published) or p.event_date is not None)
    return p
