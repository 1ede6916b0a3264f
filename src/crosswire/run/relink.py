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
    from ..read.linkkeys import key_rows

    out = corpus_relink(stored)
    if out.changed:
        store.relink(out.changed, out.entities, out.dropped)
    store.save_link_keys([f.article.id for f in out.facts], key_rows(out.facts))
    return out.facts, {f.article.id for f in out.changed}


def relink_touched(store, stored: list[ArticleFacts] | None,
                   dirty: Collection[str]) -> tuple[list[ArticleFacts], set[str]]:
    """``relink`` of only the mentions the ``dirty`` articles can affect: the units (an article's mentions of one
    entity) that share a link key with theirs, closed over shared keys (``read.linkkeys``). Gives what relinking
    the whole corpus gives, reading the keys of the units it touches only. ``stored``: every stored article's
    facts; None reads only those of the articles it relinks (and returns those facts)."""
    from ..read.crosslink import relink as corpus_relink
    from ..read.linkkeys import key_rows, unit_keys

    if stored is None:
        fresh = facts_of(store, dirty)

        def stored_of(ids):  # linking reads mentions alone; the articles it changes are read whole below
            return store.facts(ids, kinds=("mentions",)) if ids else []
    else:
        by_id = {f.article.id: f for f in stored}
        fresh = [by_id[a] for a in sorted(dirty) if a in by_id]

        def stored_of(ids):
            keep = set(ids)
            return [f for f in stored if f.article.id in keep]
    if fresh and store.link_keys_count() == 0:  # a store from before link keys: every article is indexed once
        return relink_changed(store, stored if stored is not None else store.facts())
    store.save_link_keys([f.article.id for f in fresh], key_rows(fresh))
    units = {(f.article.id, e): keys for f in fresh for e, keys in unit_keys(f).items()}
    keys: set[str] = set().union(*units.values()) if units else set()
    asked: set[str] = set()
    while keys - asked:
        todo = keys - asked
        asked |= todo
        for unit, more in store.units_with_keys(todo).items():
            units[unit] = more
            keys |= more
    if not units:
        return stored or [], set()
    articles = {a for a, _ in units}
    out = corpus_relink(stored_of(sorted(articles)), set(units))
    if not out.changed:
        return stored or [], set()
    changed_facts = out.changed
    if stored is None:  # the whole facts of the articles that changed, with the new ids carried over
        from ..read.crosslink import carried_over

        linked = {f.article.id: f for f in out.changed}
        changed_facts = [carried_over(f, linked[f.article.id]) for f in facts_of(store, linked)]
    store.relink(changed_facts, out.entities, [])
    store.drop_entities(out.dropped)  # those no mention anywhere names any more
    store.save_link_keys([f.article.id for f in changed_facts], key_rows(changed_facts))
    changed = {f.article.id: f for f in changed_facts}
    if stored is None:
        return changed_facts, set(changed)
    return [changed.get(f.article.id, f) for f in stored], set(changed)
