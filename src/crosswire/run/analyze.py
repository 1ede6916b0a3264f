"""One analysis run: ingest inputs, read the new articles (local or Ray executor), store them, then relink,
regroup and recompare the stored corpus; the run's result is the view of its articles.

``analyze`` is what ``api.analyze``, ``crosswire analyze``, the web app's upload and ``crosswire watch`` call.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

from ..model import AnalysisResult, Article, ArticleFacts, InputError
from ..serialize import dumps
from ..settings import Settings, current, using
from ..views.result import view

log = logging.getLogger(__name__)

DEFAULT_DB = "crosswire.db"
BATCH = 50  # articles written per transaction


def _open(db: str | None):
    from ..store import Store

    return Store(db or DEFAULT_DB)


def read_all(articles: Iterable[Article | InputError], *, engine: str = "local", address: str | None = None,
             on_item: Callable[[], None] | None = None, settings: Settings | None = None,
             expected: int | None = None) -> Iterable[ArticleFacts | InputError]:
    """Facts of every article (duplicates pass through unread), with the chosen executor; ``expected``: the new
    articles foreseen, if known (the local engine then starts its workers at once for a large run)."""
    if engine == "ray":
        from .ray_engine import read_all_ray

        for out in read_all_ray(articles, address=address, settings=settings):
            yield out
            if on_item:
                on_item()
        return
    from .local import read_all_local  # BLAS held to one thread while reading (see run/local.py)

    yield from read_all_local(articles, on_item=on_item, settings=settings, expected=expected)


def analyze(
    inputs: Sequence[str] | str,
    *,
    db: str | None = DEFAULT_DB,
    json_out: str | Path | None = None,
    engine: str = "local",
    address: str | None = None,
    reread: bool = False,
    progress: bool | None = None,
    articles: Iterable[Article | InputError] | None = None,
    settings: Settings | None = None,
    deliver: bool = True,
) -> AnalysisResult:
    """Analyse ``inputs`` into the store ``db`` and return this run's result (also written to ``json_out``).

    ``articles`` (already ingested, e.g. by ``crosswire watch``) replaces ingesting ``inputs`` when given.
    Watchlists' alerts on what the run changed are raised once the store is regrouped (``monitor``) and, with
    ``deliver``, sent on their channels.
    ``settings`` (default: the installed ones, else config file and environment) hold for the whole run.
    """
    settings = settings or current()
    with using(settings):
        return _analyze(inputs, db=db, json_out=json_out, engine=engine, address=address, reread=reread,
                        progress=progress, articles=articles, settings=settings, deliver=deliver)


def _analyze(inputs, *, db, json_out, engine, address, reread, progress, articles, settings: Settings,
             deliver: bool = True) -> AnalysisResult:
    from ..ingest import ingest

    if engine == "ray" and articles is None:  # inputs are read on Ray too, in the same order
        from functools import partial

        from .ray_engine import ingest_ray

        ingest = partial(ingest_ray, address=address, settings=settings)  # noqa: F811
    if isinstance(inputs, str):
        inputs = [inputs]
    store = _open(db)
    # one run at a time per store: a concurrent run waits here, then sees this run's articles as known, so
    # two runs give what running them one after the other gives
    with store.run_lock():
        known = store.article_ids()
        dedup = _deduplicator(store)

        run_ids: list[str] = []
        errors: list[InputError] = []
        pending: list[ArticleFacts] = []

        def fresh() -> Iterable[Article | InputError]:
            for item in ingest(list(inputs)) if articles is None else articles:
                if isinstance(item, InputError):
                    yield item
                    continue
                run_ids.append(item.id)
                if item.id in known and not reread:
                    continue  # already analysed: idempotent re-runs reuse the stored facts
                yield dedup.check(item)

        # on the local engine, title+lead vectors are embedded on the other core while reading goes on
        from ..group.prefetch import VectorPrefetch

        prefetch = VectorPrefetch() if engine == "local" else None

        new_ids: set[str] = set()  # what this run stored: the regroup recompares what they touch

        def flush() -> None:
            store.save_facts(pending)
            store.save_dedup_bands({a: dedup.bands.pop(a) for a in (f.article.id for f in pending) if a in dedup.bands})
            new_ids.update(f.article.id for f in pending)
            if prefetch is not None:
                prefetch.submit([f.article for f in pending if f.article.duplicate_of is None])
            pending.clear()

        expected = None
        if articles is None and engine == "local":  # input files beyond what the store holds: a large run?
            from ..ingest import expand_inputs

            expected = len(expand_inputs(list(inputs))) - len(known)
        with _progress(progress) as tick:
            for out in read_all(fresh(), engine=engine, address=address, on_item=tick, settings=settings,
                                expected=expected):
                if isinstance(out, InputError):
                    errors.append(out)
                    continue
                pending.append(out)
                if len(pending) >= BATCH:
                    flush()
        flush()
        store.save_errors(errors)
        if prefetch is not None:
            prefetch.save(store)
        stored = regroup(store, dirty=new_ids)
        from ..monitor import after_run

        alerts = after_run(store, deliver=deliver)
    result = view(store, dict.fromkeys(run_ids), facts=stored)
    result.errors = errors
    result.alerts = alerts
    if json_out:
        Path(json_out).write_text(dumps(result), encoding="utf-8")
    store.close()
    return result


def _deduplicator(store):
    """A deduplicator that looks the store's originals up by content hash and LSH band keys (a store from before
    band keys has its originals' keys computed once, here)."""
    from ..ingest.dedup import Deduplicator, Known, minhash

    live = store.live_article_ids()
    dedup = Deduplicator(known=Known(live, store.original_with_hash, store.originals_with_bands))
    if live and store.dedup_band_count() == 0:
        store.save_dedup_bands({a: dedup.band_keys(minhash(text)) for a, text in store.iter_texts() if text.strip()})
    return dedup


def regroup(store, dirty: Collection[str] | None = None) -> list[ArticleFacts]:
    """Recompute stories, threads, claim groups and coverage over the stored corpus.

    ``dirty``: the ids of the articles this run stored; then only what they change is relinked, regrouped (from
    the grouping state kept in the store) and compared again: the stories and threads that are new, have other
    members, or hold an article that is new, relinked or newly derived; only their articles' facts are read.
    None relinks, regroups, compares and rewrites everything (``crosswire rebuild``). Both leave the same store.
    Returns every stored article's facts (duplicates included) on the full path, else the facts it read (those
    of the compared stories and threads), so the caller need not read them again."""
    from ..compare import compare
    from ..compare.quotes import quote_groups
    from ..group.cache import group_stored

    with store.run_lock("a regroup"):  # held already inside an analysis; taken here by corrections
        if dirty is not None:
            return _regroup_touched(store, set(dirty))
        stored, _ = relink_changed(store, store.facts())
        facts = [f for f in stored if f.article.duplicate_of is None]
        stories, threads = group_stored(store, facts)  # title+lead vectors cached in the store per model
        derivations = derive_stored(store, stored, stories)
        groups, coverage = compare(facts, stories, threads, derivations)
        store.replace_groups(stories, threads, groups, coverage, quote_groups(facts, stories, quote_embed(store)))
        return stored


def _regroup_touched(store, dirty: set[str]) -> list[ArticleFacts]:
    """``regroup`` of what the ``dirty`` articles change (see there)."""
    from ..compare import compare
    from ..compare.independence import Provenance
    from ..compare.quotes import quote_groups
    from ..group.cache import group_stored

    relinked = relink_touched(store, None, dirty)[1]
    # title+lead vectors cached in the store per model; a run scores only the pairs its changes touch
    stories, threads = group_stored(store, None, dirty | relinked)
    before = store.stored_view_state()
    # derivation of what the run's articles and changed stories touch, from the state kept in the store
    derivations, moved = derive_stored(store, None, stories, dirty=dirty,
                                       old_stories={k: v.get("articles") or () for k, v in before[0].items()})
    scopes = changed_scopes(before, stories, threads, dirty | relinked | moved)
    members = {x.id: x.articles for x in stories}
    wanted = {a for x in stories if x.id in scopes for a in x.articles}
    wanted |= {a for t in threads if t.id in scopes for sid in t.stories for a in members.get(sid, ())}
    facts = [f for f in _facts_of(store, wanted) if f.article.duplicate_of is None]
    # sources join across the whole corpus (one outlet, derived copies): every article's outlet, by id
    provenance = Provenance({a: _Outlet(o) for a, o in store.article_outlets().items()}, derivations)
    groups, coverage = compare(facts, stories, threads, derivations, only=scopes, provenance=provenance)
    quotes = quote_groups(facts, [x for x in stories if x.id in scopes], quote_embed(store))
    store.update_groups(stories, threads, scopes, groups, coverage, quotes, before)
    return facts


def quote_embed(store):
    """The configured embedder for quote groups, its vectors kept in the store by text (None: no embedder)."""
    from ..compare.quotes import CachedEmbed, default_embed
    from ..group.embed import get_embedder

    embed = default_embed()
    if embed is None:
        return None
    return CachedEmbed(embed, get_embedder().name, store.load_text_vectors, store.save_text_vectors)


def _facts_of(store, ids: Collection[str]) -> list[ArticleFacts]:
    """The stored facts of ``ids`` (none read when there are none), in the store's article order."""
    return store.facts(ids) if ids else []


class _Outlet:
    """What the independence of sources reads of an article: its outlet."""

    __slots__ = ("outlet",)

    def __init__(self, outlet: str | None):
        self.outlet = outlet


def changed_scopes(before: tuple[dict[str, dict], dict[str, dict]], stories, threads,
                   dirty: set[str]) -> set[str]:
    """The story and thread ids to compare again: new ones, ones whose members changed, ones holding a dirty
    article, threads holding a changed story; and the ids gone since ``before`` (their rows are removed)."""
    old_stories, old_threads = before
    out = set()
    for x in stories:
        old = old_stories.get(x.id)
        if old is None or set(old.get("articles") or ()) != set(x.articles) or not dirty.isdisjoint(x.articles):
            out.add(x.id)
    members = {x.id: x.articles for x in stories}
    for t in threads:
        old = old_threads.get(t.id)
        if old is None or list(old.get("stories") or ()) != list(t.stories) or not out.isdisjoint(t.stories) \
                or any(not dirty.isdisjoint(members.get(sid, ())) for sid in t.stories):
            out.add(t.id)
    gone = (set(old_stories) - set(members)) | (set(old_threads) - {t.id for t in threads})
    return out | gone


def derive_stored(store, stored: list[ArticleFacts] | None, stories, dirty: Collection[str] | None = None,
                  old_stories=None):
    """Which stored articles derive from others (copies, rewrites, translations, wire), written to the store;
    sentence vectors for pairs across languages are cached there per embedding model. ``stored``: every stored
    article's facts (duplicates included); None reads the articles alone (all derivation looks at).
    With ``dirty`` (the articles a run stored) and ``old_stories`` (story id -> members before the run), only the
    articles the run touches are derived again, from the state kept in the store (``group.derive_state``), and
    (every derivation, the articles whose derivations changed) is returned; without, or when no usable state is
    kept, everything is derived (then the changed articles are found by comparing with the stored ones)."""
    from ..group.derive import params
    from ..group.derive_state import derive_changed, derive_full
    from ..group.embed import get_embedder
    from ..group.translation import SentenceVectors

    try:
        embedder = get_embedder()
    except (ImportError, OSError, RuntimeError, KeyError) as exc:
        log.warning("no embedder (%s): translations are not looked for", exc)
        embedder = None
    model = embedder.name if embedder is not None else None
    p = params()
    sentences = SentenceVectors(embedder, p["translation_sentences"], p["translation_words"]) \
        if embedder is not None else None
    if dirty is not None:
        got = derive_changed(store, dirty, stories, old_stories or {}, model, sentences)
        if got is not None:
            if sentences is not None and sentences.added:
                store.save_sentence_vectors(model, sentences.added)
            return got
    derived_before = store.derivations() if dirty is not None else {}
    if stored is None:
        stored = [ArticleFacts(article=a) for a in store.articles()]
    vectors = store.load_vectors(model) if embedder is not None else {}
    if sentences is not None:
        sentences.cache.update(store.load_sentence_vectors(model))
    found = derive_full(store, stored, stories, vectors, sentences, model)
    if sentences is not None and sentences.added:
        store.save_sentence_vectors(model, sentences.added)
    if dirty is None:
        return found
    moved = {a for a in set(derived_before) | set(found)
             if sorted(map(repr, derived_before.get(a, ()))) != sorted(map(repr, found.get(a, ())))}
    return found, moved


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
        fresh = _facts_of(store, dirty)

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
        changed_facts = [carried_over(f, linked[f.article.id]) for f in _facts_of(store, linked)]
    store.relink(changed_facts, out.entities, [])
    store.drop_entities(out.dropped)  # those no mention anywhere names any more
    store.save_link_keys([f.article.id for f in changed_facts], key_rows(changed_facts))
    changed = {f.article.id: f for f in changed_facts}
    if stored is None:
        return changed_facts, set(changed)
    return [changed.get(f.article.id, f) for f in stored], set(changed)


class _progress:
    """A rich progress bar on a tty (or when asked); a no-op ticker otherwise."""

    def __init__(self, enabled: bool | None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                             transient=True)
        self._bar.start()
        task = self._bar.add_task("articles", total=None)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
