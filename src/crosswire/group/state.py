"""What incremental grouping reads from the store instead of every article: facts and vectors of the articles a
run touches (loaded by id, in batches), entity names by id, and the dates other reports give undated articles'
main events (``disputed``), kept as event rows by (kind, participant) so that a run reads only the rows its
changed articles share a key with.

Why our own: these are the inputs of ``cluster.group_stories`` restricted to what a run touches; every figure is
the one the whole-corpus functions (``eventmatch.disputed_dates``, ``profile.profile``) give.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date

from ..model import ArticleFacts, Entity, Event
from ..serialize import from_dict, to_dict
from .dates import day_range, gap_days
from .eventmatch import disputed_dates, same_event
from .kept import LiveIds
from .profile import Profile, main_event, profile
from .signature import Signature


def event_rows(f: ArticleFacts) -> list[tuple[str, str, int, dict]]:
    """The rows ``disputed_dates`` reads of one article: each dated event under (kind, participant) (main 0),
    and, for an undated article, its main event when that is dated (main 1)."""
    rows = {}
    for e in f.events:
        if day_range(e.date):
            for who in e.participants:
                rows[(f"{e.kind}|{who}", 0, e.id)] = e
    if not f.article.published:
        m = main_event(f)
        if m is not None and day_range(m.date):
            for who in m.participants:
                rows[(f"{m.kind}|{who}", 1, m.id)] = m
    return [(k, f.article.id, main, to_dict(e)) for (k, main, _), e in sorted(rows.items())]


def disputed_of(main: Event, others: Iterable[Event]) -> tuple[str, ...]:
    """``disputed_dates`` for one undated article's main event, given the dated events sharing a key with it."""
    own = day_range(main.date)
    seen = {e.id: e for e in others}
    return tuple(sorted({e.date for e in seen.values() if same_event(main, e) and gap_days(own, day_range(e.date))}))


def disputed_update(store, changed: Mapping[str, ArticleFacts], removed: Collection[str],
                    old: Mapping[str, Sequence[str]]) -> tuple[dict[str, tuple[str, ...]], set[str], list]:
    """(the disputed dates after a run, the articles whose disputed dates moved, the event rows of ``changed``),
    reading only the rows that share a key with the changed or removed articles' events."""
    gone = set(changed) | set(removed)
    before = store.group_event_rows(articles=gone)
    rows = [r for f in changed.values() for r in event_rows(f)]
    keys = {k for k, _, m, _ in before + rows if m == 0}
    mains: dict[str, list[tuple[str, Event]]] = {}
    hit = {a for _, a, _, _ in store.group_event_rows(keys=keys, main=1)} - gone if keys else set()
    for k, a, _, d in store.group_event_rows(articles=hit, main=1) if hit else []:
        mains.setdefault(a, []).append((k, from_dict(Event, d)))
    for k, a, m, d in rows:
        if m == 1:
            mains.setdefault(a, []).append((k, from_dict(Event, d)))
    want = {k for rs in mains.values() for k, _ in rs}
    dated: dict[str, list[Event]] = {}
    for k, a, _, d in store.group_event_rows(keys=want, main=0) if want else []:
        if a not in gone:
            dated.setdefault(k, []).append(from_dict(Event, d))
    for k, _, m, d in rows:
        if m == 0 and k in want:
            dated.setdefault(k, []).append(from_dict(Event, d))
    out = {a: tuple(v) for a, v in old.items() if a not in gone}
    moved = {a for a in old if a in removed}
    for a in set(mains) | (set(old) & set(changed)):
        found = ()
        if a in mains:
            main = mains[a][0][1]
            found = disputed_of(main, (e for k, _ in mains[a] for e in dated.get(k, ())))
        if found:
            out[a] = found
        else:
            out.pop(a, None)
        if tuple(old.get(a, ())) != found:
            moved.add(a)
    return out, moved, rows


def pack_profile(p: Profile) -> dict:
    """A profile as a JSON record (its vector left out: the store keeps vectors), kept with the grouping state so a
    run need not read an unchanged article's facts nor parse its dates again."""
    sig = p.signature
    return {"id": p.id, "title": p.title, "outlet": p.outlet, "language": p.language, "entities": p.entities,
            "kind": p.event_kind, "place": p.event_place, "participants": sorted(p.event_participants),
            "date": p.event_date, "anchors": [[a.isoformat(), b.isoformat()] for a, b in p.anchors],
            "published": p.published, "days": [list(d) for d in sig.days], "figures": [list(f) for f in sig.figures],
            "measures": [list(m) for m in sig.measures], "evergreen": sig.evergreen, "firm": p.firm,
            "headline": sorted(p.headline)}


def unpack_profile(d: Mapping, vector) -> Profile:
    """``pack_profile`` undone, with the article's vector."""
    return Profile(id=d["id"], title=d["title"], outlet=d["outlet"], language=d["language"], vector=vector,
                   entities=dict(d["entities"]), event_kind=d["kind"], event_place=d["place"],
                   event_participants=frozenset(d["participants"]), event_date=d["date"],
                   anchors=[(date.fromisoformat(a), date.fromisoformat(b)) for a, b in d["anchors"]],
                   published=d["published"],
                   signature=Signature(days=tuple(tuple(x) for x in d["days"]),
                                       figures=tuple(tuple(x) for x in d["figures"]),
                                       measures=tuple(tuple(x) for x in d["measures"]), evergreen=d["evergreen"]),
                   firm=d["firm"], headline=frozenset(d["headline"]))


class Corpus:
    """The articles being grouped (duplicates left out): their ids, and facts, vectors and profiles loaded on
    demand. Built from every article's facts (a full regroup) or over the store (``Corpus.stored``)."""

    def __init__(self, facts: Sequence[ArticleFacts], vectors: Mapping[str, Sequence[float] | None], *,
                 store=None, ids: Collection[str] | None = None, disputed: Mapping[str, tuple[str, ...]] | None = None,
                 model: str | None = None):
        self.facts: dict[str, ArticleFacts] = {f.article.id: f for f in facts if f.article.duplicate_of is None}
        self.vectors: dict[str, Sequence[float] | None] = dict(vectors)
        self.store, self.model = store, model
        # a set, or the store's live ids asked as needed (``kept.LiveIds``: answers ``ids & self.ids``)
        self.ids = set(self.facts) if ids is None else ids if isinstance(ids, LiveIds) else set(ids)
        if disputed is None:
            ordered = [self.facts[a] for a in sorted(self.facts)]
            mains = {f.article.id: main_event(f) for f in ordered if not f.article.published}
            # only undated articles take other reports' dates: a dated one is already dated by its publication
            disputed = disputed_dates(ordered, mains)
        self.disputed = dict(disputed)
        self._profiles: dict[str, Profile] = {}
        self._read: set[str] = set(self.facts) if store is None else set()  # vectors read
        self._names: dict[str, Entity] = {e.id: e for f in self.facts.values() for e in f.entities}
        self.kept: dict[str, Mapping] = {}  # packed profiles of unchanged articles (``keep``)
        self.fresh: set[str] = set()  # articles whose kept profiles are stale (new or changed this run)

    def keep(self, rows: Mapping[str, Mapping]) -> None:
        """Take the kept profiles of these grouping-state rows (those of ``fresh`` articles are stale)."""
        self.kept.update((a, d["profile"]) for a, d in rows.items() if "profile" in d and a not in self.fresh)

    @classmethod
    def stored(cls, store, ids: Collection[str], disputed: Mapping[str, tuple[str, ...]],
               model: str | None) -> Corpus:
        """The store's articles ``ids`` with the title+lead vectors of ``model``, nothing read yet."""
        return cls([], {}, store=store, ids=ids, disputed=disputed, model=model)

    def load(self, ids: Iterable[str]) -> None:
        """Read the facts and title+lead vectors of those of ``ids`` not loaded yet."""
        if self.store is None:
            return
        ids = set(ids) & self.ids
        missing = ids - set(self.facts) - set(self.kept)
        if missing:
            self.facts.update((f.article.id, f) for f in self.store.facts(missing))
        unread = ids - self._read
        self._read.update(unread)
        if unread and self.model:
            self.vectors.update(self.store.load_vectors(self.model, unread))

    def vector(self, aid: str):
        return self.vectors.get(aid)

    def profile(self, aid: str) -> Profile:
        p = self._profiles.get(aid)
        if p is None and aid in self.kept:
            if aid not in self._read:
                self.load([aid])
            p = self._profiles[aid] = unpack_profile(self.kept[aid], self.vectors.get(aid))
        if p is None:
            if aid not in self.facts:
                self.load([aid])
            p = self._profiles[aid] = profile(self.facts[aid], self.vectors.get(aid), self.disputed.get(aid, ()))
        return p

    def names(self, ids: Iterable[str]) -> dict[str, Entity]:
        """Entities by id (from the loaded facts, else the store), for thread titles."""
        want = set(ids) - set(self._names)
        if want and self.store is not None:
            self._names.update((e.id, e) for e in self.store.entities(sorted(want)))
        return self._names


class LazyNames(Mapping):
    """Entity names for thread titles, read by id when asked (``Corpus.names``)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus

    def want(self, ids: Iterable[str]) -> None:
        """Read these names now, in one batch, rather than one by one when asked."""
        self.corpus.names(ids)

    def __getitem__(self, eid: str) -> Entity:
        return self.corpus.names([eid])[eid]

    def __contains__(self, eid: object) -> bool:
        return isinstance(eid, str) and eid in self.corpus.names([eid])

    def __iter__(self):
        return iter(self.corpus.names(()))

    def __len__(self) -> int:
        return len(self.corpus.names(()))
