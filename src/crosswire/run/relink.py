"""Corpus-level entity linking written back to the store: everything (``relink_changed``, ``crosswire rebuild``) or
only the mentions a run's articles can affect (``relink_touched``)."""

from __future__ import annotations

from collections.abc import Collection

from ..model import ArticleFacts


def facts_of(store, ids: Collection[str]) -> list[ArticleFacts]:
    """The stored facts of ``ids`` (none read when there are none), in the store's article order."""
    return store.facts(ids) if ids else []



def relink(store, stored: list[ArticleFacts]) -> list[ArticleFacts]:
    """Corpus-level entity linking (a surname alone joins the one full name that has it), written back to the
    store so its mentions and entities agree with what is grouped; same on every engine and incremental run."""
    return relink_changed(store, stored)[0]


def relink_changed(store, stored: list[ArticleFacts]) -> tuple[list[ArticleFacts], set[str]]:
    """``relink``, and the ids of the articles whose entity references it changed; every article's link keys
    are written again."""
    from ..read.crosslink import relink as corpus_relink

    out = corpus_relink(stored)
    if out.changed:
        store.relink(out.changed, out.entities, out.dropped)
    save_index(store, out.facts)
    return out.facts, {f.article.id for f in out.changed}


def save_index(store, facts: list[ArticleFacts]) -> None:
    """The link keys, unit forms and form keys of ``facts`` (``read.linkkeys``), written for their articles."""
    from ..read.linkkeys import index_rows

    store.save_link_keys([f.article.id for f in facts], *index_rows(facts))


def index_forms(store) -> None:
    """Index the unit forms of a store linked before forms were kept (its mentions read once, by batch)."""
    ids = sorted(store.article_ids())
    for k in range(0, len(ids), 2000):
        save_index(store, store.facts(ids[k:k + 2000], kinds=("mentions",)))


def relink_touched(store, stored: list[ArticleFacts] | None,
                   dirty: Collection[str]) -> tuple[list[ArticleFacts], set[str]]:
    """``relink`` of only the mentions the ``dirty`` articles can affect, giving what relinking the whole corpus
    gives. Units (an article's mentions of one entity) can change each other's ids only through a chain of shared
    link keys, and units of one form take the same ids (``read.linkkeys``): so the run follows the keys of its
    articles' units form by form (the store keeps each form's keys), relinks its articles with one stored unit of
    each form reached (reading those units' mentions alone), and moves every stored unit of a form whose ids
    changed (reading those articles whole). ``stored``: every stored article's facts; None reads only what it
    needs (and returns the facts of the articles it changed)."""
    from ..read.crosslink import moved_units
    from ..read.crosslink import relink as corpus_relink
    from ..read.linkkeys import unit_forms, unit_keys

    if stored is None:
        fresh = facts_of(store, dirty)

        def mentions_of(ids, units):  # linking reads the units it relinks alone; the articles it changes are read
            return store.unit_facts(ids, units)  # whole below

        def whole_of(ids):
            return facts_of(store, ids)
    else:
        by_id = {f.article.id: f for f in stored}
        fresh = [by_id[a] for a in sorted(dirty) if a in by_id]

        def whole_of(ids):
            keep = set(ids)
            return [f for f in stored if f.article.id in keep]

        def mentions_of(ids, _units):
            return whole_of(ids)
    if fresh and store.link_units_count() == 0:
        if store.link_keys_count() == 0:  # a store from before link keys: every article is relinked once
            return relink_changed(store, stored if stored is not None else store.facts())
        index_forms(store)  # linked already, from before unit forms were kept
    save_index(store, fresh)
    forms: dict[str, set[str]] = {}
    fresh_forms: dict[tuple[str, str], str] = {}
    for f in fresh:
        keys = unit_keys(f)
        for e, h in unit_forms(f, keys).items():
            forms[h] = keys[e]
            fresh_forms[(f.article.id, e)] = h
    keys: set[str] = set().union(*forms.values()) if forms else set()
    asked: set[str] = set()
    while keys - asked:
        todo = keys - asked
        asked |= todo
        for form, more in store.forms_with_keys(todo).items():
            forms[form] = more
            keys |= more
    if not forms:
        return stored or [], set()
    fresh_ids = {f.article.id for f in fresh}
    examples = sorted(set(store.form_examples(forms).values()) - fresh_ids)
    chosen = {u: h for u, h in [*store.forms_of(examples).items(), *fresh_forms.items()] if h in forms}
    pool = [*mentions_of(examples, chosen), *fresh]
    out = corpus_relink(pool, set(chosen))
    moved: dict[str, tuple[str, ...]] = {}  # form -> the new ids of its unit's mentions, in order
    for before, after in zip(pool, out.facts, strict=True):
        if before is after:
            continue
        ids: dict[str, list[str]] = {}
        for m, n in zip(before.mentions, after.mentions, strict=True):
            ids.setdefault(m.entity, []).append(n.entity)
        for e, new in ids.items():
            if (before.article.id, e) in chosen and any(x != e for x in new):
                moved[chosen[(before.article.id, e)]] = tuple(new)
    if not moved:
        return stored or [], set()
    by_article: dict[str, dict[str, tuple[str, ...]]] = {}
    for (a, e), form in sorted(store.units_of_forms(moved).items()):
        by_article.setdefault(a, {})[e] = moved[form]
    records = {e.id: e for e in out.entities}
    whole = [f for f in fresh if f.article.id in by_article] + whole_of(sorted(set(by_article) - fresh_ids))
    changed_facts = [moved_units(f, by_article[f.article.id], records) for f in whole]
    store.relink(changed_facts, out.entities, [])
    store.drop_entities(out.dropped)  # those no mention anywhere names any more
    save_index(store, changed_facts)
    changed = {f.article.id: f for f in changed_facts}
    if stored is None:
        return changed_facts, set(changed)
    return [changed.get(f.article.id, f) for f in stored], set(changed)
