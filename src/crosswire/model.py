"""The one data model of crosswire: articles, the facts read from them, and what is computed across them.

Every type is a frozen, slotted dataclass; offsets index ``Article.text``; ``serialize`` turns them into JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Qualifier(str, Enum):
    """How a stated quantity is hedged: "около 2000" is APPROX, "более 10 000" MORE_THAN, "до 40%" UP_TO."""

    EXACT = "="
    APPROX = "~"
    MORE_THAN = ">"
    LESS_THAN = "<"
    UP_TO = "<="
    AT_LEAST = ">="


class Verdict(str, Enum):
    """What a group of claims about one measure says across sources."""

    AGREE = "agree"
    UPDATE = "update"  # one measure at different as-of times: a series, never a conflict
    DIVERGE = "diverge"
    CONTRADICT = "contradict"
    SINGLE_SOURCE = "single-source"


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned article. ``noise`` keeps every removed line so nothing is silently lost."""

    id: str
    source: str  # the input path or URL it came from
    text: str
    title: str = ""
    url: str | None = None
    outlet: str | None = None
    language: str = "und"
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    published_from: str | None = None  # header, html-meta, url, text, inferred, feed, jsonl
    author: str | None = None
    noise: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    duplicate_of: str | None = None
    # an inferred publication window (ISO start, ISO end) for undated articles; never copied into `published`
    published_window: tuple[str, str] | None = None
    # reading stages that raised on this article: "stage: ExceptionType: message (module.py:line)"
    failures: tuple[str, ...] = ()
    # the articles (or agencies) this one was copied, rewritten or translated from; computed across the corpus
    derived_from: tuple[Derivation, ...] = ()


@dataclass(frozen=True, slots=True)
class Derivation:
    """Where an article's text comes from: another article it copies, rewrites or translates, or an agency's
    wire it takes its news from. Agreement among derived articles is no confirmation."""

    article: str | None  # the source article id; None for an agency or outlet that is not in the store
    kind: str  # copy, rewrite, translation, wire
    score: float
    evidence: tuple[str, ...] = ()
    agency: str | None = None  # wire: the agency or outlet credited as the source


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of an article's text: the evidence of a fact."""

    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity: one identity across inflections, spellings and languages."""

    id: str
    name: str  # English where known
    type: str  # PER, LOC, ORG, EVT, PRO
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of an article that names an entity."""

    article: str
    entity: str
    start: int
    end: int
    text: str
    type: str = ""
    normal: str = ""  # the normal (nominative) form read from the text


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A temporal expression resolved to a day, month, year, interval or duration.

    ``value`` is ISO: ``2025-09-03``, ``2025-09``, ``2025``, an interval ``2025-09-01/2025-09-05``, or for a
    duration an ISO 8601 period (``P19M``). ``anchor`` names what it was resolved against.
    """

    id: str
    article: str
    start: int
    end: int
    text: str
    value: str | None
    grain: str  # day, month, year, interval, duration, unresolved
    anchor: str  # absolute, published, inferred, context, none
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened: a meeting, call, visit, agreement, strike, deployment, test or statement."""

    id: str
    article: str
    kind: str
    participants: tuple[str, ...]  # entity ids
    start: int
    end: int
    text: str  # the evidence sentence or clause
    place: str | None = None  # entity id
    date: str | None = None  # ISO (day, month, year or interval) as resolved from `time`
    time: str | None = None  # TimeRef id
    trigger: str = ""
    topic: tuple[str, ...] = ()  # what an acknowledgement is about: entity ids and "concept:<name>" keys
    first: bool = False  # reported as the first time ("впервые признал")


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement of a quantity, with what is counted and who says so."""

    id: str
    article: str
    measure: str  # canonical, comparable across articles and languages
    value: float | None
    qualifier: Qualifier
    unit: str | None
    start: int
    end: int
    text: str
    source: str | None = None  # who says so (an entity name, an agency) or the outlet when unattributed
    source_entity: str | None = None
    refers_to: str | None = None  # ISO date/period the estimate refers to
    value_max: float | None = None  # upper bound of a range ("10-15 тысяч")
    measure_text: str = ""  # the counted phrase as written
    # what the figure states, slot by slot: two figures are compared only when all of these match
    counted: str = ""  # the counted thing, canonical: "flights", "children", "share of население"
    predicate: str = ""  # what is said of it: an event class or attribute ("killed", "length") or a lemma
    place: str = ""  # whose or where: the country or person the counted things belong to
    subset: str = ""  # a part or a rate: "more" (ещё 30), "part" (из них), "total" (из 60), "per year", "each"
    as_of: str | None = None  # when the figure holds (ISO day, period or interval)
    as_of_from: str = ""  # text (a time expression), published (present tense, the publication date), window
    vague: str = ""  # why the figure states no comparable fact ("" when it does); vague claims are never compared
    running: bool = False  # a running total or count in progress as of its report ("уже", "на момент публикации")


@dataclass(frozen=True, slots=True)
class Quote:
    """Direct (or indirect) speech with its speaker."""

    id: str
    article: str
    text: str
    start: int
    end: int
    speaker: str | None = None  # entity id
    speaker_text: str | None = None
    direct: bool = True


@dataclass(frozen=True, slots=True)
class Framing:
    """A loaded or partisan term found in an article, with the side it signals."""

    article: str
    term: str
    start: int
    end: int
    leaning: str  # pro-kremlin, pro-ukraine, critical, neutral ...
    category: str = ""  # lexicon category: euphemism, pejorative, war-label ...
    lexicon: str = ""  # the lexicon entry that matched


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """Everything read from one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    timerefs: tuple[TimeRef, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    framing: tuple[Framing, ...] = ()
    embedding: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class StoryMember:
    """Why one article is in its story: the member it matched best, that pair's score against the bar it had
    to clear, and the score's parts (cosine, entities, kind, place, date, figures); ``fit`` is the mean margin
    over every other member (the average linkage the story was built on). ``corrected`` names a user's merge."""

    article: str
    matched: str | None = None
    score: float | None = None
    threshold: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    fit: float | None = None
    corrected: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Articles whose main event is the same."""

    id: str
    title: str
    articles: tuple[str, ...]
    date: str | None = None
    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    event_kind: str | None = None
    entities: tuple[str, ...] = ()
    thread: str | None = None
    members: tuple[StoryMember, ...] = ()  # why each article joined (empty for a one-article story)


@dataclass(frozen=True, slots=True)
class Thread:
    """Stories linked over time."""

    id: str
    title: str
    stories: tuple[str, ...]
    entities: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Claims (or event facts) about one measure inside a story or thread, with a verdict and its reason."""

    id: str
    scope: str  # story or thread id
    measure: str
    verdict: Verdict
    reason: str
    claims: tuple[str, ...]  # claim, timeref or event ids
    articles: tuple[str, ...]
    kind: str = "claim"  # claim, date, place, participants, duration
    # what matched and how: counted, predicate, place, subset, unit, event, time (docs/json.md)
    basis: dict[str, str] = field(default_factory=dict)
    # distinct sources among the group's articles: copies, rewrites, translations, one agency's wire, one
    # outlet, and one sentence copied between articles count once (compare.independence); 0 = not counted
    independent_sources: int = 0


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One utterance as several articles of a story render it: the same words, shortened, paraphrased or altered
    (a changed figure, a dropped negation, a hedge removed). ``quotes[0]`` is the rendering the others are read
    against; ``changed`` holds, per quote, the words it has that the reference lacks."""

    id: str
    scope: str  # story id
    speaker: str  # entity id
    verdict: str  # same, shortened, paraphrased, altered
    reason: str
    quotes: tuple[str, ...]  # quote ids
    articles: tuple[str, ...]
    verdicts: tuple[str, ...] = ()  # per quote after the first: its verdict against quotes[0]
    changed: tuple[tuple[str, ...], ...] = ()  # per quote: its words the reference lacks


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be ingested: kept beside the results, never fatal for the batch."""

    source: str
    error: str


@dataclass(slots=True)
class AnalysisResult:
    """The whole result of a run: what the JSON document is written from."""

    articles: list[Article] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    timerefs: list[TimeRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    threads: list[Thread] = field(default_factory=list)
    claim_groups: list[ClaimGroup] = field(default_factory=list)
    quote_groups: list[QuoteGroup] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    # users' story corrections (split a member off, merge two stories), replayed at every regroup
    corrections: list[dict] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)  # raised on watchlists by this run


@dataclass(frozen=True, slots=True)
class Channel:
    """Where a watchlist's alerts go besides its Atom feed and the alerts page.

    ``webhook``: ``target`` is the URL, ``secret`` signs each body (Standard Webhooks); ``email``: ``target`` is
    the address, ``smtp`` the server (``smtp://user:pass@host:port?from=...``, ``smtps://`` for TLS).
    """

    kind: str  # webhook, email
    target: str
    secret: str | None = None
    smtp: str | None = None


@dataclass(frozen=True, slots=True)
class Watchlist:
    """A saved search: what to watch. Fields are alternatives within themselves and all must hold together
    (an entity and a language: articles in that language naming that entity); stories and threads are watched
    as they are."""

    id: str
    name: str
    entities: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()  # claim measures, "troops sent | North Korea"
    stories: tuple[str, ...] = ()
    threads: tuple[str, ...] = ()
    channels: tuple[Channel, ...] = ()
    digest_every: float | None = None  # seconds between e-mailed digests of what it matched (None: no digest)
    created: str = ""  # ISO timestamp (UTC)
    base_url: str = ""  # where the web app serves evidence links for the feed, webhook and e-mail


@dataclass(frozen=True, slots=True)
class Link:
    """A piece of evidence an alert points to: a page of the web app (path) and the text it shows."""

    label: str
    href: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Alert:
    """Something new on a watched item. ``id`` is a stable key of what happened (watchlist, kind, subject), so
    a re-run or a restart never raises the same alert twice."""

    id: str
    watchlist: str
    kind: str  # new_article, new_outlet, new_language, contradiction, update, estimate, altered_quote
    title: str
    summary: str
    created: str  # ISO timestamp (UTC)
    articles: tuple[str, ...] = ()
    story: str | None = None
    evidence: tuple[Link, ...] = ()
