"""Event triggers over lemmas and the clause regions they own inside a sentence.

Triggers are data (``data/events/<lang>.yaml``): sequences of lemma patterns, parts a few tokens apart.
A sentence is cut into segments at clause punctuation; inside a segment each trigger owns the words up to the
next trigger and shares the segment's subject (the words before the first trigger) unless it is introduced
by "перед"/"после"-like words, which mark an event the clause only refers to.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..datafiles import load_yaml
from ..nlp.base import ParsedText, Sentence, segment

CLAUSE_BREAKS = {",", ";", ":", "(", ")", "—", "–"}


@dataclass(frozen=True, slots=True)
class Word:
    """A token with the lemma the rules match on."""

    text: str
    start: int
    end: int
    lemma: str
    pos: str = ""
    feats: frozenset[str] = frozenset()


@dataclass(slots=True)
class Trigger:
    """One matched trigger: its kind, token range (inclusive) and the region of the sentence it owns."""

    kind: str
    first: int
    last: int
    region: tuple[tuple[int, int], ...] = ()  # character ranges the trigger owns
    shares_subject: bool = True
    min_people: int = 0  # people needed among the participants ("обсудили" is a meeting only between people)
    addressee: bool = False  # a speech verb that is an event only when said to a named person ("сказал Путин Чхве")


@functools.lru_cache(maxsize=4)
def rules(language: str) -> dict:
    """Trigger rules for ``language`` (ru, uk, en; others read as English), patterns compiled."""
    name = language if language in ("ru", "uk", "en") else "en"
    path = resources.files("crosswire") / "data" / "events" / f"{name}.yaml"
    spec = load_yaml(path.read_text(encoding="utf-8"))
    spec["compiled"] = [(kind, [re.compile(p) for p in trig if isinstance(p, str)],
                         next((p for p in trig if isinstance(p, dict)), {}))
                        for kind, trigs in spec["kinds"].items() for trig in trigs]
    spec["introducers"] = set(spec.get("introducers") or [])
    spec["place_preps"] = set(spec.get("place_preps") or [])
    return spec


@functools.lru_cache(maxsize=4)
def _lemmatizer(language: str):
    from ..nlp.base import MorphLemmatizer

    return MorphLemmatizer(language) if language in ("ru", "uk") else None


def words(sentence: Sentence, language: str) -> list[Word]:
    """The sentence's tokens with pymorphy3 lemmas (lower-cased text where no dictionary applies)."""
    lem = _lemmatizer(language)
    out = []
    for t in sentence.tokens:
        lemma, pos, feats = lem.analyse(t.text) if lem is not None else (t.text.lower(), "", frozenset())
        out.append(Word(t.text, t.start, t.end, lemma.replace("ё", "е") if language == "ru" else lemma, pos, feats))
    return out


def sentences(text: str, parsed: ParsedText | None) -> list[Sentence]:
    """The analyzer's sentences, or a fresh razdel segmentation when none was given."""
    if parsed is not None and parsed.sentences:
        return parsed.sentences
    return segment(text)


@functools.lru_cache(maxsize=100_000)
def _starting(language: str, lemma: str) -> tuple[int, ...]:
    """The rules (by their order) whose first part matches ``lemma``."""
    return tuple(order for order, (_, parts, _) in enumerate(rules(language)["compiled"]) if parts[0].fullmatch(lemma))


def find_triggers(ws: list[Word], language: str) -> list[Trigger]:
    """Trigger matches in one sentence; of overlapping matches the longer (then the earlier rule) wins."""
    spec = rules(language)
    gap = int(spec.get("gap", 5))
    compiled = spec["compiled"]
    found: list[tuple[int, int, int, str]] = []
    for i, w in enumerate(ws):  # a match is found once whatever the order; the sort below fixes the order
        for order in _starting(language, w.lemma):
            kind, parts, opts = compiled[order]
            pos, ok = i, True
            for part in parts[1:]:
                nxt = None
                for j in range(pos + 1, min(len(ws), pos + 2 + gap)):
                    if ws[j].text in CLAUSE_BREAKS or ws[j].text in ".!?":
                        break
                    if part.fullmatch(ws[j].lemma):
                        nxt = j
                        break
                if nxt is None:
                    ok = False
                    break
                pos = nxt
            if ok:
                found.append((i, pos, order, kind, int(opts.get("min_people", 0)), bool(opts.get("addressee"))))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[2], f[0]))
    taken: list[Trigger] = []
    for first, last, _, kind, min_people, addressee in found:
        if any(first <= t.last and t.first <= last for t in taken):
            continue
        taken.append(Trigger(kind, first, last, min_people=min_people, addressee=addressee))
    return sorted(taken, key=lambda t: t.first)


def _cut(ws: list[Word], t: Trigger, stop: int) -> int:
    """Where a referred-to event's complement ends: at a nominative name or a finite verb (the main clause)."""
    for j in range(t.last + 1, stop):
        w = ws[j]
        if w.pos == "VERB" or ("nomn" in w.feats and ("Surn" in w.feats or "Name" in w.feats)):
            return j
    return stop


def assign_regions(ws: list[Word], triggers: list[Trigger], language: str) -> None:
    """Give each trigger the character ranges of its clause it owns (see the module docstring).

    A trigger introduced by "перед/после/о" owns only its complement ("перед встречей Путина с Трампом");
    the other triggers of the segment share the rest of it, their subject included.
    """
    intro = rules(language)["introducers"]
    breaks = [i for i, w in enumerate(ws) if w.text in CLAUSE_BREAKS]
    for t in triggers:
        before = [w.lemma for w in ws[max(0, t.first - 2):t.first]]
        t.shares_subject = not any(b in intro for b in before)
    spans: dict[int, tuple[int, int]] = {}  # token ranges of introduced triggers
    for t in triggers:
        seg_end = min([b for b in breaks if b > t.last], default=len(ws))
        nxt = min([u.first for u in triggers if t.last < u.first < seg_end], default=seg_end)
        if not t.shares_subject:
            spans[id(t)] = (t.first, _cut(ws, t, nxt))
    for t in triggers:
        if not t.shares_subject:
            a, b = spans[id(t)]
            t.region = ((ws[a].start, ws[b - 1].end),)
            continue
        seg_start = max([b + 1 for b in breaks if b < t.first], default=0)
        seg_end = min([b for b in breaks if b > t.last], default=len(ws))
        main = [u for u in triggers if u.shares_subject and seg_start <= u.first < seg_end]
        later = [u.first for u in main if u.first > t.first]
        own = set(range(t.first, min(later, default=seg_end)))
        if main:  # the subject before the segment's first main trigger is shared by all of them
            own |= set(range(seg_start, main[0].first))
        for a, b in spans.values():
            own -= set(range(a, b))
        t.region = tuple(_ranges(ws, sorted(own)))


def _ranges(ws: list[Word], idx: list[int]):
    """Character ranges of runs of consecutive token indices."""
    run: list[int] = []
    for i in idx:
        if run and i != run[-1] + 1:
            yield ws[run[0]].start, ws[run[-1]].end
            run = []
        run.append(i)
    if run:
        yield ws[run[0]].start, ws[run[-1]].end


def widen_back(ws: list[Word], t: Trigger, triggers: list[Trigger]) -> tuple[int, int] | None:
    """The clause segment just before the trigger's own (None when it holds another trigger or there is none)."""
    breaks = [i for i, w in enumerate(ws) if w.text in CLAUSE_BREAKS]
    seg_start = max([b + 1 for b in breaks if b < t.first], default=0)
    if seg_start == 0:
        return None
    starts = [0] + [b + 1 for b in breaks]
    prev = [s for s in starts if s < seg_start - 1]
    for s in sorted(prev, reverse=True):
        if any(s <= u.first < seg_start for u in triggers if u is not t):
            break
        return ws[s].start, ws[seg_start - 1].start
    return None


def addressed(ws: list[Word], t: Trigger, people: list) -> list | None:
    """Speaker and addressee of a speech verb said to a named person, or None when it names no addressee.

    ``people`` are the sentence's person mentions (objects with ``start``/``end``). Two patterns: the verb, the
    speaker in the nominative and the addressee right after ("- сказал Путин Чхве"), or the verb and an
    addressee in the dative right after it ("Путин сказал Трампу"; in English any name right after "told").
    A speaker is then the nominative person before the verb in the sentence.
    """
    at = {w.start: k for k, w in enumerate(ws)}

    def name_at(k: int):
        return next((m for m in people if k < len(ws) and m.start == ws[k].start), None)

    def after(m) -> int:
        return next((k for k, w in enumerate(ws) if w.start >= m.end), len(ws))

    first = name_at(t.last + 1)
    if first is None:
        return None
    feats = ws[at[first.start]].feats
    second = name_at(after(first))
    if second is not None and "nomn" in feats and "nomn" not in ws[at[second.start]].feats:
        return [first, second]
    if feats and "datv" not in feats:
        return None  # a name in another case is no addressee ("сказал Путин", "сказал помощник Путина")
    speaker = [m for m in people if m.end <= ws[t.first].start and (not ws[at[m.start]].feats
                                                                    or "nomn" in ws[at[m.start]].feats)]
    return [speaker[-1], first] if speaker else None


def trigger_text(ws: list[Word], t: Trigger) -> str:
    """The trigger as written, from its first to its last part (gaps included)."""
    return " ".join(w.text for w in ws[t.first:t.last + 1])


def place_candidates(ws: list[Word], language: str, blocked: list[tuple[int, int]] = ()) -> list[int]:
    """Where a place name may start: up to three words after в/на/у (в штате Аляска), not across ``blocked``
    spans (time expressions: "в среду Северная Корея" names no place)."""
    preps = rules(language)["place_preps"]
    out = []
    for i, w in enumerate(ws):
        if w.text.lower() not in preps:
            continue
        for j in range(i + 1, min(i + 4, len(ws))):
            out.append(ws[j].start)
            w = ws[j]
            if not (w.text.isalpha() and w.text.islower()) or "Apro" in w.feats or "NPRO" in w.pos \
                    or any(a <= w.start < b for a, b in blocked):
                break  # only common nouns and adjectives stand between the preposition and the name
    return out

