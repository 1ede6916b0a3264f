"""Events (meetings, calls, visits, agreements, sanctions, strikes, deployments, missile tests, statements).

Triggers over lemmas (``eventrules``) give the kind; participants, place and time come from the entity
mentions and time expressions of the clause the trigger owns; repeated mentions of one event are merged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Article, Entity, Event, Mention, TimeRef
from ..nlp.base import ParsedText
from .eventrules import (
    addressed,
    assign_regions,
    find_triggers,
    place_candidates,
    rules,
    sentences,
    trigger_text,
    widen_back,
    words,
)
from .timeresolve import value_range
from .timexpr import compiled
from .topics import topic_of

# kinds whose place is also a party (the visited country, the country troops are sent to)
PLACE_IS_PARTY = {"visit", "deployment"}
# kinds with two sides: with fewer found in the clause, the clause before it is read too ("…, - сказал
# Путин, имея в виду переговоры с Кимом")
NEEDS_TWO = {"meeting", "phone_call"}
# time expressions too vague to date an event ("в последние годы") carry less confidence than this
MIN_TIME_CONFIDENCE = 0.2


@dataclass(slots=True)
class Draft:
    """An event before merging: everything but its final id."""

    kind: str
    participants: list[str]
    start: int
    end: int
    text: str
    trigger: str
    place: str | None = None
    timeref: TimeRef | None = None
    people: set[str] = field(default_factory=set)
    topic: tuple[str, ...] = ()
    first: bool = False
    spoken: bool = False  # from a speech verb said to someone: the conversation of its people


def _in(ranges, a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in ranges)


def compatible(a: TimeRef | None, b: TimeRef | None) -> bool:
    """Two dates may name the same event: either is unknown or their spans overlap."""
    ra, rb = (value_range(a.value) if a else None), (value_range(b.value) if b else None)
    return ra is None or rb is None or (ra[0] <= rb[1] and rb[0] <= ra[1])


def _sharper(a: TimeRef | None, b: TimeRef | None) -> TimeRef | None:
    """Of two compatible dates, the narrower one."""
    ra, rb = (value_range(a.value) if a else None), (value_range(b.value) if b else None)
    if ra is None:
        return b if rb is not None else a
    if rb is None:
        return a
    return b if (rb[1] - rb[0]) < (ra[1] - ra[0]) else a


def _time_for(trig_start: int, ranges, sent: tuple[int, int], timerefs: list[TimeRef],
              others: list) -> TimeRef | None:
    """The nearest usable TimeRef in the trigger's clause, else in its sentence outside other triggers' clauses."""
    usable = [t for t in timerefs if t.value and t.grain not in ("duration", "unresolved")
              and t.confidence >= MIN_TIME_CONFIDENCE]
    near = lambda ts: min(ts, key=lambda t: abs(t.start - trig_start), default=None)  # noqa: E731
    own = near([t for t in usable if _in(ranges, t.start, t.end)])
    if own is not None:
        return own
    return near([t for t in usable if sent[0] <= t.start and t.end <= sent[1]
                 and not any(_in(o, t.start, t.end) for o in others)])


def _drafts(article: Article, parsed: ParsedText | None, mentions: list[Mention], types: dict[str, str],
            timerefs: list[TimeRef]) -> list[Draft]:
    lang = article.language
    spec = rules(lang)
    dated_only = set(spec.get("dated_only") or [])
    both = compiled("|".join(spec.get("both_parties") or ["(?!x)x"]))
    bilateral = set(spec.get("bilateral") or [])
    topic_kinds = set(spec.get("topic_kinds") or [])
    speaker_types = spec.get("speaker_types") or {}
    out: list[Draft] = []
    sents = sentences(article.text, parsed)
    for n_sent, sent in enumerate(sents):
        ws = words(sent, lang)
        if not ws:
            continue
        triggers = find_triggers(ws, lang)
        # speech verbs said to someone own no clause: the other triggers' regions are read without them
        spoken = [t for t in triggers if t.addressee]
        triggers = [t for t in triggers if not t.addressee]
        if not triggers and not spoken:
            continue
        assign_regions(ws, triggers, lang)
        sent_ments = [m for m in mentions if sent.start <= m.start and m.end <= sent.end]
        places = set(place_candidates(ws, lang, [(t.start, t.end) for t in timerefs]))
        at = {w.start: w.feats for w in ws}
        for t in [*triggers, *spoken]:
            if t.addressee:  # a speech verb is a meeting of the speaker and the person spoken to, or nothing
                own = addressed(ws, t, [m for m in sent_ments if types.get(m.entity, m.type) == "PER"]) or []
                if not own:
                    continue
                t.region = ((min(m.start for m in own), max(m.end for m in own)),)
            ranges = list(t.region)
            own = [m for m in sent_ments if _in(ranges, m.start, m.end)]
            parties = {m.entity for m in own
                       if not (m.start in places and types.get(m.entity, m.type) == "LOC")}
            if len(parties) < (2 if t.kind in NEEDS_TWO else 1):
                wider = widen_back(ws, t, triggers)
                if wider:
                    extra = [m for m in sent_ments if wider[0] <= m.start and m.end <= wider[1]]
                    # from the clause before, the subject ("- сказал Путин Чхве, имея в виду переговоры с
                    # Кимом": Путин, not the addressee) where the case shows it
                    nom = [m for m in extra if "nomn" in at.get(m.start, frozenset())]
                    own = (nom or extra) + own
            at_place = [m for m in own if m.start in places and types.get(m.entity, m.type) == "LOC"]
            place = at_place[0].entity if at_place else None
            # names after в/на are where it happened, not who took part (but a visit's host is a party)
            parts = list(dict.fromkeys(m.entity for m in own if m not in at_place or t.kind in PLACE_IS_PARTY))
            others = [u.region for u in triggers if u is not t]
            tref = _time_for(ws[t.first].start, ranges, (sent.start, sent.end), timerefs, others)
            if t.kind in bilateral and both.search(sent.text.lower()):
                parts += [e for e in _two_places(mentions, types) if e not in parts]
            topic = None
            if t.kind in topic_kinds:
                topic = topic_of(ws, t, sent, sents[max(0, n_sent - 2):n_sent], mentions, article.text, lang)
                if topic is None:
                    continue
                parts = parts or list(topic.actors)  # "Москва и Пхеньян отрицали … Власти признались …"
                if topic.after is not None:  # dated by the clause it follows, not by its own words
                    tref = _time_for(topic.after[0], [topic.after], (sent.start, sent.end), timerefs, []) \
                        or tref
            people = {e for e in parts if types.get(e) == "PER"}
            if len(people) < t.min_people:
                continue
            if t.kind in dated_only:
                allowed = speaker_types.get(t.kind)
                speakers = [e for e in parts if allowed is None or types.get(e) in allowed]
                if tref is None or tref.grain == "interval" and "/" in (tref.value or "") \
                        and tref.confidence < 0.5 or not speakers:
                    continue
            out.append(Draft(t.kind, parts, sent.start, sent.end, sent.text, trigger_text(ws, t), place,
                             tref, people, tuple(sorted(set(topic.keys) | set(parts))) if topic else (),
                             bool(topic and topic.first), t.addressee))
    return _conversations(out)


def _conversations(drafts: list[Draft]) -> list[Draft]:
    """Speech said to someone is the meeting of the two unless the article names the conversation otherwise:
    a call or meeting of those people ("Ким сказал Путину" in a report on their phone call) holds it."""
    talks = [d for d in drafts if d.kind in NEEDS_TWO and not d.spoken]
    return [d for d in drafts if not d.spoken or not any(d.people <= t.people for t in talks)]


def _two_places(mentions: list[Mention], types: dict[str, str]) -> list[str]:
    """The article's two most mentioned places: what "обе страны" / "both countries" refers to."""
    counts = Counter(m.entity for m in mentions if types.get(m.entity, m.type) == "LOC")
    return [e for e, _ in counts.most_common(2)]


def _same(a: Draft, b: Draft) -> bool:
    """Two drafts name one event: same kind, nested sets of people (or shared parties), dates agree."""
    if a.kind != b.kind or not compatible(a.timeref, b.timeref) or a.topic != b.topic:
        return False
    if a.people and b.people:
        # one side's people contain the other's: "встреча Путина с Кимом" and "Путин поблагодарил на встрече"
        return a.people <= b.people or b.people <= a.people
    return bool(set(a.participants) & set(b.participants))


def merge(drafts: list[Draft]) -> list[Draft]:
    """One draft per event: repeated mentions merged (participants unioned, the sharper date kept).

    A trigger with no participants ("Телефонный разговор состоялся…") refers back to the latest event of
    its kind; it is merged into it when the dates agree and dropped otherwise.
    """
    merged: list[Draft] = []
    for d in drafts:
        if not d.participants:
            prev = next((m for m in reversed(merged) if m.kind == d.kind), None)
            if prev is not None and compatible(prev.timeref, d.timeref):
                prev.timeref = _sharper(prev.timeref, d.timeref)
                prev.place = prev.place or d.place
            continue
        host = next((m for m in merged if _same(m, d)), None)
        if host is None:
            merged.append(d)
            continue
        host.participants = list(dict.fromkeys([*host.participants, *d.participants]))
        host.people |= d.people
        host.timeref = _sharper(host.timeref, d.timeref)
        host.place = host.place or d.place
    return merged


def read_events(article: Article, parsed: ParsedText, mentions: list[Mention], entities: list[Entity],
                timerefs: list[TimeRef]) -> list[Event]:
    """Meetings, calls, visits, agreements, strikes, deployments, tests, statements with participants."""
    types = {e.id: e.type for e in entities}
    for m in mentions:
        types.setdefault(m.entity, m.type)
    drafts = merge(_drafts(article, parsed, list(mentions), types, list(timerefs)))
    while len(again := merge(drafts)) < len(drafts):  # a merge can make two earlier events one
        drafts = again
    events = []
    for n, d in enumerate(drafts):
        t = d.timeref
        events.append(Event(id=f"{article.id}:e{n}", article=article.id, kind=d.kind,
                            participants=tuple(d.participants), start=d.start, end=d.end, text=d.text,
                            place=d.place, date=t.value if t else None, time=t.id if t else None,
                            trigger=d.trigger, topic=d.topic, first=d.first))
    return events
