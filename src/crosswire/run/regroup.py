"""After a run has stored its articles: relink, regroup, derive and compare again what they change (or the whole
stored corpus, for ``crosswire rebuild``), and write the stories, threads, claim groups and coverage."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import replace

from ..model import ArticleFacts
from .relink import facts_of, relink_changed, relink_touched

log = logging.getLogger(__name__)


def regroup(store, dirty: Collection[str] | None = None, *, whole: bool = False, pool=None) -> list[ArticleFacts]:
    """Recompute stories, threads, claim groups and coverage over the stored corpus.

    ``dirty``: the ids of the articles this run stored; then only what they change is relinked, regrouped (from
    the grouping state kept in the store) and compared again: the stories and threads that are new, have other
    members, or hold an article that is new, relinked or newly derived; only their articles' facts are read.
    None relinks, regroups, compares and rewrites everything (``crosswire rebuild``). Both leave the same store.
    Returns every stored article's facts (duplicates included) on the full path, else the facts it read (those
    of the compared stories and threads), so the caller need not read them again. ``whole``: ``dirty`` holds every
    stored article (a first run into a store, or one that read all of it again); the corpus is then read once,
    after relinking, and every step that cannot start from a kept state takes it from there. ``pool``: an executor
    of processes (the run's reading ones, idle now) in which, with ``whole``, derivation's part that needs no
    story runs while this process relinks and groups (``_texts_ahead``)."""
    from ..compare import compare
    from ..compare.quotes import quote_groups
    from ..group.cache import group_stored

    with store.run_lock("a regroup"):  # held already inside an analysis; taken here by corrections
        if dirty is not None:
            return _regroup_touched(store, set(dirty), whole, pool)
        stored, _ = relink_changed(store, store.facts())
        facts = [f for f in stored if f.article.duplicate_of is None]
        stories, threads = group_stored(store, facts)  # title+lead vectors cached in the store per model
        derivations, _ = derive_stored(store, stored, stories)
        groups, coverage = compare(facts, stories, threads, derivations)
        store.replace_groups(stories, threads, groups, coverage, quote_groups(facts, stories, quote_embed(store)))
        return stored


def _regroup_touched(store, dirty: set[str], whole: bool = False, pool=None) -> list[ArticleFacts]:
    """``regroup`` of what the ``dirty`` articles change (see there)."""
    from ..compare import compare
    from ..compare.independence import Provenance
    from ..compare.quotes import quote_groups
    from ..group.cache import group_stored
    from ..group.partial import Listed

    steps = Steps()
    # a whole corpus is derived in full: its text part needs no story, and starts now in another process
    ahead = _texts_ahead(store, dirty, pool) if whole and pool is not None else None
    relinked = relink_touched(store, store.facts() if whole else None, dirty)[1]
    steps("relink")
    stored = store.facts() if whole else None  # as relinking wrote them: grouping and derivation that cannot
    # start from a kept state take the corpus from here instead of reading the store again
    # title+lead vectors cached in the store per model; a run scores only the pairs its changes touch, and
    # reports the stories and threads whose records may have changed: only theirs are read back and compared
    changes: dict[str, set[str]] = {}
    stories, threads = group_stored(store, _originals(stored), dirty | relinked, changes)
    steps("group")
    index = changes.pop("index", None)  # the vector index grouping searched (with the run's vectors)
    only = (changes["stories"], changes["threads"]) if changes else None
    before = store.stored_view_state(*only or (None, None))
    steps("read view state")
    old_members = {k: v.get("articles") or () for k, v in before[0].items()}
    grouping = getattr(stories, "grouping", None)  # an incremental run's: the changed records and lookups
    if only is not None and grouping is None:  # every other story has the members it had
        old_members.update({x.id: x.articles for x in stories if x.id not in only[0]})
    # derivation of what the run's articles and changed stories touch, from the state kept in the store
    derivations, moved = derive_stored(store, stored, stories, dirty=dirty, old_stories=old_members, index=index,
                                       texts=ahead)
    steps("derive")
    if grouping is not None:  # the records of the compared stories and threads, and of those threads' stories
        scopes = changed_scopes(before, grouping, dirty | relinked | moved)
        threads = list(grouping.thread_records(scopes).values())
        stories = list(grouping.story_records(scopes | {sid for t in threads for sid in t.stories}).values())
    else:
        scopes = changed_scopes(before, Listed(stories, threads, only), dirty | relinked | moved)
    members = {x.id: x.articles for x in stories}
    wanted = {a for x in stories if x.id in scopes for a in x.articles}
    wanted |= {a for t in threads if t.id in scopes for sid in t.stories for a in members.get(sid, ())}
    if stored is None:
        facts = [f for f in facts_of(store, wanted) if f.article.duplicate_of is None]
    else:  # the facts read after relinking, with the derivations written since (what reading them again gives)
        facts = [f for f in stored if f.article.id in wanted and f.article.duplicate_of is None]
        facts = [replace(f, article=a) for f, a in zip(facts, store.with_derivations([f.article for f in facts]),
                                                        strict=True)]
    # sources join across the whole corpus through derivations (a copy of an article of another outlet): the
    # outlets of the compared articles and of every derivation's ends are all that joins any two compared ones
    ends = set(derivations) | {d.article for ds in derivations.values() for d in ds if d.article}
    provenance = Provenance({a: _Outlet(o) for a, o in store.source_outlets(wanted | ends).items()}, derivations)
    steps("read compared facts")
    groups, coverage = compare(facts, stories, threads, derivations, only=scopes, provenance=provenance)
    quotes = quote_groups(facts, [x for x in stories if x.id in scopes], quote_embed(store))
    steps("compare")
    if grouping is not None:  # every record that may have changed, compared or not
        stories, threads = list(grouping.held_stories.values()), list(grouping.held_threads.values())
    store.update_groups(stories, threads, scopes, groups, coverage, quotes, before, only)
    steps("write groups")
    log.info("regroup of %d new article(s): %s (%d of %d stories compared again)", len(dirty), steps,
             len(scopes), len(grouping) if grouping is not None else len(stories))
    return facts


def _texts_ahead(store, dirty: set[str], pool):
    """Derivation's findings that need no story (``group.derive_state.stored_text_findings``: text profiles,
    same-language pairs, credits, nearest lists across languages) computed in one of ``pool``'s processes, which
    reads the store and writes the kept derivation state itself, while this one relinks and groups. A Future, or
    None where that cannot be: an in-memory store, no embedder, or a stored article without its title+lead vector
    (grouping embeds it first)."""
    from ..group.embed import get_embedder, vector_key
    from ..store.lock import sqlite_path

    if store.url.startswith("sqlite") and sqlite_path(store.url) is None:  # in memory: another process sees none of it
        return None
    try:
        model = vector_key(get_embedder())  # the title+lead vectors' key: model and window
    except (ImportError, OSError, RuntimeError, KeyError):
        return None
    live = store.live_of(dirty)
    if store.vector_ids(model, live) != live:
        return None
    try:
        return pool.submit(_text_findings_in_process, store.url, model)
    except RuntimeError as exc:  # a broken or shut-down pool: derivation runs here, all of it
        log.warning("derivation's text part could not start in a reading process (%s)", exc)
        return None


def _text_findings_in_process(url: str, model: str):
    from ..group.derive_state import stored_text_findings
    from ..store import Store

    store = Store(url)
    try:
        return stored_text_findings(store, model)
    finally:
        store.close()


def _originals(facts: list[ArticleFacts] | None) -> list[ArticleFacts] | None:
    return None if facts is None else [f for f in facts if f.article.duplicate_of is None]


class Steps:
    """Seconds of a run's steps, in order (``steps("name")`` closes the step that ends now); logged per run so
    a `watch` round's cost can be read by step."""

    def __init__(self):
        import time

        self._clock = time.perf_counter
        self._last = self._clock()
        self.seconds: dict[str, float] = {}

    def __call__(self, name: str) -> None:
        now = self._clock()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self._last
        self._last = now

    def __str__(self) -> str:
        return ", ".join(f"{k} {v:.2f} s" for k, v in self.seconds.items())


def quote_embed(store):
    """The configured embedder for quote groups, its vectors kept in the store by text (None: no embedder)."""
    from ..compare.quotes import CachedEmbed, default_embed
    from ..group.embed import get_embedder

    embed = default_embed()
    if embed is None:
        return None
    return CachedEmbed(embed, get_embedder().name, store.load_text_vectors, store.save_text_vectors)


class _Outlet:
    """What the independence of sources reads of an article: its outlet."""

    __slots__ = ("outlet",)

    def __init__(self, outlet: str | None):
        self.outlet = outlet


def changed_scopes(before: tuple[dict[str, dict], dict[str, dict]], grouping, dirty: set[str]) -> set[str]:
    """The story and thread ids to compare again: new ones, ones whose members changed, ones holding a dirty
    article, threads holding a changed story; and the ids gone since ``before`` (their rows are removed).
    ``grouping``: the lookups of an incremental run's grouping (``group.partial.Grouping``), or of every record
    (``group.partial.Listed``); only the records it needs are read. The held stories and threads are the ones
    whose records may have changed (``before`` holds theirs); every other story is compared again when it holds
    a ``dirty`` article, every other thread when it holds such a story or one compared again."""
    old_stories, old_threads = before
    held, held_threads = grouping.held_stories, grouping.held_threads
    out = set()
    for x in held.values():
        old = old_stories.get(x.id)
        if old is None or set(old.get("articles") or ()) != set(x.articles) or not dirty.isdisjoint(x.articles):
            out.add(x.id)
    holding = set(grouping.story_of(dirty).values())  # the stories holding a dirty article
    out |= holding
    for t in held_threads.values():
        old = old_threads.get(t.id)
        if old is None or list(old.get("stories") or ()) != list(t.stories) or not out.isdisjoint(t.stories) \
                or not holding.isdisjoint(t.stories):
            out.add(t.id)
    # the other threads of the stories compared again (a thread holding a dirty article holds its story)
    out |= {x.thread for x in grouping.story_records(out - set(held_threads)).values() if x.thread}
    gone = (set(old_stories) - set(held)) | (set(old_threads) - set(held_threads))
    return out | gone


def key_older_sentence_vectors(store) -> int:
    """Key an older store's per-article sentence vectors by their sentences' text now, as its next full
    derivation would (read by article, written by text, nothing embedded). Returns how many articles' rows moved."""
    from ..group.derive import params
    from ..group.embed import get_embedder
    from ..group.translation import SentenceVectors

    embedder = get_embedder()
    ids = sorted(store.sentence_vector_ids(embedder.name))
    p = params()
    sentences = SentenceVectors(embedder, p["translation_sentences"], p["translation_words"],
                                load=store.load_text_vectors, model=embedder.name)
    moved = 0
    for k in range(0, len(ids), 1000):  # a thousand articles' texts and rows at a time: memory stays flat
        part = ids[k:k + 1000]
        older = store.load_sentence_vectors(embedder.name, part)
        keyed = sentences.adopt(store.articles(part), older)
        store.save_text_vectors(sentences.keep())
        store.drop_sentence_vectors(embedder.name, keyed)
        moved += len(keyed)
    return moved


def derive_stored(store, stored: list[ArticleFacts] | None, stories, dirty: Collection[str] | None = None,
                  old_stories=None, index=None, texts=None) -> tuple[dict[str, list], set[str]]:
    """Which stored articles derive from others (copies, rewrites, translations, wire), written to the store;
    sentence vectors for pairs across languages are cached there per embedding model. ``stored``: every stored
    article's facts (duplicates included); None reads the articles alone (all derivation looks at).
    With ``dirty`` (the articles a run stored) and ``old_stories`` (story id -> members before the run), only the
    articles the run touches are derived again, from the state kept in the store (``group.derive_state``);
    without, or when no usable state is kept, everything is derived (then, with ``dirty``, the changed articles
    are found by comparing with the stored ones). Returns (every derivation, the articles whose derivations
    changed); without ``dirty`` every article that derives from another counts as changed. ``index``: the store's
    vector index as grouping left it this run (read from the store when None). ``texts``: a Future of the
    corpus' ``TextFindings`` with the kept state written (``_texts_ahead``): everything is derived, from them."""
    from ..group.derive import params
    from ..group.derive_state import derive_changed, derive_full
    from ..group.embed import get_embedder, vector_key
    from ..group.translation import SentenceVectors

    try:
        embedder = get_embedder()
    except (ImportError, OSError, RuntimeError, KeyError) as exc:
        log.warning("no embedder (%s): translations are not looked for", exc)
        embedder = None
    model = vector_key(embedder) if embedder is not None else None  # title+lead vectors: model and window
    p = params()
    # sentence vectors are looked up and kept by their text (wire copies repeat sentences) under the model's name;
    # an older store's per-article rows are read by article id, and keyed by text by the next full derivation
    sentences = SentenceVectors(embedder, p["translation_sentences"], p["translation_words"],
                                load=store.load_text_vectors, model=embedder.name) if embedder is not None else None
    if texts is not None:
        try:
            texts = texts.result()
        except Exception as exc:  # noqa: BLE001 - whatever failed there (a process died), it is derived here
            log.warning("derivation's text part failed in another process (%s: %s); deriving here",
                        type(exc).__name__, exc)
            texts = None
    if dirty is not None and texts is None:
        got = derive_changed(store, dirty, stories, old_stories or {}, model, sentences, index)
        if got is not None:
            if sentences is not None:
                store.save_text_vectors(sentences.keep())
            return got
    derived_before = store.derivations() if dirty is not None else {}
    if stored is None:
        stored = [ArticleFacts(article=a) for a in store.articles()]
    vectors = store.load_vectors(model) if embedder is not None and texts is None else {}
    older = store.load_sentence_vectors(sentences.model) if sentences is not None else {}
    keyed: set[str] = set()
    if older:
        sentences.cache.update(older)
        keyed = sentences.adopt((f.article for f in stored), older)
    found = derive_full(store, stored, stories, vectors, sentences, model, texts)
    if sentences is not None:
        store.save_text_vectors(sentences.keep())
        if keyed:
            store.drop_sentence_vectors(sentences.model, keyed)
    if dirty is None:
        return found, set(found)
    moved = {a for a in set(derived_before) | set(found)
             if sorted(map(repr, derived_before.get(a, ()))) != sorted(map(repr, found.get(a, ())))}
    return found, moved
