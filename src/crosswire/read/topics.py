"""What an acknowledgement (or denial) is about, so that two outlets' reports of it can be compared.

"В апреле этого года Пхеньян впервые признал, что отправил группу своих солдат на линию фронта" is about the
DPRK's troops; "Изначально Москва и Пхеньян отрицали участие северокорейских военных в конфликте. Российские
власти признались лишь после того, как … в апреле 2025 года" is about the same thing, though its acknowledging
sentence never names it: the topic is then the complement of the denial it answers. A topic is a set of keys,
the canonical entity ids and counted-thing concepts (``data/claims/measures.yaml``: военные/солдаты → troops)
of the complement, so it compares across wordings and languages without translation.

No library reads clause complements of ru/uk verbs for us (natasha's syntax gives heads but not the scope
of "что …" clauses reliably on news), so this is a small rule over the event trigger's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Mention
from ..nlp.base import Sentence, Token
from .eventrules import Trigger, Word, rules, words
from .measures import concept_of, event_class, find_places

CONCEPT = "concept:"  # prefix of counted-thing keys among a topic's keys
ACTION = "action:"  # prefix of event-class keys ("отправил" -> sent, "погибли" -> killed)
MIN_OVERLAP = 2 / 3  # share of the smaller topic's keys the other must hold


@dataclass(frozen=True, slots=True)
class Topic:
    keys: tuple[str, ...]  # sorted entity/country ids, "concept:<name>" and "action:<name>" keys
    first: bool  # "впервые", "лишь после того, как": the first time it happened
    actors: tuple[str, ...] = ()  # who denied it before, when the acknowledging clause names no one
    after: tuple[int, int] | None = None  # "признались лишь после того, как <clause>": the clause that dates it


def _spec(language: str) -> dict:
    spec = rules(language).get("topics") or {}
    return {"first": re.compile(spec.get("first") or "(?!x)x", re.I),
            "after": re.compile(spec.get("after") or "(?!x)x", re.I),
            "denial": re.compile(spec.get("denial") or "(?!x)x"),
            "complement": re.compile(spec.get("complement") or "(?!x)x", re.I),
            "reflexive": re.compile(spec.get("reflexive") or "(?!x)x")}


def _keys(ws: list[Word], a: int, b: int, mentions: list[Mention], text: str) -> set[str]:
    """Entity and country ids (adjectives, capitals and leaders too: "северокорейских" -> Q423), counted-thing
    concepts and event classes of the words ``ws[a:b]``."""
    if a >= b:
        return set()
    lo, hi = ws[a].start, ws[b - 1].end
    keys = {m.entity for m in mentions if lo <= m.start and m.end <= hi}
    keys |= {p.id for p in find_places(text, lo, hi, text, mentions, {})}
    toks = [Token(w.text, w.start, w.end, w.lemma, w.pos, w.feats) for w in ws[a:b]]
    for tok in toks:
        c = concept_of(tok)
        if c is not None and not c.duration:
            keys.add(CONCEPT + c.name)
    for k in range(len(toks)):
        action, _ = event_class(toks, k, reach=0)
        if action:
            keys.add(ACTION + action)
    return keys


def _has_concept(keys) -> bool:
    return any(k.startswith(CONCEPT) for k in keys)


def topic_of(ws: list[Word], t: Trigger, sent: Sentence, before: list[Sentence], mentions: list[Mention],
             text: str, language: str) -> Topic | None:
    """The topic of the acknowledgement trigger ``t`` in ``sent`` (``before``: the sentences preceding it;
    ``text``: the article text the offsets index): the words of its sentence but a clause that only dates it,
    and where those count nothing, the sentence of the denial it answers.

    None when the verb is not an acknowledgement: "признать" with neither a "что …" clause, nor the reflexive
    "признаться", nor a denial before it is mostly "declare as" ("признана нежелательной", "признали
    виновной") or "recognise" ("признать право").
    """
    spec = _spec(language)
    rest = sent.text[ws[t.last].end - sent.start:]
    first = bool(spec["first"].search(sent.text[:ws[t.first].start - sent.start][-40:]) or
                 spec["first"].search(rest[:40]))
    after = spec["after"].match(rest)
    span = None
    end = len(ws)
    if after:  # "признались лишь после того, как X объявил …": the rest dates the acknowledgement
        span = (ws[t.last].end + after.end(), sent.end)
        end = t.last + 1
    keys = _keys(ws, 0, end, mentions, text)
    own = bool(after or spec["complement"].match(rest) or spec["reflexive"].fullmatch(ws[t.first].lemma))
    if own and _has_concept(keys):
        return Topic(tuple(sorted(keys)), first, (), span)
    # nothing counted in its own words: the denial it answers, up to two sentences back
    for prev in reversed(before[-2:]):
        pw = words(prev, language)
        hit = next((i for i, w in enumerate(pw) if spec["denial"].fullmatch(w.lemma)), None)
        if hit is None:
            continue
        found = _keys(pw, 0, len(pw), mentions, text)
        if _has_concept(found):
            actors = tuple(dict.fromkeys(m.entity for m in mentions
                                         if prev.start <= m.start and m.end <= pw[hit].start))
            return Topic(tuple(sorted(keys | found)), first, actors, span)
    return Topic(tuple(sorted(keys)), first, (), span) if own else None


def shares_topic(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same topic: a counted-thing concept and an entity in common, no clash of event classes (sent vs
    killed), and most of the smaller topic's keys in the other."""
    sa, sb = set(a), set(b)
    common = sa & sb
    if not _has_concept(common) or all(k.startswith((CONCEPT, ACTION)) for k in common):
        return False
    acts_a, acts_b = {k for k in sa if k.startswith(ACTION)}, {k for k in sb if k.startswith(ACTION)}
    if acts_a and acts_b and not acts_a & acts_b:
        return False
    core = lambda ks: {k for k in ks if not k.startswith(ACTION)}  # noqa: E731 - one side may name no action
    ca, cb = core(sa), core(sb)
    return len(ca & cb) >= MIN_OVERLAP * min(len(ca), len(cb))
