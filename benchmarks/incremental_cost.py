"""Cost of adding 10 articles to a store of 1k, 10k and 50k articles, beyond reading them (SQLite, PostgreSQL).

Real development articles (SlavicNER brexit and asia_bibi ru/uk, nord_stream ru; 300 of them) are read once; a
store of N articles is their facts copied round after round with new ids, every day they name (publication,
events, time expressions) moved 30 days per round (the raw texts are undated: an article is dated by the last day
it names) and the title+lead vector moved to a cosine of about 0.85 with its original, so each round is another
month of related news, not one story of N copies. The store is written directly (no reading), regrouped once in
full (which keeps the grouping and derivation state) and its originals' dedup band keys kept, as the runs that
stored them would have left it (`--keep DIR` keeps built stores; PostgreSQL gets a table-by-table copy of the SQLite
one). Ten further real articles, read and embedded beforehand and dated as today's news (each moved so that the
last day it names falls in the month after the store's newest copy, as a feed's new entries are), are then added
through `analyze` by a new process (started once the store is prepared, its modules compiled as an install has
them: it pays every import and load a fresh process pays, the crosswire modules the run imports included). Ingest
is skipped (they are handed over as articles); each is read for real inside the run, as a run this small reads in
its own process, but the facts stored are the prepared ones, and reading's CPU (its thread's, with its one-off
loads: the Russian and Ukrainian models, time grammars, lexicons) is taken out; their title+lead vectors, computed
beforehand, are what the run's background embedding hands over (the embedder's load in that thread is counted). So
the figure is everything a run pays beyond reading and embedding its articles: storing, relinking, grouping,
finding derived copies, comparing, writing the view and the run's result. Five more batches of ten real articles
(``--batches``), dated the same month, follow in the same process ("next 10s"), as `watch` runs them: no import or
model load left to pay (the first run's are the same at every store size: the embedder's load, listed apart, and
the lazy imports of the modules the run uses, about 0.35 CPU s, inside its steps). Their median is listed with
each batch's CPU seconds, since one batch may change an old story and the next none. The CPU seconds of reading
the five batches (taken out of the figures) are listed too: the same work in every invocation, they show how fast
the shared machine ran during it (on the development machine the same code's batches and that reading moved
together by up to half from one invocation to another). The builder
computes what depends on a text alone (sentence and quote vectors, 4-gram profiles, MinHash) once per distinct
text, since a replica's text is its original's. Each step's seconds are listed so the owner of
each can see their share; peak RSS is the process's that made the runs. Steps nest:
"read stored facts" is every `Store.facts` call, most of them inside relink, group and compare; the e5 model loads
in the run's background embedding thread as the run starts (in the run's total, in no step; a `watch` process pays
it once); wall seconds stretch with the shared machine's load, CPU seconds less so.

Run: .venv/bin/python -m benchmarks.incremental_cost [--sizes 1000,10000,50000] [--pg postgresql://...] [--keep DIR]
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import re
import resource
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from .common import parser, table, write_section

SOURCES = [("brexit", "ru"), ("brexit", "uk"), ("asia_bibi", "ru"), ("asia_bibi", "uk"), ("nord_stream", "ru")]
STEPS = {  # (module, function) -> step name
    ("crosswire.run.regroup", "relink_touched"): "relink",
    ("crosswire.run.regroup", "relink_changed"): "relink",
    ("crosswire.group.cache", "group_stored"): "group",
    ("crosswire.run.regroup", "derive_stored"): "derive",
    ("crosswire.compare", "compare"): "compare",
    ("crosswire.compare.quotes", "quote_groups"): "quote groups",
    ("crosswire.run.analyze", "view"): "view",
    ("crosswire.store.repository", "Store.facts"): "read stored facts",
    ("crosswire.store.repository", "Store.save_facts"): "store new facts",
    ("crosswire.store.repository", "Store.update_groups"): "write groups",
}
STEP_CLOCK = time.perf_counter  # --cpu-steps: time.process_time (the process's CPU seconds, every thread's)


def read_base(data: Path, n: int, cache: Path | None):
    """(facts of ``n`` real articles, their title+lead vectors, the key they are stored under: the embedder's name
    and window), read once (a cache holding fewer has the rest read and added; one of another key is embedded
    again)."""
    from crosswire.group.embed import embed_articles, get_embedder, vector_key
    from crosswire.ingest import ingest
    from crosswire.model import Article, ArticleFacts
    from crosswire.pipeline import read_article
    from crosswire.serialize import from_dict, to_dict

    facts, vectors, model = [], {}, None
    if cache and cache.is_file():
        blob = json.loads(cache.read_text(encoding="utf-8"))
        facts, vectors, model = [from_dict(ArticleFacts, f) for f in blob["facts"]], blob["vectors"], blob["model"]
        if model != vector_key(get_embedder()):  # another model's or window's vectors
            model, vectors = vector_key(get_embedder()), embed_articles([f.article for f in facts], get_embedder(), {})
            cache.write_text(json.dumps({"facts": blob["facts"], "vectors": vectors, "model": model},
                                        ensure_ascii=False), encoding="utf-8")
        if len(facts) >= n:
            return facts[:n], vectors, model
    folders = [str(data / "slavicner" / "raw" / t / lang) for t, lang in SOURCES]
    arts = [a for a in ingest(folders) if isinstance(a, Article)]
    random.Random(3).shuffle(arts)
    more = [read_article(a) for a in arts[len(facts):n]]
    embedder = get_embedder()
    vectors.update(embed_articles([f.article for f in more], embedder, {}))
    facts += more
    if cache:
        cache.write_text(json.dumps({"facts": [to_dict(f) for f in facts], "vectors": vectors,
                                     "model": vector_key(embedder)}, ensure_ascii=False), encoding="utf-8")
    return facts, vectors, vector_key(embedder)


START = date(2018, 7, 1)  # the month of the development topics' events (brexit resignations, Asia Bibi)
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _hash_day(f) -> int:
    return int(hashlib.sha1(f.article.id.encode()).hexdigest()[:4], 16) % 28


def last_day(f) -> date:
    """The day an undated copy of ``f`` is published on before any move: the last day it names, else a day of
    ``START``'s month."""
    from crosswire.serialize import to_dict

    doc = to_dict(f)
    days = _ISO_DAY.findall(json.dumps(doc["events"] + doc["timerefs"]))
    if f.article.published:
        return date.fromisoformat(str(f.article.published)[:10])
    return date(*map(int, max(days))) if days else START + timedelta(days=_hash_day(f))


def replica(f, k: int, rename: bool = True, shift: int | None = None):
    """Article ``f`` as copy ``k``: its id suffixed (``rename``), every day it names (publication, events, time
    expressions) moved ``shift`` days on (``k`` times 30 unless given), so copies are other events to grouping,
    not one story of many copies; an undated article is dated as a feed would date it: the last day it names,
    else a day of the month ``shift`` days after ``START``."""
    from crosswire.model import ArticleFacts
    from crosswire.serialize import from_dict, to_dict

    shift = 30 * k if shift is None else shift

    def later(m: re.Match) -> str:
        try:
            return (date(int(m[1]), int(m[2]), int(m[3])) + timedelta(days=shift)).isoformat()
        except ValueError:
            return m[0]

    old = f.article.id
    new = f"{old}r{k}" if rename else old
    doc = json.dumps(to_dict(f), ensure_ascii=False).replace(old, new)
    doc = json.loads(_ISO_DAY.sub(later, doc))
    for ev in doc["events"]:  # a year or a month alone ("by 2030") moves with its round too: left behind, it
        ev["date"] = _later_coarse(ev.get("date"), shift)  # lists its stories years before the copies
    for t in doc["timerefs"]:  # around it, and a new article joining one replays every month after it
        t["value"] = _later_coarse(t.get("value"), shift)
    if rename:
        doc["article"]["source"] = f"{doc['article']['source']}#{k}"
    if not doc["article"].get("published"):  # the raw texts carry no date: the last day they name, else a day
        days = [d for d in _ISO_DAY.findall(json.dumps(doc["events"] + doc["timerefs"]))]  # of the copy's month
        doc["article"]["published"] = "-".join(max(days)) if days else \
            (START + timedelta(days=_hash_day(f) + shift)).isoformat()
        doc["article"]["published_from"] = "header"
    return from_dict(ArticleFacts, doc)


def _later_coarse(value: str | None, shift: int) -> str | None:
    """A date value's year-only ("2030") and month-only ("2030-05") parts moved ``shift`` days on, from their
    middle; full days are moved by the caller."""
    if not value:
        return value
    parts = []
    for part in value.split("/"):
        if re.fullmatch(r"\d{4}", part):
            part = str((date(int(part), 7, 1) + timedelta(days=shift)).year)
        elif re.fullmatch(r"\d{4}-\d{2}", part):
            part = (date(int(part[:4]), int(part[5:]), 15) + timedelta(days=shift)).isoformat()[:7]
        parts.append(part)
    return "/".join(parts)


def replica_vector(v, k: int):
    """A copy's title+lead vector: the original's moved to a cosine of about 0.85 with it (seeded by ``k``), so
    each copy is its own point to the index, near its original as a related report would be."""
    import numpy as np

    if k == 0 or v is None:
        return v
    rng = np.random.default_rng(k)
    w = np.asarray(v) + rng.standard_normal(len(v)) * 0.6 / np.sqrt(len(v))
    return list(w / np.linalg.norm(w))


def build(db: str, base, vectors, model: str, size: int, texts: Path | None = None) -> float:
    """A store of ``size`` replicated articles, regrouped once; seconds it took. ``texts``: a pickle file keeping
    the vectors of the texts embedded while building (the originals' sentences and quotes), for the next build."""
    from crosswire.run.analyze import _deduplicator
    from crosswire.run.regroup import regroup
    from crosswire.store import Store

    t0 = time.perf_counter()
    with _replica_memos(texts):
        store = Store(db)
        done, k = 0, 0
        while done < size:
            batch = [replica(f, k) for f in base[: size - done]]
            for i in range(0, len(batch), 5000):  # big transactions: one per 5,000 articles
                store.save_facts(batch[i:i + 5000])
            store.save_vectors(model, {g.article.id: replica_vector(vectors[f.article.id], k)
                                       for f, g in zip(base, batch, strict=False)})
            done += len(batch)
            k += 1
        regroup(store)
        _deduplicator(store)  # the originals' LSH band keys, as runs that stored them would have kept
        store.close()
    return time.perf_counter() - t0


@contextmanager
def _replica_memos(texts: Path | None):
    """While building: what depends on an article's text alone is computed once per distinct text (a replica's
    text is its original's): the embedder's vectors of sentences and quotes (kept in ``texts`` between builds),
    the 4-gram profile derivation takes of a text, and the MinHash dedup takes of it. The add-10 runs compute
    everything for the texts they bring."""
    import pickle

    import crosswire.group.derive as derive
    import crosswire.group.derive_state as derive_state
    import crosswire.ingest.dedup as dedup
    from crosswire.group.embed import get_embedder

    embedder = get_embedder()
    memo: dict[str, list[float]] = pickle.loads(texts.read_bytes()) if texts and texts.is_file() else {}
    known = len(memo)
    plain = embedder.embed

    def embed(batch):
        batch = list(batch)
        todo = list(dict.fromkeys(t for t in batch if t not in memo))
        if todo:
            memo.update(zip(todo, plain(todo), strict=True))
        return [memo[t] for t in batch]

    def once(fn):
        seen: dict = {}
        return lambda *a: seen[a] if a in seen else seen.setdefault(a, fn(*a))

    saved = [(derive, "text_profile"), (derive_state, "text_profile"), (dedup, "minhash")]
    saved = [(m, name, getattr(m, name)) for m, name in saved]
    embedder.embed = embed
    for m, name, fn in saved:
        setattr(m, name, once(fn))
    try:
        yield
    finally:
        del embedder.embed  # the class's own embed again
        for m, name, fn in saved:
            setattr(m, name, fn)
        if texts and len(memo) > known:
            texts.write_bytes(pickle.dumps(memo))


def _rekey(store, model: str) -> None:
    """Mark the kept grouping and derivation state as the current code's (``--rekey``): only for a change of the
    grouping or derivation code that leaves what a full regroup keeps unchanged (the incremental path alone, or
    speed), so a store built before it need not be built again."""
    from sqlalchemy import update

    from crosswire.group import derive_state
    from crosswire.group.incremental import state_key
    from crosswire.store import schema as s

    with store.engine.begin() as conn:
        conn.execute(update(s.group_meta).where(s.group_meta.c.key == "key").values(value=state_key(model)))
        conn.execute(update(s.derive_meta).where(s.derive_meta.c.key == "key")
                     .values(value=derive_state.state_key(model)))
    relabel(store)


def as_todays_news(base, batches, size: int):
    """``batches`` (lists of facts) arriving as today's news on the store of ``size`` copies of ``base``: each moved
    so that the last day it names falls in the month after the store's newest copy (the originals name days years
    apart, so moving them by the store's months alone would date them anywhere in its history)."""
    newest = max(last_day(f) for f in base) + timedelta(days=30 * (-(-size // len(base)) - 1))
    return [[replica(f, 0, rename=False, shift=(newest + timedelta(days=1 + _hash_day(f)) - last_day(f)).days)
             for f in batch] for batch in batches]


def relabel(store) -> None:
    """Give a kept grouping state from before group labels were kept its labels (each article's connected group
    of passing pairs: a function of the kept pairs and the corrections, what a full regroup would keep)."""
    from sqlalchemy import select, update

    from crosswire.group.cache import corrections_of
    from crosswire.group.incremental import _corrections_key, _passes, group_labels
    from crosswire.store import schema as s

    corrections = corrections_of(store)
    if not store.thread_stories():  # the thread state, as a full regroup keeps it, from the kept stories
        from collections import Counter

        from crosswire.group.kept import unpack
        from crosswire.group.thread_state import full_threads
        from crosswire.group.threads import StoryAgg
        from crosswire.model import Story
        from crosswire.serialize import from_dict

        kept = store.group_stories()
        built = [from_dict(Story, d["story"]) for _, d in sorted(kept.items())]
        aggs = [StoryAgg(Counter(d["entities"]), unpack(d.get("centroid"))) for _, d in sorted(kept.items())]
        with store.engine.begin() as conn:
            store._save_thread_state(conn, True, full_threads(built, aggs)[1])
    with store.engine.connect() as conn:
        rows = dict(conn.execute(select(s.group_articles.c.article, s.group_articles.c.data)).all())
        if all("group" in d and "profile" in d for d in rows.values()):
            return
        passing = [(a, b) for a, b, m, c in conn.execute(select(s.group_pairs)) if _passes((m, bool(c)))]
    labels = group_labels(sorted(rows), passing, corrections)
    import json

    from crosswire.group.profile import profile
    from crosswire.group.state import pack_profile

    disputed = json.loads(store.group_meta().get("disputed") or "{}")
    profiles = {f.article.id: pack_profile(profile(f, None, tuple(disputed.get(f.article.id, ()))))
                for f in store.facts(sorted(rows))}
    with store.engine.begin() as conn:
        for a, d in rows.items():
            conn.execute(update(s.group_articles).where(s.group_articles.c.article == a)
                         .values(data={**d, "group": labels[a], "profile": profiles[a]}))
        conn.execute(s.group_meta.delete().where(s.group_meta.c.key == "corrections"))
        conn.execute(s.group_meta.insert().values(key="corrections", value=_corrections_key(corrections)))


@contextmanager
def timed_steps(spent: dict[str, float]):
    """Wrap the run's steps with timers (module attributes patched for the block)."""
    import importlib

    saved = []
    for (mod, dotted), step in STEPS.items():
        module = importlib.import_module(mod)
        owner, name = module, dotted
        if "." in dotted:
            cls, name = dotted.split(".")
            owner = getattr(module, cls)
        fn = getattr(owner, name)

        def wrap(*a, _fn=fn, _step=step, **kw):
            t0 = STEP_CLOCK()
            try:
                return _fn(*a, **kw)
            finally:
                spent[_step] += STEP_CLOCK() - t0

        saved.append((owner, name, fn))
        setattr(owner, name, wrap)
    try:
        yield
    finally:
        for owner, name, fn in saved:
            setattr(owner, name, fn)


def add_ten(db: str, batches, vectors, model: str, profile: Path | None = None, rekey: bool = False,
            read: bool = True, fresh: bool = True) -> list[dict]:
    """Seconds (wall, CPU) of analysing each batch of ``batches`` (already read and embedded) into ``db``, one run
    after the other in one process, by step, beyond reading (``read``: each article is read for real inside the
    run, as a small run reads in its own process, and that reading's seconds, its loads included, are taken out;
    else reading is skipped); ``profile``: a cProfile dump of each run written there, the n-th suffixed ``-n``.
    ``fresh``: the runs are made by a new process (``timed_runs`` in a child: it imports what the runs import and
    holds what they hold, nothing the store's preparation loaded here); else by this one."""
    prepare(db, batches, vectors, model, rekey)
    if not fresh:
        return timed_runs(db, batches, vectors, model, profile, read)
    import pickle
    import subprocess
    import sys

    env = compiled_env()
    ids = {f.article.id for new in batches for f in new}
    with tempfile.TemporaryDirectory() as tmp:
        args, out = Path(tmp) / "runs.pickle", Path(tmp) / "runs.json"
        args.write_bytes(pickle.dumps({"db": db, "batches": batches, "vectors": {i: vectors[i] for i in ids},
                                       "model": model, "profile": profile, "read": read,
                                       "cpu_steps": STEP_CLOCK is time.process_time}))
        subprocess.run([sys.executable, "-m", "benchmarks.incremental_cost", "--timed-runs", str(args), str(out)],
                       check=True, cwd=Path(__file__).resolve().parent.parent, env=env)
        return json.loads(out.read_text())


def compiled_env() -> dict[str, str]:
    """The environment for a timed new process, crosswire's modules compiled first: an installed crosswire has
    its bytecode (pip writes it); a checkout run with PYTHONDONTWRITEBYTECODE would compile every module the runs
    import in the first one."""
    import os
    import subprocess
    import sys

    import crosswire

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(crosswire.__file__).parent)], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return env


def prepare(db: str, batches, vectors, model: str, rekey: bool = False) -> None:
    """The built store as the runs that stored it would have left it, the new articles' vectors stored (embedded
    beforehand, as the run's background embedding hands them over); ``rekey``: see ``_rekey``."""
    from crosswire.store import Store

    store = Store(db)
    store.save_vectors(model, {f.article.id: vectors[f.article.id] for new in batches for f in new})  # embedded
    if store.link_units_count() == 0:  # built before unit forms were kept: indexed as its runs would have left it
        from crosswire.run.relink import index_forms

        index_forms(store)
    unseen = store.unmonitored_ids()
    if unseen:  # written directly, never run: every article looked at by an alert pass, as its runs would have left
        store.record_alerts([], unseen)  # it (else the first run marks the whole store: 0.3-0.4 CPU s at 10k)
    if rekey:
        _rekey(store, model)
        # built before sentence vectors were kept by text: its per-article rows keyed by text (nothing embedded),
        # as the next full derivation would leave them
        from crosswire.run.regroup import key_older_sentence_vectors

        t0 = time.process_time()
        moved = key_older_sentence_vectors(store)
        if moved:
            print(f"sentence vectors of {moved} articles keyed by text in {time.process_time() - t0:.1f} CPU s",
                  flush=True)
    store.close()


def _child(args_file: str, out_file: str) -> None:
    """``--timed-runs``: the runs of ``add_ten`` in this new process (its inputs unpickled first, not timed)."""
    import pickle

    global STEP_CLOCK
    a = pickle.loads(Path(args_file).read_bytes())
    if a["cpu_steps"]:
        STEP_CLOCK = time.process_time
    out = timed_runs(a["db"], a["batches"], a["vectors"], a["model"], a["profile"], a["read"])
    out[-1]["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(out_file).write_text(json.dumps(out))


def timed_runs(db: str, batches, vectors, model: str, profile: Path | None = None, read: bool = True) -> list[dict]:
    """The timed runs of ``add_ten`` in this process; the first one's seconds count from here, so the crosswire
    modules the runs import (and the step timers import first) are the first run's."""
    c_start, t_start = time.process_time(), time.perf_counter()
    import crosswire.run.analyze as run

    by_id = {f.article.id: f for new in batches for f in new}
    original = run.read_all
    reading = [0.0, 0.0]  # CPU (this thread) and wall seconds of reading in the current run

    def read_all(articles, **_):
        from crosswire.pipeline import read_article
        from crosswire.run.local import limit_blas

        for a in articles:
            if read:  # read for real, as a run this small reads in its own process (reading's loads with it)
                c0, t0 = time.thread_time(), time.perf_counter()
                with limit_blas():
                    read_article(a)
                reading[0] += time.thread_time() - c0
                reading[1] += time.perf_counter() - t0
            # the prepared facts (dated as today's news) are what the run stores, with the run's dedup decision:
            # an article ingest finds a copy of a stored one is stored as that copy, as a real run stores it (else
            # regrouping took it for an original without a vector and embedded it: up to 3 a batch at 10k)
            f = by_id[a.id]
            if a.duplicate_of != f.article.duplicate_of:
                f = dataclasses.replace(f, article=dataclasses.replace(
                    f.article, duplicate_of=a.duplicate_of,
                    flags=(*f.article.flags, *(x for x in a.flags if x not in f.article.flags))))
            yield f

    # their title+lead vectors were computed beforehand (storing an article's facts drops its old vector, so the
    # run's background embedding hands them over instead of embedding them): reading's share, skipped as reading is
    from crosswire.group.prefetch import VectorPrefetch

    imported = time.process_time() - c_start  # the run's modules (more load lazily inside the first run)
    embed = VectorPrefetch.__dict__["_embed"]
    VectorPrefetch._embed = staticmethod(lambda articles: (model, {a.id: vectors[a.id] for a in articles}))
    load = VectorPrefetch.__dict__["_load"]
    loading = [0.0]  # CPU seconds of the background thread loading the embedder (counted in the run's)

    def timed_load() -> None:
        c0 = time.thread_time()
        load.__func__()
        loading[0] += time.thread_time() - c0

    VectorPrefetch._load = staticmethod(timed_load)
    out = []
    run.read_all = read_all
    try:
        for n, new in enumerate(batches):
            spent: dict[str, float] = defaultdict(float)
            with timed_steps(spent):
                prof = None
                if profile:
                    import cProfile

                    prof = cProfile.Profile()
                    prof.enable()
                reading[:] = [0.0, 0.0]
                loading[0] = 0.0
                c0, t0 = time.process_time(), time.perf_counter()
                if n == 0:  # the imports above and the timers' are the first run's
                    c0, t0 = c_start, t_start
                result = run.analyze([], db=db, articles=[f.article for f in new], progress=False)
                wall, cpu = time.perf_counter() - t0 - reading[1], time.process_time() - c0 - reading[0]
                if prof is not None:
                    prof.disable()
                    prof.dump_stats(str(profile) if n == 0 else str(profile.with_stem(f"{profile.stem}-{n}")))
            assert len(result.articles) == len(new)
            out.append({"wall": wall, "cpu": cpu, "steps": dict(spent), "reading": reading[0], "model load": loading[0]})
    finally:
        run.read_all = original
        VectorPrefetch._embed = embed
        VectorPrefetch._load = load
    out[0]["imports"] = imported
    return out


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--sizes", default="1000,10000,50000")
    p.add_argument("--base", type=int, default=300, help="real articles read to replicate")
    p.add_argument("--pg", default=None, help="a PostgreSQL URL (an empty database) to measure there too")
    p.add_argument("--pg-max", type=int, default=None,
                   help="measure PostgreSQL only up to this many stored articles (copying a 50k store there is long)")
    p.add_argument("--cache", type=Path, default=None, help="JSON file keeping the read base articles")
    p.add_argument("--keep", type=Path, default=None,
                   help="folder keeping the built SQLite stores (and PostgreSQL dumps): built once, copied per run")
    p.add_argument("--profile", type=Path, default=None, help="folder for a cProfile dump of each add-10 run")
    p.add_argument("--rekey", action="store_true",
                   help="take kept stores' grouping state as this code's (only after a change that leaves a full "
                        "regroup's state as it was)")
    p.add_argument("--skip-reading", action="store_true",
                   help="hand the prepared facts over without reading the articles in the run (reading's one-off "
                        "loads then fall to the first run's own steps)")
    p.add_argument("--same-process", action="store_true",
                   help="make the timed runs in the process that prepared the store (its imports and loads warm), "
                        "not in a new one")
    p.add_argument("--cpu-steps", action="store_true",
                   help="seconds by step in CPU seconds of the process, not wall seconds (steady on a loaded machine)")
    p.add_argument("--batches", type=int, default=5,
                   help="batches of ten further real articles run after the first in the same process, as `watch` "
                        "runs them (their median and spread are listed: one batch may change an old story, the "
                        "next none)")
    args = p.parse_args()
    if args.cpu_steps:
        global STEP_CLOCK
        STEP_CLOCK = time.process_time
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    facts, vectors, model = read_base(args.data, args.base + 10 * (1 + args.batches), args.cache)
    base = facts[:args.base]
    later_batches = [facts[args.base + 10 * k:args.base + 10 * (k + 1)] for k in range(args.batches + 1)]
    texts = args.cache.with_name(args.cache.stem + "-texts.pkl") if args.cache else None
    rows = []
    backends = [("SQLite", None)] + ([("PostgreSQL", args.pg)] if args.pg else [])
    for size in (int(x) for x in args.sizes.split(",")):
        for name, url in backends:
            if url and args.pg_max is not None and size > args.pg_max:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                db = url or str(Path(tmp) / f"s{size}.db")
                built = _built(db, url, args.keep, f"s{size}",
                                lambda d, n=size: build(d, base, vectors, model, n, texts))
                prof = args.profile / f"add10-{size}-{name}.prof" if args.profile else None
                # ten more real articles, dated the same month, in the same process next, as `watch` runs them:
                # no import or model load
                dated = as_todays_news(base, later_batches, size)
                first, *rest = add_ten(db, dated, vectors, model, prof, rekey=args.rekey,
                                       read=not args.skip_reading, fresh=not args.same_process)
                later_reading = ", ".join(f"{r['reading']:.2f}" for r in rest)
                print(f"reading, taken out: {first['reading']:.2f} / {later_reading} CPU s; "
                      f"the embedder's load, counted: {first['model load']:.2f}; the run module's "
                      f"import: {first.get('imports', 0.0):.2f}", flush=True)
            for n, r in enumerate(rest, 1):  # each later batch's steps (the table lists the median batch's)
                print(f"  batch {n}: {r['cpu']:.2f} CPU s; {_steps(r)}", flush=True)
            rss = rest[-1].get("rss") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the runs' process
            mid = sorted(rest, key=lambda r: r["cpu"])[(len(rest) - 1) // 2]  # the median batch (lower of two)
            rows.append([size, name, f"{first['wall']:.2f}", f"{first['cpu']:.2f}", f"{first['model load']:.2f}",
                         _steps(first), f"{mid['wall']:.2f}", f"{mid['cpu']:.2f}",
                         ", ".join(f"{r['cpu']:.2f}" for r in rest), _steps(mid),
                         f"{sum(r['reading'] for r in rest):.2f}", f"{rss:.0f}", f"{built:.0f}"])
            print(rows[-1], flush=True)
    clock = "CPU" if args.cpu_steps else "wall"
    body = (__doc__.split("\n\n", 1)[1].rsplit("\n\nRun:", 1)[0] + "\n\n"
            + table(["stored articles", "store", "add 10: wall s", "add 10: CPU s",
                     "of which the embedder's load, CPU s", f"seconds by step ({clock})",
                     "next 10s, same process: median wall s", "next 10s: median CPU s", "next 10s: each CPU s",
                     f"median next 10: seconds by step ({clock})",
                     "reading the next 50, taken out: CPU s (the machine's speed)",
                     "peak RSS MB", "building the store s"], rows) + "\n")
    body += _notes()
    write_section("incremental_cost", "Incremental cost: adding 10 articles to a large store", body,
                  ".venv/bin/python -m benchmarks.incremental_cost --sizes 1000,10000,50000 --pg URL --pg-max 10000 "
                  "--keep DIR --cache FILE --cpu-steps",
                  no_write=args.no_write)


def _notes() -> str:
    """The notes below the table of the section as written so far (each change's before -> after figures), kept
    with the section when its table is measured again."""
    from .common import SECTIONS

    old = SECTIONS / "incremental_cost.md"
    lines = old.read_text(encoding="utf-8").split("\n") if old.is_file() else []
    head = next((k for k, line in enumerate(lines) if line.startswith("| stored articles |")), None)
    if head is None:
        return ""
    start = next((k for k in range(head, len(lines)) if not lines[k].startswith("|")), len(lines))
    end = max((k for k, line in enumerate(lines) if line.startswith("*Measured ")), default=len(lines))
    notes = "\n".join(lines[start:end]).strip()
    return "\n" + notes + "\n" if notes else ""


def _steps(r: dict) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in sorted(r["steps"].items(), key=lambda x: -x[1]) if v >= 0.005)


def _built(db: str, url: str | None, keep: Path | None, name: str, make) -> float:
    """Build the store at ``db`` (``make(db)`` -> seconds), or copy it from ``keep`` where an earlier run kept it
    (a SQLite file, or a pg_dump of the PostgreSQL database); the seconds of the build that made it."""
    import shutil
    import subprocess

    if url:
        _empty_pg(url)
    if keep is None:
        return make(db)
    keep.mkdir(parents=True, exist_ok=True)
    if url and (keep / f"{name}.db").is_file() and not (keep / f"{name}.pgdump").is_file():
        # the SQLite store built already, copied table by table: the same rows as building it again
        t0 = time.perf_counter()
        _copy_store(str(keep / f"{name}.db"), url)
        subprocess.run(["pg_dump", "-Fc", "-f", str(keep / f"{name}.pgdump"), _libpq(url)], check=True)
        took = float((keep / f"{name}.seconds").read_text()) if (keep / f"{name}.seconds").is_file() else 0.0
        (keep / f"{name}-pg.seconds").write_text(f"{took:.1f}")
        log_copy = time.perf_counter() - t0
        print(f"copied {name} into PostgreSQL in {log_copy:.0f} s", flush=True)
        return took
    kept = keep / (f"{name}.pgdump" if url else f"{name}.db")
    seconds = keep / f"{name}{'-pg' if url else ''}.seconds"
    if kept.is_file() and seconds.is_file():
        if url:
            subprocess.run(["pg_restore", "--no-owner", "-d", _libpq(url), str(kept)], check=True)
        else:
            shutil.copyfile(kept, db)
        return float(seconds.read_text())
    took = make(db)
    if url:
        subprocess.run(["pg_dump", "-Fc", "-f", str(kept), _libpq(url)], check=True)
    else:
        shutil.copyfile(db, kept)
    seconds.write_text(f"{took:.1f}")
    return took


def _copy_store(sqlite_path: str, url: str) -> None:
    """Every row of the SQLite store at ``sqlite_path`` written into the (empty) PostgreSQL store at ``url``."""
    from sqlalchemy import insert, select, text

    from crosswire.store import Store
    from crosswire.store import schema as s

    src, dst = Store(sqlite_path), Store(url)
    with src.engine.connect() as a, dst.engine.begin() as b:
        for table in s.metadata.sorted_tables:
            rows = a.execute(select(table)).mappings()
            while batch := [dict(r) for r in rows.fetchmany(5000)]:
                b.execute(insert(table), batch)
            for col in table.primary_key.columns:  # serial keys go on after the copied ones
                if col.autoincrement is True or (col.type.python_type is int and len(table.primary_key.columns) == 1):
                    b.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', '{col.name}'), "
                                   f"COALESCE((SELECT MAX({col.name}) FROM {table.name}), 0) + 1, false)"))
    src.close()
    dst.close()


def _libpq(url: str) -> str:
    """``url`` as libpq reads it (no SQLAlchemy driver suffix)."""
    return url.replace("postgresql+psycopg://", "postgresql://").replace("postgresql+psycopg2://", "postgresql://")


def _empty_pg(url: str) -> None:
    """Drop every table of the PostgreSQL database at ``url`` (a scratch database for this benchmark)."""
    from sqlalchemy import create_engine, text

    from crosswire.store import db_url

    engine = create_engine(db_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--timed-runs"]:
        _child(*sys.argv[2:4])
    else:
        main()
