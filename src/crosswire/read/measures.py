"""What a number counts: the counted noun's concept and canonical unit, the event class of its clause and the
country it belongs to, joined into one measure string that is the same across articles and languages.

Measure scheme: ``"<concept>[ <event>][ share]"`` or ``"<event noun> duration[ (<part>)]"``, then ``" | <country>"``
when the counted things belong to a country (``"troops sent | North Korea"``, ``"talks duration (delegations)"``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..model import Entity, Mention
from ..nlp.base import Token

_REFERENCE_PREPS = {"до", "после", "перед", "після", "через", "before", "after", "since", "ahead"}


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    unit: str
    duration: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    demonym: str
    start: int
    end: int


def _load(name: str) -> dict:
    from ..datafiles import load_yaml

    return load_yaml(resources.files("crosswire.data.claims").joinpath(name).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def measures_lexicon() -> dict:
    """Concept classes, event classes and duration events (data/claims/measures.yaml), indexed for look-up."""
    lex = _load("measures.yaml")
    by_word: dict[str, Concept] = {}
    stems: list[tuple[str, Concept]] = []
    for name, spec in lex["concepts"].items():
        c = Concept(name, spec["unit"], bool(spec.get("duration")))
        for w in [*spec.get("lemmas", []), *spec.get("forms", [])]:
            by_word.setdefault(str(w).lower(), c)
        stems += [(s, c) for s in spec.get("stems", [])]
    lex["by_word"] = by_word
    lex["stem_list"] = sorted(stems, key=lambda x: -len(x[0]))
    lex["event_of"] = {w.lower(): ev for ev, ws in lex["events"].items() for w in ws}
    lex["duration_of"] = {w.lower(): ev for ev, ws in lex["duration_events"].items() for w in ws}
    lex["part_of"] = {w.lower(): p for p, ws in lex["duration_parts"].items() for w in ws}
    lex["trivial_set"] = set(lex["trivial"])
    return lex


@functools.lru_cache(maxsize=1)
def places() -> tuple[list[tuple[re.Pattern, dict]], list[dict]]:
    """Compiled country patterns and the leaders table (data/claims/places.yaml)."""
    data = _load("places.yaml")
    countries = [(re.compile(r"(?<!\w)(?:" + "|".join(c["patterns"]) + ")"), c) for c in data["countries"]]
    leaders = []
    for p in data["leaders"]:
        leaders.append(
            {
                **p,
                "full_re": re.compile(r"(?<!\w)(?:" + "|".join(p["full"]) + r")"),
                "sur_re": re.compile(r"(?<!\w)(?:" + "|".join(p["surname"]) + r")\w*"),
            }
        )
    return countries, leaders


def concept_of(tok: Token) -> Concept | None:
    """The concept class of a counted word (lemma, surface form or stem)."""
    lex = measures_lexicon()
    low = tok.text.lower().replace("ё", "е")
    keys = [tok.lemma, low]
    if low.isascii():  # English is read without lemmas: try the singular too
        keys += [low[:-3] + "y"] if low.endswith("ies") else [low[:-1]] if low.endswith("s") else []
    for key in keys:
        if key in lex["by_word"]:
            return lex["by_word"][key]
    for stem, c in lex["stem_list"]:
        if low.startswith(stem):
            return c
    return None


def unit_concept(unit: str) -> Concept | None:
    """The concept for a unit carried by the number itself ("%", "$", a compound adjective's unit)."""
    lex = measures_lexicon()
    if unit in lex["currency_symbols"]:
        unit = lex["currency_symbols"][unit]
    if unit in lex["by_word"]:
        return lex["by_word"][unit]
    spec = lex["concepts"].get(unit)
    return Concept(unit, spec["unit"], bool(spec.get("duration"))) if spec else None


def is_trivial(tok: Token) -> bool:
    """A counted word after which a small number word is no claim ("два лидера", "дві країни")."""
    lex = measures_lexicon()
    return tok.lemma in lex["trivial_set"] or tok.text.lower() in lex["trivial_set"]


def _lookup(tokens: list[Token], table: dict[str, str]) -> list[tuple[int, str]]:
    """(token index, class) for tokens whose lemma or surface form is in ``table``; two-word keys too."""
    out = []
    for k, t in enumerate(tokens):
        low = t.text.lower()
        keys = [t.lemma, low]
        if low.isascii() and len(low) > 4:  # English without lemmas: "launched", "sending", "supplies"
            keys += [low[:-1], low[:-2], low[:-3], low[:-3] + "y", low[:-2] + "e", low[:-3] + "e"]
        for key in keys:
            if key in table:
                out.append((k, table[key]))
                break
        else:
            if k + 1 < len(tokens):
                pair = f"{t.text.lower()} {tokens[k + 1].text.lower()}"
                if pair in table:
                    out.append((k, table[pair]))
    return out


def event_class(tokens: list[Token], anchor: int, reach: int = 10) -> tuple[str | None, int | None]:
    """The event class (sent, killed, ...) of the clause, nearest to the number at token ``anchor``."""
    hits = [h for h in _lookup(tokens, measures_lexicon()["event_of"]) if abs(h[0] - anchor) <= reach]
    if not hits:
        return None, None
    k, ev = min(hits, key=lambda h: abs(h[0] - anchor))
    return ev, k


def duration_measure(tokens: list[Token], anchor: int, counted: int | None) -> str:
    """ "<event> duration[ (<part>)]" for a duration: the noun it follows first, else the nearest event word."""
    lex = measures_lexicon()
    if counted is not None:
        ev = _lookup([tokens[counted]], lex["duration_of"])
        hits = [(counted, ev[0][1])] if ev else []
    else:
        hits = []
    # "за два месяца до беседы": an event after до/после is a reference point, not what lasts
    hits = hits or [
        h
        for h in _lookup(tokens, lex["duration_of"])
        if abs(h[0] - anchor) <= 8 and not (h[0] > 0 and tokens[h[0] - 1].text.lower() in _REFERENCE_PREPS)
    ]
    if not hits:
        return "duration"
    # prefer the event word before the number (the subject: "Переговоры ... длились два часа")
    before = [h for h in hits if h[0] < anchor]
    k, ev = (
        max(before, key=lambda h: h[0])
        if before and counted is None
        else min(hits, key=lambda h: abs(h[0] - anchor))
    )
    part = next((p for _, p in _lookup(tokens, lex["part_of"])), None)
    return f"{ev} duration" + (f" ({part})" if part else "")


@functools.lru_cache(maxsize=8)
def _leaders_named(article_text: str) -> frozenset[str]:
    """Ids of the leaders an article names in full: read once per article, not once per call of
    ``find_places`` (which runs for every number, so the text scan made claims quadratic in text length)."""
    whole = article_text.lower().replace("ё", "е")
    return frozenset(p["id"] for p in places()[1] if p["full_re"].search(whole))


def find_places(
    text: str, start: int, end: int, article_text: str, mentions: list[Mention], entities: dict[str, Entity]
) -> list[Place]:
    """Countries named in text[start:end] by country words, capitals, adjectives or leaders, in text order."""
    countries, leaders = places()
    low = text[start:end].lower().replace("ё", "е")
    named_in_text = _leaders_named(article_text)
    found: list[Place] = []
    for rx, c in countries:
        for m in rx.finditer(low):
            found.append(Place(c["id"], c["name"], c["demonym"], start + m.start(), start + m.end()))
    by_id = {c["id"]: c for _, c in countries}
    mentioned = {m.entity for m in mentions}
    for p in leaders:
        named = p["id"] in named_in_text or p["id"] in mentioned
        rx = p["full_re"] if not named else re.compile(p["full_re"].pattern + "|" + p["sur_re"].pattern)
        c = by_id[p["country"]]
        for m in rx.finditer(low):
            found.append(Place(c["id"], c["name"], c["demonym"], start + m.start(), start + m.end()))
    # linked mentions of the entity layer: a leader's QID stands for the country too
    lead = {p["id"]: by_id[p["country"]] for p in leaders}
    for m in mentions:
        if start <= m.start < end and (c := lead.get(m.entity) or by_id.get(m.entity)):
            found.append(Place(c["id"], c["name"], c["demonym"], m.start, m.end))
    found.sort(key=lambda p: p.start)
    out: list[Place] = []
    for p in found:  # one place per stretch of text
        if not out or p.start >= out[-1].end:
            out.append(p)
    return out
