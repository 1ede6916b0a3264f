"""Entities: named-entity mentions of an article linked to canonical entities (ids shared across languages).

The analyzer's NER spans are linked by ``read.linking``; each entity keeps every surface and normal form seen.
"""

from __future__ import annotations

from collections import Counter

from ..model import Article, Entity, Mention
from ..nlp.base import ParsedText
from ..nlp.names import collapse_repeats
from .coref import nominal_mentions
from .linking import resolve


def read_entities(article: Article, parsed: ParsedText) -> tuple[list[Entity], list[Mention]]:
    """Canonical entities of the article and the mentions that name them."""
    resolved = resolve(parsed.ner, article.text)
    mentions: list[Mention] = []
    aliases: dict[str, list[str]] = {}
    names: dict[str, Counter] = {}
    first: dict[str, tuple[str, str | None]] = {}
    for r in resolved:
        s = r.span
        normal = " ".join(collapse_repeats((s.normal or s.text).split()))  # as read, MT doubles collapsed
        mentions.append(Mention(article.id, r.id, s.start, s.end, s.text, r.type, normal))
        aliases.setdefault(r.id, [])
        for form in (s.text, normal):
            if form and form not in aliases[r.id]:
                aliases[r.id].append(form)
        names.setdefault(r.id, Counter())[r.name] += len(r.name.split())  # prefer the fuller name
        first.setdefault(r.id, (r.type, r.wikidata))
    mentions += nominal_mentions(article.id, parsed, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    entities = []
    for eid, (type_, wikidata) in first.items():
        name = names[eid].most_common(1)[0][0]
        entities.append(Entity(eid, name, type_, tuple(aliases[eid]), wikidata))
    return sorted(entities, key=lambda e: e.id), mentions


def merge_entities(entities: list[Entity]) -> list[Entity]:
    """One record per canonical id across articles, aliases unioned (first name and type win)."""
    merged: dict[str, Entity] = {}
    for e in entities:
        old = merged.get(e.id)
        if old is None:
            merged[e.id] = e
        else:
            merged[e.id] = Entity(old.id, old.name or e.name, old.type or e.type,
                                  tuple(dict.fromkeys([*old.aliases, *e.aliases])), old.wikidata or e.wikidata)
    return sorted(merged.values(), key=lambda e: e.id)
