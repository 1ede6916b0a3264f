"""Who says so: the source phrase of a sentence ("по оценке южнокорейской разведки", "Украина и Южная Корея
оценивают, что", "..., сообщает ТАСС") and its name (a person entity, "South Korean intelligence", countries).

Cue patterns are data (data/claims/sources.yaml); pronoun subjects and hedges carry the last source over.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..model import Entity, Mention
from ..nlp.base import Sentence
from .measures import find_places

_BOUNDARY = re.compile(r"[,;:(]|\b(?:однако|но|а|але|проте|however|but)\s", re.I)


@dataclass(frozen=True, slots=True)
class SourcePhrase:
    """A source phrase [start, end) in the article and where the clause it governs begins (offsets)."""

    start: int
    end: int
    clause_start: int
    clause_end: int
    kind: str  # prep, verb, post, backward, pronoun, hedge


@functools.lru_cache(maxsize=1)
def cues() -> dict:
    """Compiled source cues (data/claims/sources.yaml)."""
    from ..datafiles import load_yaml

    d = load_yaml(
        resources.files("crosswire.data.claims").joinpath("sources.yaml").read_text(encoding="utf-8")
    )
    d["pron_prep_re"] = re.compile(r"(?<!\w)(?:" + "|".join(d["pronoun_prepositional"]) + r")(?!\w)\s*")
    d["prep_re"] = re.compile(r"(?<!\w)(?:" + "|".join(d["prepositional"]) + r")(?!\w)\s*")
    d["verb_re"] = re.compile(
        r"(?<!\w)" + d["verbs"] + r"(?P<after>(?:\s+[^\s,.;:«»\"]+){0,5}?)\s*(?:,\s*)?(?:что|що|that|:)(?!\w)"
    )
    d["post_en_re"] = re.compile(
        r",\s*(?P<src>[^,.;]{2,80}?)\s+(?:said|says|reported|told reporters|announced|claimed|estimated)\s*[.!]?\s*$"
    )
    d["post_re"] = re.compile(
        r",\s*(?:[—–-]\s*)?" + d["postposed"] + r"\s+(?P<src>[^,.;]{2,80}?)\s*[.!]?\s*$"
    )
    d["hedge_re"] = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, d["hedges"])) + r")(?!\w)")
    d["back_re"] = re.compile(d["backward"], re.I)
    d["agency_res"] = [(a["name"], re.compile(r"(?<!\w)(?:" + a["pattern"] + ")")) for a in d["agencies"]]
    return d


def sentence_sources(text: str, sent: Sentence) -> list[SourcePhrase]:
    """The source phrases of one sentence, in text order."""
    c = cues()
    low = sent.text.lower().replace("ё", "е")
    base = sent.start
    out: list[SourcePhrase] = []
    if m := c["hedge_re"].search(low):
        out.append(SourcePhrase(base + m.start(), base + m.end(), base, sent.end, "hedge"))
    for m in c["prep_re"].finditer(low):
        stop = re.search(r"[,;.:—–]|\s-\s", low[m.end() :])
        end = m.end() + (stop.start() if stop else len(low) - m.end())
        if end - m.end() < 2:
            continue
        # the cue governs the rest of the sentence, or what came before it when it closes the sentence
        after = low[end:].strip(" ,.")
        clause = (base + end, sent.end) if len(after) > 3 else (base, base + m.start())
        out.append(SourcePhrase(base + m.end(), base + end, clause[0], clause[1], "prep"))
    for m in c["pron_prep_re"].finditer(low):
        after = low[m.end() :].strip(" ,.")
        clause = (base + m.end(), sent.end) if len(after) > 3 else (base, base + m.start())
        out.append(SourcePhrase(base + m.start(), base + m.end(), clause[0], clause[1], "pronoun"))
    for m in c["verb_re"].finditer(low):
        left = low[: m.start()]
        bounds = [b.end() for b in _BOUNDARY.finditer(left)]
        s = bounds[-1] if bounds else 0
        while s < m.start() and low[s] in " \t":
            s += 1
        if m.start() - s < 2:
            continue
        phrase = low[s : m.start()].strip()
        stop = set(c["not_source_words"]) | {"об", "этом", "про", "це", "this"}
        if all(w in stop for w in re.findall(r"\w+", phrase)) and len(m.group("after").split()) >= 1:
            # "Об этом заявил министр обороны Андрей Белоусов: ...": the source follows the verb
            out.append(
                SourcePhrase(base + m.start("after"), base + m.end("after"), base + m.end(), sent.end, "verb")
            )
            continue
        kind = "pronoun" if phrase.split()[0] in c["pronouns"] else "verb"
        out.append(SourcePhrase(base + s, base + m.start(), base + m.end(), sent.end, kind))
    if m := c["post_re"].search(low) or c["post_en_re"].search(low):
        out.append(SourcePhrase(base + m.start("src"), base + m.end("src"), base, base + m.start(), "post"))
    return sorted(out, key=lambda p: p.start)


def backward_source(sent: Sentence) -> tuple[int, int] | None:
    """ "На это указывают X": the span of X, the source of the sentence before."""
    m = cues()["back_re"].match(sent.text)
    if not m:
        return None
    rest = sent.text[m.end() :]
    stop = re.search(r"[,;.]", rest)
    end = m.end() + (stop.start() if stop else len(rest))
    return sent.start + m.end(), sent.start + end


def _nominative(words: list[str], language: str) -> str:
    from ..nlp.base import morph_analyzer

    morph = morph_analyzer(language) if language in ("ru", "uk") else None
    out = []
    for w in words:
        if morph is None:
            out.append(w)
            continue
        parse = next((p for p in morph.parse(w) if {"Name", "Surn", "Patr"} & set(p.tag.grammemes)), None)
        form = parse.inflect({"nomn", "sing"}) if parse else None
        out.append(form.word.capitalize() if form else w)
    return " ".join(out)


def name_source(
    text: str, start: int, end: int, language: str, mentions: list[Mention], entities: dict[str, Entity]
) -> tuple[str | None, str | None]:
    """(name, entity id) of the source phrase text[start:end]."""
    c = cues()
    inside = [m for m in mentions if start <= m.start and m.end <= end + 1]
    people = [
        m for m in inside if m.type == "PER" or entities.get(m.entity, Entity("", "", "")).type == "PER"
    ]
    if people:
        m = people[-1]
        e = entities.get(m.entity)
        return (e.name if e else (m.normal or m.text)), m.entity
    phrase = text[start:end]
    low = phrase.lower().replace("ё", "е")
    # unlinked names: capitalised words after the first one ("главы разведки Кирилла Буданова")
    caps = re.findall(r"(?<!^)(?<![.!?]\s)\b([А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+)", phrase)
    places = find_places(text, start, end, text, mentions, entities)
    caps = [w for w in caps if not any(p.start <= start + phrase.find(w) < p.end for p in places)]
    if len(caps) >= 2:
        return _nominative(caps[-2:], language), None
    for name, rx in c["agency_res"]:
        if rx.search(low):
            if places:  # the agency is not the country: no entity id for it
                return f"{places[0].demonym} {name}", None
            return name, None
    if places:
        names = list(dict.fromkeys(p.name for p in places))
        ids = list(dict.fromkeys(p.id for p in places))
        return "; ".join(names), ids[0] if len(ids) == 1 else None
    orgs = [m for m in inside if m.type in ("ORG", "LOC")]
    if orgs:
        e = entities.get(orgs[0].entity)
        return (e.name if e else orgs[0].normal or orgs[0].text), orgs[0].entity
    stop = set(c["not_source_words"])
    words = [w for w in re.findall(r"[\w'’-]+", phrase) if w.lower() not in stop]
    if 1 <= len(words) <= 6 and not all(w.isdigit() for w in words):
        return " ".join(words), None
    return None, None
