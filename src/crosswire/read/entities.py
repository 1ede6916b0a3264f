"""Entities: named-entity mentions linked to canonical entities (stub until the entities stage lands)."""

from __future__ import annotations

from ..model import Article, Entity, Mention
from ..nlp.base import ParsedText


def read_entities(article: Article, parsed: ParsedText) -> tuple[list[Entity], list[Mention]]:
    """Canonical entities of the article and the mentions that name them."""
    return [], []


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
