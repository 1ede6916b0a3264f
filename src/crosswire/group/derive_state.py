"""Derivation after a run, from a state kept in the store: only the articles the run's changes touch are looked at
again, and the result equals a full derivation (``derive``) of the whole corpus.

Why that holds: an article's derivation records come from the candidate pairs it is in, its story (cross-language
pairs, wire sources, rewrites without vectors) and its own text and credits. A run that adds articles changes
  - the pairs of its new articles (found by lookup: the kept 4-gram postings, the vector index);
  - pairs of old articles that shared a 4-gram the new ones push past ``max_shingle_articles`` (the kept postings
    of that 4-gram name them);
  - old articles' nearest lists across languages that a new vector enters (each list is the closest few at
    ``cross_vector_cos`` or closer, so the new list is the closest of the old list and the new vectors);
  - the stories whose members changed.
Every article those name is derived again from all its pairs, and its records replace its stored ones. A run that
removed or re-read articles, or a state kept by other code or parameters, derives everything (``derive_full``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np

from ..model import Article, ArticleFacts, Derivation, Story
from .derive import (
    TextFindings,
    _add,
    _comparable,
    _dedupe,
    _same_language,
    _translation,
    _unit_vectors,
    _wire,
    derive_with,
    nearest_across,
    params,
    text_findings,
)
from .derive_near import near_update, remember
from .overlap import text_profile
from .partial import changed_stories, members_lookup, story_lookup

log = logging.getLogger(__name__)

# every stored derivation, as the last incremental run of this process left it, per store: (the kept state's
# generation it holds for, article -> records); a run whose store still has that generation reads back only the
# records it replaced (a `watch` process reads every derivation once, not at every run)
_ALL: dict[str, tuple[str, dict[str, list[Derivation]]]] = {}
STATE_CODE = ("group/derive.py", "group/derive_state.py", "group/derive_near.py", "group/overlap.py",
              "group/translation.py", "ingest/credits.py", "group/ann.py")


def state_key(model: str | None) -> str:
    """What a kept state is valid for: the embedding model, the derivation parameters and code."""
    from importlib import resources

    h = hashlib.sha1(json.dumps([model, params()], sort_keys=True, default=str).encode())
    here = resources.files("crosswire")
    for name in STATE_CODE:
        f = here.joinpath(*name.split("/"))
        if f.is_file():
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def derive_full(store, stored: Sequence[ArticleFacts], stories: Sequence[Story], vectors, sentences,
                model: str | None, texts: TextFindings | None = None) -> dict[str, list[Derivation]]:
    """``derive`` over every stored article, written to the store with the state a later run starts from.
    ``texts``: the articles' ``TextFindings`` with that state written already (``stored_text_findings``, e.g. in
    another process while this one grouped); ``vectors`` are then not needed."""
    arts = {f.article.id: f.article for f in stored}
    if texts is None:
        texts = text_findings(arts.values(), vectors)
        save_text_state(store, arts.values(), texts, model)
    found = derive_with(texts, arts, stories, sentences)
    store.replace_derivations(found)
    return found


def stored_text_findings(store, model: str | None) -> TextFindings:
    """``TextFindings`` of every stored article with the title+lead vectors of ``model``, the kept state written
    (what ``derive_full`` computes before it needs the stories); returned without the text profiles."""
    arts = {a.id: a for a in store.articles()}
    texts = text_findings(arts.values(), store.load_vectors(model) if model else {})
    save_text_state(store, arts.values(), texts, model)
    texts.profiles = {}
    return texts


def save_text_state(store, articles: Iterable[Article], texts: TextFindings, model: str | None) -> None:
    """The kept state of a full derivation: every article's 4-grams, their counts and postings, nearest lists."""
    cap = params()["max_shingle_articles"]
    df: Counter = Counter()
    for prof in texts.profiles.values():
        df.update(prof.shingles)
    postings = [(h, a) for a, prof in texts.profiles.items() for h in prof.shingles if df[h] <= cap]
    df = {h: n for h, n in df.items() if n > 1}  # a 4-gram of one original: its posting says so
    state = {a.id: (a.language, texts.profiles[a.id].shingles if a.id in texts.profiles else None) for a in articles}
    store.save_derive_state(full=True, meta={"key": state_key(model)}, articles=state, df=dict(df),
                            postings=postings, drop_postings=(), near=texts.near)


def derive_changed(store, dirty: Collection[str], stories: Sequence[Story], old_stories: Mapping[str, Collection[str]],
                   model: str | None, sentences, index=None) -> tuple[dict[str, list[Derivation]], set[str]] | None:
    """Derive again what the run that stored ``dirty`` changed (see the module); (every stored derivation,
    the articles whose derivations changed), or None when the kept state cannot be used. ``index``: the store's
    vector index of ``model`` with every stored vector (grouping's; read from the store when None)."""
    p = params()
    meta = store.derive_meta()
    unheld, gone, held = store.derive_gaps()  # (stored, not held), (held, not stored), whether any is held
    if meta.get("key") != state_key(model) or gone or not held and unheld or set(dirty) - unheld:
        return None  # (a dirty article held already: stored before, then read again)
    new = {a.id: a for a in store.articles(unheld)}
    if not new:
        return store.derivations(), set()
    live_new = {i: a for i, a in new.items() if not a.duplicate_of}
    touched: set[str] = set(new)

    # -- 4-grams: counts after the run; old articles sharing one that turns boilerplate are derived again
    cap = p["max_shingle_articles"]
    profiles = {i: text_profile(a.title, a.text) for i, a in live_new.items()}
    grams = set().union(*(pr.shingles for pr in profiles.values())) if profiles else set()
    df_old = store.derive_df(grams)
    for h, holders in store.derive_postings(set(grams) - set(df_old)).items():
        df_old[h] = len(holders)  # (one holder: 4-grams of two or more have their count kept)
    df = Counter(df_old)
    for pr in profiles.values():
        df.update(pr.shingles)
    crossed = [h for h in grams if df_old.get(h, 0) <= cap < df[h]]
    touched |= _lost_pairs(store, crossed, p)
    why = {"boilerplate": len(touched) - len(new)}

    # -- nearest lists across languages: the new articles', and the old ones their vectors enter
    vec = _unit_vectors(store.load_vectors(model, sorted(live_new)) if model else {}, live_new)
    langs = {i: a.language for i, a in live_new.items()}
    generation = uuid.uuid4().hex  # the state this run leaves: a process's copies (derivations, originals) name it
    near_new, entered = near_update(store, model, vec, langs, p, index, (meta.get("generation"), generation))
    partners: set[str] = set()  # old articles that only gain pairs with new ones: their records are added to
    for found in near_new.values():  # a new article's partners (it may be the source of one of them)
        partners |= {y for y, _ in found}
    old_near = store.derive_near(entered)
    dropped: dict[str, set[str]] = {}
    for x, found in entered.items():
        now_list = nearest_across([*old_near.get(x, []), *found], p)
        if now_list != old_near.get(x, []):  # x gains new partners and may lose old ones
            partners.add(x)
            dropped[x] = {y for y, _ in old_near.get(x, [])} - {y for y, _ in now_list}
            near_new[x] = now_list
    # a dropped neighbour is a lost pair unless its own list holds x, or one story holds both (languages differ)
    lists = {**store.derive_near({y for ys in dropped.values() for y in ys} - set(near_new)), **near_new}
    story_of = story_lookup(stories, {a for x, ys in dropped.items() for a in (x, *ys)})
    for x, ys in dropped.items():
        for y in ys:
            if x not in {n for n, _ in lists.get(y, ())} and (story_of.get(x) is None
                                                             or story_of.get(x) != story_of.get(y)):
                touched |= {x, y}
    why["nearest"] = len(touched) - len(new) - why["boilerplate"]

    touched |= _story_touched(store, stories, old_stories, new, model)

    store.save_derive_state(
        full=False, meta={"generation": generation},
        articles={i: (a.language, profiles[i].shingles if i in profiles else None)
                                       for i, a in new.items()},
        df={h: df[h] for h in grams if df[h] > 1}, postings=[(h, i) for i, pr in profiles.items() for h in pr.shingles
                                                  if df[h] <= cap],
        drop_postings=crossed, near=near_new)
    remember(store, index, meta.get("generation"), generation, sorted(profiles))  # the originals it now holds
    why["stories"] = len(touched) - len(new) - why["boilerplate"] - why["nearest"]
    # the old articles the new ones share text with (a new one may be the source of an old one)
    for pair in _sharing(store, {i: pr.shingles for i, pr in profiles.items()}, p):
        partners.update(pair)
    now = store.stored_of(touched | partners)
    touched &= now
    partners = (partners & now) - touched
    before = store.derivations(touched | partners)
    found = _derive_some(store, touched, partners, before, stories, model, sentences, new, profiles, vec)
    store.replace_derivations_of(touched | partners, found)
    moved = {a for a in touched | partners
             if sorted(map(repr, before.get(a, []))) != sorted(map(repr, found.get(a, [])))}
    log.info("incremental derivation: %d new articles, %d derived again (beyond the new: %s), %d given pairs with "
             "new ones, %d changed", len(new), len(touched), why, len(partners), len(moved))
    return _every_derivation(store, meta.get("generation"), generation, touched | partners), moved


def _every_derivation(store, before: str | None, after: str, replaced: set[str]) -> dict[str, list[Derivation]]:
    """Every stored derivation, as ``store.derivations()`` reads it: from this process's copy when it holds the
    state generation ``before`` (the records of ``replaced`` read back), else read whole; kept as ``after``'s."""
    key = str(store.engine.url)
    kept = _ALL.get(key)
    if before is not None and kept is not None and kept[0] == before:
        every = {a: ds for a, ds in kept[1].items() if a not in replaced}
        every.update(store.derivations(replaced))
        every = dict(sorted(every.items()))  # the store's order: by article id
    else:
        every = store.derivations()
    _ALL[key] = (after, every)
    return dict(every)


def _lost_pairs(store, crossed: Sequence[int], p: dict) -> set[str]:
    """The old articles of pairs that stop being candidates because the 4-grams ``crossed`` turn boilerplate
    (their shared rare 4-grams fall below ``min_shared_shingles``); read before the state is updated."""
    holders = store.derive_postings(crossed)
    ids = set().union(*holders.values()) if holders else set()
    if len(ids) < 2:
        return set()
    kept = store.derive_articles(ids)
    pairs: Counter = Counter()  # pair -> crossed 4-grams it shares
    for members in holders.values():
        ms = sorted(members)
        pairs.update((x, y) for k, x in enumerate(ms) for y in ms[k + 1:])
    common = {pair: kept[pair[0]][1] & kept[pair[1]][1] for pair in pairs if kept[pair[0]][0] == kept[pair[1]][0]}
    df = store.derive_df(set().union(*common.values()) if common else set())
    cap, need = p["max_shingle_articles"], p["min_shared_shingles"]
    out: set[str] = set()
    for pair, shared in common.items():
        before = sum(1 for h in shared if 1 < df.get(h, 0) <= cap)
        if before >= need > before - pairs[pair]:
            out.update(pair)
    return out


def _story_touched(store, stories: Sequence[Story], old_stories: Mapping[str, Collection[str]],
                   new: Mapping[str, Article], model: str | None) -> set[str]:
    """The old articles whose story gained or lost members in a way their derivation sees: a member of another
    language (a pair across languages), one without a vector or theirs missing (a rewrite then needs one story),
    or one of an outlet they credit (their wire source)."""
    members = {x.id: set(x.articles) for x in changed_stories(stories)}
    now_of = {a: sid for sid, m in members.items() for a in m}
    then_of = {a: sid for sid, m in old_stories.items() for a in m}
    moved = {a for sid, m in members.items() if set(old_stories.get(sid, ())) != m for a in m}
    moved |= {a for sid, m in old_stories.items() if members.get(sid) != set(m) for a in m}
    delta = {}
    for a in moved - set(new):
        d = (set(old_stories.get(then_of.get(a), ())) ^ members.get(now_of.get(a), set())) - {a}
        if d:
            delta[a] = d
    if not delta:
        return set()
    ids = set(delta).union(*delta.values())
    langs = store.derive_languages(ids)
    langs.update({i: a.language for i, a in new.items()})
    with_vec = store.vector_ids(model, ids) if model else set()
    outlets = store.outlets_of(ids)
    out, credited = set(), {}
    for a, d in delta.items():
        if any(langs.get(y) != langs.get(a) for y in d) or not {a, *d} <= with_vec:
            out.add(a)
        elif {outlets[y] for y in d if y in outlets}:
            credited[a] = {outlets[y] for y in d if y in outlets}
    if credited:
        from ..ingest.credits import find_credits

        for art in store.articles(credited):
            if {c.agency for c in find_credits(art.title, art.text, art.noise, art.outlet)} & credited[art.id]:
                out.add(art.id)
    return out


def _sharing(store, grams: Mapping[str, frozenset[int]], p: dict) -> set[tuple[str, str]]:
    """Pairs of one of ``grams``' articles with any original sharing at least ``min_shared_shingles`` 4-grams that
    are rare (in 2 to ``max_shingle_articles`` originals), from the kept counts and postings (any language)."""
    every = set().union(*grams.values()) if grams else set()
    df = store.derive_df(every)
    postings = store.derive_postings([h for h in every if 1 < df.get(h, 0) <= p["max_shingle_articles"]])
    out: set[tuple[str, str]] = set()
    for i, mine in grams.items():
        shared = Counter(y for h in mine for y in postings.get(h, ()) if y != i)
        out.update((min(i, y), max(i, y)) for y, n in shared.items() if n >= p["min_shared_shingles"])
    return out


def _derive_some(store, touched: set[str], partners: set[str], before: Mapping[str, Sequence[Derivation]],
                 stories: Sequence[Story], model: str | None, sentences, new: Mapping[str, Article],
                 new_profiles: Mapping, new_vec: Mapping[str, np.ndarray]) -> dict[str, list[Derivation]]:
    """The derivations of the ``touched`` articles, from all their candidate pairs, as ``derive`` gives them; and
    of the ``partners`` (old articles whose only new pairs are with new articles, all in ``touched``): their
    records ``before`` and those of their pairs with the new ones (records of other sources are kept as they
    were: one record per source, so adding a new source's changes none of them)."""
    p = params()
    arts = {a.id: a for a in store.articles((touched | partners) - set(new))}
    arts.update({i: a for i, a in new.items() if i in touched})
    story_of = story_lookup(stories, set(arts))
    by_story = members_lookup(stories, set(story_of.values()))
    live = {i: a for i, a in arts.items() if not a.duplicate_of}
    kept = store.derive_articles(set(live) - set(new_profiles))
    grams = {i: new_profiles[i].shingles if i in new_profiles else kept.get(i, (None, frozenset()))[1] for i in live}

    same = _sharing(store, grams, p)
    # across languages: the nearest lists either way, and story members
    near = store.derive_near(live)
    near_to = store.derive_near_to(live)
    cross: set[tuple[str, str]] = set()
    for i in live:
        cross.update((min(i, y), max(i, y)) for y, _ in near.get(i, ()))
        cross.update((min(i, y), max(i, y)) for y in near_to.get(i, ()))
    mates = {y for i in live if i in story_of for y in by_story[story_of[i]]}
    others = {y for pair in same | cross for y in pair} | mates
    arts.update({a.id: a for a in store.articles(others - set(arts))})
    story_of.update(story_lookup(stories, set(arts) - set(story_of)))
    by_story.update(members_lookup(stories, set(story_of.values()) - set(by_story)))
    for i in live:
        if i in story_of:
            cross.update((min(i, y), max(i, y)) for y in by_story[story_of[i]]
                         if y in arts and arts[y].language != arts[i].language)
    same = {(x, y) for x, y in same if arts[x].language == arts[y].language}

    from ..ingest.credits import find_credits

    both = {y for pair in same | cross for y in pair} | set(live)
    credits = {i: find_credits(arts[i].title, arts[i].text, arts[i].noise, arts[i].outlet) for i in both}
    ends = {y for pair in same for y in pair}
    profiles = {i: new_profiles[i] if i in new_profiles else text_profile(arts[i].title, arts[i].text) for i in ends}
    vec = dict(new_vec)
    if model:
        want = sorted((ends | set(live)) - set(vec))
        vec.update(_unit_vectors(store.load_vectors(model, want), {i: None for i in want}))
    out: dict[str, list[Derivation]] = defaultdict(list)
    for i in sorted(partners):
        out[i].extend(before.get(i, ()))
    for i, a in arts.items():  # copies caught at ingest
        if i in touched and a.duplicate_of:
            how = "exact" if "exact-duplicate" in a.flags else "near"
            out[i].append(Derivation(a.duplicate_of, "copy", 1.0, (f"{how} duplicate of the text, found at ingest",)))
    for x, y in sorted(same):
        found = _same_language(arts[x], arts[y], profiles[x], profiles[y], vec, story_of, p)
        if found:
            _add(out, arts[x], arts[y], found, credits)
    if sentences is not None:
        pairs = [pr for pr in sorted(cross) if _comparable(arts[pr[0]], arts[pr[1]], p)]
        sentences.cache.update(store.load_sentence_vectors(sentences.model, {i for pair in pairs for i in pair}))
        sentences.prefetch([arts[i] for pair in pairs for i in pair])
        for x, y in pairs:
            found = _translation(arts[x], arts[y], sentences, p)
            if found:
                _add(out, arts[x], arts[y], found, credits)
    for i in sorted(live):
        outlet_of = defaultdict(list)
        mine = by_story.get(story_of.get(i), ())
        for y in sorted((y for y in mine if y in arts), key=lambda y: (arts[y].published is not None,
                                                                     arts[y].published or "", y)):
            if arts[y].outlet:
                outlet_of[arts[y].outlet].append(y)
        for c in credits[i]:
            out[i].append(_wire(arts[i], c, outlet_of.get(c.agency, []), story_of, p))
    return {i: sorted(_dedupe(ds), key=lambda d: -d.score) for i, ds in out.items()
            if ds and (i in touched or i in partners)}
