"""What incremental grouping keeps of its stories (and a process of the live articles) between runs.

A kept story is its record, its entity weights and its mean vector (``story_rows``, packed as the state keeps
them); a process that runs again (``watch``, a server) keeps them parsed while the store's state is the one it
parsed or wrote, and a run parses only the ones it asks for (``Kept``).
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from ..model import Story
from ..serialize import from_dict, to_dict
from .threads import StoryAgg


def story_rows(built: Sequence[Story], aggs: Sequence[StoryAgg]) -> dict[str, dict]:
    return {st.id: {"story": to_dict(st), "entities": dict(agg.entities), "centroid": pack(agg.centroid)}
            for st, agg in zip(built, aggs, strict=True)}


def pack(v: np.ndarray | None) -> str | None:
    return None if v is None else base64.b64encode(np.asarray(v, dtype=np.float32).tobytes()).decode("ascii")


def unpack(s: str | None) -> np.ndarray | None:
    return None if not s else np.frombuffer(base64.b64decode(s), dtype=np.float32)


# the kept stories parsed, per store, with the state generation they were read or written at: a process that
# runs again (``watch``, a server) parses each once, and each run updates the copy with the stories it wrote; with
# the thread rows (story -> (listing date, thread)) once read
_KEPT: dict[str, tuple[str, dict[str, tuple[Story, StoryAgg]], bool, dict[str, frozenset[str]],
                       dict[str, tuple[str, str]] | None]] = {}


def parsed(d: dict) -> tuple[Story, StoryAgg]:
    return from_dict(Story, d["story"]), StoryAgg(Counter(d["entities"]), unpack(d.get("centroid")))


class Kept:
    """The kept stories of the store's grouping state as a run found it, each read and parsed when first asked for
    (a run reads the records its changes reach, not every one); this process's copy when it is of the store's
    current state generation."""

    def __init__(self, store, generation: str | None):
        self.store = store
        memo = _KEPT.get(store.url)
        fits = generation is not None and memo is not None and memo[0] == generation
        self.parsed: dict[str, tuple[Story, StoryAgg]] = dict(memo[1]) if fits else {}
        self.complete = fits and memo[2]
        # entity -> the kept stories posted under it (``Store.group_story_postings``), as far as asked: thread
        # relinking reads the postings of the entities a run changes, the same entities run after run in `watch`
        self.posted: dict[str, frozenset[str]] = dict(memo[3]) if fits else {}
        self.rows: dict[str, tuple[str, str]] | None = memo[4] if fits else None
        self.read = 0  # records read from the store by this run

    def thread_rows(self) -> dict[str, tuple[str, str]]:
        """Every kept story's thread row (``Store.thread_stories``): read once per process, a whole-table read
        that grows with the store (0.01 CPU s a run at 10k stored articles)."""
        if self.rows is None:
            self.rows = self.store.thread_stories()
        return self.rows

    def postings(self, entities) -> dict[str, frozenset[str]]:
        """The kept stories posted under each of ``entities`` (read from the store where this copy lacks it)."""
        want = [e for e in entities if e not in self.posted]
        if want:
            self.posted.update((e, frozenset(ss)) for e, ss in self.store.group_story_postings(want).items())
        return {e: self.posted[e] for e in entities}

    def get(self, ids) -> dict[str, tuple[Story, StoryAgg]]:
        """The kept stories of ``ids`` (those kept)."""
        want = [k for k in ids if k not in self.parsed]
        if want and not self.complete:
            got = self.store.group_stories(want)
            self.read += len(got)
            self.parsed.update({k: parsed(d) for k, d in got.items()})
        return {k: self.parsed[k] for k in ids if k in self.parsed}

    def all(self) -> dict[str, tuple[Story, StoryAgg]]:
        """Every kept story (in id order)."""
        if not self.complete:
            got = self.store.group_stories()
            self.read += len(got)
            self.parsed.update({k: parsed(d) for k, d in got.items() if k not in self.parsed})
            self.parsed = {k: v for k, v in self.parsed.items() if k in got}
            self.complete = True
        return dict(sorted(self.parsed.items()))


def remember(store, generation: str, kept: Kept, dropped: set[str], written: Mapping[str, dict],
             threads: Mapping | None = None) -> None:
    """After a run wrote the state of ``generation``: the copy is what ``kept`` parsed less the ``dropped``
    stories, with the story rows ``written`` (parsed as a read gives them); the thread rows changed as
    ``threads`` (the run's thread state changes, ``Store.save_group_state``) changed them."""
    now = {sid: v for sid, v in kept.parsed.items() if sid not in dropped}
    now.update({sid: parsed(round_trip(r)) for sid, r in written.items()})
    # the postings as the state now posts them: the dropped and rewritten stories leave every entity, the
    # rewritten ones join their heaviest entities again (``Store.save_group_state`` writes them so)
    from .threads import heaviest

    gone = set(dropped) | set(written)
    joins: dict[str, set[str]] = {}
    for sid, r in written.items():
        for e in heaviest(r["entities"]):
            joins.setdefault(e, set()).add(sid)
    posted = {e: ss - gone | joins.get(e, set()) if not ss.isdisjoint(gone) or e in joins else ss
              for e, ss in kept.posted.items()}
    rows = None
    if threads is not None and threads.get("full"):
        rows = dict(threads["stories"])
    elif threads is not None and kept.rows is not None:
        gone_rows = set(threads["dropped"]) | set(threads["stories"])
        rows = {sid: r for sid, r in kept.rows.items() if sid not in gone_rows}
        rows.update(threads["stories"])
    _KEPT[store.url] = (generation, now, kept.complete, {e: frozenset(ss) for e, ss in posted.items()}, rows)


def round_trip(row: dict) -> dict:
    return json.loads(json.dumps(row))


class LiveIds:
    """The store's live article ids (stored, not duplicates), asked of the store for the ids a run meets instead
    of read whole (50k ids and their index labels were 0.25 s of every first run at 50k): ``ids & live`` and
    ``a in live`` look up the ids not asked yet, and ``labels`` maps vector index hits back to live articles."""

    def __init__(self, store):
        self.store = store
        self._known: dict[str, bool] = {}
        self._labels: dict[int, str | None] = {}

    def _ask(self, ids: Iterable[str]) -> None:
        unknown = [a for a in ids if a not in self._known]
        if unknown:
            live = self.store.live_of(unknown)
            self._known.update((a, a in live) for a in unknown)

    def __rand__(self, ids: Iterable[str]) -> set[str]:
        ids = set(ids)
        self._ask(ids)
        return {a for a in ids if self._known[a]}

    __and__ = __rand__

    def __contains__(self, a: object) -> bool:
        if not isinstance(a, str):
            return False
        self._ask((a,))
        return self._known[a]

    def labels(self, keys: Iterable[int]) -> dict[int, str]:
        """Index label -> live article id, of those of ``keys`` that are live articles' labels."""
        unknown = {int(k) for k in keys} - set(self._labels)
        if unknown:
            found = self.store.live_of_labels(unknown)
            self._labels.update((k, found.get(k)) for k in unknown)
            self._known.update((a, True) for a in found.values())
        return {int(k): a for k in keys if (a := self._labels[int(k)]) is not None}
