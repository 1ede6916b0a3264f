"""Corpus-level linking of short person names: a surname alone in one article ("Шойгу") joins the full name
read in another ("Сергей Шойгу") when exactly one full name in the corpus has that surname.

Article readers link each article alone (``read.linking``); only the corpus knows that PER:shoigu and
PER:sergei-shoigu are one person. This step is recomputed from every stored mention's own normal form at each
regroup, so the outcome is the same whatever the article order or the runs the corpus came in, and a surname
merged earlier splits off again when a second full name with it arrives (ambiguous: "Иванов" stays alone).

Also joined: one person's full-name variants with one first name and surname ("Шойгу Сергей Кужугетович" =
"Сергей Шойгу"), and surname-only entities written in different scripts ("Зеленский" / "Zelensky").
Gazetteer ids never move; a group holding two gazetteer people is left as it is.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import ArticleFacts, Entity, Mention
from ..nlp.gazetteer import first_names, gazetteer
from ..nlp.names import is_patronymic, latin, looks_foreign_syllable, loose_key, name_words, person_words
from ..unionfind import UnionFind
from .linking import _ENDINGS, _stems, lookup, person_id

Key = tuple[str, str]  # (article, entity id)


def name_of(m: Mention) -> list[str]:
    """The words of a PER mention's name, or [] for role phrases ("президент России") and non-names."""
    if m.type != "PER":
        return []
    words = person_words(m.normal or m.text)
    return words if words and all(w[:1].isupper() for w in words) else []


def pinned(entity: str) -> bool:
    """A gazetteer id (or a non-person id): linking already knows it, the corpus never moves it."""
    return not entity.startswith("PER:") or entity in gazetteer().entries


def _east_asian(words: list[str]) -> bool:
    return len(words) >= 2 and all(looks_foreign_syllable(w) for w in words)


def surnames(words: list[str]) -> list[str]:
    """Loose keys a surname-only mention of this full name may carry.

    Slavic/Western order puts the surname last, the official one first when a patronymic ends the name
    ("Шойгу Сергей Кужугетович"); East Asian names start with it (Ким Чен Ын), where either end is used."""
    if len(words) >= 3 and is_patronymic(words[-1]):
        return [loose_key(words[0])]
    if _east_asian(words):
        return list(dict.fromkeys([loose_key(words[-1]), loose_key(words[0])]))
    return [loose_key(words[-1])]


def signature(words: list[str]) -> tuple[str, ...]:
    """What full-name variants of one person share: canonical first name and surname."""
    if _east_asian(words):
        return tuple(loose_key(w) for w in words)
    if len(words) >= 3 and is_patronymic(words[-1]):
        first, last = words[1], words[0]
    else:
        first, last = words[0], words[-1]
    first_key = latin(first)
    return loose_key(first_names().get(first_key, first_key)), loose_key(last)


def _close(a: str, b: str) -> bool:
    """Two spellings of one first name: Хайко/Гайко, Джорж/Джордж, Асия/Асии (one edit, four letters or more)."""
    from rapidfuzz.distance import Levenshtein

    return a == b or (min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b) <= 1)


def _variant_pairs(by_sig: dict[tuple[str, ...], set[int]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Signatures of one person under one surname: close first names, or a short form that starts exactly one
    of them (Джо → Джозеф; "Дж" before both Джордж and Джэб Буш stays apart)."""
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for sig in sorted(by_sig):
        if len(sig) == 2:
            by_last.setdefault(sig[1], []).append(sig)
    pairs = []
    for sigs in by_last.values():
        if len(sigs) < 2:
            continue
        uf = UnionFind(len(sigs))
        for x in range(len(sigs)):
            for y in range(x + 1, len(sigs)):
                if _close(sigs[x][0], sigs[y][0]):
                    uf.union(x, y)
        for x, sig in enumerate(sigs):
            starts = {uf.find(y) for y, other in enumerate(sigs)
                      if len(sig[0]) >= 2 and other[0] != sig[0] and other[0].startswith(sig[0])}
            if len(starts) == 1 and uf.find(x) not in starts:
                uf.union(x, starts.pop())
        pairs += [(sigs[g[0]], sigs[y]) for g in uf.groups() for y in g[1:]]
    # one first name, a surname left in an oblique case by the normaliser: "Доминик Рааба" = "Доминик Рааб"
    endings = _loose_endings()
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for sig in sorted(by_sig):
        if len(sig) == 2:
            by_first.setdefault(sig[0], []).append(sig)
    for sigs in by_first.values():
        if len(sigs) < 2:
            continue
        last = {sig[1]: sig for sig in sigs}
        for sig in sigs:  # by stem lookup, not all pairs: one first name may carry thousands of surnames
            for end in endings:
                stem = sig[1][:-len(end)]
                if sig[1].endswith(end) and len(stem) >= 3 and stem in last:
                    pairs.append((last[stem], sig))
    return pairs


@functools.lru_cache(maxsize=1)
def _loose_endings() -> frozenset[str]:
    return frozenset(loose_key(e) for e in _ENDINGS if len(loose_key(e)) <= 2)


_INITIAL = re.compile(r"^([^\W\d_])\.?$")


def _initial(m: Mention) -> str:
    """The Latin first letter of the initial before a surname ("Д.Дэвис", "Д. Дэвис"), else ''."""
    parts = re.findall(r"[^\W\d_]+\.?", m.normal or m.text)
    hit = _INITIAL.match(parts[0]) if len(parts) >= 2 else None
    return latin(hit.group(1))[:1] if hit else ""


def _known(m: Mention) -> bool:
    """The gazetteer links this person mention by itself (as ``read.linking`` does; its fuzzy match is only tried
    where no exact key is found, so mostly for ids this step gave): otherwise a gazetteer id on it came from a
    corpus merge, which is recomputed like any other."""
    return _lookup_person(m.normal or m.text, m.text)


@functools.lru_cache(maxsize=65536)
def _lookup_person(normal: str, text: str) -> bool:
    return lookup(" ".join(person_words(normal)), text, "PER") is not None


def _rank(entity: str) -> tuple:
    """Which id a merged group keeps: gazetteer first, then the shortest (first name + surname) id, then by name."""
    return (not pinned(entity), entity.count("-"), len(entity), entity)


@dataclass
class Relinked:
    """The corpus after relinking: every article's facts (unchanged objects where nothing moved), those that
    changed, the entity records to write and the ids no mention uses any more."""

    facts: list[ArticleFacts]
    changed: list[ArticleFacts]
    entities: list[Entity]
    dropped: list[str]


def acronym_id(m: Mention) -> str | None:
    """The id an all-caps ORG mention ("МАГАТЭ", "CISA") had from its article alone, unless the gazetteer knows
    it; computed from the text so that a link made at an earlier regroup can be undone at a later one."""
    text = m.text.strip()
    if m.type != "ORG" or not (2 <= len(text) <= 8 and text.isalpha() and text.isupper()):
        return None
    if gazetteer().lookup(m.normal or text, "ORG") is not None or gazetteer().lookup(text, "ORG") is not None:
        return None
    return "ORG:" + ("-".join(latin(w) for w in name_words(m.normal or text)) or "x")


_DEFINED = re.compile(r"^(.+?)\s*\(([^\W\d_]{2,8})\)$")


def _defined(m: Mention) -> tuple[str, str | None] | None:
    """(id of the long name, id of the acronym unless the gazetteer knows it) of one ORG span that holds both:
    "Государственный экспертный центр (ГЭЦ)" (the tagger sometimes keeps the parenthesis in the span)."""
    hit, norm = _DEFINED.match(m.text.strip()), _DEFINED.match((m.normal or m.text).strip())
    if m.type != "ORG" or hit is None or norm is None or not hit.group(2).isupper() or len(hit.group(1).split()) < 2:
        return None
    short = acronym_id(Mention(m.article, "", m.start, m.end, hit.group(2), "ORG", norm.group(2)))
    entry = lookup(norm.group(1), hit.group(1), "ORG")
    return (entry.id if entry is not None else "ORG:" + "-".join(latin(w) for w in name_words(norm.group(1)))), short


def acronyms(mentions: Sequence[Mention], texts: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Organisation acronyms defined in the corpus: "Международное агентство по атомной энергии (МАГАТЭ)" makes
    the id of МАГАТЭ alone that of the long name, everywhere, unless the acronym is defined two ways (or known
    to the gazetteer). Initials are not checked: ru text often defines a Latin acronym (CISA, RKI).

    Returns (acronym id → long id, id of a span holding both → long id)."""
    orgs = sorted((m for m in mentions if m.type == "ORG" and m.article in texts), key=lambda m: (m.article, m.start))
    defs: dict[str, set[str]] = {}
    both: dict[str, str] = {}
    for long_, short in zip(orgs, orgs[1:], strict=False):
        text = texts[long_.article]
        if short.article != long_.article or text[long_.end:short.start] != " (" or text[short.end:short.end + 1] != ")":
            continue
        sid = acronym_id(short)
        if sid is not None and len(long_.text.split()) >= 2 and long_.entity != sid:
            defs.setdefault(sid, set()).add(long_.entity)
    for m in orgs:
        found = _defined(m)
        if found is not None and not pinned_org(m):
            both[_own_org_id(m)] = found[0]
            if found[1] is not None:
                defs.setdefault(found[1], set()).add(found[0])
    return {short: next(iter(longs)) for short, longs in defs.items() if len(longs) == 1}, both


def _own_org_id(m: Mention) -> str:
    return "ORG:" + ("-".join(latin(w) for w in name_words(m.normal or m.text)) or "x")


def pinned_org(m: Mention) -> bool:
    return m.entity in gazetteer().entries


def corpus_ids(mentions: Sequence[Mention], texts: Mapping[str, str] | None = None) -> list[str]:
    """The corpus-level entity id of every mention, in order (most keep theirs); ``texts`` (article id → text)
    also joins organisation acronyms to the long names they are defined with."""
    words = [name_of(m) for m in mentions]
    full_here = {(m.article, m.entity) for m, w in zip(mentions, words, strict=True) if len(w) >= 2}
    # 1. full names: own id (recomputed from the name, so an earlier merge is undone when it no longer holds)
    base: dict[int, str] = {}
    for i, (m, w) in enumerate(zip(mentions, words, strict=True)):
        if len(w) >= 2:
            base[i] = m.entity if pinned(m.entity) and _known(m) else person_id(" ".join(w))
    ids = sorted(set(base.values()))
    at = {e: n for n, e in enumerate(ids)}
    uf = UnionFind(len(ids))
    by_sig: dict[tuple[str, ...], set[int]] = {}
    for i, b in base.items():
        by_sig.setdefault(signature(words[i]), set()).add(at[b])
    for group in by_sig.values():
        first, *rest = sorted(group)
        for n in rest:
            uf.union(first, n)
    for a, b in _variant_pairs(by_sig):
        uf.union(min(by_sig[a]), min(by_sig[b]))
    canon: dict[str, str] = {}
    for group in uf.groups():
        members = [ids[n] for n in group]
        if sum(pinned(e) for e in members) > 1:
            canon.update({e: e for e in members})  # two known people: a shared signature proves nothing
        else:
            keep = min(members, key=_rank)
            canon.update({e: keep for e in members})
    by_surname: dict[str, set[str]] = {}
    initials: dict[str, set[str]] = {}  # canonical id → first letters of its first names
    for i, b in base.items():
        for k in surnames(words[i]):
            by_surname.setdefault(k, set()).add(canon[b])
        initials.setdefault(canon[b], set()).add(latin(words[i][0])[:1])
    # 2. surname-only mentions not linked inside their article nor by the gazetteer
    free: dict[int, str] = {}
    for i, (m, w) in enumerate(zip(mentions, words, strict=True)):
        if len(w) == 1 and (m.article, m.entity) not in full_here and (not pinned(m.entity) or not _known(m)):
            free[i] = w[0]  # a gazetteer id not from the gazetteer was this step's own doing: recomputed too
    free_canon: dict[str, str] = {}  # loose key → id, for surnames with no (or no single) full name
    target: dict[int, str] = {}
    for i, word in free.items():
        k = loose_key(word)
        cands = by_surname.get(k)
        if not cands:  # a case form left undeclined ("Шойгу" is fine, "Пескова" → Песков)
            cands = set().union(*(by_surname.get(loose_key(s), set()) for s in _stems(word)))
        letter = _initial(mentions[i])
        if cands and len(cands) > 1 and letter:  # "Д. Дэвис": Дэвид Дэвис, not Грей Дэвис
            cands = {c for c in cands if letter in initials.get(c, ())}
        if len(cands) == 1:
            target[i] = next(iter(cands))
        else:
            own = person_id(word)
            free_canon[k] = min(free_canon.get(k, own), own, key=_rank)
    for i, word in free.items():
        if i not in target:
            target[i] = free_canon[loose_key(word)]
    # 3. everything else follows its article's full name (in-article coreference, role phrases)
    moved: dict[Key, str] = {}
    for i, b in base.items():
        k = (mentions[i].article, mentions[i].entity)
        moved[k] = min(moved.get(k, canon[b]), canon[b], key=_rank)
    for i, new in target.items():  # a role phrase learned from a surname-only apposition follows it
        moved.setdefault((mentions[i].article, mentions[i].entity), new)
    short_org, both = acronyms(mentions, texts) if texts is not None else ({}, {})
    out = []
    for i, m in enumerate(mentions):
        sid = acronym_id(m) if texts is not None else None
        if sid is not None and (m.entity == sid or not pinned_org(m)):
            out.append(short_org.get(sid, sid))
        elif m.type == "ORG" and not pinned_org(m) and _own_org_id(m) in both:
            out.append(both[_own_org_id(m)])
        elif i in base:
            out.append(canon[base[i]])
        elif i in target:
            out.append(target[i])
        else:
            out.append(moved.get((m.article, m.entity), m.entity))
    return out


def relink(facts: Sequence[ArticleFacts], units: Collection[Key] | None = None) -> Relinked:
    """Apply ``corpus_ids`` to stored facts: mentions, event participants/topics, quote speakers, claim sources
    and the entity records (aliases of what moved in are added; records nothing names any more are dropped).

    ``units`` ((article, entity) pairs, closed under ``linkkeys``) restricts relinking to their mentions, the
    rest keep their ids: what an incremental run does; ``dropped`` then lists ids no mention of ``facts`` uses,
    which the caller checks against the rest of the corpus."""
    chosen = [m for f in facts for m in f.mentions if units is None or (m.article, m.entity) in units]
    found = corpus_ids(chosen, {f.article.id: f.article.text for f in facts})
    if units is None:
        new_ids = found
        mentions = chosen
    else:
        by_mention = {id(m): new for m, new in zip(chosen, found, strict=True)}
        mentions = [m for f in facts for m in f.mentions]
        new_ids = [by_mention.get(id(m), m.entity) for m in mentions]
    records = {e.id: e for f in facts for e in f.entities}
    moved_in: dict[str, list[Mention]] = {}
    remap: dict[Key, str] = {}
    for m, new in zip(mentions, new_ids, strict=True):
        if new != m.entity:
            remap.setdefault((m.article, m.entity), new)
            moved_in.setdefault(new, []).append(m)
    if not remap:
        return Relinked(list(facts), [], [], [])
    used = set(new_ids)
    touched: dict[str, Entity] = {}
    for eid, ms in sorted(moved_in.items()):
        old = records.get(eid)
        forms = [x for m in ms for x in (m.text, m.normal) if x]
        if old is None:  # a surname split off again (or first seen alone): its record is rebuilt from the text
            old = Entity(eid, min(m.normal or m.text for m in ms), ms[0].type or "PER")
        touched[eid] = replace(old, aliases=tuple(dict.fromkeys([*old.aliases, *forms])))
    records.update(touched)
    dropped = sorted({e for (_, e) in remap} - used)
    out: list[ArticleFacts] = []
    changed: list[ArticleFacts] = []
    n = 0
    for f in facts:
        ids = new_ids[n:n + len(f.mentions)]
        n += len(f.mentions)
        if not any(new != m.entity for m, new in zip(f.mentions, ids, strict=True)):
            out.append(f)
            continue
        local = {e: new for (a, e), new in remap.items() if a == f.article.id}
        out.append(_remapped(f, ids, local, records))
        changed.append(out[-1])
    return Relinked(out, changed, sorted(touched.values(), key=lambda e: e.id), dropped)


def carried_over(whole: ArticleFacts, linked: ArticleFacts) -> ArticleFacts:
    """``whole`` (an article's every fact) with the entity ids ``relink`` gave ``linked``, the same article's
    facts read with its mentions alone: what ``relink`` of ``whole`` itself would have given."""
    ids = [m.entity for m in linked.mentions]
    if [(m.start, m.end) for m in whole.mentions] != [(m.start, m.end) for m in linked.mentions]:
        raise ValueError(f"{whole.article.id}: the mentions relinked are not the article's stored ones")
    local: dict[str, str] = {}
    for m, new in zip(whole.mentions, ids, strict=True):
        if new != m.entity:
            local.setdefault(m.entity, new)
    return replace(_remapped(whole, ids, local, {}), entities=linked.entities)


def moved_units(whole: ArticleFacts, units: Mapping[str, Sequence[str]], records: Mapping[str, Entity]) -> ArticleFacts:
    """``whole`` (an article's every fact) with the mentions of each entity in ``units`` given the ids listed
    there, in order (those ``relink`` gave another unit of the same form); ``records``: entity records that
    moved, the article's own kept for the rest."""
    ids, seen = [], dict.fromkeys(units, 0)
    for m in whole.mentions:
        if m.entity in units:
            ids.append(units[m.entity][seen[m.entity]] if seen[m.entity] < len(units[m.entity]) else "")
            seen[m.entity] += 1
        else:
            ids.append(m.entity)
    if any(seen[e] != len(units[e]) for e in units):
        raise ValueError(f"{whole.article.id}: its stored units are not of the form relinked")
    local: dict[str, str] = {}
    for m, new in zip(whole.mentions, ids, strict=True):
        if new != m.entity:
            local.setdefault(m.entity, new)
    return _remapped(whole, ids, local, {**{e.id: e for e in whole.entities}, **records})


def _remapped(f: ArticleFacts, ids: list[str], local: dict[str, str], records: dict[str, Entity]) -> ArticleFacts:
    def one(e: str | None) -> str | None:
        return local.get(e, e) if e else e

    mentions = tuple(replace(m, entity=new) for m, new in zip(f.mentions, ids, strict=True))
    events = tuple(replace(e, participants=tuple(dict.fromkeys(map(one, e.participants))),
                           topic=tuple(dict.fromkeys(map(one, e.topic)))) for e in f.events)
    quotes = tuple(replace(q, speaker=one(q.speaker)) for q in f.quotes)
    claims = tuple(replace(c, source_entity=one(c.source_entity)) for c in f.claims)
    own = tuple(records[e] for e in dict.fromkeys(m.entity for m in mentions) if e in records)
    return replace(f, entities=own, mentions=mentions, events=events, quotes=quotes, claims=claims)
