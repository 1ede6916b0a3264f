"""The stories and threads of an incremental run, holding only the records it built or may have changed.

Every other story and thread is as the stored view keeps it (the run's ``changes`` say which may differ, and only
those are written back), so what a run needs of them (an article's story, a story's members or thread, a thread's
stories) is looked up in the view instead of building every record. Iterating over the stories or threads (what a
full path or a test does) builds them all once, as a full regroup gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence

from ..model import Story, Thread
from ..serialize import from_dict


class Grouping:
    """An incremental run's grouping: ``stories`` and ``threads`` (sequences of every record, built when iterated)
    and lookups that read only what they are asked for."""

    def __init__(self, store, order: Sequence[str], held_stories: Mapping[str, Story],
                 held_threads: Mapping[str, Thread], changed: tuple[Collection[str], Collection[str]],
                 build: Callable[[], tuple[list[Story], list[Thread]]]):
        self.store = store
        self.held_stories = dict(held_stories)  # story id -> record, of the stories whose records may have changed
        self.held_threads = dict(held_threads)
        self.changed = (set(changed[0]), set(changed[1]))  # ids whose records may differ from the view (some gone)
        self._count = len(order)
        self._build = build
        self._all: tuple[list[Story], list[Thread]] | None = None
        self._read: dict[str, Story] = {}  # stored records of unchanged stories, as read
        self.stories = _Every(self, 0)
        self.threads = _Every(self, 1)

    def every(self) -> tuple[list[Story], list[Thread]]:
        if self._all is None:
            self._all = self._build()
        return self._all

    def story_of(self, articles: Collection[str]) -> dict[str, str]:
        """The story of each of ``articles`` that one holds."""
        want = set(articles)
        out = {a: x.id for x in self.held_stories.values() for a in x.articles if a in want}
        rest = want - set(out)
        if rest:
            out.update({a: k for a, k in self.store.view_stories_of(rest).items() if k not in self.changed[0]})
        return out

    def story_records(self, ids: Collection[str]) -> dict[str, Story]:
        """The records of the stories of ``ids`` (those that exist)."""
        out = {k: self.held_stories[k] for k in ids if k in self.held_stories}
        rest = set(ids) - set(out) - self.changed[0] - set(self._read)
        if rest:
            self._read.update({k: from_dict(Story, d) for k, d in self.store.view_records(stories=rest)[0].items()})
        out.update({k: self._read[k] for k in ids if k not in out and k in self._read})
        return out

    def thread_records(self, ids: Collection[str]) -> dict[str, Thread]:
        """The records of the threads of ``ids`` (those that exist)."""
        out = {k: self.held_threads[k] for k in ids if k in self.held_threads}
        rest = set(ids) - set(out) - self.changed[1]
        if rest:  # a stored thread holding a changed story is gone (else it is held)
            out.update({k: from_dict(Thread, d) for k, d in self.store.view_records(threads=rest)[1].items()
                        if self.changed[0].isdisjoint(d.get("stories") or ())})
        return out

    def __len__(self) -> int:
        return self._count


class Listed:
    """``Grouping``'s lookups over every story and thread record (a run that built them all): the held ones are
    those whose records may have changed (``only``: their story and thread ids; None: every one)."""

    def __init__(self, stories: Sequence[Story], threads: Sequence[Thread],
                 only: tuple[Collection[str], Collection[str]] | None = None):
        self._stories = {x.id: x for x in stories}
        self.held_stories = {k: x for k, x in self._stories.items() if only is None or k in only[0]}
        self.held_threads = {t.id: t for t in threads if only is None or t.id in only[1]}

    def story_of(self, articles: Collection[str]) -> dict[str, str]:
        """The story of each of ``articles`` that one holds."""
        want = set(articles)
        return {a: x.id for x in self._stories.values() for a in x.articles if a in want}

    def story_records(self, ids: Collection[str]) -> dict[str, Story]:
        """The records of the stories of ``ids`` (those that exist)."""
        return {k: self._stories[k] for k in ids if k in self._stories}


class _Every(Sequence):
    """Every story (``kind`` 0) or thread (1) of a ``Grouping``, built when first iterated; ``grouping`` gives the
    lookups."""

    def __init__(self, grouping: Grouping, kind: int):
        self.grouping = grouping
        self._kind = kind

    def _list(self) -> list:
        return self.grouping.every()[self._kind]

    def __len__(self) -> int:
        return len(self._list())

    def __getitem__(self, k):
        return self._list()[k]

    def __iter__(self) -> Iterator:
        return iter(self._list())

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    __hash__ = None


def held_grouping(store, kept, order: Sequence[str], new: Mapping[str, tuple], linked: Sequence[Sequence[str]],
                  labels_before: Mapping[str, tuple[str, str]], rebuilt: set[str], entities: set[str], names,
                  every: Callable[[], tuple[list[Story], list[Thread]]]) -> tuple[_Every, _Every]:
    """(stories, threads) of an incremental run (``Grouping``), holding the records that may differ from the last
    grouping's: the stories the run dropped or built (``rebuilt``; not those rebuilt as kept), every story of a
    thread one of them or a story that changed thread is or was in (a thread's id is its first story's first
    article, written into each member), the threads holding any of those, and the threads whose title names an
    entity of the run's articles where the title its names give now differs (found in the stored view, whose
    other threads are as they were: such a thread is its stored record with the new title). ``order``: every story id in listing order; ``new``: the stories the run built (id ->
    (record, aggregate)); ``kept``: the kept stories (``kept.Kept``); ``labels_before``: each kept story's (listing
    date, thread label: its first story) before the run; ``every``: builds every record."""
    import dataclasses

    from .cluster import threaded

    label = {sid: sid for sid in order}
    label.update({sid: ids[0] for ids in linked for sid in ids})
    moved = set(rebuilt) | {sid for sid, lb in label.items() if sid in labels_before and labels_before[sid][1] != lb}
    touched = {label[sid] for sid in moved if sid in label} | {labels_before[sid][1] for sid in moved
                                                                if sid in labels_before}
    out = set(moved) | {sid for sid, lb in label.items() if lb in touched}
    out |= {sid for sid, (_, lb) in labels_before.items() if lb in touched}
    groups = {ids[0]: list(ids) for ids in linked}
    held = {label[sid] for sid in out if sid in label and label[sid] in groups}
    # a thread none of whose stories changed has the stored record but for its title, which takes its first
    # entities' names as they are now: held (with the title) only where that differs
    renamed: dict[str, Thread] = {}
    naming = {k: d for k, d in store.view_threads_naming(entities).items()
              if d.get("stories") and d["stories"][0] in groups and d["stories"][0] not in held}
    if naming:
        names.want({e for d in naming.values() for e in (d.get("entities") or ())[:3]})
    for k, d in naming.items():
        old = from_dict(Thread, d)
        title = " – ".join(names[e].name for e in old.entities[:3] if e in names)
        if not title:  # the first story's title
            first = old.stories[0]
            title = (new[first][0] if first in new else kept.get([first])[first][0]).title
        if title != old.title:
            renamed[k] = dataclasses.replace(old, title=title)

    def record(sid: str) -> tuple:
        return new[sid] if sid in new else kept.get([sid])[sid]

    members = [sid for lb in sorted(held) for sid in groups[lb]]
    kept.get([sid for sid in members if sid not in new])
    recs = [record(sid) for sid in members]
    in_threads, threads = threaded([r[0] for r in recs], [r[1] for r in recs], names, [groups[lb] for lb in sorted(held)])
    stories = {x.id: x for x in in_threads if x.id in out}
    alone = sorted(sid for sid in out & set(label) if sid not in stories)
    kept.get([sid for sid in alone if sid not in new])
    stories.update({sid: dataclasses.replace(record(sid)[0], thread=None) for sid in alone})
    held_threads = {t.id: t for t in threads} | renamed
    grouping = Grouping(store, order, stories, held_threads, (out, set(held_threads)), every)
    return grouping.stories, grouping.threads


# what derivation and comparison ask of the stories, from every record or from an incremental run's lookups

def story_lookup(stories: Sequence[Story], articles: Collection[str]) -> dict[str, str]:
    """The story of each of ``articles`` that one holds."""
    grouping = getattr(stories, "grouping", None)
    if grouping is not None:
        return grouping.story_of(articles)
    want = set(articles)
    return {a: x.id for x in stories for a in x.articles if a in want}


def members_lookup(stories: Sequence[Story], ids: Collection[str]) -> dict[str, tuple[str, ...]]:
    """The articles of each story of ``ids`` that exists."""
    grouping = getattr(stories, "grouping", None)
    if grouping is not None:
        return {k: x.articles for k, x in grouping.story_records(ids).items()}
    want = set(ids)
    return {x.id: x.articles for x in stories if x.id in want}


def changed_stories(stories: Sequence[Story]) -> Sequence[Story]:
    """The stories whose members may have changed: an incremental run's held ones, else every one."""
    grouping = getattr(stories, "grouping", None)
    return list(grouping.held_stories.values()) if grouping is not None else stories
